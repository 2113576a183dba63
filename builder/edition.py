"""Editions: many features rendered at once — in a process pool, or on a Dask cluster — and joined.

Input: feature folders (or an ``edition.toml`` listing them in page order),
the render options, where each PDF goes, and an executor: ``local`` (a
process pool of ``jobs`` workers on this machine) or ``dask://HOST:PORT`` (a
Dask distributed scheduler; every worker sees the project at the same path).
Output: one :class:`JobResult` per feature — its PDF's bytes, pages,
seconds, exit code, and what was found as diagnostics and a preflight
report (values: the client words them, its paths relative to its own
folder) — reported as each finishes (:func:`run_edition`); :func:`save`
writes a PDF atomically where the client runs, :func:`combine` joins the
PDFs into one, with page labels, and :func:`feature_document` gives a
feature's part of the edition's JSON.

A job is :func:`run_job`: the library's render (:func:`builder.api.finish`)
in memory, its errors caught and turned into the result's exit code and
diagnostics, so one broken feature never stops the others. Workers write nothing:
the PDF travels back as bytes and the client writes it, atomically, so a
failed or stopped edition leaves every previous PDF as it was.

``edition.toml``::

    name = "2023-02-01"                      # optional
    features = ["content/front", "content/jiangbei-2023"]   # page order, relative to the file

Untrusted like any content: each entry is a folder inside the edition file's
folder (no absolute paths, no ``..`` out, no link out).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import files, report
from .diagnostics import Code, Diagnostic, from_validation_error
from .errors import EXIT_PROBLEMS, BroadsheetError, ContentError, Problem, UsageError
from .output import write_atomically
from .project import read_toml

if TYPE_CHECKING:
    from .check import Report

#: The exit code of a job that failed in an unexpected way (a bug, a worker lost).
EXIT_INTERNAL = report.EXIT_INTERNAL

#: The name of an edition file.
EDITION_FILE = "edition.toml"

Step = Callable[[int, str], None]


class EditionSpec(BaseModel):
    """``edition.toml`` as written."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = ""
    features: tuple[str, ...] = Field(min_length=1, max_length=500)


def read_edition(path: Path) -> tuple[str, list[Path]]:
    """An edition file's name and its feature folders, in page order, each checked to lie inside its folder."""
    root = path.parent
    data = read_toml(path, root, ContentError)
    try:
        spec = EditionSpec.model_validate(data)
    except ValidationError as error:
        raise ContentError(from_validation_error(error, path, EditionSpec, data)) from None
    folders = []
    for index, entry in enumerate(spec.features):
        folder = root / entry
        if os.path.isabs(entry) or not files.folder_inside(folder, root) or not folder.is_dir():
            raise ContentError(Problem(path, f"{entry!r} is not a folder inside {root}", key=f"features.{index}",
                                       hint="name feature folders relative to the edition file"))
        folders.append(folder)
    return spec.name or root.name, folders


def expand(paths: list[Path]) -> list[Path]:
    """Feature folders from the command line: folders as they are, edition files (or folders holding one) opened."""
    found: list[Path] = []
    for path in paths:
        if path.is_file() and path.name.endswith(".toml"):
            found += read_edition(path)[1]
        elif path.is_dir() and not (path / "feature.md").exists() and (path / EDITION_FILE).is_file():
            found += read_edition(path / EDITION_FILE)[1]
        else:
            found.append(path)
    names = [folder.resolve().name for folder in found]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise UsageError(Problem(None, f"features named alike would write the same PDF: {', '.join(twice)}",
                                 hint="render them in separate runs, or rename a folder"))
    return found


def edition_name(paths: list[Path]) -> str | None:
    """The edition's name when one edition file (or a folder holding one) is all that was given; else None."""
    if len(paths) != 1:
        return None
    path = paths[0]
    if path.is_dir() and not (path / "feature.md").exists() and (path / EDITION_FILE).is_file():
        path = path / EDITION_FILE
    return read_edition(path)[0] if path.is_file() and path.name.endswith(".toml") else None


@dataclass(frozen=True)
class EditionJob:
    """One feature to render: its folder (absolute: workers see the same path) and the render's options."""

    index: int
    feature: Path
    options: object  # api.RenderOptions (kept untyped here: the type lives with the typesetter's imports)


