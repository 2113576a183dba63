"""``render`` of several features (an edition): a progress bar per feature, a summary table, the worst exit code."""

from __future__ import annotations

import os
import time
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..edition import EditionJob, JobResult, combine, expand, run_edition, save
from ..errors import Problem, UsageError
from ..output import output_path
from .common import Session, say, stderr, stdout

#: The steps a render reports, for the bars (a job that finishes fills its bar whatever it reported).
STEPS = 7


def render_edition(run: Session, paths: list[Path], output: Path | None, options: object, jobs: int, executor: str,
                   combined: Path | None, quiet: bool) -> None:
    """Render every feature (``options``: an ``api.RenderOptions``), write each PDF, print the table; exit the worst."""
    features = run.run(lambda: expand(paths))
    if output is not None:
        run.run(lambda: _folder(output))
    targets = [run.run(lambda f=f: output_path(f, output / f"{f.resolve().name}.pdf" if output else None))
               for f in features]
    combined_target = run.run(lambda: output_path(features[0], combined)) if combined is not None else None
    work = [EditionJob(index, Path(os.path.abspath(folder)), options) for index, folder in enumerate(features)]
    results: dict[int, JobResult] = {}
    show = not quiet and stderr.is_terminal
    start = time.perf_counter()
    with Progress(TextColumn("{task.fields[name]:<24}"), BarColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=stderr, disable=not show, transient=False) as bars:
        tasks = {job.index: bars.add_task("waiting", total=STEPS, name=job.feature.name) for job in work}

        def step(index: int, name: str) -> None:
            bars.update(tasks[index], advance=1, description=name)

        def consume() -> None:
            for result in run_edition(work, jobs, executor, step):
                results[result.index] = result
                if result.ok:
                    save(result, targets[result.index])
                bars.update(tasks[result.index], completed=STEPS,
                            description="done" if result.ok else f"failed (exit {result.exit_code})")
                if not show and not quiet:
                    say(stderr, f"[{time.perf_counter() - start:5.1f}s] {result.feature.name}: "
                                + ("done" if result.ok else f"failed (exit {result.exit_code})"))

        run.run(consume)
    _summary(work, results, targets, time.perf_counter() - start)
    worst = max((r.exit_code for r in results.values()), default=0)
    if combined_target is not None:
        if worst:
            say(stderr, f"not combined into {combined_target}: {sum(not r.ok for r in results.values())} "
                        "feature(s) failed")
        else:
            parts = [(job.feature.name, targets[job.index], results[job.index].folios) for job in work]
            pages = run.run(lambda: combine(parts, combined_target))
            say(stdout, f"combined {len(parts)} features into {combined_target} — {pages} pages")
    if worst:
        raise typer.Exit(worst)


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
            table.add_row(job.feature.name, str(result.pages), f"{result.seconds:.1f} s",
                          f"wrote {targets[job.index]}; preflight: {result.preflight}")
        else:
            table.add_row(job.feature.name, "", f"{result.seconds:.1f} s", f"failed (exit {result.exit_code})")
    stdout.print(table)
    for job in work:
        result = results.get(job.index)
        for line in result.lines if result else ():
            say(stderr if result is None or not result.ok else stdout, f"{job.feature.name}: {line}")
