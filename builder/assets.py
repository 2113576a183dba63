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
import os
import re
import warnings
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageFile

from . import files
from .errors import AssetError, Problem, UsageError
from .model import Feature, Image

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


#: EXIF orientations that turn the picture a quarter: its upright width is its stored height.
QUARTER_TURNS = {5, 6, 7, 8}
EXIF_ORIENTATION = 0x0112


def orientation(image: PILImage.Image) -> int:
    """The EXIF orientation of an open image (1: upright as stored)."""
    try:
        value = image.getexif().get(EXIF_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block is no orientation, not a refused image
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def check_image(data: bytes) -> tuple[str, int, int]:
    """Verify and decode image bytes in full: (format, width, height) or :class:`ImageRefused`.

    The size is the upright one: a photo whose EXIF orientation turns it a
    quarter (a camera held on its side) is as tall as it is stored wide.
    """
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
                if orientation(image) in QUARTER_TURNS:
                    width, height = height, width
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
    file: Path | str,
    key: str | None,
    focus: tuple[float, float] = (0.5, 0.5),
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
        return _read(src, candidate, real, folder, caption, file, key, focus)
    where = " or ".join(str(folder) for folder in search)
    return None, [Problem(file, f"image {src!r} not found (looked in {where})", key=key, code="file-missing")]


def _read(src: str, path: Path, real: Path, root: Path, caption: str | None, file: Path | str,
          key: str | None, focus: tuple[float, float]) -> tuple[Image | None, list[Problem]]:
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
    return Image(src=src, path=real, width_px=width, height_px=height, caption=caption, focus=focus), []


# --- swapping an image for one render (--asset SLOT=PATH) --------------------------


def image_slots(feature: Feature) -> dict[str, Image]:
    """The images of a feature by slot: ``hero`` and ``section:NN``."""
    slots = {"hero": feature.hero}
    for section in feature.sections:
        if section.image is not None:
            slots[str(section.ref)] = section.image
    return slots


def swap_images(feature: Feature, swaps: tuple[tuple[str, str], ...], project_root: Path,
                cwd: Path | None = None) -> Feature:
    """The feature with the images of some slots replaced, its content files untouched.

    A slot is ``hero``, ``section:NN`` or the image's path as written in the
    content (every use of it). The new file is looked up as given (from the
    working folder), then in the feature folder and the project root, and must
    lie inside the project; it is checked at the door like any image. It keeps
    the caption of the image it replaces, and is cropped around its centre
    (the ``focus`` written for the old photo is not for this one).
    """
    if not swaps:
        return feature
    slots = image_slots(feature)
    problems: list[Problem] = []
    replaced: dict[str, Image] = {}
    for slot, given in swaps:
        chosen = [name for name, image in slots.items() if slot in (name, image.src)]
        if not chosen:
            known = ", ".join([*slots, *sorted({image.src for image in slots.values()})])
            bare = {str(section.ref): section.number for section in feature.sections}
            missing = (f"section {bare[slot]} has no image to swap" if slot in bare else f"no image slot {slot!r}")
            raise UsageError(Problem("--asset", f"{missing} (slots: {known})", key=slot, code="unknown-slot"))
        image, found = _swap_image(given, slot, feature.root, project_root, cwd or Path.cwd())
        problems += found
        for name in chosen:
            if image is not None:
                replaced[name] = image.model_copy(update={"caption": slots[name].caption})
    if problems:
        raise AssetError(problems)
    sections = tuple(section.model_copy(update={"image": replaced[str(section.ref)]}) if str(section.ref) in replaced
                     else section for section in feature.sections)
    return feature.model_copy(update={"hero": replaced.get("hero", feature.hero), "sections": sections})


def swap_candidates(given: str, feature_root: Path, project_root: Path, cwd: Path | None = None) -> list[Path]:
    """Where ``--asset SLOT=PATH`` may name a file, first found first: as given, in the feature, in the project."""
    path = Path(given).expanduser()
    return [path] if path.is_absolute() else [(cwd or Path.cwd()) / path, feature_root / path, project_root / path]


def _swap_image(given: str, slot: str, feature_root: Path, project_root: Path,
                cwd: Path) -> tuple[Image | None, list[Problem]]:
    candidates = swap_candidates(given, feature_root, project_root, cwd)
    candidate = next((c for c in candidates if os.path.lexists(c)), None)
    if candidate is None:
        where = " or ".join(str(c.parent) for c in candidates)
        return None, [Problem("--asset", f"image {given!r} not found (looked in {where})", key=slot,
                              code="file-missing")]
    try:
        real = files.confine(candidate, project_root, files.IMAGE)
    except files.FileRefused as refused:
        if refused.reason_code == "file-outside":
            raise UsageError(Problem("--asset", f"image {given!r} {refused.reason}: an image swapped in must "
                                     "lie inside the project folder", key=slot, code="image-path",
                                     hint="copy it into the project's assets/ folder")) from None
        return None, [Problem("--asset", f"image {given!r} {refused.reason}", key=slot, code=refused.reason_code)]
    return _read(given, candidate, real, project_root, None, "--asset", slot, (0.5, 0.5))
