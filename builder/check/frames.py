"""Preflight: text that does not fit its frame (overset), frames left too empty (underset), pages left blank.

Input: a build and the fits the typesetting measured
(:mod:`builder.typeset.fit`). Output: an error per overset frame, naming
how many lines and characters do not fit and from which words (and a
display line too wide at the layout's least size), and a warning per
copyfitted frame emptier than the layout allows; a warning per page
whose type area is blanker than the layout allows (:mod:`builder.typeset.blank`);
a warning per section set across many columns shallower than the layout's
least leg depth (a sliver the rules could not avoid without a hole or overset).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Severity
from ..model import ContentKind
from ..typeset.blank import measure_blank
from ..typeset.fit import FrameFit, overset_paragraphs
from ..units import to_mm
from . import check, finding, page_of

if TYPE_CHECKING:
    from ..layout.spec import Layout
    from ..results import Build


@check("frames")
def fit_issues(build: Build) -> list[Diagnostic]:
    """Overset frames as errors, frames emptier than the layout allows as warnings.

    On marked pages (``render --allow-overset``) the fits are those measured
    before the marking took the overset text off the pages.
    """
    return fit_findings(build.text_fits, build)


def fit_findings(fits: Iterable[FrameFit], build: Build) -> list[Diagnostic]:
    """The findings of some frames' fits on a build's pages."""
    issues = []
    allowed = build.layout.fit.max_empty_lines
    fitted = {change.frame for change in build.changes}
    for fit in fits:
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



def planned_air(layout: Layout) -> tuple[float, float]:
    """Rows of air the layout plans: between two stacked frames, and under the infographic's last line."""
    box = layout.infographic
    return (layout.bands.gap + layout.bands.gap_stretch,
            box.padding.bottom + box.panel_space_rows + box.item_space_rows + 1)


@check("blank")
def blank_pages(build: Build) -> list[Diagnostic]:
    """Pages whose type area is left blank beyond the layout's share (unplanned white, 不开天窗)."""
    most = build.layout.preflight.max_blank_share
    issues = []
    for page in measure_blank(build.document, build.plan, *planned_air(build.layout)):
        if page.share <= most:
            continue
        number = build.plan.pages[min(page.page, len(build.plan.pages) - 1)] if build.plan.pages else None
        deepest = max(page.runs, key=lambda run: run[2] - run[1])
        column, top, bottom = deepest
        issues.append(finding(
            Severity.WARNING, Code.BLANK,
            f"{page.percent:.1f}% of the type area is blank (the layout allows {100 * most:g}%); the deepest "
            f"run is {to_mm(bottom - top):.0f} mm in column {column + 1}, from {to_mm(top):.0f} mm down the page",
            "add text or a photo, or choose another paper or layout; [preflight] max_blank_share in layout.toml "
            "sets the share",
            None, number,
            {"share": round(page.share, 4), "allowed": most,
             "runs_mm": [[col + 1, round(to_mm(a), 1), round(to_mm(b), 1)] for col, a, b in page.runs]}))
    return issues


@check("slivers")
def sliver_sections(build: Build) -> list[Diagnostic]:
    """Sections set across many columns shallower than the layout's least leg depth (``[sections]``).

    The rules set one only when every arrangement without it oversets a story
    or leaves a page blanker than the layout allows.
    """
    rules, pitch = build.layout.sections, build.grid.pitch
    issues = []
    for frame in build.plan.of_kind(ContentKind.SECTION):
        legs = round(frame.params.flow_height / pitch) if frame.kind == "text" else 0
        if not rules.is_sliver(frame.columns, legs, pitch):
            continue
        least = rules.min_leg_rows(pitch)
        issues.append(finding(
            Severity.WARNING, Code.SLIVER,
            f"{legs} lines ({to_mm(legs * pitch):.0f} mm) deep across {frame.columns} columns, under the least "
            f"{rules.min_leg_mm:g} mm ({least} lines) the layout sets from {rules.sliver_columns} columns: every "
            "arrangement with fewer, deeper columns leaves a story over or a page blank",
            "lengthen the section or give it a photo, or lower [sections] min_leg_mm or raise sliver_columns in "
            "layout.toml",
            frame.name, page_of(build, frame.name),
            {"columns": frame.columns, "lines": legs, "depth_mm": round(to_mm(legs * pitch), 1),
             "min_leg_mm": rules.min_leg_mm, "min_lines": least, "sliver_columns": rules.sliver_columns}))
    return issues
