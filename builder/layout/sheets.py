"""Sheets: the PDF pages a plan is printed on, and the marks around each trim.

Input: a :class:`~builder.layout.plan.Plan` and how its pages go to PDF
(``pages``: one PDF page per newspaper page; ``spread``: one double-width
sheet). Output: :class:`Sheet` values — which part of the spread a PDF page
shows, its trim, bleed and slug in points — with, in sheet points, where
each frame sits on it, its crop marks, its slug line, and where an overset
mark goes: boxes the templates only place.
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

    def place(self, frame: Frame) -> tuple[float, float, float, float]:
        """(left, top, width, height) of a frame on this sheet's trim."""
        return frame.x - self.offset, frame.y, frame.width, frame.height

    def overset_mark(self, frame: Frame) -> tuple[float, float] | None:
        """Where a marked frame's overset mark goes: (right, top) on the trim, under the frame's right end.

        None unless the frame is marked and its right end is on this sheet.
        """
        if frame.overset and self.offset < frame.right <= self.offset + self.trim_width + 0.01:
            return self.offset + self.trim_width - frame.right, frame.bottom
        return None

    @property
    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """The sheet's crop marks as (x, y, width, height) boxes (see :func:`crop_marks`)."""
        return crop_marks(self)

    @property
    def slug_line(self) -> tuple[float, float]:
        """(left, top) of the slug line: at the trim's left, down in the slug under the foot."""
        return self.slug + self.bleed, self.height - self.slug * SLUG_LINE_DROP


#: The slug line's top, from the sheet's foot, as a share of the slug.
SLUG_LINE_DROP = 0.55


@dataclass(frozen=True)
class PrinterMarks:
    """How crop marks and the slug line are drawn (not the design's: the printer's)."""

    colour: str = "#000000"
    #: crop marks: line weight (pt), and how far they stop short of the sheet's edge (pt)
    weight: float = 0.25
    edge: float = 2.0
    #: the slug line's type size and leading (pt)
    slug_size: float = 6.0
    slug_leading: float = 8.0


@dataclass(frozen=True)
class OversetMark:
    """The overset mark of a proof (``render --allow-overset``), as InDesign draws it: never for press."""

    colour: str = "#e4002b"
    text: str = "#ffffff"
    size: float = 8.0
    leading: float = 12.0
    weight: int = 700
    #: the box with the plus: its width, the rule right of it, the room after it (pt)
    plus_width: float = 12.0
    rule: float = 1.0
    gap: float = 3.0
    #: room after the line count (pt)
    pad: float = 4.0


MARKS = PrinterMarks()
OVERSET_MARK = OversetMark()


#: Crop marks: the gap between the bleed edge and a mark.
MARK_GAP = mm(2)
MARK_WEIGHT = MARKS.weight


def crop_marks(sheet: Sheet) -> list[tuple[float, float, float, float]]:
    """Crop marks of a sheet as (x, y, width, height) boxes in sheet points.

    Each page's trim corners get a horizontal and a vertical mark in the slug,
    starting clear of the bleed; where two pages abut (a spread's gutter) only
    the vertical marks are drawn.
    """
    if sheet.slug <= MARK_GAP:
        return []
    length = sheet.slug - MARK_GAP - MARKS.edge
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