@dataclass(frozen=True)
class JobResult:
    """What one feature's render gave: the PDF, and the findings as values (the client words and places them)."""

    index: int
    feature: Path
    exit_code: int
    seconds: float = 0.0
    pages: int = 0
    #: the PDF (empty when nothing is to be written)
    pdf: bytes = b""
    #: what stopped the render or does not fit: bad input, overset frames, a bug
    issues: tuple[Diagnostic, ...] = ()
    #: preflight of the PDF (None: no PDF was made)
    report: Report | None = None
    #: what it was set with (:func:`builder.report.build_fields`: layout, paper, font set, --fit's changes)
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: the page numbers the folios print (for the combined PDF's labels)
    folios: tuple[int, ...] = ()
    #: where the job ran (a host name and process id)
    worker: str = ""

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def overset(self) -> tuple[Diagnostic, ...]:
        """The frames whose text does not fit."""
        return tuple(issue for issue in self.issues if issue.code is Code.OVERSET)

    @property
    def lines(self) -> tuple[str, ...]:
        """What went wrong, and what will print badly, one line each."""
        lines = [str(issue) for issue in self.issues]
        if self.report is None and self.overset and not self.ok:
            lines.append(f"nothing written: {len(self.overset)} frame(s) overset")
        if self.report is not None:
            lines += [str(issue) for issue in self.report.serious() if issue.code is not Code.OVERSET]
        return tuple(lines)

    def failed(self, problems: list[Diagnostic], exit_code: int) -> JobResult:
        """The same result, its PDF not written after all (the output could not take it)."""
        return replace(self, exit_code=exit_code, pdf=b"", issues=self.issues + tuple(problems))


def feature_document(job: EditionJob, result: JobResult | None, target: Path | None, written: bool,
                     exit_code: int = 0, why: Diagnostic | None = None) -> dict[str, Any]:
    """A feature's part of the edition's JSON: the document a render of that feature alone prints.

    ``result`` None: the feature did not finish (``exit_code`` and ``why``
    say what stopped the edition). ``target``: where its PDF goes.
    """
    options: Any = job.options
    fields: dict[str, Any] = {"layout": options.layout, "paper": options.paper, "as": options.mode,
                              "output": report.path_json(target), "written": written}
    if result is None:
        return report.document("render", job.feature.name, exit_code, [why] if why else [], **fields)
    fields.update(result.settings)
    fields.update(pages=result.pages if written else None, seconds=round(result.seconds, 2),
                  overset=[issue.frame for issue in result.overset])
    if result.report is not None:
        fields["preflight"] = report.preflight_fields(result.report)
    if result.worker:
        fields["worker"] = result.worker
    return report.document("render", job.feature.name, result.exit_code, list(result.issues), **fields)


def run_job(job: EditionJob, progress: Callable[[str], None] | None = None) -> JobResult:
    """Render one feature in memory (in whichever process runs it); never raises for the feature's faults."""
    from . import api

    start = time.perf_counter()
    where = f"{os.uname().nodename}:{os.getpid()}"
    step = progress or (lambda _: None)
    try:
        result = api.build(job.feature, job.options, step)  # type: ignore[arg-type]
        done = api.finish(result, job.options.allow_overset, step)  # type: ignore[attr-defined]
    except BroadsheetError as error:
        return JobResult(job.index, job.feature, error.exit_code, time.perf_counter() - start,
                         issues=tuple(error.problems), worker=where)
    except Exception as error:  # noqa: BLE001 - one feature's bug must not stop the edition
        message = f"{type(error).__name__}: {error}"
        return JobResult(job.index, job.feature, EXIT_INTERNAL, time.perf_counter() - start,
                         issues=(report.stopped(Code.INTERNAL, f"internal error: {message}",
                                                "this is a bug in Broadsheet"),), worker=where)
    seconds = time.perf_counter() - start
    build = done.build
    settings = report.build_fields(build)
    if done.report is None:
        return JobResult(job.index, job.feature, EXIT_PROBLEMS, seconds, issues=done.overset, settings=settings,
                         worker=where)
    assert build.pdf is not None
    return JobResult(job.index, job.feature, 0, seconds, len(build.composition.sheets), build.pdf.data,
                     issues=done.overset, report=done.report, settings=settings,
                     folios=tuple(build.feature.meta.pages or ()), worker=where)


def lost(job: EditionJob, message: str) -> JobResult:
    """The result of a job whose process was lost (killed, out of memory, a cluster that failed it)."""
    return JobResult(job.index, job.feature, EXIT_INTERNAL, issues=(report.stopped(Code.INTERNAL, message),))


# --- the local pool ------------------------------------------------------------------

_STEPS: multiprocessing.Queue | None = None


def _start_worker(steps: multiprocessing.Queue) -> None:
    global _STEPS
    _STEPS = steps
    # The client's handlers (which stop its work and report) are not the
    # worker's: a signal ends a worker at once; the client reports.
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def _pooled(job: EditionJob) -> JobResult:
    steps = _STEPS
    return run_job(job, (lambda name: steps.put((job.index, name))) if steps is not None else None)


def _local(jobs: list[EditionJob], workers: int, step: Step) -> Iterator[JobResult]:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    steps: multiprocessing.Queue = context.Queue()
    stop = threading.Event()

    def relay() -> None:
        while not stop.is_set():
            try:
                index, name = steps.get(timeout=0.1)
            except queue.Empty:
                continue
            step(index, name)

    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs))), mp_context=context,
                             initializer=_start_worker, initargs=(steps,)) as pool:
        futures = {pool.submit(_pooled, job): job for job in jobs}
        relay_thread = threading.Thread(target=relay, daemon=True)
        relay_thread.start()
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    yield future.result()
                except Exception as error:  # noqa: BLE001 - a worker that died (killed, out of memory)
                    yield lost(job, f"the worker rendering it stopped: {type(error).__name__}: {error}")
        except BaseException:
            # Stopped (a signal, --timeout) or the consumer gave up: end the workers now, not after their jobs.
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                child.terminate()
            raise
        finally:
            stop.set()
            relay_thread.join()


