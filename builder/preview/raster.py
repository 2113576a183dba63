"""Rasterise a PDF in-process: PDF bytes → one image per PDF page, and the spread.

Input: the PDF's bytes (as :func:`builder.typeset.write_pdf` writes them),
a resolution, and the sheets those pages are. Output: Pillow images, one per
PDF page at ``dpi`` (the whole sheet: trim, bleed, slug and crop marks), and
the spread — the pages cut at the gutter and set side by side, exactly as
``render --as spread`` would lay them on one sheet. PDFium (pypdfium2) draws
the pages; no other program is started.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pypdfium2
from PIL import Image

from ..units import pixels_per_point
from .shapes import SheetShape


def scale_of(dpi: float) -> float:
    """Pixels per point at ``dpi``."""
    return pixels_per_point(dpi)


def rasterise(pdf: bytes, dpi: float, pages: Iterable[int] | None = None) -> dict[int, Image.Image]:
    """The PDF's pages (or only ``pages``, by index) as RGB images at ``dpi``."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        wanted = range(len(document)) if pages is None else pages
        images = {}
        for index in wanted:
            page = document[index]
            try:
                bitmap = page.render(scale=scale_of(dpi))
                images[index] = bitmap.to_pil().convert("RGB")
            finally:
                page.close()
        return images
    finally:
        document.close()


def picture_size(width: float, height: float, dpi: float) -> tuple[int, int]:
    """Pixels of a picture of ``width`` × ``height`` points at ``dpi`` (a part pixel counts whole, as PDFium does)."""
    return math.ceil(width * scale_of(dpi)), math.ceil(height * scale_of(dpi))


def spread_size(sheets: tuple[SheetShape, ...], dpi: float) -> tuple[int, int]:
    """Pixel size of the spread image: all pages' trims side by side, the edge around them.

    The size of ``render --as spread``'s one sheet at the same resolution.
    """
    edge = sheets[0].edge
    return picture_size(sum(sheet.trim_width for sheet in sheets) + 2 * edge, sheets[0].trim_height + 2 * edge, dpi)


def assemble_spread(images: dict[int, Image.Image], sheets: tuple[SheetShape, ...], dpi: float) -> Image.Image:
    """The spread from its page images: each cut at the gutter, then set side by side.

    A layout of one sheet (one page, or a spread sheet) is its own spread.
    """
    if len(sheets) == 1:
        return images[0]
    scale = scale_of(dpi)
    canvas = Image.new("RGB", spread_size(sheets, dpi), "white")
    last = len(sheets) - 1
    for index, sheet in enumerate(sheets):
        image = images[index]
        edge = sheet.edge
        left = 0 if index == 0 else round(edge * scale)
        right = image.width if index == last else round((edge + sheet.trim_width) * scale)
        x = round(sheet.offset * scale) + (0 if index == 0 else round(edge * scale))
        canvas.paste(image.crop((left, 0, right, image.height)), (x, 0))
    return canvas
