"""Render a feature to a print-ready PDF (the sample when no folder is given)."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..check.frames import fit_issues
from ..errors import EXIT_PROBLEMS
from ..layout.spec import MM
from ..pipeline import Options, build, mark_overset, write_output
from .common import DEBUG_HELP, FEATURE_HELP, feature_dir, guarded, print_changes, progress, stderr, stdout


class OutputKind(str, Enum):
    """What the PDF's pages are."""

    pages = "pages"
    spread = "spread"


def render(
    feature: Annotated[Optional[Path], typer.Argument(help=FEATURE_HELP, metavar="FEATURE_DIR", exists=True,
                                                      file_okay=False, show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="The PDF to write. "
                      "Default: out/<feature>.pdf in the project folder.", dir_okay=False)] = None,
    kind: Annotated[OutputKind, typer.Option("--as", help="pages: one PDF page per newspaper page, "
                    "with TrimBox and BleedBox (for the printer); spread: one double-width sheet (for screens).",
                    case_sensitive=False)] = OutputKind.pages,
    layout: Annotated[Optional[str], typer.Option("--layout", help="Layout to use instead of the "
                      "feature's (see 'broadsheet info').")] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="Paper preset instead of the feature's: "
                     "broadsheet-cn, berliner, tabloid, ciner.")] = None,
    fit: Annotated[bool, typer.Option("--fit", help="Copyfit frames whose text does not fit (or leaves too "
                   "much empty): tracking, then body size, within the bounds of the layout's [fit]; "
                   "reports every change.")] = False,
    allow_overset: Annotated[bool, typer.Option("--allow-overset", help="Write the PDF even when text does "
                             "not fit: the frame gets a red overset mark, the report is printed, and the "
                             "text that does not fit is left out of the PDF.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress, only errors.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """Render a feature folder to a print-ready PDF.

    Text that does not fit its frame is never dropped silently: render stops
    with exit code 3 and says which frame, how many lines and from which
    words, unless --fit fits it or --allow-overset writes a marked proof.
    """
    folder = feature_dir(feature)
    options = Options(layout=layout, paper=paper, mode=kind.value, fit=fit)
    start = time.perf_counter()
    with progress(quiet) as step:
        result = guarded(debug, lambda: build(folder, options, step))
        print_changes(result, quiet)
        overset = [issue for issue in fit_issues(result) if issue.code == "overset"]
        for issue in overset:
            stderr.print(str(issue), markup=False)
        if overset and not allow_overset:
            stderr.print(f"nothing written: {len(overset)} frame(s) overset"
                         + ("" if fit else " (render --fit copyfits within the layout's bounds)"), markup=False)
            raise typer.Exit(EXIT_PROBLEMS)
        if overset:
            result = guarded(debug, lambda: mark_overset(result, step))
        target = output or result.project.root / "out" / f"{result.feature.slug}.pdf"
        guarded(debug, lambda: write_output(result, target, step))
    grid = result.grid
    pages = len(result.composition.sheets)
    stdout.print(
        f"wrote {target} — {pages} PDF page{'s' if pages > 1 else ''} ({kind.value}), "
        f"{grid.paper.name} {grid.paper.width_mm:g} × {grid.paper.height_mm:g} mm + {grid.bleed / MM:g} mm bleed, "
        f"{time.perf_counter() - start:.1f} s"
        + (f"; {len(overset)} frame(s) overset and marked" if overset else ""),
        markup=False,
    )
    if not quiet:
        for note in result.plan.notes:
            stdout.print(f"  {note}", markup=False)
