"""What every command shares: error reporting, limits, progress, the feature argument.

Input: a command's work. Output: its result, or an exit with the documented
code and one line per problem on stderr — and, with ``--json``, exactly one
JSON document on stdout however the run ends. A :class:`Session` also bounds
the work: ``--timeout`` stops it, and SIGTERM or SIGHUP stop it as Ctrl-C
does, so that temporary files are removed on the way out. Text from content
is printed with its control characters escaped.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from .. import report
from ..diagnostics import Code, Diagnostic
from ..errors import EXIT_BAD_INPUT, BroadsheetError, TimeLimitExceeded, printable
from .choices import feature_dir

# The readers, the model and the pipeline are imported by the commands that run, not at start-up: `--help` and
# a usage error need none of them.

EXIT_INTERNAL = report.EXIT_INTERNAL
T = TypeVar("T")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)


def note(quiet: bool) -> Callable[[str], None] | None:
    """Where a command says which feature it chose, unless asked to be quiet."""
    return None if quiet else (lambda text: say(stderr, f"note: {text}"))


#: Seconds after --timeout for the work to stop by itself before the process is ended.
HARD_STOP_GRACE = 10.0
#: Seconds between repeats of the time limit's signal, until the work has stopped.
REPEAT_ALARM = 0.5


def load_content(run: Session, folder: Path) -> None:
    """Read the feature (and its project's settings) before the typesetter is imported.

    Bad content, the commonest mistake, is then reported in a fraction of a
    second; the pipeline reads it again (from the files' caches: a few
    milliseconds). Names given on the command line (``--layout``, ``--paper``,
    ``--fontset``) were checked by their options (:mod:`.choices`).
    """
    from ..content import load_feature
    from ..project import load_project

    run.run(lambda: load_feature(folder, load_project(folder).root))


def say(console: Console, text: str) -> None:
    """Print one line, its control characters escaped."""
    console.print(printable(text), markup=False)


class Stopped(BaseException):  # noqa: N818 - it stops the work, like KeyboardInterrupt
    """A signal asked the command to stop (SIGTERM, SIGHUP)."""

    def __init__(self, signum: int) -> None:
        self.signal = signal.Signals(signum).name
        self.exit_code = 128 + signum
        super().__init__(f"stopped by {self.signal}: nothing written")


class Session:
    """One run of a command: its diagnostics, its JSON document, its limits."""

    def __init__(self, command: str, feature: Path, debug: bool, as_json: bool,
                 document: Callable[[int, list[Diagnostic]], dict[str, Any]] | None = None) -> None:
        self.command = command
        self.feature = feature
        self.debug = debug
        self.as_json = as_json
        self.diagnostics: list[Diagnostic] = []
        self.document = document or self._document
        self.emitted = False

    def _document(self, exit_code: int, diagnostics: list[Diagnostic]) -> dict[str, Any]:
        return report.document(self.command, self.feature.name, exit_code, diagnostics)

    def run(self, work: Callable[[], T]) -> T:
        """Run ``work``; turn the toolkit's errors into messages and exit codes."""
        try:
            return work()
        except BroadsheetError as error:
            for problem in error.problems:
                say(stderr, str(problem))
            self.diagnostics.extend(error.problems)
            if self.debug:
                traceback.print_exc()
            raise typer.Exit(error.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence
            message = f"{type(error).__name__}: {error}"
            if self.debug:
                traceback.print_exc()
            else:
                say(stderr, f"internal error: {message} (run again with --debug for the traceback)")
            self.diagnostics.append(report.stopped(Code.INTERNAL, message, "this is a bug in Broadsheet"))
            raise typer.Exit(EXIT_INTERNAL) from None

    def emit(self, data: dict[str, Any]) -> None:
        """Print the run's JSON document (once)."""
        if self.as_json and not self.emitted:
            self.emitted = True
            report.emit(data)

    def stop(self, exit_code: int, code: Code, message: str) -> None:
        """Say why the work stopped (and with --json, print the document)."""
        diagnostic = report.stopped(code, message)
        say(stderr, str(diagnostic))
        self.diagnostics.append(diagnostic)
        self.emit(self.document(exit_code, self.diagnostics))


@contextmanager
def session(command: str, feature: Path, *, debug: bool = False, as_json: bool = False, timeout: float = 0,
            document: Callable[[int, list[Diagnostic]], dict[str, Any]] | None = None,
            left: str = "nothing written") -> Iterator[Session]:
    """A :class:`Session` for the ``with`` block: limits armed, failures reported once.

    ``left``: what a stop (``--timeout``, a signal) leaves, as its message says.
    """
    current = Session(command, feature, debug, as_json, document)

    def hard_stop() -> None:
        # The work did not stop at the time limit (a long call into a C
        # library does not see Python's signal): end the process here.
        from ..output import remove_temporaries

        remove_temporaries()
        current.stop(report.EXIT_TIMEOUT, Code.TIMEOUT, f"stopped after {timeout:g} s (--timeout): {left}")
        sys.stderr.flush()
        os._exit(report.EXIT_TIMEOUT)

    try:
        with stop_on_signals(), _time_limit(timeout, hard_stop):
            yield current
    except typer.Exit as exit:
        if exit.exit_code:
            current.emit(current.document(exit.exit_code, current.diagnostics))
        raise
    except TimeLimitExceeded as stopped:
        current.stop(stopped.exit_code, Code.TIMEOUT, f"stopped after {stopped.seconds:g} s (--timeout): {left}")
        raise typer.Exit(stopped.exit_code) from None
    except Stopped as stopped:
        current.stop(stopped.exit_code, Code.STOPPED, f"stopped by {stopped.signal}: {left}")
        raise typer.Exit(stopped.exit_code) from None
    except KeyboardInterrupt:
        interrupted = Stopped(signal.SIGINT)
        current.stop(interrupted.exit_code, Code.STOPPED, f"stopped by {interrupted.signal}: {left}")
        raise typer.Exit(interrupted.exit_code) from None


@contextmanager
def _time_limit(seconds: float, hard_stop: Callable[[], None]) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the work after ``seconds`` (0: no limit)."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        if _HELD.holding:
            return  # said again half a second later, or when the held step ends
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    # Raised again every half second until the work has stopped: Python drops an
    # exception raised where it cannot propagate (in an import lock's weakref
    # callback, in a __del__), and the work would then run on past its limit.
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_ALARM)
    watchdog = threading.Timer(seconds + HARD_STOP_GRACE, hard_stop)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        watchdog.cancel()


class _Held:
    """Whether a step is running that the stop signals must wait for, and the signal that came meanwhile."""

    holding = False
    pending: int | None = None


_HELD = _Held()


@contextmanager
def held_signals() -> Iterator[None]:
    """Run a short step whole: SIGTERM, SIGHUP and the time limit wait until it is done (then stop the work).

    For a step whose effect and its record must go together — a PDF written
    and the note that it was — so that what the command reports is what is on
    disk, whenever the signal comes.
    """
    if threading.current_thread() is not threading.main_thread() or _HELD.holding:
        yield
        return
    _HELD.holding, _HELD.pending = True, None
    try:
        yield
    finally:
        _HELD.holding = False
        pending, _HELD.pending = _HELD.pending, None
    if pending is not None:
        raise Stopped(pending)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind the work as Ctrl-C does (``finally`` blocks run)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        if _HELD.holding:
            _HELD.pending = _HELD.pending or signum
            return
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
            yield lambda step: status.update(f"{printable(step)} …")
        return

    def line(step: str) -> None:
        say(stderr, f"[{time.perf_counter() - start:5.1f}s] {step}")

    yield line


def change_lines(result) -> list[str]:  # noqa: ANN001 - a pipeline.Build
    """What copyfitting changed, frame by frame, one line each."""
    allowed = result.layout.fit.max_empty_lines
    lines = []
    for change in result.changes:
        if not change.fitted:
            outcome = f"still {change.overset_after} lines over at the tightest allowed"
        elif change.empty_after > allowed:
            outcome = (f"fits, but {change.empty_after} lines stay empty at the loosest allowed "
                       f"(the layout allows {allowed})")
        else:
            outcome = "fits" + (f", {change.empty_after} lines empty" if change.empty_after else "")
        lines.append(f"fit: {change.frame}: {change.description} — {outcome}")
    return lines


def print_changes(result, quiet: bool) -> None:  # noqa: ANN001 - a pipeline.Build
    """Say what copyfitting changed, frame by frame."""
    for line in change_lines(result):
        say(stdout, line)


__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "Session", "session", "progress", "feature_dir", "note", "say", "stdout",
           "stderr"]
