"""The toolkit's own errors: each carries the problems to print and an exit code.

The CLI turns a :class:`BroadsheetError` into one line per problem and exits
with :attr:`BroadsheetError.exit_code`; anything else is a bug and gets a
traceback only with ``--debug``. A :class:`Problem` is one diagnostic: what is
wrong (a stable ``code`` and a message, maybe a hint) and where (file, key,
line). Text from content is shown with its control characters escaped, so a
file cannot drive the terminal.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_PROBLEMS = 3
EXIT_TIMEOUT = 4

# C0 and C1 controls, DEL, and the Unicode bidi overrides and isolates that
# can reorder what a terminal shows. Tab and newline are escaped too: a
# problem is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters and escape sequences made visible (``\\x1b``)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One problem with a user's input: what is wrong and where.

    ``code`` is a stable identifier for machines (``yaml-syntax``,
    ``unknown-key``…); None means the error class's own code.
    """

    file: Path | str | None
    message: str
    key: str | None = None
    line: int | None = None
    code: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = display_path(self.file) if self.file else ""
        if self.line is not None and where:
            where = f"{where}:{self.line}"
        parts = [p for p in (where, f"'{self.key}'" if self.key else "") if p]
        prefix = ": ".join(parts)
        text = f"{prefix}: {self.message}" if prefix else self.message
        if self.hint:
            text += f" — {self.hint}"
        return printable(text)

    def where(self) -> dict[str, Any]:
        """Where the problem is, for the JSON report: file, line, key."""
        return {
            "file": display_path(self.file) if self.file else None,
            "line": self.line,
            "key": self.key,
        }


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it is below it.

    Symbolic links are not followed: a message names the file as the user
    sees it in the folder, not where a link points.
    """
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, cwd)
    return str(path)


class BroadsheetError(Exception):
    """Base class: a failure the user can fix, with the problems found."""

    exit_code = EXIT_BAD_INPUT
    #: the JSON code of a problem that has none of its own
    code = "bad-input"

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem(None, p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(BroadsheetError):
    """A content file is missing, malformed or breaks the content contract."""

    code = "content"


class LayoutError(BroadsheetError):
    """A layout (layout.toml, templates) is missing or inconsistent."""

    code = "layout"


class FontError(BroadsheetError):
    """A font role maps to a family that is not installed."""

    code = "font"


class AssetError(BroadsheetError):
    """An image referenced by the content cannot be found or read."""

    code = "image"


class OutputError(BroadsheetError):
    """The output file cannot be written (a read-only or full disk, no permission)."""

    code = "output"


class UsageError(BroadsheetError):
    """A command-line value the command cannot use (e.g. ``-o`` naming a device)."""

    exit_code = EXIT_USAGE
    code = "usage"


class OversetError(BroadsheetError):
    """Text does not fit its frames; the report says what falls out."""

    exit_code = EXIT_PROBLEMS
    code = "overset"

    def __init__(self, problems: list[Problem], report: object = None) -> None:
        super().__init__(problems)
        self.report = report


class TimeLimitExceeded(BaseException):  # noqa: N818 - it stops the work, like KeyboardInterrupt
    """The work took longer than ``--timeout``.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    on the way (WeasyPrint catches broadly while it fetches images) can
    swallow it.
    """

    exit_code = EXIT_TIMEOUT

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after {seconds:g} s (--timeout): nothing written")
        self.seconds = seconds
