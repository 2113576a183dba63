"""The toolkit's own errors: each carries the problems to print and an exit code.

The CLI turns a :class:`BroadsheetError` into one line per problem and exits
with :attr:`BroadsheetError.exit_code`; anything else is a bug and gets a
traceback only with ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_PROBLEMS = 3


@dataclass(frozen=True)
class Problem:
    """One problem with a user's input: where it is and what is wrong."""

    file: Path | str | None
    message: str
    key: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = _display_path(self.file) if self.file else ""
        if self.line is not None and where:
            where = f"{where}:{self.line}"
        parts = [p for p in (where, f"'{self.key}'" if self.key else "") if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


def _display_path(path: Path | str) -> str:
    """Show a path relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class BroadsheetError(Exception):
    """Base class: a failure the user can fix, with the problems found."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem(None, p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(BroadsheetError):
    """A content file is missing, malformed or breaks the content contract."""


class LayoutError(BroadsheetError):
    """A layout (layout.toml, templates) is missing or inconsistent."""


class FontError(BroadsheetError):
    """A font role maps to a family that is not installed."""


class AssetError(BroadsheetError):
    """An image referenced by the content cannot be found or read."""


class OversetError(BroadsheetError):
    """Text does not fit its frames; the report says what falls out."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problems: list[Problem], report: object = None) -> None:
        super().__init__(problems)
        self.report = report
