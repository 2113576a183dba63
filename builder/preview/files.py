"""Write a proof's pictures: one PNG per page, one of the spread.

Input: a :class:`~builder.preview.source.Proof`, a folder, a resolution, which
pictures and which overlay layers. Output: PNG files, each replaced only once
it is complete, named ``<feature>-page<N>.png`` (N the printed page number)
and ``<feature>-spread.png``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PIL import Image

from .draw import draw_overlay, sheet_view, spread_view
from .raster import assemble_spread, rasterise
from .shapes import DEFAULT_LAYERS
from .source import Proof

Picture = Literal["pages", "spread"]
PICTURES: tuple[Picture, ...] = ("pages", "spread")

#: zlib level for the PNGs: 1–9 differ by a few per cent in size here, and level 6 takes three times as long.
PNG_COMPRESSION = 3


def save_png(image: Image.Image, path: Path) -> Path:
    """Write ``image`` to ``path`` atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            image.save(file, format="PNG", compress_level=PNG_COMPRESSION)
        os.chmod(temp, 0o666 & ~_umask())  # a temporary file is private; the picture is not
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def page_label(proof: Proof, sheet_index: int) -> str:
    """``page6`` for a sheet showing page 6; ``page6-7`` for one showing both pages of a spread."""
    overlay = proof.overlay
    numbers = [overlay.pages[p].number for p in overlay.sheets[sheet_index].pages]
    if any(n is None for n in numbers):
        return f"sheet{sheet_index + 1}"
    return "page" + "-".join(str(n) for n in numbers)


def write_pictures(proof: Proof, folder: Path, dpi: float = 100, pictures: tuple[Picture, ...] = PICTURES,
                   layers: tuple[str, ...] = DEFAULT_LAYERS,
                   progress: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Rasterise the proof's PDF and write the pictures asked for; their paths."""
    progress("Rasterising")
    images = rasterise(proof.pdf, dpi)
    overlay = proof.overlay
    written = []
    progress("Drawing overlays" if layers else "Writing pictures")
    if "pages" in pictures:
        for index, sheet in enumerate(overlay.sheets):
            picture = draw_overlay(images[index], overlay, sheet_view(sheet, dpi), layers)
            written.append(save_png(picture, folder / f"{overlay.feature}-{page_label(proof, index)}.png"))
    if "spread" in pictures:
        spread = assemble_spread(images, overlay.sheets, dpi)
        picture = draw_overlay(spread, overlay, spread_view(overlay, dpi), layers)
        written.append(save_png(picture, folder / f"{overlay.feature}-spread.png"))
    return written
