"""Sheets: the PDF pages a plan is printed on, and the marks around each trim.

Input: a :class:`~builder.layout.plan.Plan` and how its pages go to PDF
(``pages``: one PDF page per newspaper page; ``spread``: one double-width
sheet). Output: :class:`Sheet` values — which part of the spread a PDF page
shows, its trim, bleed and slug in points — and the crop marks of each
sheet, as boxes in points for the templates to place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..units import mm
from .plan import Frame, Plan

Mode = Literal["pages", "spread"]


@dataclass(frozen=True)
class Sheet:
    """One PDF page: which part of the spread it shows and where its boxes are.

    ``offset`` is the spread x at this sheet's trim left edge. Sizes in points.
    """

    name: str
    index: int
    offset: float
    trim_width: float
    trim_height: float
    bleed: float
    slug: float
    frames: tuple[Frame, ...]
    pages: tuple[int, ...]  #: which pages of the spread (0 = left) this sheet shows

    @property
    def width(self) -> float:
        return self.trim_width + 2 * (self.bleed + self.slug)

    @property
    def height(self) -> float:
        return self.trim_height + 2 * (self.bleed + self.slug)

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the trim on the sheet."""
        edge = self.bleed + self.slug
        return edge, edge, edge + self.trim_width, edge + self.trim_height

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        edge = self.slug
        return edge, edge, self.width - edge, self.height - edge


#: Crop marks: line weight, and the gap between the bleed edge and a mark.
MARK_WEIGHT = 0.25
MARK_GAP = mm(2)


def crop_marks(sheet: Sheet) -> list[tuple[float, float, float, float]]:
    """Crop marks of a sheet as (x, y, width, height) boxes in sheet points.

    Each page's trim corners get a horizontal and a vertical mark in the slug,
    starting clear of the bleed; where two pages abut (a spread's gutter) only
    the vertical marks are drawn.
    """
    if sheet.slug <= MARK_GAP:
        return []
    length = sheet.slug - MARK_GAP - 2
    start = sheet.bleed + MARK_GAP / 2
    edge = sheet.bleed + sheet.slug
    top, bottom = edge, edge + sheet.trim_height
    page_w = sheet.trim_width / len(sheet.pages)
    xs = [edge + i * page_w for i in range(len(sheet.pages) + 1)]
    marks = []
    for i, x in enumerate(xs):
        outer = i in (0, len(xs) - 1)
        for y, up in ((top, True), (bottom, False)):
            marks.append((x - MARK_WEIGHT / 2, y - start - length if up else y + start, MARK_WEIGHT, length))
            if outer:
                left = i == 0
                marks.append((x - start - length if left else x + start, y - MARK_WEIGHT / 2, length, MARK_WEIGHT))
    return marks


def make_sheets(plan: Plan, mode: Mode) -> tuple[Sheet, ...]:
    """The PDF pages of a plan: one per page, or one for the whole spread."""
    grid = plan.grid
    page_w, page_h = grid.page_width, grid.page_height
    if mode == "spread" or grid.pages == 1:
        return (Sheet("spread" if grid.pages > 1 else "page", 0, 0.0, page_w * grid.pages, page_h,
                      grid.bleed, grid.slug, plan.frames, tuple(range(grid.pages))),)
    names = ("left", "right")
    return tuple(
        Sheet(names[i], i, i * page_w, page_w, page_h, grid.bleed, grid.slug, tuple(plan.on_page(i)), (i,))
        for i in range(grid.pages)
    )


