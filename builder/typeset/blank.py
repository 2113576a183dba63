"""Unplanned blank: the share of each page's type area that no ink or planned air reaches.

Input: a rendered :class:`weasyprint.Document` and its plan. Output: one
:class:`PageBlank` per page of the plan. The type area is read column strip
by column strip (each grid column, gaps between columns left out): a strip
is reached where a frame covers it — a photo, a display line, a folio, a
caption whole; a text frame from its top down to the last line laid out in
the column over that strip (the lead's byline under its flow too); the
infographic box down to its lowest panel line and the room its foot keeps
(its credit, set at the foot, does not fill what is empty above it). The hero's caption band runs the
hero's width (the caption is set under its left end). Between two frames
stacked in a strip, air up to the layout's gap and its stretch
(``[bands] gap`` and ``gap_stretch`` rows) is planned; air above the first
frame, below the last one and under a column's last line is blank. A short
last leg counts: the white is on the page either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint import Document

from ..layout.plan import Frame, Plan
from ..model import ContentKind, ContentRef
from ..units import PX
from .laidout import LaidOutFrame, attribute, frames, walk

#: A sliver of white this thin (pt) is not blank (rounding between boxes).
TOLERANCE = 1.0


@dataclass(frozen=True)
class PageBlank:
    """The blank of one page: its share of the type area, and where it is."""

    page: int  #: 0 = the left page (or the only one)
    share: float
    #: (grid column, top, bottom) of each blank run, in spread points
    runs: tuple[tuple[int, float, float], ...] = ()

    @property
    def percent(self) -> float:
        return 100 * self.share


def _reached(frame: Frame, laid: LaidOutFrame | None, centre: float, box_foot: float) -> tuple[float, float]:
    """The part of a frame's depth (spread points) that content reaches on the strip through x = ``centre``."""
    if laid is None or frame.kind not in ("text", "box"):
        return frame.y, frame.bottom
    dx, dy = frame.x - laid.x, frame.y - laid.y
    if frame.kind == "box":
        credit = _credit_top(laid)
        bottom = max((line.y + line.height + dy for line in laid.lines if line.y < credit - TOLERANCE),
                     default=frame.y)
        return frame.y, min(frame.bottom, bottom + box_foot)
    if not laid.flowing:
        return frame.y, frame.bottom
    for index, (x, y, width, _) in enumerate(laid.columns[:max(1, frame.columns)]):
        if x + dx - TOLERANCE <= centre <= x + dx + width + TOLERANCE:
            lines = [line for line in laid.lines if line.column == index]
            last = max((line.y + line.height + dy for line in lines), default=y + dy)
            return frame.y, min(frame.bottom, max(last, y + dy))
    return frame.y, frame.y


def _credit_top(laid: LaidOutFrame) -> float:
    """The top of a box's credit (sheet points), which stands at the foot whatever is above it."""
    for child in walk(laid.box):
        if "infographic-credit" in (attribute(child, "class") or "").split():
            return child.position_y * PX
    return laid.bottom + TOLERANCE


def _tail(frame: Frame, laid: LaidOutFrame | None) -> tuple[float, float] | None:
    """What the lead sets under its columns (its byline), in spread points; a section sets nothing there."""
    if laid is None or not laid.flowing or not laid.columns or frame.content.kind is not ContentKind.LEAD:
        return None
    dy = frame.y - laid.y
    flow_bottom = max(y + height for _, y, _, height in laid.columns) + dy
    return (flow_bottom, frame.bottom) if frame.bottom - flow_bottom > TOLERANCE else None


def measure_blank(document: Document, plan: Plan, gap_rows: float, box_foot_rows: float) -> tuple[PageBlank, ...]:
    """The unplanned blank of every page of the plan, on the laid-out ``document``.

    ``gap_rows``: the most rows of air between two stacked frames that the
    layout plans; ``box_foot_rows``: the room the infographic box keeps under
    its last line (its padding, the credit's), rounding to a row included.
    """
    grid = plan.grid
    laid: dict[str, LaidOutFrame] = {}
    for frame in frames(document):
        laid.setdefault(frame.name, frame)
    air = gap_rows * grid.pitch + TOLERANCE
    hero = plan.get(ContentRef(ContentKind.HERO))
    top, foot = grid.row_y(0), grid.row_y(grid.rows)
    result = []
    for page in range(grid.pages):
        origin = page * grid.page_width
        blank = 0.0
        runs: list[tuple[int, float, float]] = []
        for column in range(grid.columns):
            left = origin + grid.column_x(page, column)
            centre = left + grid.column_width / 2
            spans = []
            for frame in plan.frames:
                if frame.content.kind is ContentKind.CAPTION and hero is not None:
                    frame = frame.moved(x=hero.x, width=hero.width)
                if frame.x <= centre <= frame.right:
                    spans.append(_reached(frame, laid.get(frame.name), centre, box_foot_rows * grid.pitch))
                    tail = _tail(frame, laid.get(frame.name))
                    if tail:
                        spans.append(tail)
            spans.sort()
            edge = top
            gaps: list[tuple[float, float, bool]] = []  # (top, bottom, between two frames)
            for start, end in spans:
                if start > edge:
                    gaps.append((edge, start, edge > top))
                edge = max(edge, end)
            if foot > edge:
                gaps.append((edge, foot, False))
            for start, end, between in gaps:
                depth = end - start
                if depth <= TOLERANCE or (between and depth <= air):
                    continue
                blank += depth * grid.column_width
                runs.append((column, start, end))
        area = grid.columns * grid.column_width * (foot - top)
        result.append(PageBlank(page, blank / area if area else 0.0, tuple(runs)))
    return tuple(result)

