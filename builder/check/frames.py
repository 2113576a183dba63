"""How well each frame's content fits, measured on the laid-out pages.

Input: a rendered document and its plan. Output: one :class:`FrameFit` per
text frame: lines that fell out of the frame (overset: past its last column
or below its bottom), with their count, characters and first words, and the
lines of the frame left empty (underset).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint import Document

from ..layout.plan import Plan
from ..typeset.laidout import LaidOutFrame, LaidOutLine, frames

#: Lines may overhang a frame edge by this much before they count as outside.
TOLERANCE = 0.5


@dataclass
class FrameFit:
    """The fit of one frame: what fell out, what stayed empty."""

    name: str
    sheet: int
    columns: int
    lines: list[LaidOutLine] = field(default_factory=list)
    overset: list[LaidOutLine] = field(default_factory=list)
    empty_lines: int = 0

    @property
    def overset_lines(self) -> int:
        return len(self.overset)

    @property
    def overset_chars(self) -> int:
        return sum(len(line.text) for line in self.overset)

    @property
    def first_overset(self) -> str | None:
        return self.overset[0].text if self.overset else None


def _fit(frame: LaidOutFrame, columns: int, pitch: float) -> FrameFit:
    fit = FrameFit(frame.name, frame.sheet, columns)
    bottom = frame.bottom + TOLERANCE
    right = frame.x + frame.width + TOLERANCE
    for line in frame.lines:
        outside = (line.column >= columns or line.y + line.height > bottom
                   or (line.width > 0 and line.right > right))
        (fit.overset if outside else fit.lines).append(line)
    for index, (x, y, width, height) in enumerate(frame.columns[:columns]):
        inside = [line for line in fit.lines if line.column == index]
        last = max((line.y + line.height for line in inside), default=y)
        fit.empty_lines += max(0, int((min(y + height, frame.bottom) - last + TOLERANCE) // pitch))
    return fit


def measure_fit(document: Document, plan: Plan) -> list[FrameFit]:
    """The fit of every text frame of the plan, once per frame (first sheet it is on)."""
    planned = {frame.name: frame for frame in plan.frames}
    seen: set[str] = set()
    fits = []
    for frame in frames(document):
        if frame.name in seen or frame.name not in planned:
            continue
        seen.add(frame.name)
        spec = planned[frame.name]
        if spec.kind not in ("text", "box"):
            continue
        fits.append(_fit(frame, spec.columns if frame.columns else 1, plan.grid.pitch))
    return fits
