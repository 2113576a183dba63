"""The pipeline: content files → model → plan → HTML → laid-out pages → PDF.

Input: a feature folder and :class:`Options`. Output: a
:class:`~builder.results.Build` holding every intermediate result (the
galley, the plan, the print-ready images, the composed HTML, the laid-out
document, the frame fits) so that render, check and preview work from the
same pages. Each stage takes what it needs and returns a new value:
:func:`prepare` reads the input (with the fonts and images swapped in) into
a :class:`~builder.job.Job`; :func:`build` measures the galley, places the
frames, prepares the images and lays out the pages (placing them again where
the pages show a frame over), and copyfits with ``fit``; :func:`mark_overset` marks
what does not fit; :func:`export` writes the PDF in memory; only
:func:`write_output` touches the output file, atomically: a failed build
leaves the previous PDF untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cache_dir
from .compose import Composition, compose_galley, compose_pages, galley_composer
from .copyfit import apply, copyfit
from .galleycache import GALLEY_CACHE, GalleyCache, PhraseStore, entry_key, file_stamps
from .images import PlacedImage, place_images
from .job import Job
from .layout.galley import DisplayPart, Galley, GalleyRef, display_items, galley_items
from .layout.plan import Plan
from .layout.rules import solve
from .layout.sheets import Mode
from .model import ContentKind
from .output import write_atomically
from .prepare import Options, Overrides, prepare
from .results import Build, Marking, Pdf
from .text import phrases
from .typeset import FontInfo, measure, render, write_pdf
from .typeset.fit import FrameFit, measure_fit
from .typeset.laidout import prune_overset

if TYPE_CHECKING:
    from weasyprint import Document  # only builder.typeset imports WeasyPrint at run time

__all__ = ["Build", "Job", "Options", "Overrides", "build", "export", "fit_build", "mark_overset", "measure_galley",
           "prepare", "prepare_images", "typeset", "write_output"]

Progress = Callable[[str], None]

#: Re-plan at most this many times when laid-out text overflows its frame.
MAX_REFITS = 3


def _quiet(_: str) -> None:
    pass


def build(feature_dir: Path, options: Options = Options(), progress: Progress = _quiet) -> Build:
    """Run the pipeline up to laid-out pages and their frame fits."""
    progress("Reading content")
    job = prepare(feature_dir, options)
    return build_job(job, options, progress)


def build_job(job: Job, options: Options = Options(), progress: Progress = _quiet) -> Build:
    """Lay out a prepared job: measure the galley, place the frames, lay out the pages (and copyfit)."""
    phrases.keep_in(PhraseStore(cache_dir(job.project.root, "galley")))  # display text's phrases, kept
    progress("Measuring the galley")
    galley = measure_galley(job)

    extra: dict[GalleyRef, float] = {}
    previous: Plan | None = None
    best: tuple[tuple[int, int], Plan, dict[str, PlacedImage], Composition, Document, tuple[FrameFit, ...]] | None = None
    for attempt in range(MAX_REFITS + 1):
        progress("Placing frames" if attempt == 0 else f"Placing frames again ({attempt})")
        plan = solve(job.feature, job.layout, job.grid, _with_extra(galley, extra))
        if previous is not None and plan.frames == previous.frames:
            break  # the columns stay where they are: the pages already laid out are this plan's
        progress("Preparing images")
        images = prepare_images(job, plan)
        progress("Typesetting")
        composition, document, fits = lay_out(job, plan, options.mode, images)
        previous = plan
        # The best placing so far: the fewest lines over, then the fewest rows left empty.
        key = (sum(fit.overset_lines for fit in fits), sum(fit.short_rows * fit.columns for fit in fits))
        if best is None or key < best[0]:
            best = (key, plan, images, composition, document, fits)
        # Frames the rules thought would fit but do not on the pages, and
        # frames deeper than their text in every column (the galley is a
        # measurement, the pages are the truth): the rules place them again
        # with the lines the pages show — moving columns between stories
        # before copyfitting changes any type.
        sections = [fit for fit in fits if fit.content.kind is ContentKind.SECTION]
        overset = [fit for fit in sections if fit.overset and fit.content not in plan.shortfall]
        short = [fit for fit in sections if fit.short_rows * fit.columns > job.layout.fit.max_empty_lines]
        if not (overset or short) or attempt == MAX_REFITS:
            break
        for fit in overset:
            body = GalleyRef.body(fit.content.key)
            extra[body] = extra.get(body, 0.0) + fit.overset_lines * job.grid.pitch
        for fit in short:
            body = GalleyRef.body(fit.content.key)
            extra[body] = extra.get(body, 0.0) - fit.short_rows * fit.columns * job.grid.pitch
    assert best is not None
    _, plan, images, composition, document, fits = best
    result = Build(job, galley, plan, composition, document, fits, images=images)
    if options.fit:
        result = fit_build(result, progress)
    return result


def measure_galley(job: Job, cache: GalleyCache | None | bool = True) -> Galley:
    """Set every block the frame rules need measured, at every width they may give it, and measure it.

    A block measured before (the same document sets it: content, width,
    style sheet, font set; see :mod:`builder.galleycache`) is taken from
    ``cache`` (True: the process's :data:`GALLEY_CACHE`; None or False: no
    cache); only the others are typeset, together, in one galley.
    """
    items = galley_items(job.feature, job.layout, job.grid)
    display = display_items(job.feature)
    if cache is True:
        cache = GALLEY_CACHE  # looked up now: the process's cache, or None where it is turned off
    if cache is None or cache is False:
        html = compose_galley(job, items, display)
        galley = measure(html, job.read_roots, [item.ref for item in items], display, job.chinese,
                         job.fonts.font_files)
        return replace(galley, measured=frozenset(galley.heights) | frozenset(galley.advances))
    compose = galley_composer(job)
    folder = cache_dir(job.project.root, "galley")
    context = repr((job.fonts.name, file_stamps(job.fonts.font_files), job.chinese))
    keys: dict[GalleyRef | DisplayPart, str] = {}
    found: dict[GalleyRef | DisplayPart, float | tuple[float, ...]] = {}
    for item in items:
        keys[item.ref] = entry_key(compose([item], {}), context)
    for part, text in display.items():
        keys[part] = entry_key(compose([], {part: text}), context)
    for what, key in keys.items():
        value = cache.get(key, folder)
        if value is not None and isinstance(value, float) == isinstance(what, GalleyRef):
            found[what] = value
    missing = [item for item in items if item.ref not in found]
    missing_display = {part: text for part, text in display.items() if part not in found}
    measured: Galley | None = None
    if missing or missing_display:
        html = compose(missing, missing_display)
        measured = measure(html, job.read_roots, [item.ref for item in missing], missing_display, job.chinese,
                           job.fonts.font_files)
        for what, value in [*measured.heights.items(), *measured.advances.items()]:
            cache.put(keys[what], value, folder)
            found[what] = value
    heights = {item.ref: found[item.ref] for item in items if isinstance(found.get(item.ref), float)}
    advances = {part: found[part] for part in display if isinstance(found.get(part), tuple)}
    done = frozenset(measured.heights) | frozenset(measured.advances) if measured is not None else frozenset()
    return Galley(heights=heights, advances=advances, measured=done)  # type: ignore[arg-type]


def prepare_images(job: Job, plan: Plan) -> dict[str, PlacedImage]:
    """The print-ready file of each image frame of a plan (see :mod:`builder.images`)."""
    return place_images(job.feature, plan, plan.grid, job.layout.images, cache_dir(job.project.root, "images"))


def lay_out(job: Job, plan: Plan, mode: Mode,
            images: dict[str, PlacedImage]) -> tuple[Composition, Document, tuple[FrameFit, ...]]:
    """Compose a plan with its print-ready images, lay it out, and measure how its frames fit."""
    composition = compose_pages(job, plan, mode, images)
    document = render(composition.html, job.read_roots, job.chinese, job.fonts.font_files)
    return composition, document, measure_fit(document, plan)


def typeset(result: Build, plan: Plan, progress: Progress = _quiet) -> Build:
    """A build of ``plan`` laid out anew (the same job and mode; images for its frames): a new Build."""
    images = prepare_images(result.job, plan)
    progress("Typesetting")
    composition, document, fits = lay_out(result.job, plan, result.composition.mode, images)
    return replace(result, plan=plan, composition=composition, document=document, fits=fits, images=images,
                   pdf=None)


def fit_build(result: Build, progress: Progress = _quiet) -> Build:
    """Copyfit the frames that need it, then lay out the pages with the changes."""
    changes = copyfit(result.job, result.plan, result.fits, progress)
    if not changes:
        return result
    return replace(typeset(result, apply(result.plan, changes), progress), changes=changes)


def mark_overset(result: Build, progress: Progress = _quiet) -> Build:
    """The pages with overset frames marked, and the text that fell out left off.

    The overset text is not drawn, clipped and hidden, into the PDF: what the
    PDF holds is what prints. The new build's ``fits`` are those of the
    marked pages; its ``marking`` keeps the fits before marking, which the
    report names.
    """
    overset = {fit.content: fit.overset_lines for fit in result.fits if fit.overset}
    if not overset:
        return result
    frames = tuple(f.moved(overset=overset[f.content]) if f.content in overset else f for f in result.plan.frames)
    marked = typeset(result, replace(result.plan, frames=frames), progress)
    removed = prune_overset(marked.document, marked.plan)
    return replace(marked, fits=measure_fit(marked.document, marked.plan),
                   marking=Marking(fits=result.fits, lines_removed=removed))


def _with_extra(galley: Galley, extra: dict[GalleyRef, float]) -> Galley:
    if not extra:
        return galley
    heights = dict(galley.heights)
    for key, value in extra.items():
        heights[key] = max(0.0, heights.get(key, 0.0) + value)
    return replace(galley, heights=heights)


def export(result: Build, progress: Progress = _quiet) -> Build:
    """The build with its PDF made in memory (the fonts it carries, a digest of each page)."""
    if result.pdf is not None:
        return result
    progress("Writing PDF")
    fonts: list[FontInfo] = []
    hashes: list[str] = []
    data = write_pdf(result.document, result.composition.sheets, fonts, hashes,
                     cache_dir(result.job.project.root, "subsets"))
    return replace(result, pdf=Pdf(data, tuple(fonts), tuple(hashes)))


def write_output(result: Build, out: Path) -> Path:
    """Write an exported build's PDF to ``out`` atomically (temp file, then rename; see :mod:`builder.output`)."""
    if result.pdf is None:
        raise ValueError("export the build before writing it (pipeline.export)")
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(out, result.pdf.data)
