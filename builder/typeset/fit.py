"""How well each frame's content fits, measured on the laid-out pages: the typesetting's last stage.

Input: a rendered document and its plan. Output: one :class:`FrameFit` per
text or box frame: lines that fell out of the frame (overset: past its last
column, below its bottom, or carried on to a later sheet), with their count,
characters and first words, and the lines of the frame left empty
(underset); and one per display line the rules found too wide at the
layout's least size. The pipeline places frames again from these numbers,
copyfitting fits text by them, and preflight reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from weasyprint import Document

from ..layout.plan import DisplayParams, Frame, Plan
from ..model import ContentRef
from ..units import to_mm
from .laidout import LaidOutFrame, LaidOutLine, frames

#: Lines may overhang a frame edge by this much (pt) before they count as outside.
TOLERANCE = 0.5


@dataclass(frozen=True)
class FrameFit:
    """The fit of one frame: what fell out, what stayed empty."""

    content: ContentRef
    sheet: int
    columns: int
    lines: tuple[LaidOutLine, ...] = ()
    overset: tuple[LaidOutLine, ...] = ()
    #: lines of the frame left empty, but for a short last leg of several
    empty_lines: int = 0
    #: the empty lines of each text column (under its last line)
    column_empty: tuple[int, ...] = ()
    #: a display line: how much wider than its room it is at the least size (mm)
    too_wide_mm: float = 0.0
    #: a display line: the least size the layout allows (pt)
    least_size: float = 0.0

    @property
    def name(self) -> str:
        """The frame's name: ``section:01``."""
        return str(self.content)

    @property
    def short_rows(self) -> int:
        """Rows every text column of the frame leaves empty: the frame is that much deeper than its text."""
        return min(self.column_empty, default=0) if not self.overset else 0

    @property
    def overset_lines(self) -> int:
        return len(self.overset)

    @property
    def overset_chars(self) -> int:
        return sum(len(line.text) for line in self.overset)

    @property
    def first_overset(self) -> str | None:
        return self.overset[0].text if self.overset else None


def _fit(content: ContentRef, frame: LaidOutFrame, columns: int, pitch: float) -> FrameFit:
    bottom = frame.bottom + TOLERANCE
    right = frame.x + frame.width + TOLERANCE
    inside: list[LaidOutLine] = []
    outside: list[LaidOutLine] = []
    for line in frame.lines:
        out = (line.column >= columns or line.y + line.height > bottom
               or (line.width > 0 and line.right > right))
        (outside if out else inside).append(line)
    empty = []
    for index, (_, y, _, height) in enumerate(frame.columns[:columns]):
        last = max((line.y + line.height for line in inside if line.column == index), default=y)
        empty.append(max(0, int((min(y + height, frame.bottom) - last + TOLERANCE) // pitch)))
    # The last leg of a story may be short: its white is the page's blank
    # (builder.typeset.blank), not the frame's underset.
    underset = sum(empty[:-1]) if len(empty) > 1 else sum(empty)
    return FrameFit(content, frame.sheet, columns, tuple(inside), tuple(outside), underset, tuple(empty))


def measure_fit(document: Document, plan: Plan) -> tuple[FrameFit, ...]:
    """The fit of every text and box frame of the plan, and of each display line.

    A frame is measured on the first sheet it is on; its lines on any later
    sheet (a frame WeasyPrint carried over a page break) are overset.
    """
    planned = {frame.name: frame for frame in plan.frames}
    fits: dict[str, FrameFit] = {}
    for frame in frames(document):
        spec = planned.get(frame.name)
        if spec is None or spec.kind not in ("text", "box"):
            continue
        if frame.name in fits:
            carried = fits[frame.name]
            fits[frame.name] = replace(carried, overset=carried.overset + tuple(frame.lines))
            continue
        fits[frame.name] = _fit(spec.content, frame, spec.columns if frame.columns else 1, plan.grid.pitch)
    return tuple(fits.values()) + tuple(_display_fit(frame, frame.params) for frame in plan.frames
                                        if isinstance(frame.params, DisplayParams) and frame.params.lost)


def _display_fit(frame: Frame, line: DisplayParams) -> FrameFit:
    """A display line the rules could not fit: what they left out, as one overset line."""
    lost = LaidOutLine(line.lost, frame.right, frame.y, 0.0, frame.height, frame.y, 0, 0)
    return FrameFit(frame.content, 0, 1, overset=(lost,), too_wide_mm=to_mm(line.too_wide), least_size=line.size)


def overset_paragraphs(fit: FrameFit) -> list[str]:
    """The text that fell out of a frame, one string per paragraph it came from."""
    parts: dict[int, list[str]] = {}
    for line in fit.overset:
        parts.setdefault(line.block, []).append(line.text.strip())
    return ["".join(texts) for texts in parts.values()]
