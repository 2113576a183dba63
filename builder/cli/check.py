"""Preflight a feature without writing the PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..check import preflight
from ..errors import EXIT_PROBLEMS
from ..pipeline import Options, build
from .common import DEBUG_HELP, FEATURE_HELP, feature_dir, guarded, print_changes, progress, stdout


def check(
    feature: Annotated[Optional[Path], typer.Argument(help=FEATURE_HELP, metavar="FEATURE_DIR", exists=True,
                                                      file_okay=False, show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON "
                       "(schemas/check.schema.json), for CI.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Count warnings as errors.")] = False,
    layout: Annotated[Optional[str], typer.Option("--layout", help="Layout to check against.")] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="Paper preset to check against.")] = None,
    fit: Annotated[bool, typer.Option("--fit", help="Check the pages as render --fit would make them.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """Preflight a feature: lay it out and list what would go wrong on press.

    Checks: text that does not fit its frame (overset) or leaves it too empty
    (underset); characters no font of their role has; fonts not embedded;
    images under 200 ppi at placed size (150: an error) or meeting the trim
    without bleed; text too near the trim or the fold; the typography audit
    (lines not flush, 禁则, lone characters, baselines off the grid). Each with
    severity, where, and a hint. Exit 0 when clean, 3 when there are errors.
    """
    folder = feature_dir(feature)
    with progress(quiet or as_json) as step:
        result = guarded(debug, lambda: build(folder, Options(layout=layout, paper=paper, fit=fit), step))
        step("Preflight")
        report = guarded(debug, lambda: preflight(result, strict))
    if as_json:
        stdout.print_json(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print_changes(result, quiet)
        for issue in report.issues:
            stdout.print(str(issue) if not strict else str(issue).replace("warning:", "error:", 1), markup=False)
        stdout.print(f"{report.feature}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"
                     f" ({report.layout}, {report.paper})", markup=False)
    if report.errors:
        raise typer.Exit(EXIT_PROBLEMS)
