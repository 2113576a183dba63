"""The build worker: one long-lived process that lays the feature out again on each request.

Input: a :class:`Request` — which files changed, which page pictures the
server already holds. Output: an :class:`Outcome` — the overlay, one digest
per page, JPEGs of only the pages whose digest the server lacks, the PDF when
``render`` would write it, or the error lines — sent back over a pipe.

The process stays warm between builds: the toolkit and WeasyPrint imported,
WeasyPrint's font configuration and decoded images kept
(:func:`builder.typeset.keep_warm`), the Chinese composer's measurements
cached. A build that runs past its time is stopped by ending the process; a
fresh one starts for the next request. The server stays responsive because
none of this runs in its process.
"""

from __future__ import annotations

import io
import multiprocessing
import signal
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import BroadsheetError
from ..pipeline import Options
from ..preview.raster import rasterise
from ..preview.source import make_proof
from ..typeset import Warm, keep_warm

#: Files whose change can only show in the PDF's content streams; any other
#: (an image) may change pixels under an unchanged digest, so every page is redrawn.
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".yaml", ".yml", ".toml", ".j2", ".css", ".html", ".txt"})
JPEG_QUALITY = 90


@dataclass(frozen=True)
class Request:
    """Build again: these files changed; the server holds pictures of pages with these digests."""

    changed: tuple[str, ...] = ()
    have: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Picture:
    """A page's picture: JPEG bytes and size in pixels."""

    data: bytes
    width: int
    height: int


@dataclass
class Outcome:
    """What one build gave: a proof (``ok``) or the lines of its error."""

    ok: bool
    errors: tuple[str, ...] = ()
    overlay: dict[str, Any] | None = None
    digests: tuple[str, ...] = ()  #: one per PDF page, in order
    pictures: dict[str, Picture] = field(default_factory=dict)  #: only the pages the server lacked
    redraw_all: bool = False  #: the server's pictures may be stale (an image changed)
    pdf: bytes | None = None  #: only when render would write it
    stops_render: bool = False
    notes: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def build_once(feature_dir: Path, options: Options, dpi: float, request: Request, warm: Warm) -> Outcome:
    """One build in this process: the proof, and pictures of the pages not already held."""
    start = time.perf_counter()
    have = request.have
    redraw_all = any(Path(path).suffix.lower() not in TEXT_SUFFIXES for path in request.changed)
    if redraw_all:
        warm.forget_images()
        have = frozenset()
    try:
        with keep_warm(warm):
            proof = make_proof(feature_dir, options)
    except BroadsheetError as error:
        return Outcome(False, tuple(problem.describe() for problem in error.problems),
                       seconds=time.perf_counter() - start)
    except Exception as error:  # noqa: BLE001 - a bug must not stop the server; the terminal gets the traceback
        traceback.print_exc()
        return Outcome(False, (f"internal error: {type(error).__name__}: {error} (the traceback is in the "
                               "terminal running serve)",), seconds=time.perf_counter() - start)
    timings = dict(proof.timings)
    clock = time.perf_counter()
    missing = [index for index, digest in enumerate(proof.page_hashes) if digest not in have]
    images = rasterise(proof.pdf, dpi, missing)
    timings["rasterise"] = time.perf_counter() - clock
    clock = time.perf_counter()
    pictures = {}
    for index, image in images.items():
        buffer = io.BytesIO()
        # Full colour resolution: red display type smears with chroma subsampling.
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
        pictures[proof.page_hashes[index]] = Picture(buffer.getvalue(), image.width, image.height)
    timings["encode"] = time.perf_counter() - clock
    return Outcome(True, overlay=proof.overlay.as_json(), digests=proof.page_hashes, pictures=pictures,
                   redraw_all=redraw_all, pdf=None if proof.stops_render else proof.pdf,
                   stops_render=proof.stops_render, notes=proof.notes, timings=timings,
                   seconds=time.perf_counter() - start)


def _main(connection: Connection, feature_dir: Path, options: Options, dpi: float) -> None:
    # Ctrl-C reaches the whole process group; the server decides when this process ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm = Warm()
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        connection.send(build_once(feature_dir, options, dpi, request, warm))


class Worker:
    """The server's handle on the build process: send a request, wait (at most ``timeout``), get the outcome."""

    def __init__(self, feature_dir: Path, options: Options, dpi: float, timeout: float) -> None:
        self.feature_dir, self.options, self.dpi, self.timeout = feature_dir, options, dpi, timeout
        self._context = multiprocessing.get_context("spawn")
        self.process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        self.closed = False
        self.start()

    def start(self) -> None:
        """Start the build process (imports happen there, while the server starts)."""
        ours, theirs = self._context.Pipe()
        self.process = self._context.Process(target=_main, args=(theirs, self.feature_dir, self.options, self.dpi),
                                             name="broadsheet-build", daemon=True)
        self.process.start()
        theirs.close()
        self._connection = ours

    def build(self, request: Request) -> Outcome:
        """One build (blocking: the server calls this from a thread)."""
        start = time.perf_counter()
        if self.closed:
            return Outcome(False, ("the server is stopping",))
        if self.process is None or not self.process.is_alive():
            self.start()
        connection = self._connection
        assert connection is not None
        try:
            connection.send(request)
            if connection.poll(self.timeout):
                return connection.recv()
            message = (f"the build took longer than {self.timeout:g} s and was stopped; "
                       "the feature may be too large or its input hostile")
        except (EOFError, OSError, BrokenPipeError):
            code = self.process.exitcode if self.process else None
            message = f"the build process ended unexpectedly (exit code {code})"
        if self.closed:
            return Outcome(False, ("the server is stopping",))
        self.stop()
        self.start()
        return Outcome(False, (message,), seconds=time.perf_counter() - start)

    def close(self) -> None:
        """End the build process for good (the server is stopping)."""
        self.closed = True
        self.stop()

    def stop(self) -> None:
        """End the build process: ask, then insist."""
        process, connection = self.process, self._connection
        self.process = self._connection = None
        if process is None:
            return
        if connection is not None:
            try:
                connection.send(None)
            except (OSError, BrokenPipeError):
                pass
        process.join(1)
        if process.is_alive():
            process.terminate()
            process.join(2)
        if process.is_alive():
            process.kill()
            process.join()
        if connection is not None:
            connection.close()
