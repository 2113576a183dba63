"""How well each frame's content fits, measured on the laid-out pages.

Input: a rendered document and its plan. Output: one :class:`FrameFit` per
text or box frame: lines that fell out of the frame (overset: past its last
column, below its bottom, or carried on to a later sheet), with their count,
characters and first words, and the lines of the frame left empty
(underset); and one per display line the rules found too wide at the
layout's least size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Severity
from ..layout.plan import DisplayParams, Frame, Plan
from ..model import ContentRef
from ..typeset.laidout import LaidOutFrame, LaidOutLine, frames
from ..units import MM
from . import check, finding, page_of

if TYPE_CHECKING:
    from weasyprint import Document  # only builder.typeset imports WeasyPrint at run time

    from ..pipeline import Build

#: Lines may overhang a frame edge by this much before they count as outside.
TOLERANCE = 0.5


@dataclass
class FrameFit:
    """The fit of one frame: what fell out, what stayed empty."""

    content: ContentRef
    sheet: int
    columns: int
    lines: list[LaidOutLine] = field(default_factory=list)
    overset: list[LaidOutLine] = field(default_factory=list)
    empty_lines: int = 0
    #: a display line: how much wider than its room it is at the least size (mm)
    too_wide_mm: float = 0.0
    #: a display line: the least size the layout allows (pt)
    least_size: float = 0.0

    @property
    def name(self) -> str:
        """The frame's name: ``section:01``."""
        return str(self.content)

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
    fit = FrameFit(content, frame.sheet, columns)
    bottom = frame.bottom + TOLERANCE
    right = frame.x + frame.width + TOLERANCE
    for line in frame.lines:
        outside = (line.column >= columns or line.y + line.height > bottom
                   or (line.width > 0 and line.right > right))
        (fit.overset if outside else fit.lines).append(line)
    for index, (_, y, _, height) in enumerate(frame.columns[:columns]):
        inside = [line for line in fit.lines if line.column == index]
        last = max((line.y + line.height for line in inside), default=y)
        fit.empty_lines += max(0, int((min(y + height, frame.bottom) - last + TOLERANCE) // pitch))
    return fit


def measure_fit(document: Document, plan: Plan) -> list[FrameFit]:
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
            fits[frame.name].overset.extend(frame.lines)
            continue
        fits[frame.name] = _fit(spec.content, frame, spec.columns if frame.columns else 1, plan.grid.pitch)
    return list(fits.values()) + [_display_fit(frame, frame.params) for frame in plan.frames
                                  if isinstance(frame.params, DisplayParams) and frame.params.lost]


def _display_fit(frame: Frame, line: DisplayParams) -> FrameFit:
    """A display line the rules could not fit: what they left out, as one overset line."""
    lost = LaidOutLine(line.lost, frame.right, frame.y, 0.0, frame.height, frame.y, 0, 0)
    return FrameFit(frame.content, 0, 1, overset=[lost], too_wide_mm=line.too_wide / MM, least_size=line.size)


def overset_paragraphs(fit: FrameFit) -> list[str]:
    """The text that fell out of a frame, one string per paragraph it came from."""
    parts: dict[int, list[str]] = {}
    for line in fit.overset:
        parts.setdefault(line.block, []).append(line.text.strip())
    return ["".join(texts) for texts in parts.values()]


@check("frames")
def fit_issues(build: Build, fits: list[FrameFit] | None = None) -> list[Diagnostic]:
    """Overset frames as errors, frames emptier than the layout allows as warnings."""
    issues = []
    allowed = build.layout.fit.max_empty_lines
    fitted = {change.frame for change in build.changes}
    for fit in build.fits if fits is None else fits:
        page = page_of(build, fit.name)
        if fit.too_wide_mm:
            issues.append(finding(
                Severity.ERROR, Code.OVERSET,
                f"{fit.overset_chars} characters do not fit, from {_words(fit.first_overset)!r}: the line is "
                f"{fit.too_wide_mm:.1f} mm too wide at {fit.least_size:g} pt, the least size the layout allows",
                f"shorten the {fit.name}, or lower the least size in [{fit.name}] size_pt of layout.toml",
                fit.name, page,
                {"lines": fit.overset_lines, "characters": fit.overset_chars,
                 "first_words": _words(fit.first_overset), "paragraphs": overset_paragraphs(fit),
                 "too_wide_mm": round(fit.too_wide_mm, 1)},
            ))
        elif fit.overset:
            hint = ("shorten the text, render with --fit to copyfit within the layout's bounds, "
                    "or choose a roomier layout or paper")
            if fit.content in fitted:
                hint = (f"copyfitting as far as the layout allows leaves it over: cut about "
                        f"{fit.overset_chars} characters, or choose a roomier layout or paper")
            issues.append(finding(
                Severity.ERROR, Code.OVERSET,
                f"{fit.overset_lines} lines (~{fit.overset_chars} characters) do not fit, "
                f"from {_words(fit.first_overset)!r}",
                hint,
                fit.name, page,
                {"lines": fit.overset_lines, "characters": fit.overset_chars,
                 "first_words": _words(fit.first_overset), "paragraphs": overset_paragraphs(fit)},
            ))
        elif fit.empty_lines > allowed and fit.content.copyfitted:
            issues.append(finding(
                Severity.WARNING, Code.UNDERSET,
                f"{fit.empty_lines} lines of the frame stay empty (the layout allows {allowed})",
                "add text, or render with --fit to loosen the setting within the layout's bounds",
                fit.name, page, {"empty_lines": fit.empty_lines, "allowed": allowed},
            ))
    return issues


def _words(text: str | None, count: int = 12) -> str:
    return (text or "").strip()[:count]

