"""Proof pictures of a feature, with overlays; or the layout gallery."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import printable
from ..preview.shapes import DEFAULT_LAYERS, LAYERS, parse_layers
from .common import feature_dir, load_content, note, progress, session, stdout
from .options import (
    AssetOption,
    DebugOption,
    FeatureArg,
    FontOption,
    FontsetOption,
    LayoutOption,
    PaperOption,
    QuietOption,
    swaps,
)


class PictureKind(str, Enum):
    """Which pictures to write."""

    pages = "pages"
    spread = "spread"


#: What -o of preview cannot be: it names a folder, and these are files.
FILE_SUFFIXES = (".png", ".pdf", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".svg", ".html")


def _names(text: str | None) -> list[str] | None:
    return [name.strip() for name in text.split(",") if name.strip()] if text else None


def preview(
    feature: FeatureArg = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Folder for the pictures. Default: "
                      "out/preview/<feature>/ (out/gallery/<feature>/ with --gallery) in the project folder.",
                      file_okay=False)] = None,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of the pictures, pixels per inch.",
                                     min=10, max=600)] = 100,
    kind: Annotated[Optional[PictureKind], typer.Option("--as", help="pages: one PNG per page (the whole "
                    "sheet: trim, bleed, crop marks); spread: one PNG of the pages side by side. "
                    "Default: both.", case_sensitive=False, show_default=False)] = None,
    overlay: Annotated[str, typer.Option("--overlay", metavar="LAYERS", help="What to draw over the pages, "
                       f"comma-separated: {', '.join(LAYERS)} — or none. Frames are outlined and labelled, "
                       "overset frames hatched red with their line count; columns are the page grid and its "
                       "margins; baseline the rows body lines sit on; problems the preflight findings as "
                       "numbered markers with a legend under the picture. Never drawn into a PDF.")]
    = ",".join(DEFAULT_LAYERS),
    layout: LayoutOption = None,
    paper: PaperOption = None,
    fontset: FontsetOption = None,
    font: FontOption = None,
    asset: AssetOption = None,
    fit: Annotated[bool, typer.Option("--fit", help="Show the pages as render --fit would make them.")] = False,
    gallery: Annotated[bool, typer.Option("--gallery", help="Render the feature in every layout × paper (or "
                       "those --layouts and --papers name), in parallel, and write one picture of each, the "
                       "contact sheet gallery.png and index.html, each labelled with what preflight found.")]
    = False,
    layouts: Annotated[Optional[str], typer.Option("--layouts", metavar="A,B", help="With --gallery: the "
                       "layouts to show. Default: all.")] = None,
    papers: Annotated[Optional[str], typer.Option("--papers", metavar="X,Y", help="With --gallery: the paper "
                      "presets to show. Default: all.")] = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Write proof pictures of a feature: PNGs of its pages and spread with overlays.

    Rasterised from the PDF that render would write, with frames, the page
    grid, the baseline grid, overset text and preflight problems drawn over
    it (a legend under the picture lists the numbered problems). A feature
    whose text does not fit still gets its pictures, the overset hatched in
    red: exit code 0 whenever the pictures are written. With --gallery, one
    contact sheet of the feature in every layout × paper.
    """
    if output is not None and output.suffix.lower() in FILE_SUFFIXES:
        raise typer.BadParameter(f"{printable(str(output))!r} names a {output.suffix} file; preview writes a folder "
                                 "of PNG pictures (e.g. -o proofs/; a PDF is 'broadsheet render -o')",
                                 param_hint="'-o' / '--output'")
    try:
        layers = parse_layers(overlay)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--overlay") from None
    if not gallery and (layouts or papers):
        raise typer.BadParameter("--layouts and --papers choose the variants of --gallery; "
                                 "for one proof use --layout and --paper", param_hint="--layouts/--papers")
    if gallery and (layout or paper or kind):
        raise typer.BadParameter("--gallery shows every layout × paper as a spread; choose them with --layouts "
                                 "and --papers", param_hint="--layout/--paper/--as")
    # Imported here: they import the typesetter, which only this work needs.
    from ..pipeline import Options, Overrides
    from ..preview.files import PICTURES, write_pictures
    from ..preview.gallery import make_gallery, variants
    from ..preview.source import make_proof
    from ..project import load_project

    folder = feature_dir(feature, note(quiet))
    start = time.perf_counter()
    overrides = Overrides(**swaps(fontset, font, asset))
    with session("preview", folder, debug=debug) as run:
        if gallery:
            load_content(run, folder)
            chosen = run.run(lambda: variants(folder, _names(layouts), _names(papers)))
            target = output or run.run(lambda: load_project(folder).root) / "out" / "gallery" / folder.resolve().name
            with progress(quiet) as step:
                step(f"Rendering {len(chosen)} variant(s)")
                cells = run.run(lambda: make_gallery(folder, target, chosen, dpi, layers, overrides=overrides,
                                                     progress=lambda line: stdout.print(line, markup=False)
                                                     if not quiet else None))
            stdout.print(f"wrote {target / 'gallery.png'} and {target / 'index.html'} — {len(cells)} variant(s), "
                         f"{time.perf_counter() - start:.1f} s", markup=False)
            return
        pictures = PICTURES if kind is None else (kind.value,)
        with progress(quiet) as step:
            load_content(run, folder)
            options = Options(layout=layout, paper=paper, fit=fit, overrides=overrides)
            proof = run.run(lambda: make_proof(folder, options, step))
            target = output or run.run(lambda: load_project(folder).root) / "out" / "preview" / proof.overlay.feature
            written = run.run(lambda: write_pictures(proof, target, dpi, pictures, layers, step))
    for path in written:
        stdout.print(f"wrote {path}", markup=False)
    overlay_shapes = proof.overlay
    stdout.print(f"{overlay_shapes.feature} ({overlay_shapes.layout}, {overlay_shapes.paper}): "
                 f"{overlay_shapes.summary.text}, {time.perf_counter() - start:.1f} s", markup=False)
    for marker in overlay_shapes.markers:
        stdout.print(f"  {marker}", markup=False)
