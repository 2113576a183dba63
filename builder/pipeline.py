"""The pipeline: content files → model → plan → HTML → laid-out pages → PDF.

Input: a feature folder and :class:`Options`. Output: a :class:`Build` holding
every intermediate result (the model, the plan, the print-ready images, the
composed HTML, the laid-out document, the frame fits) so that render, check
and preview work from the same pages. Only :func:`write_output` touches the output file, and it
replaces it atomically: a failed build leaves the previous PDF untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .assets import swap_images
from .cache import cache_dir
from .check.frames import FrameFit, measure_fit
from .compose import Composition, Mode, compose_galley, compose_pages
from .content import load_feature
from .copyfit import Change, apply, copyfit
from .errors import LayoutError, Problem
from .fonts import FontSet, choose_fonts, command_line_level, feature_level
from .images import PlacedImage, place_images
from .layout.galley import Galley, GalleyRef, display_items, galley_items
from .layout.plan import Plan
from .layout.rules import check_panels, solve
from .layout.spec import Grid, Layout, find_paper, load_layout, make_grid
from .model import ContentKind, Feature
from .output import write_atomically
from .project import NAME_RULE, Project, is_name, load_project
from .typeset import FontInfo, measure, render, write_pdf
from .typeset.cjk import CJKSettings
from .typeset.laidout import prune_overset

if TYPE_CHECKING:
    from weasyprint import Document  # only builder.typeset imports WeasyPrint at run time

Progress = Callable[[str], None]

#: Re-plan at most this many times when laid-out text overflows its frame.
MAX_REFITS = 3


@dataclass(frozen=True)
class Overrides:
    """Fonts and images swapped for one build, over what the content and settings say.

    ``fonts`` and ``assets`` are (role, family-or-file chain) and (slot, path)
    pairs as given on the command line; a later pair for the same role wins.
    """

    fontset: str | None = None
    fonts: tuple[tuple[str, str], ...] = ()
    assets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Options:
    """What the user chose on the command line; None means "from the content"."""

    layout: str | None = None
    paper: str | None = None
    mode: Mode = "pages"
    #: copyfit frames that overset or stay too empty (within the layout's bounds)
    fit: bool = False
    #: --fontset, --font and --asset
    overrides: Overrides = Overrides()


@dataclass
class Build:
    """Everything one build produced, stage by stage."""

    project: Project
    feature: Feature
    layout: Layout
    grid: Grid
    fonts: FontSet
    galley: Galley
    plan: Plan
    composition: Composition
    document: Document
    fits: list[FrameFit] = field(default_factory=list)
    chinese: CJKSettings | None = None
    #: what copyfitting changed (render --fit)
    changes: list[Change] = field(default_factory=list)
    #: the fonts of the PDF written from these pages (None until one is written)
    pdf_fonts: list[FontInfo] | None = None
    #: the print-ready file of each image frame, by frame name
    images: dict[str, PlacedImage] = field(default_factory=dict)


def _quiet(_: str) -> None:
    pass


def prepare(feature_dir: Path, options: Options) -> tuple[Project, Feature, Layout, Grid, FontSet]:
    """Read the content (with the images --asset swaps in), the layout, the paper and the font set."""
    project = load_project(feature_dir)
    feature = load_feature(feature_dir, project.root)
    feature = swap_images(feature, options.overrides.assets, project.root)
    layout_name = options.layout or feature.meta.layout
    folder = project.find("layouts", layout_name)
    if folder is None or not (folder / "layout.toml").is_file():
        known = ", ".join(n for n in project.available("layouts") if n != "common")
        where = feature.source if options.layout is None else None
        what = "unknown layout" if is_name(layout_name) else f"a layout is {NAME_RULE}:"
        raise LayoutError(Problem(where, f"{what} {layout_name!r} (known: {known})",
                                  key="layout" if where else None, code="unknown-layout"))
    layout = load_layout(folder)
    check_panels(feature, layout)  # before any layout work: a runaway infographic is refused at once
    paper_name = options.paper or feature.meta.paper or layout.paper.default
    paper = find_paper(paper_name, feature.source if options.paper is None else "--paper")
    grid = make_grid(layout, paper)
    overrides = options.overrides
    fonts = choose_fonts(project, [feature_level(feature.source, feature.meta.fonts, project.root),
                                   command_line_level(overrides.fontset, overrides.fonts)],
                         cache_dir(project.root, "fonts"))
    for name, style in layout.type.items():
        if style.role not in fonts.roles:
            raise LayoutError(Problem(folder / "layout.toml", f"role {style.role!r} is not in the font set "
                                      f"{fonts.name!r}", key=f"type.{name}.role"))
    return project, feature, layout, grid, fonts


def build(feature_dir: Path, options: Options = Options(), progress: Progress = _quiet) -> Build:
    """Run the pipeline up to laid-out pages and their frame fits."""
    progress("Reading content")
    project, feature, layout, grid, fonts = prepare(feature_dir, options)

    progress("Measuring the galley")
    chinese = CJKSettings(han_latin_em=layout.cjk.han_latin_space)
    galley = measure_galley(feature, layout, grid, fonts, project, chinese)

    extra: dict[GalleyRef, float] = {}
    for attempt in range(MAX_REFITS + 1):
        progress("Placing frames" if attempt == 0 else f"Placing frames again ({attempt})")
        plan = solve(feature, layout, grid, _with_extra(galley, extra))
        progress("Preparing images")
        images = prepare_images(project, feature, layout, plan)
        progress("Typesetting")
        composition, document, fits = _lay_out(feature, plan, layout, fonts, project, options.mode, chinese,
                                               images)
        # Frames the rules thought would fit but do not on the pages (the
        # galley is a measurement, the pages are the truth).
        overset = [fit for fit in fits if fit.overset and fit.content.kind is ContentKind.SECTION
                   and fit.content not in plan.shortfall]
        if not overset or attempt == MAX_REFITS:
            break
        # The rules sized these frames from the galley; the pages need more:
        # tell the rules how many lines more and place again.
        for fit in overset:
            body = GalleyRef.body(fit.content.key)
            extra[body] = extra.get(body, 0.0) + fit.overset_lines * grid.pitch
    result = Build(project, feature, layout, grid, fonts, galley, plan, composition, document, fits, chinese,
                   images=images)
    if options.fit:
        result = fit_build(result, progress)
    return result


def measure_galley(feature: Feature, layout: Layout, grid: Grid, fonts: FontSet, project: Project,
                   chinese: CJKSettings | None) -> Galley:
    """Set every block the frame rules need measured, at every width they may give it, and measure it."""
    items = galley_items(feature, layout, grid)
    display = display_items(feature)
    html = compose_galley(feature, layout, grid, fonts, project, items, display)
    return measure(html, project.read_roots, [item.ref for item in items], display, chinese, fonts.font_files)


def prepare_images(project: Project, feature: Feature, layout: Layout, plan: Plan) -> dict[str, PlacedImage]:
    """The print-ready file of each image frame of a plan (see :mod:`builder.images`)."""
    return place_images(feature, plan, plan.grid, layout.images, cache_dir(project.root, "images"))


def _lay_out(feature: Feature, plan: Plan, layout: Layout, fonts: FontSet, project: Project, mode: Mode,
             chinese: CJKSettings | None, images: dict[str, PlacedImage]
             ) -> tuple[Composition, Document, list[FrameFit]]:
    """Compose a plan, lay it out, and measure how its frames fit."""
    composition = compose_pages(feature, plan, layout, fonts, project, mode, images)
    document = render(composition.html, project.read_roots, chinese, fonts.font_files)
    return composition, document, measure_fit(document, plan)


def typeset(result: Build, plan: Plan, progress: Progress = _quiet) -> Build:
    """Lay out ``plan`` again (the same feature, layout and fonts; images for its frames)."""
    images = prepare_images(result.project, result.feature, result.layout, plan)
    progress("Typesetting")
    composition, document, fits = _lay_out(result.feature, plan, result.layout, result.fonts, result.project,
                                           result.composition.mode, result.chinese, images)
    return replace(result, plan=plan, composition=composition, document=document, fits=fits, images=images)


def fit_build(result: Build, progress: Progress = _quiet) -> Build:
    """Copyfit the frames that need it, then lay out the spread with the changes."""
    changes = copyfit(result, progress)
    if not changes:
        return result
    fitted = typeset(result, apply(result.plan, changes), progress)
    fitted.changes = changes
    return fitted


def mark_overset(result: Build, progress: Progress = _quiet) -> Build:
    """The pages with overset frames marked, and the text that fell out left off.

    The overset text is not drawn, clipped and hidden, into the PDF: what the
    PDF holds is what prints. The report names what was left out.
    """
    overset = {fit.content: fit.overset_lines for fit in result.fits if fit.overset}
    if not overset:
        return result
    frames = tuple(f.moved(overset=overset[f.content]) if f.content in overset else f for f in result.plan.frames)
    marked = typeset(result, replace(result.plan, frames=frames), progress)
    prune_overset(marked.document, marked.plan)
    marked.fits = result.fits
    return marked


def _with_extra(galley: Galley, extra: dict[GalleyRef, float]) -> Galley:
    if not extra:
        return galley
    heights = dict(galley.heights)
    for key, value in extra.items():
        heights[key] = heights.get(key, 0.0) + value
    return replace(galley, heights=heights)


def write_output(result: Build, out: Path, progress: Progress = _quiet) -> Path:
    """Write the PDF to ``out`` atomically (temp file, then rename; see :mod:`builder.output`)."""
    progress("Writing PDF")
    fonts: list[FontInfo] = []
    data = write_pdf(result.document, result.composition.sheets, fonts)
    result.pdf_fonts = fonts
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(out, data)


