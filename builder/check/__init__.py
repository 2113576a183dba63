"""Preflight: everything that would go wrong on press, found before it does.

Input: a :class:`~builder.pipeline.Build` (the laid-out pages and all that led
to them). Output: a :class:`Report` of :class:`~builder.diagnostics.Diagnostic`
findings, each with a severity, a stable code, where it is (page, frame) and
a hint on how to fix it. Checks are registered with :func:`check` and run in
registration order; a strict report (``--strict``) counts warnings as errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostics import Code, Diagnostic, OnPage, Severity
from ..report import VERSION

if TYPE_CHECKING:
    from ..results import Build

#: Findings made line by line, and how a count of them reads when grouped per frame.
PER_LINE = {
    Code.TYPOGRAPHY_OFF_GRID: "lines off the grid",
    Code.TYPOGRAPHY_NOT_FLUSH: "lines not flush with the column",
    Code.TYPOGRAPHY_LINE_START: "lines start with a mark that may not start a line",
    Code.TYPOGRAPHY_LINE_END: "lines end with a mark that may not end a line",
    Code.TYPOGRAPHY_SPLIT: "lines split what may not be split",
    Code.TYPOGRAPHY_LONE: "paragraphs end on a lone character",
}

#: Warnings that a render names although they do not stop it: what will print badly.
SERIOUS = (Code.MISSING_GLYPH, Code.IMAGE_RESOLUTION, Code.FONT_NOT_EMBEDDED, Code.IMAGE_BLEED)


def finding(severity: Severity, code: Code, message: str, hint: str, frame: str | None = None,
            page: int | None = None, details: dict[str, Any] | None = None, file: str | None = None,
            line: int | None = None) -> Diagnostic:
    """A finding on the laid-out pages: a diagnostic whose place is a page and a frame.

    ``file`` and ``line`` say where its cause is written, when that is in the
    content (a character no font has).
    """
    return Diagnostic(severity, code, message, hint, OnPage(page, frame, file, line), details or {})


Check = Callable[["Build"], list[Diagnostic]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a preflight check under ``name``."""

    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


@dataclass
class Report:
    """The findings of one preflight run; with ``strict`` every warning counts as an error."""

    feature: str
    layout: str
    paper: str
    issues: list[Diagnostic]
    strict: bool = False

    def severity(self, issue: Diagnostic) -> Severity:
        """A finding's severity in this report (with --strict every finding is an error)."""
        return Severity.ERROR if self.strict else issue.severity

    @property
    def findings(self) -> list[Diagnostic]:
        """Every finding at its severity in this report."""
        return [issue.as_severity(self.severity(issue)) for issue in self.issues]

    @property
    def errors(self) -> list[Diagnostic]:
        return [issue for issue in self.findings if issue.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [issue for issue in self.findings if issue.severity is Severity.WARNING]

    def grouped(self) -> list[Diagnostic]:
        """The findings for people to read: per-line findings of a frame as one line with their count.

        ``details.lines`` keeps each grouped finding's text; JSON keeps every finding.
        """
        groups: dict[tuple, list[Diagnostic]] = {}
        for issue in self.findings:
            key = (issue.code, issue.frame, issue.page) if issue.code in PER_LINE else (id(issue),)
            groups.setdefault(key, []).append(issue)
        out = []
        for members in groups.values():
            first = members[0]
            if len(members) == 1:
                out.append(first)
                continue
            out.append(finding(first.severity, first.code, f"{len(members)} {PER_LINE[first.code]}, first "
                               f"{first.message}", first.hint or "", first.frame, first.page,
                               {"count": len(members), "lines": [m.details.get("text", m.message) for m in members]}))
        return out

    def summary(self) -> str:
        """``2 errors, 3 warnings`` — the report in one line."""
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"

    def serious(self) -> list[Diagnostic]:
        """What a render names after writing a PDF: every error, and warnings about what will print badly."""
        return [issue for issue in self.grouped() if issue.severity is Severity.ERROR or issue.code in SERIOUS]

    def as_json(self) -> dict[str, Any]:
        """The report in the shape of ``schemas/check.schema.json``."""
        return {
            "version": VERSION,
            "feature": self.feature,
            "layout": self.layout,
            "paper": self.paper,
            "strict": self.strict,
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings)},
            "issues": [issue.as_json() for issue in self.findings],
        }


def page_of(build: Build, frame_name: str) -> int | None:
    """The newspaper page number a frame is on (the left one for a spread frame)."""
    frame = build.plan.get(frame_name)
    pages = build.plan.pages
    if frame is None or not pages:
        return None
    return pages[1] if frame.page == "right" and len(pages) > 1 else pages[0]


def preflight(build: Build, strict: bool = False, only: list[str] | None = None,
              skip: tuple[str, ...] = ()) -> Report:
    """Run the registered checks (or ``only`` those, less those in ``skip``) on a build."""
    from . import fonts, frames, glyphs, images, safety, typography  # noqa: F401 - they register

    issues: list[Diagnostic] = []
    for name, function in CHECKS.items():
        if (only is None or name in only) and name not in skip:
            issues.extend(function(build))
    return Report(build.feature.slug, build.layout.name, build.grid.paper.name, issues, strict)
