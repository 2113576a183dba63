"""Find and read the images a feature refers to.

Input: an image reference as written in the content (``assets/hero.jpg``) and
the folders to look in. Output: an :class:`~builder.model.Image` with the
resolved path and pixel size, or a :class:`~builder.errors.Problem` naming the
file and key. A relative path is looked up in the feature folder first, then
in the project root; a path that leaves those folders is refused.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .errors import Problem
from .model import Image

#: Formats WeasyPrint places and the press workflow accepts.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif"}


def resolve_image(
    src: str,
    caption: str | None,
    search: tuple[Path, ...],
    file: Path,
    key: str,
) -> tuple[Image | None, list[Problem]]:
    """Resolve ``src`` against ``search`` folders and read its pixel size."""
    reference = Path(src)
    if reference.is_absolute():
        return None, [Problem(file, f"image path {src!r} must be relative to the feature or project folder", key=key)]
    tried = []
    for folder in search:
        candidate = (folder / reference).resolve()
        if not candidate.is_relative_to(folder.resolve()):
            return None, [Problem(file, f"image path {src!r} leaves the project folder", key=key)]
        tried.append(candidate)
        if candidate.is_file():
            return _read(src, candidate, caption, file, key)
    where = " or ".join(str(folder) for folder in search)
    return None, [Problem(file, f"image {src!r} not found (looked in {where})", key=key)]


def _read(src: str, path: Path, caption: str | None, file: Path, key: str) -> tuple[Image | None, list[Problem]]:
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        kinds = ", ".join(sorted(IMAGE_SUFFIXES))
        return None, [Problem(file, f"image {src!r} is not one of {kinds}", key=key)]
    try:
        with PILImage.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError) as error:
        return None, [Problem(file, f"image {src!r} cannot be read: {error}", key=key)]
    if width < 1 or height < 1:
        return None, [Problem(file, f"image {src!r} has no pixels", key=key)]
    return Image(src=src, path=path, width_px=width, height_px=height, caption=caption), []
