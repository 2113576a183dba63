"""Render a feature to a print-ready PDF (the sample when no folder is given)."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import report
from ..diagnostics import Code, Diagnostic
from ..errors import EXIT_PROBLEMS
from ..output import output_path
from ..units import MM
from .common import (
    DEBUG_HELP,
    DEFAULT_TIMEOUT,
    FEATURE_HELP,
    TIMEOUT_HELP,
    AssetOption,
    FontOption,
    FontsetOption,
    change_lines,
    feature_dir,
    layout_name,
    load_content,
    progress,
    say,
    session,
    stderr,
    stdout,
    swaps,
)


class OutputKind(str, Enum):
    """What the PDF's pages are."""

    pages = "pages"
    spread = "spread"


def render(
    feature: Annotated[Optional[Path], typer.Argument(help=FEATURE_HELP, metavar="FEATURE_DIR", exists=True,
                                                      file_okay=False, show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="The PDF to write: a new file or "
                      "a PDF to replace (not a folder, device, or a file in the feature or the toolkit). "
                      "Default: out/<feature>.pdf in the project folder.", dir_okay=False)] = None,
    kind: Annotated[OutputKind, typer.Option("--as", help="pages: one PDF page per newspaper page, "
                    "with TrimBox and BleedBox (for the printer); spread: one double-width sheet (for screens).",
                    case_sensitive=False)] = OutputKind.pages,
    layout: Annotated[Optional[str], typer.Option("--layout", help="Layout to use instead of the "
                      "feature's: a name (see 'broadsheet info').", callback=layout_name)] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="Paper preset instead of the feature's: "
                     "broadsheet-cn, berliner, tabloid, ciner.")] = None,
    fontset: FontsetOption = None,
    font: FontOption = None,
    asset: AssetOption = None,
    fit: Annotated[bool, typer.Option("--fit", help="Copyfit frames whose text does not fit (or leaves too "
                   "much empty): tracking, then body size, within the bounds of the layout's [fit]; "
                   "reports every change.")] = False,
    allow_overset: Annotated[bool, typer.Option("--allow-overset", help="Write the PDF even when text does "
                             "not fit: the frame gets a red overset mark, the report is printed, and the "
                             "text that does not fit is left out of the PDF.")] = False,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="When -o is a symbolic link, "
                               "replace the file it points to (by default a link is refused).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON summary on stdout "
                       "(schemas/render.schema.json), however the render ends.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", min=0, help=TIMEOUT_HELP)
                       ] = DEFAULT_TIMEOUT,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress, only errors.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """Render a feature folder to a print-ready PDF.

    Text that does not fit its frame is never dropped silently: render stops
    with exit code 3 and says which frame, how many lines and from which
    words, unless --fit fits it or --allow-overset writes a marked proof.
    The previous PDF is replaced only when the render succeeds.
    """
    folder = feature_dir(feature)
    start = time.perf_counter()
    summary: dict[str, Any] = {"layout": layout, "paper": paper, "as": kind.value}

    def document(exit_code: int, diagnostics: list[Diagnostic]) -> dict[str, Any]:
        return report.document("render", folder.name, exit_code, diagnostics, **summary)

    with session("render", folder, debug=debug, as_json=as_json, timeout=timeout, document=document) as run:
        # Where the PDF goes is checked before the work: a refused path or a
        # read-only disk is said at once, not after the layout.
        target = run.run(lambda: output_path(folder, output, follow_symlinks))
        summary["output"] = report.path_json(target)
        with progress(quiet or as_json) as step:
            load_content(run, folder, fontset)
            from ..check import preflight  # these import the typesetter
            from ..check.frames import fit_issues
            from ..pipeline import Options, Overrides, build, export, mark_overset, write_output

            options = Options(layout=layout, paper=paper, mode=kind.value, fit=fit,
                              overrides=Overrides(**swaps(fontset, font, asset)))
            result = run.run(lambda: build(folder, options, step))
            summary.update(layout=result.layout.name, paper=result.grid.paper.name, fontset=result.fonts.name,
                           changes=[{"frame": str(c.frame), "description": c.description, "fitted": c.fitted}
                                    for c in result.changes])
            if not as_json:
                for line in change_lines(result):
                    say(stdout, line)
            overset = [issue for issue in fit_issues(result) if issue.code is Code.OVERSET]
            summary["overset"] = [issue.frame for issue in overset]
            run.diagnostics.extend(overset)
            for issue in overset:
                say(stderr, str(issue))
            if overset and not allow_overset:
                say(stderr, f"nothing written: {len(overset)} frame(s) overset"
                            + ("" if fit else " (render --fit copyfits within the layout's bounds)"))
                raise typer.Exit(EXIT_PROBLEMS)
            if overset:
                result = run.run(lambda: mark_overset(result, step))
            result = run.run(lambda: export(result, step))
            run.run(lambda: write_output(result, target))
            step("Preflight")
            found = run.run(lambda: preflight(result))
            summary["preflight"] = {"errors": len(found.errors), "warnings": len(found.warnings),
                                    "serious": [i.as_json() for i in found.serious() if i.code is not Code.OVERSET]}
        grid = result.grid
        pages = len(result.composition.sheets)
        seconds = time.perf_counter() - start
        summary.update(written=True, pages=pages, seconds=round(seconds, 2))
        run.emit(document(0, run.diagnostics))
        if as_json:
            return
        say(stdout,
            f"wrote {target} — {pages} PDF page{'s' if pages > 1 else ''} ({kind.value}), "
            f"{grid.paper.name} {grid.paper.width_mm:g} × {grid.paper.height_mm:g} mm + {grid.bleed / MM:g} mm bleed, "
            f"{seconds:.1f} s"
            + (f"; {len(overset)} frame(s) overset and marked" if overset else ""))
        if not quiet:
            for note in result.plan.notes:
                say(stdout, f"  {note}")
        # What check would say of the PDF just written: a line, and what will print badly.
        say(stdout, f"preflight: {found.summary()}" + (" ('broadsheet check' lists them)" if found.issues else ""))
        for issue in found.serious():
            if issue.code is not Code.OVERSET:  # said above
                say(stderr, str(issue))