# --- a Dask cluster --------------------------------------------------------------------


def dask_address(executor: str) -> str:
    """``dask://HOST:PORT`` as the scheduler's ``tcp://HOST:PORT``."""
    rest = executor.removeprefix("dask://")
    host, _, port = rest.rpartition(":")
    if not executor.startswith("dask://") or not host or not port.isdigit():
        raise UsageError(Problem("--executor", f"{executor!r} is not local or dask://HOST:PORT",
                                 hint="e.g. --executor dask://127.0.0.1:8786"))
    return f"tcp://{rest}"


def _dask(jobs: list[EditionJob], address: str, step: Step, timeout: float) -> Iterator[JobResult]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise UsageError(Problem("--executor", "Dask's distributed is not installed",
                                 hint="make installs it (pip install distributed)")) from None
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as error:
        raise UsageError(Problem("--executor", f"no Dask scheduler answers at {address} ({error})",
                                 hint="start one with 'dask scheduler' and workers with 'dask worker'")) from None
    with client:
        futures = {}
        for job in jobs:
            futures[client.submit(run_job, job, key=f"broadsheet-{job.index}-{job.feature.name}-{time.time_ns()}",
                                  pure=False)] = job
            step(job.index, "Queued on the cluster")
        for future in dask_completed(list(futures)):
            job = futures[future]
            try:
                yield future.result()
            except Exception as error:  # noqa: BLE001 - a worker lost, a pickling failure
                yield lost(job, f"the cluster could not render it: {type(error).__name__}: {error}")


def run_edition(jobs: list[EditionJob], workers: int = 1, executor: str = "local",
                step: Step = lambda _i, _s: None, timeout: float = 10.0) -> Iterator[JobResult]:
    """Run the jobs, yielding each result as it finishes (in no particular order)."""
    if executor == "local":
        yield from _local(jobs, workers, step)
    else:
        yield from _dask(jobs, dask_address(executor), step, timeout)


def save(result: JobResult, target: Path) -> Path:
    """Write a job's PDF atomically where this process runs."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(target, result.pdf)


def combine(parts: list[tuple[str, Path, tuple[int, ...]]], target: Path) -> int:
    """Join PDFs in order into ``target``, each page labelled with its feature and folio number; the page count.

    ``parts``: (feature name, PDF, the page numbers its folios print — or
    none: then the edition's own count).
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for name, path, folios in parts:
        first = len(writer.pages)
        reader = PdfReader(path)
        for page in reader.pages:
            writer.add_page(page)
        last = len(writer.pages) - 1
        if last < first:
            continue
        start = folios[0] if folios and len(folios) == last - first + 1 else first + 1
        writer.set_page_label(first, last, style="/D", prefix=f"{name} ", start=start)
    import io

    data = io.BytesIO()
    writer.write(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data.getvalue())
    return len(writer.pages)
