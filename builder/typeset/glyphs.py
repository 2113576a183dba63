"""Which characters the fonts a frame asks for do not cover, on the laid-out pages.

Input: a rendered document. Output: :class:`Uncovered` occurrences: the
character, where it is (sheet, frame, a little text around it), the family
chain the text asked for, and what Pango drew it with instead — another
installed font (a silent substitution) or nothing (a ``.notdef`` box).
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout

from .laidout import attribute

CONTEXT = 8  #: characters of context either side


@dataclass(frozen=True)
class Uncovered:
    """A character no font of its chain has."""

    char: str
    sheet: int
    frame: str | None
    context: str
    chain: tuple[str, ...]
    weight: int
    drawn_with: str | None  #: the family that drew it, or None for a .notdef box


def _family(font) -> str:  # noqa: ANN001 - a PangoFont pointer
    description = pango.pango_font_describe_with_absolute_size(font)
    try:
        return ffi.string(pango.pango_font_description_get_family(description)).decode()
    finally:
        pango.pango_font_description_free(description)


def _text_boxes(box: boxes.Box, frame: str | None):  # noqa: ANN202
    name = attribute(box, "data-frame") or frame
    if isinstance(box, boxes.TextBox):
        yield box, name
    for child in getattr(getattr(box, "_box", box), "children", ()):
        yield from _text_boxes(child, name)


def uncovered(document: Document) -> list[Uncovered]:
    """Every character drawn with a font outside its chain, or with none."""
    found: list[Uncovered] = []
    for sheet, page in enumerate(document.pages):
        for box, frame in _text_boxes(page._page_box, None):
            text = box.text
            if not text.strip():
                continue
            chain = tuple(box.style["font_family"])
            layout = Layout(box.style)
            layout.set_text(text)
            line, _ = layout.get_first_line()
            offsets = {}
            position = 0
            for index, char in enumerate(text):
                offsets[position] = index
                position += len(char.encode())
            run = line.runs
            while run != ffi.NULL:
                item, glyphs = run.data.item, run.data.glyphs
                family = _family(item.analysis.font)
                for g in range(glyphs.num_glyphs):
                    index = offsets.get(item.offset + glyphs.log_clusters[g])
                    if index is None:
                        continue
                    char = text[index]
                    missing = glyphs.glyphs[g].glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
                    if char.isspace():
                        continue
                    if missing or family not in chain:
                        found.append(Uncovered(char, sheet, frame,
                                               text[max(0, index - CONTEXT):index + CONTEXT + 1],
                                               chain, box.style["font_weight"], None if missing else family))
                run = run.next
            layout.deactivate()
    return found
