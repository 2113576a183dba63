"""Find and read the images a feature refers to, and check them at the door.

Input: an image reference as written in the content (``assets/hero.jpg``) and
the folders to look in. Output: an :class:`~builder.model.Image` with the
resolved path and pixel size, or a :class:`~builder.errors.Problem` naming the
file and key. A relative path is looked up in the feature folder first, then
in the project root, and read under :mod:`builder.files`' rule (no path or
link out of those folders, regular files, at most 64 MB).

Every image is decoded in full here, once: a file that is not an image of a
placed format, that is damaged or truncated, or that has more than
:data:`MAX_IMAGE_PIXELS` pixels is an error naming it — not a black box or
garbage on the page, and not a decompression bomb for the renderer.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageFile

from . import files
from .errors import Problem
from .model import Image

#: Formats WeasyPrint places and the press workflow accepts.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif"}
#: The same as Pillow names them: only these decoders ever see content.
IMAGE_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF")

#: The most pixels an image may have: 100 megapixels, e.g. 12 000 × 8 000,
#: more than a whole 390 × 540 mm spread at 300 ppi (≈ 9 200 × 6 400). A
#: decoded image takes up to 4 bytes a pixel (400 MB at the cap).
MAX_IMAGE_PIXELS = 100_000_000

# Pillow refuses images above twice this number outright and warns above it;
# the renderer decodes with the same limit.
PILImage.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class ImageRefused(ValueError):
    """An image file that cannot be placed; the message says why."""


def check_image(data: bytes) -> tuple[str, int, int]:
    """Verify and decode image bytes in full: (format, width, height) or :class:`ImageRefused`."""
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    # WeasyPrint turns this on for itself; the door must see a truncated file.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        # Pillow's warnings (a pixel count over the cap, odd EXIF) are not for
        # the terminal: the cap is checked here, the rest does not stop a print.
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            with PILImage.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                kind, (width, height) = image.format, image.size
                _check_pixels(width, height)
                image.verify()
            with PILImage.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                image.load()
    except PILImage.DecompressionBombError as error:
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        count = f"{int(pixels[1]) / 1e6:.0f} megapixels" if pixels else "too many pixels"
        raise ImageRefused(f"has {count}; an image may have at most {MAX_IMAGE_PIXELS // 1_000_000} "
                           "megapixels") from None
    except PILImage.UnidentifiedImageError:
        raise ImageRefused(f"is not an image in a placed format ({', '.join(IMAGE_FORMATS)})") from None
    except ImageRefused:
        raise
    except MemoryError:
        raise ImageRefused("is too large to decode") from None
    except Exception as error:  # noqa: BLE001 - Pillow's decoders raise many kinds for a bad file
        reason = str(error) or type(error).__name__
        raise ImageRefused(f"is damaged or truncated ({reason})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    if width < 1 or height < 1:
        raise ImageRefused("has no pixels")
    return kind, width, height


def sniff_image(data: bytes) -> None:
    """Only the header: a placed format within the pixel cap, or :class:`ImageRefused`.

    For reads after :func:`check_image` decoded the file at the door.
    """
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            with PILImage.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                _check_pixels(*image.size)
    except ImageRefused:
        raise
    except Exception as error:  # noqa: BLE001 - as in check_image
        raise ImageRefused(f"is not an image in a placed format ({error})") from None


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageRefused(f"is {width} × {height} pixels ({width * height / 1e6:.0f} megapixels); an image may "
                           f"have at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels")


#: Images already checked, by (real path, size, mtime, inode): a process may load a feature many times.
_CHECKED: dict[tuple[str, int, int, int], tuple[str, int, int]] = {}


def resolve_image(
    src: str,
    caption: str | None,
    search: tuple[Path, ...],
    file: Path,
    key: str,
) -> tuple[Image | None, list[Problem]]:
    """Resolve ``src`` against ``search`` folders, check the image and read its pixel size."""
    if Path(src).is_absolute() or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src):
        return None, [Problem(file, f"image path {src!r} must be relative to the feature or project folder",
                              key=key, code="image-path")]
    for folder in search:
        candidate = folder / src
        try:
            real = files.confine(candidate, folder, files.IMAGE)
        except files.FileRefused as refused:
            if refused.reason_code == "file-missing":
                continue
            if refused.reason_code == "file-outside" and not refused.reason.startswith("is a symbolic link"):
                return None, [Problem(file, f"image path {src!r} leaves the project folder", key=key,
                                      code="image-path")]
            return None, [Problem(file, f"image {src!r} {refused.reason}", key=key, code=refused.reason_code)]
        return _read(src, candidate, real, folder, caption, file, key)
    where = " or ".join(str(folder) for folder in search)
    return None, [Problem(file, f"image {src!r} not found (looked in {where})", key=key, code="file-missing")]


def _read(src: str, path: Path, real: Path, root: Path, caption: str | None, file: Path,
          key: str) -> tuple[Image | None, list[Problem]]:
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        kinds = ", ".join(sorted(IMAGE_SUFFIXES))
        return None, [Problem(file, f"image {src!r} is not one of {kinds}", key=key, code="image-format")]
    status = real.stat()
    version = (str(real), status.st_size, status.st_mtime_ns, status.st_ino)
    try:
        checked = _CHECKED.get(version)
        if checked is None:
            checked = check_image(files.read_bytes(path, root, files.IMAGE))
            if len(_CHECKED) > 256:
                _CHECKED.clear()
            _CHECKED[version] = checked
    except files.FileRefused as refused:
        return None, [Problem(file, f"image {src!r} {refused.reason}", key=key, code=refused.reason_code)]
    except ImageRefused as refused:
        return None, [Problem(file, f"image {src!r} {refused}", key=key, code="image-unreadable")]
    _, width, height = checked
    return Image(src=src, path=real, width_px=width, height_px=height, caption=caption), []
