"""Preflight a feature without writing the PDF."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import report
from ..diagnostics import Diagnostic
from ..errors import EXIT_OK, EXIT_PROBLEMS
from .common import feature_dir, load_content, note, print_changes, progress, say, session, stdout
from .options import (
    DEFAULT_TIMEOUT,
    AssetOption,
    DebugOption,
    FeatureArg,
    FontOption,
    FontsetOption,
    LayoutOption,
    PaperOption,
    QuietOption,
    TimeoutOption,
    swaps,
)


def check(
    feature: FeatureArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout "
                       "(schemas/check.schema.json), however the check ends: for CI.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Count warnings as errors.")] = False,
    layout: LayoutOption = None,
    paper: PaperOption = None,
    fontset: FontsetOption = None,
    font: FontOption = None,
    asset: AssetOption = None,
    fit: Annotated[bool, typer.Option("--fit", help="Check the pages as render --fit would make them.")] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Preflight a feature: lay it out and list what would go wrong on press.

    Checks: text that does not fit its frame (overset) or leaves it too empty
    (underset); characters no font of their role has (from the fonts'
    character maps, with file and line); fonts not embedded, or whose licence
    forbids it;
    images under 200 ppi at placed size (150: an error) or meeting the trim
    without bleed; text too near the trim or the fold; the typography audit
    (lines not flush, 禁则, lone characters, baselines off the grid). Each with
    severity, where, and a hint. Exit 0 when clean, 3 when there are errors,
    1 when the content cannot be read (each problem named).
    """
    folder = feature_dir(feature, note(quiet))

    def document(exit_code: int, diagnostics: list[Diagnostic]) -> dict[str, Any]:
        return report.document("check", folder.name, exit_code, diagnostics, layout=layout, paper=paper,
                               strict=strict)

    with session("check", folder, debug=debug, as_json=as_json, timeout=timeout, document=document) as run:
        with progress(quiet or as_json) as step:
            load_content(run, folder)
            from .. import api  # imports the typesetter

            options = api.Options(layout=layout, paper=paper, fit=fit,
                                  overrides=api.Overrides(**swaps(fontset, font, asset)))
            checked = run.run(lambda: api.check(folder, options, strict, step))
            result, found = checked.build, checked.report
        exit_code = EXIT_PROBLEMS if found.errors else EXIT_OK
        if as_json:
            run.emit({**report.document("check", found.feature, exit_code, []), **found.as_json(),
                      "status": report.status(exit_code), "exit_code": exit_code})
        else:
            print_changes(result, quiet)
            for issue in found.grouped():
                say(stdout, str(issue))
            say(stdout, f"{found.feature}: {found.summary()} ({found.layout}, {found.paper})")
        if exit_code:
            raise typer.Exit(exit_code)
