"""``render`` of several features (an edition): a progress bar per feature, a summary table, the worst exit code.

With ``--json`` the bars, the table and the lines for people on stdout give
way to one JSON document (``schemas/edition.schema.json``) however the
edition ends: each feature's render document, ``--combine``'s result, and
what stopped the edition, if anything. stderr keeps one line per problem.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import report
from ..diagnostics import Code, Diagnostic
from ..edition import EditionJob, JobResult, combine, edition_name, expand, feature_document, run_edition, save
from ..errors import EXIT_TIMEOUT, EXIT_USAGE, BroadsheetError, Problem, UsageError
from ..output import output_path
from .common import held_signals, say, session, stderr, stdout

#: The steps a render reports, for the bars (a job that finishes fills its bar whatever it reported).
STEPS = 7


@dataclass
class Edition:
    """What an edition has done so far: enough to say it in JSON at any moment (a signal may come at any)."""

    paths: list[Path]
    output: Path | None
    jobs: int
    executor: str
    start: float = field(default_factory=time.perf_counter)
    name: str | None = None
    work: list[EditionJob] = field(default_factory=list)
    targets: list[Path] = field(default_factory=list)
    results: dict[int, JobResult] = field(default_factory=dict)
    combined: dict[str, Any] | None = None

    def document(self, exit_code: int, diagnostics: list[Diagnostic]) -> dict[str, Any]:
        """The edition's JSON document; the features that did not finish take the edition's exit code."""
        why = _unfinished(exit_code) if exit_code else None
        features = [feature_document(job, self.results.get(job.index), self.targets[job.index],
                                     self.written(job.index), exit_code, why) for job in self.work]
        return report.edition_document(exit_code, diagnostics, features, edition=self.name,
                                       output=report.path_json(self.output), jobs=self.jobs, executor=self.executor,
                                       seconds=round(time.perf_counter() - self.start, 2), combined=self.combined)

    def written(self, index: int) -> bool:
        result = self.results.get(index)
        return result is not None and result.ok


def _unfinished(exit_code: int) -> Diagnostic:
    """Why a feature has no result: the edition stopped first."""
    code = Code.TIMEOUT if exit_code == EXIT_TIMEOUT else Code.STOPPED if exit_code > 128 else \
        Code.USAGE if exit_code == EXIT_USAGE else Code.INTERNAL
    return report.stopped(code, "not rendered: the edition stopped before this feature finished (nothing written)")


def render_edition(paths: list[Path], output: Path | None, options: object, jobs: int, executor: str,
                   combined: Path | None, *, quiet: bool, as_json: bool, timeout: float, debug: bool) -> None:
    """Render every feature (``options``: an ``api.RenderOptions``), write each PDF, say how it went; exit the worst."""
    edition = Edition(paths, output, jobs, executor)
    with session("render", paths[0], debug=debug, as_json=as_json, timeout=timeout, document=edition.document,
                 left="the features finished are written, the others are not") as run:
        features = run.run(lambda: expand(paths))
        edition.name = edition_name(paths)
        if output is not None:
            run.run(lambda: _folder(output))
        targets = [run.run(lambda f=f: output_path(f, output / f"{f.resolve().name}.pdf" if output else None))
                   for f in features]
        combined_target = run.run(lambda: output_path(features[0], combined)) if combined is not None else None
        edition.targets = targets
        edition.work = work = [EditionJob(index, Path(os.path.abspath(folder)), options)
                               for index, folder in enumerate(features)]
        if combined_target is not None:
            edition.combined = {"output": report.path_json(combined_target), "written": False, "pages": None}
        results = edition.results
        show = not quiet and not as_json and stderr.is_terminal
        with Progress(TextColumn("{task.fields[name]:<24}"), BarColumn(), TextColumn("{task.description}"),
                      TimeElapsedColumn(), console=stderr, disable=not show, transient=False) as bars:
            tasks = {job.index: bars.add_task("waiting", total=STEPS, name=job.feature.name) for job in work}

            def step(index: int, name: str) -> None:
                bars.update(tasks[index], advance=1, description=name)

            def consume() -> None:
                for result in run_edition(work, jobs, executor, step):
                    with held_signals():  # the PDF on disk and the result that says so, together
                        if result.ok:
                            try:
                                save(result, targets[result.index])
                            except BroadsheetError as error:  # this feature's PDF is lost, not the edition
                                result = result.failed(error.problems, error.exit_code)
                        results[result.index] = result
                    bars.update(tasks[result.index], completed=STEPS,
                                description="done" if result.ok else f"failed (exit {result.exit_code})")
                    if not show and not quiet and not as_json:
                        say(stderr, f"[{time.perf_counter() - edition.start:5.1f}s] {result.feature.name}: "
                                    + ("done" if result.ok else f"failed (exit {result.exit_code})"))

            run.run(consume)
        if not as_json:
            _summary(work, results, targets, time.perf_counter() - edition.start)
        for job in work:  # the one line per problem stays on stderr with --json
            result = results.get(job.index)
            if result is not None and not result.ok:
                for line in result.lines:
                    say(stderr, f"{job.feature.name}: {line}")
        worst = max((r.exit_code for r in results.values()), default=0)
        if combined_target is not None:
            if worst:
                say(stderr, f"not combined into {combined_target}: {sum(not r.ok for r in results.values())} "
                            "feature(s) failed")
            else:
                parts = [(job.feature.name, targets[job.index], results[job.index].folios) for job in work]
                pages = run.run(lambda: combine(parts, combined_target))
                edition.combined = {"output": report.path_json(combined_target), "written": True, "pages": pages}
                if not as_json:
                    say(stdout, f"combined {len(parts)} features into {combined_target} — {pages} pages")
        if worst:
            raise typer.Exit(worst)
        run.emit(edition.document(0, run.diagnostics))


def _folder(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise UsageError(Problem(output, "is a file: with several features -o names a folder that receives "
                                 "<feature>.pdf each"))


def _summary(work: list[EditionJob], results: dict[int, JobResult], targets: list[Path], seconds: float) -> None:
    table = Table(title=f"edition: {len(work)} features, {seconds:.1f} s", title_justify="left")
    for name, justify in (("feature", "left"), ("pages", "right"), ("time", "right"), ("result", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for job in work:
        result = results.get(job.index)
        if result is None:
            table.add_row(job.feature.name, "", "", "not run")
        elif result.ok:
            preflight = result.report.summary() if result.report is not None else ""
            table.add_row(job.feature.name, str(result.pages), f"{result.seconds:.1f} s",
                          f"wrote {targets[job.index]}; preflight: {preflight}")
        else:
            table.add_row(job.feature.name, "", f"{result.seconds:.1f} s", f"failed (exit {result.exit_code})")
    stdout.print(table)
    for job in work:  # what will print badly in the PDFs written (the failures' lines are said on stderr)
        result = results.get(job.index)
        if result is not None and result.ok:
            for line in result.lines:
                say(stdout, f"{job.feature.name}: {line}")
