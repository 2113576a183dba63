"""Preflight a feature without writing the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..check.typography import audit
from ..errors import EXIT_PROBLEMS
from ..pipeline import Options, build
from .common import DEBUG_HELP, FEATURE_HELP, feature_dir, guarded, progress, stdout


def check(
    feature: Annotated[Optional[Path], typer.Argument(help=FEATURE_HELP, metavar="[FEATURE_DIR]", exists=True, file_okay=False,
                                                      show_default=False)] = None,
    layout: Annotated[Optional[str], typer.Option("--layout", help="Layout to check against.")] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="Paper preset to check against.")] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """Lay out a feature and report the frames whose text does not fit."""
    folder = feature_dir(feature)
    with progress(quiet) as step:
        result = guarded(debug, lambda: build(folder, Options(layout=layout, paper=paper), step))
    problems = 0
    for fit in result.fits:
        if fit.overset:
            problems += 1
            stdout.print(f"error: {fit.name}: {fit.overset_lines} lines overset, from {fit.first_overset!r}",
                         markup=False)
    for finding in audit(result.document, result.plan):
        problems += 1
        stdout.print(f"error: {finding}", markup=False)
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)
    stdout.print(f"ok: {len(result.fits)} frames fit, no typographic findings", markup=False)
