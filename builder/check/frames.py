"""Preflight: text that does not fit its frame (overset), and frames left too empty (underset).

Input: a build and the fits the typesetting measured
(:mod:`builder.typeset.fit`). Output: an error per overset frame, naming
how many lines and characters do not fit and from which words (and a
display line too wide at the layout's least size), and a warning per
copyfitted frame emptier than the layout allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Severity
from ..typeset.fit import FrameFit, overset_paragraphs
from . import check, finding, page_of

if TYPE_CHECKING:
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

