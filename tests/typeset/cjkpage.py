"""Small pages for testing Chinese composition: lay out a snippet, read back lines and glyphs."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from builder.compose import Sheet
from builder.typeset import render, write_pdf
from builder.typeset.cjk import CJKSettings
from builder.typeset.laidout import LaidOutLine, page_lines

SIZE = 10.0  #: pt
LEFT = 20.0  #: pt, the column's left edge on the page


@dataclass
class Snippet:
    lines: list[LaidOutLine]
    chars: list[dict]
    text: str
    column_right: float


def lay_out(body: str, width_em: float = 10, columns: int = 1, css: str = "",
            chinese: CJKSettings | None = CJKSettings(), tmp: Path = Path("/tmp")) -> Snippet:
    """Lay out ``body`` (HTML) in a column ``width_em`` characters wide."""
    width = width_em * SIZE * columns + (columns - 1) * 20
    html = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
      @page {{ size: 600pt 1200pt; margin: 0 }}
      body {{ margin: 0; font-family: "Noto Serif CJK SC"; font-size: {SIZE}pt; line-height: 16pt }}
      .col {{ position: absolute; left: {LEFT}pt; top: 20pt; width: {width}pt }}
      .flow {{ columns: {columns}; column-gap: 20pt; column-fill: auto; height: 1000pt }}
      p {{ margin: 0; text-align: justify }}
      h3 {{ margin: 16pt 0 0; font-size: {SIZE}pt; line-height: 16pt }}
      {css}
    </style></head><body><div class="col"><div class="flow">{body}</div></div></body></html>"""
    document = render(html, (tmp,), chinese)
    sheet = Sheet("page", 0, 0, 600, 1200, 0, 0, (), (0,))
    with pdfplumber.open(io.BytesIO(write_pdf(document, (sheet,)))) as pdf:
        chars = list(pdf.pages[0].chars)
    text = "".join(c["text"] for c in chars)
    return Snippet(page_lines(document), chars, text, LEFT + width_em * SIZE)


def glyph_x(snippet: Snippet, needle: str, nth: int = 0) -> list[float]:
    """Left edges (pt) of the glyphs of the nth occurrence of ``needle`` in the drawn text."""
    start = -1
    for _ in range(nth + 1):
        start = snippet.text.index(needle, start + 1)
    return [snippet.chars[i]["x0"] for i in range(start, start + len(needle) + 1)]
