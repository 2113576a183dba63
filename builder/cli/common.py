"""What every command shares: error reporting, progress, the feature argument.

Input: a command's work as a callable. Output: its result, or an exit with the
documented code and one line per problem on stderr.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console

from ..errors import EXIT_BAD_INPUT, BroadsheetError
from ..project import SAMPLE_FEATURE

EXIT_INTERNAL = 70
T = TypeVar("T")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)

FEATURE_HELP = "The feature folder (feature.md, sections/, infographic.yaml). Default: the bundled sample."
DEBUG_HELP = "Show the traceback of an unexpected error."


def feature_dir(path: Path | None) -> Path:
    """The feature folder to work on: the argument, or the bundled sample."""
    return path if path is not None else SAMPLE_FEATURE


def report_problems(error: BroadsheetError) -> None:
    """Print one line per problem to stderr."""
    for problem in error.problems:
        stderr.print(f"error: {problem}", markup=False)


def guarded(debug: bool, work: Callable[[], T]) -> T:
    """Run ``work``; turn the toolkit's errors into messages and exit codes."""
    try:
        return work()
    except BroadsheetError as error:
        report_problems(error)
        if debug:
            traceback.print_exc()
        raise typer.Exit(error.exit_code) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if debug:
            traceback.print_exc()
        else:
            stderr.print(f"internal error: {type(error).__name__}: {error} (run again with --debug for the traceback)",
                         markup=False)
        raise typer.Exit(EXIT_INTERNAL) from None


@contextmanager
def progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A callback that shows which step a long command is at.

    On a terminal a spinner names the step; otherwise each step is a line on
    stderr with the seconds elapsed, so logs show where the time went.
    """
    start = time.perf_counter()
    if quiet:
        yield lambda step: None
        return
    if sys.stderr.isatty():
        with stderr.status("Starting") as status:
            yield lambda step: status.update(f"{step} …")
        return

    def line(step: str) -> None:
        stderr.print(f"[{time.perf_counter() - start:5.1f}s] {step}", markup=False)

    yield line


def print_changes(result, quiet: bool) -> None:  # noqa: ANN001 - a pipeline.Build
    """Say what copyfitting changed, frame by frame."""
    allowed = result.layout.fit.max_empty_lines
    for change in result.changes:
        if not change.fitted:
            outcome = f"still {change.overset_after} lines over at the tightest allowed"
        elif change.empty_after > allowed:
            outcome = (f"fits, but {change.empty_after} lines stay empty at the loosest allowed "
                       f"(the layout allows {allowed})")
        else:
            outcome = "fits" + (f", {change.empty_after} lines empty" if change.empty_after else "")
        stdout.print(f"fit: {change.frame}: {change.description} — {outcome}", markup=False)


__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "guarded", "progress", "feature_dir", "stdout", "stderr"]
