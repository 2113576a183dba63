"""Preflight: everything that would go wrong on press, found before it does.

Input: a :class:`~builder.pipeline.Build` (the laid-out pages and all that led
to them). Output: a :class:`Report` of :class:`Issue` objects, each with a
severity, a stable code, where it is (frame, page) and a hint on how to fix
it. Checks are registered with :func:`check` and run in registration order;
``--strict`` makes warnings count as errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from ..report import VERSION, issue_json

if TYPE_CHECKING:
    from ..pipeline import Build

Severity = Literal["error", "warning"]

#: Version of the JSON report (schemas/check.schema.json); bump on change.
REPORT_VERSION = VERSION

#: Findings made line by line, and how a count of them reads when grouped per frame.
PER_LINE = {
    "typography-off-grid": "lines off the grid",
    "typography-not-flush": "lines not flush with the column",
    "typography-line-start": "lines start with a mark that may not start a line",
    "typography-line-end": "lines end with a mark that may not end a line",
    "typography-split": "lines split what may not be split",
    "typography-lone": "paragraphs end on a lone character",
}

#: Warnings that a render names although they do not stop it: what will print badly.
SERIOUS = ("missing-glyph", "image-resolution", "font-not-embedded", "image-bleed")


@dataclass(frozen=True)
class Issue:
    """One problem found on the pages."""

    severity: Severity
    code: str
    message: str
    hint: str
    frame: str | None = None
    page: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    #: where the cause is written, when it is in the content (a character no font has)
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ", ".join(part for part in (
            f"page {self.page}" if self.page is not None else "",
            self.frame or "") if part)
        return f"{self.severity}: {where + ': ' if where else ''}{self.message} — {self.hint}"


Check = Callable[["Build"], list[Issue]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a preflight check under ``name``."""

    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


@dataclass
class Report:
    """The issues of one preflight run."""

    feature: str
    layout: str
    paper: str
    issues: list[Issue]
    strict: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error" or self.strict]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning" and not self.strict]

    def severity(self, issue: Issue) -> Severity:
        """An issue's severity in this report (with --strict every issue is an error)."""
        return "error" if self.strict else issue.severity

    def grouped(self) -> list[Issue]:
        """The issues for people to read: per-line findings of a frame as one line with their count.

        ``details.lines`` keeps each grouped finding's text; JSON keeps every finding.
        """
        groups: dict[tuple, list[Issue]] = {}
        for issue in self.issues:
            key = (issue.code, issue.frame, issue.page) if issue.code in PER_LINE else (id(issue),)
            groups.setdefault(key, []).append(issue)
        out = []
        for members in groups.values():
            first = members[0]
            if len(members) == 1:
                out.append(first)
                continue
            out.append(Issue(first.severity, first.code, f"{len(members)} {PER_LINE[first.code]}, first "
                             f"{first.message}", first.hint, first.frame, first.page,
                             {"count": len(members), "lines": [m.details.get("text", m.message) for m in members]}))
        return [replace(issue, severity=self.severity(issue)) for issue in out]

    def summary(self) -> str:
        """``2 errors, 3 warnings`` — the report in one line."""
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"

    def serious(self) -> list[Issue]:
        """What a render names after writing a PDF: every error, and warnings about what will print badly."""
        return [issue for issue in self.grouped() if issue.severity == "error" or issue.code in SERIOUS]

    def as_json(self) -> dict[str, Any]:
        """The report in the stable shape of ``schemas/check.schema.json``."""
        return {
            "version": REPORT_VERSION,
            "feature": self.feature,
            "layout": self.layout,
            "paper": self.paper,
            "strict": self.strict,
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings)},
            "issues": [issue_json(issue, self.strict) for issue in self.issues],
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

    issues: list[Issue] = []
    for name, function in CHECKS.items():
        if (only is None or name in only) and name not in skip:
            issues.extend(function(build))
    return Report(build.feature.slug, build.layout.name, build.grid.paper.name, issues, strict)
