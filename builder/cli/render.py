"""Render a feature to a print-ready PDF (the sample when no folder is given)."""

from __future__ import annotations

import os
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import report
from ..diagnostics import Code, Diagnostic
from ..errors import EXIT_PROBLEMS
from ..units import MM
from .common import change_lines, feature_dir, load_content, note, progress, say, session, stderr, stdout
from .options import (
    DEFAULT_TIMEOUT,
    AssetOption,
    DebugOption,
    FontOption,
    FontsetOption,
    LayoutOption,
    PaperOption,
    QuietOption,
    TimeoutOption,
    swaps,
)


class OutputKind(str, Enum):
    """What the PDF's pages are."""

    pages = "pages"
    spread = "spread"


def render(
    features: Annotated[Optional[list[Path]], typer.Argument(
        help="The feature folder (feature.md, sections/, infographic.yaml); several folders, or an "
             "edition.toml listing them in page order, render an edition. Default: the feature of the "
             "project in the current folder; outside any project, the bundled sample.",
        metavar="FEATURE_DIR...", exists=True, show_default=False, is_eager=True)] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="The PDF to write: a new file or "
                      "a PDF to replace (not a folder, device, or a file in the feature or the toolkit). "
                      "Default: out/<feature>.pdf in the project folder. With several features: a folder "
                      "that receives <feature>.pdf each.")] = None,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", min=1, help="Render this many features at "
                    "once, each in its own process (default: one per core).")] = None,
    executor: Annotated[str, typer.Option("--executor", metavar="local|dask://HOST:PORT", help="Where the "
                        "features render: local processes, or the workers of a Dask scheduler (they read "
                        "the project at the same path; the PDFs are written here).")] = "local",
    combine: Annotated[Optional[Path], typer.Option("--combine", metavar="OUT.pdf", help="Also join the "
                       "features' PDFs in order into one, each page labelled with its feature and page "
                       "number.", dir_okay=False)] = None,
    kind: Annotated[OutputKind, typer.Option("--as", help="pages: one PDF page per newspaper page, "
                    "with TrimBox and BleedBox (for the printer); spread: one double-width sheet (for screens).",
                    case_sensitive=False)] = OutputKind.pages,
    layout: LayoutOption = None,
    paper: PaperOption = None,
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
    emit_html: Annotated[Optional[Path], typer.Option("--emit-html", metavar="PATH", help="Also write the "
                         "composed HTML to PATH, one self-contained file (images and font files inlined), "
                         "for debugging templates or printing with another engine; written even when "
                         "overset stops the PDF.", dir_okay=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout, however the "
                       "render ends, and no table or progress: schemas/render.schema.json (several features: "
                       "schemas/edition.schema.json, every feature's render document and the edition's "
                       "result).")] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Render a feature folder to a print-ready PDF.

    Text that does not fit its frame is never dropped silently: render stops
    with exit code 3 and says which frame, how many lines and from which
    words, unless --fit fits it or --allow-overset writes a marked proof.
    The previous PDF is replaced only when the render succeeds.
    """
    from ..output import output_path

    paths = features or []
    if is_edition(paths, jobs, executor, combine):
        _edition(paths, output, jobs, executor, combine, kind, layout, paper, fontset, font, asset, fit,
                 allow_overset, as_json, timeout, quiet, debug)
        return
    feature = paths[0] if paths else None
    if feature is not None and not feature.is_dir():
        raise typer.BadParameter(f"{feature} is not a folder", param_hint="FEATURE_DIR")
    if output is not None and output.is_dir():
        raise typer.BadParameter(f"{output} is a directory: give the path of a PDF file (a folder takes "
                                 "several features' PDFs)", param_hint="-o")
    folder = feature_dir(feature, note(quiet))
    start = time.perf_counter()
    summary: dict[str, Any] = {"layout": layout, "paper": paper, "as": kind.value}

    def document(exit_code: int, diagnostics: list[Diagnostic]) -> dict[str, Any]:
        return report.document("render", folder.name, exit_code, diagnostics, **summary)

    with session("render", folder, debug=debug, as_json=as_json, timeout=timeout, document=document) as run:
        # Where the PDF goes is checked before the work: a refused path or a
        # read-only disk is said at once, not after the layout.
        target = run.run(lambda: output_path(folder, output, follow_symlinks))
        summary["output"] = report.path_json(target)
        html_target = run.run(lambda: output_path(folder, emit_html, suffix=".html")) if emit_html else None
        with progress(quiet or as_json) as step:
            load_content(run, folder)
            from .. import api  # imports the typesetter

            options = api.RenderOptions(layout=layout, paper=paper, mode=kind.value, fit=fit,
                                        overrides=api.Overrides(**swaps(fontset, font, asset)),
                                        allow_overset=allow_overset)
            result = run.run(lambda: api.build(folder, options, step))
            summary.update(report.build_fields(result))
            if not as_json:
                for line in change_lines(result):
                    say(stdout, line)
            overset = api.overset(result)
            summary["overset"] = [issue.frame for issue in overset]
            run.diagnostics.extend(overset)
            for issue in overset:
                say(stderr, str(issue))
            rendered = run.run(lambda: api.render_build(result, target, allow_overset, step))
            if html_target is not None:
                run.run(lambda: api.emit_html(rendered.build, html_target))
                summary["html"] = report.path_json(html_target)
            if not rendered.written:
                say(stderr, f"nothing written: {len(overset)} frame(s) overset"
                            + ("" if fit else " (render --fit copyfits within the layout's bounds)"))
                raise typer.Exit(EXIT_PROBLEMS)
            result, found = rendered.build, rendered.report
            assert found is not None
            summary["preflight"] = report.preflight_fields(found)
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
            for line in result.plan.notes:
                say(stdout, f"  {line}")
        # What check would say of the PDF just written: a line, and what will print badly.
        say(stdout, f"preflight: {found.summary()}" + (" ('broadsheet check' lists them)" if found.issues else ""))
        for issue in found.serious():
            if issue.code is not Code.OVERSET:  # said above
                say(stderr, str(issue))


def is_edition(paths: list[Path], jobs: int | None, executor: str, combine: Path | None) -> bool:
    """Whether a render is of an edition: several features, an edition file, or an option only editions take."""
    from ..edition import EDITION_FILE

    return len(paths) > 1 or jobs is not None or combine is not None or executor != "local" or any(
        path.is_file() or (path / EDITION_FILE).is_file() for path in paths)


def _edition(paths: list[Path], output: Path | None, jobs: int | None, executor: str, combine: Path | None,
             kind: OutputKind, layout: str | None, paper: str | None, fontset: str | None, font: list[str] | None,
             asset: list[str] | None, fit: bool, allow_overset: bool, as_json: bool, timeout: float, quiet: bool,
             debug: bool) -> None:
    if not paths:
        raise typer.BadParameter("name the feature folders of the edition (or an edition.toml)",
                                 param_hint="FEATURE_DIR...")
    from ..api import Overrides, RenderOptions
    from .edition import render_edition

    options = RenderOptions(layout=layout, paper=paper, mode=kind.value, fit=fit,
                            overrides=Overrides(**swaps(fontset, font, asset)), allow_overset=allow_overset)
    render_edition(paths, output, options, jobs or os.cpu_count() or 1, executor, combine, quiet=quiet,
                   as_json=as_json, timeout=timeout, debug=debug)
