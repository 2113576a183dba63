"""Preflight: everything that would go wrong on press, found before it does.

Input: a :class:`~builder.pipeline.Build` (the laid-out pages and all that led
to them). Output: a :class:`Report` of :class:`Issue` objects, each with a
severity, a stable code, where it is (frame, page) and a hint on how to fix
it. Checks are registered with :func:`check` and run in registration order;
``--strict`` makes warnings count as errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..report import VERSION, issue_json

if TYPE_CHECKING:
    from ..pipeline import Build

Severity = Literal["error", "warning"]

#: Version of the JSON report (schemas/check.schema.json); bump on change.
REPORT_VERSION = VERSION


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
