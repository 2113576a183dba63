"""The toolkit's own errors: each carries the diagnostics to print and an exit code.

The CLI turns a :class:`BroadsheetError` into one line per problem and exits
with :attr:`BroadsheetError.exit_code`; anything else is a bug and gets a
traceback only with ``--debug``. A problem is a
:class:`~builder.diagnostics.Diagnostic` about the input: what is wrong (a
stable code and a message, maybe a hint) and where (file, key, line).
:func:`Problem` makes one. Text from content is shown with its control
characters escaped, so a file cannot drive the terminal.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import AtOption, Code, Diagnostic, InFile, Severity, display_path, printable

__all__ = ["EXIT_OK", "EXIT_BAD_INPUT", "EXIT_USAGE", "EXIT_PROBLEMS", "EXIT_TIMEOUT", "BroadsheetError",
           "ContentError", "LayoutError", "FontError", "AssetError", "OutputError", "UsageError", "Problem",
           "TimeLimitExceeded", "did_you_mean", "display_path", "printable"]

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_PROBLEMS = 3
EXIT_TIMEOUT = 4


def Problem(file: Path | str | None, message: str, key: str | None = None,  # noqa: N802 - it makes a value
            line: int | None = None, code: Code | str | None = None, hint: str | None = None) -> Diagnostic:
    """An error in the user's input, where it is: a file (with a key or a line), or an option (``--papers``).

    Without a ``code`` it is of the kind of the error that carries it
    (``layout``, ``content``…): :class:`BroadsheetError` fills that in.
    """
    where: InFile | AtOption
    if isinstance(file, str) and file.startswith("--"):
        where = AtOption(file, key)
    else:
        where = InFile(file, line, key)
    return Diagnostic(Severity.ERROR, Code(code) if code else Code.BAD_INPUT, message, hint, where)


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """"did you mean 'x'?" for the known name closest to a mistyped one; None when none is close."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


class BroadsheetError(Exception):
    """Base class: a failure the user can fix, with the problems found."""

    exit_code = EXIT_BAD_INPUT
    #: the code of a problem that has none of its own
    code = Code.BAD_INPUT

    def __init__(self, problems: list[Diagnostic] | Diagnostic | str) -> None:
        if isinstance(problems, (Diagnostic, str)):
            problems = [problems]
        found = [p if isinstance(p, Diagnostic) else Problem(None, p) for p in problems]
        #: the problems, each with a code (this error's kind where it had none of its own)
        self.problems = [p.with_code(self.code) if p.code is Code.BAD_INPUT else p for p in found]
        super().__init__("\n".join(p.describe() for p in self.problems))


class ContentError(BroadsheetError):
    """A content file is missing, malformed or breaks the content contract."""

    code = Code.CONTENT


class LayoutError(BroadsheetError):
    """A layout (layout.toml, templates) is missing or inconsistent."""

    code = Code.LAYOUT


class FontError(BroadsheetError):
    """A font role maps to a family that is not installed."""

    code = Code.FONT


class AssetError(BroadsheetError):
    """An image referenced by the content cannot be found or read."""

    code = Code.IMAGE


class OutputError(BroadsheetError):
    """The output file cannot be written (a read-only or full disk, no permission)."""

    code = Code.OUTPUT


class UsageError(BroadsheetError):
    """A command-line value the command cannot use (e.g. ``-o`` naming a device)."""

    exit_code = EXIT_USAGE
    code = Code.USAGE


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
