"""The layout gallery: one feature in every layout × paper, side by side on one contact sheet.

Input: a feature folder, the layouts and papers to try (all by default), a
resolution and the overlay layers. Output: in a folder, one spread picture
per variant (``<layout>--<paper>.png``), the contact sheet ``gallery.png``
(rows: layouts, columns: papers, all at one scale, so that a tabloid looks
smaller than a broadsheet) and ``index.html``, each variant labelled with
what preflight found — ``fits``, ``58 lines over``, warnings. A variant whose
text does not fit is a result to show, not a failure; one that cannot be
laid out at all (a grid too narrow for the paper) shows its error.
Variants are built in parallel, one process per core.
"""

from __future__ import annotations

import html
import io
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ..errors import BroadsheetError, Problem, UsageError, did_you_mean
from ..layout.paper import Paper
from ..pipeline import Options, Overrides
from ..project import load_project
from .draw import TONE, View, draw_overlay, font, spread_view
from .files import save_png
from .raster import assemble_spread, rasterise
from .shapes import Summary
from .source import make_proof

#: The contact sheet's scale: every variant at this resolution, so sizes compare.
SHEET_DPI = 22
PADDING = 28


@dataclass(frozen=True)
class Variant:
    """One layout on one paper."""

    layout: str
    paper: Paper

    @property
    def name(self) -> str:
        return f"{self.layout}--{self.paper.name}"


@dataclass(frozen=True)
class Cell:
    """A variant's result: its picture and what preflight found, or why it could not be laid out."""

    variant: Variant
    picture: Path | None
    thumbnail: bytes | None  #: PNG at :data:`SHEET_DPI`, overlays drawn at that scale
    summary: Summary | None
    problems: tuple[str, ...]
    error: str | None
    seconds: float

    @property
    def label(self) -> str:
        return self.summary.text if self.summary else "cannot be laid out"

    @property
    def tone(self) -> str:
        return self.summary.tone if self.summary else "error"


def variants(feature_dir: Path, layouts: list[str] | None = None, papers: list[str] | None = None) -> list[Variant]:
    """The layouts × papers to show: all the project offers, or the ones named (checked)."""
    project = load_project(feature_dir)
    known_layouts, known_papers = project.layouts(), project.papers
    problems = [Problem("--layouts", f"unknown layout {name!r} (known: {', '.join(known_layouts)})",
                        hint=did_you_mean(name, known_layouts))
                for name in layouts or [] if name not in known_layouts]
    problems += [Problem("--papers", f"unknown paper {name!r} (known: {', '.join(known_papers)})",
                         hint=did_you_mean(name, known_papers))
                 for name in papers or [] if name not in known_papers]
    if problems:
        raise UsageError(problems)
    return [Variant(layout, known_papers[paper]) for layout in (layouts or known_layouts)
            for paper in (papers or known_papers)]


def render_variant(feature_dir: Path, variant: Variant, folder: Path, dpi: float, layers: tuple[str, ...],
                   overrides: Overrides = Overrides()) -> Cell:
    """Lay out, preflight and picture one variant (runs in a worker process)."""
    start = time.perf_counter()
    try:
        proof = make_proof(feature_dir, Options(layout=variant.layout, paper=variant.paper.name, overrides=overrides))
    except BroadsheetError as error:
        return Cell(variant, None, None, None, (), "; ".join(p.describe() for p in error.problems),
                    time.perf_counter() - start)
    images = rasterise(proof.pdf, dpi)
    spread = assemble_spread(images, proof.overlay.sheets, dpi)
    picture = save_png(draw_overlay(spread, proof.overlay, spread_view(proof.overlay, dpi), layers),
                       folder / f"{variant.name}.png")
    # The thumbnail is drawn at its own scale: lines stay crisp, labels too small to read are left off.
    small = spread.resize((round(spread.width * SHEET_DPI / dpi), round(spread.height * SHEET_DPI / dpi)),
                          Image.Resampling.LANCZOS)
    view = spread_view(proof.overlay, dpi)
    small = draw_overlay(small, proof.overlay, View(view.x0, view.y0, view.scale * small.width / spread.width,
                                                    view.clip), layers, legend=False)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG")
    return Cell(variant, picture, buffer.getvalue(), proof.summary, tuple(str(m) for m in proof.overlay.markers),
                None, time.perf_counter() - start)


def make_gallery(feature_dir: Path, folder: Path, chosen: list[Variant], dpi: float = 100,
                 layers: tuple[str, ...] = ("frames", "problems"), workers: int | None = None,
                 progress: Callable[[str], None] = lambda _: None, overrides: Overrides = Overrides()) -> list[Cell]:
    """Render every variant (in parallel), then write the contact sheet and the index page.

    ``overrides``: the fonts and images every variant swaps in (--fontset, --font, --asset).
    """
    folder.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(len(chosen), workers or os.cpu_count() or 1))
    cells: dict[Variant, Cell] = {}

    def done(cell: Cell, count: int) -> None:
        cells[cell.variant] = cell
        progress(f"[{count}/{len(chosen)}] {cell.variant.layout} · {cell.variant.paper.name}: "
                 f"{cell.error or cell.label} ({cell.seconds:.1f} s)")

    if workers == 1:
        for count, variant in enumerate(chosen, 1):
            done(render_variant(feature_dir, variant, folder, dpi, layers, overrides), count)
    else:
        # Spawned, not forked: a fresh interpreter per worker, whatever the parent holds.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(render_variant, feature_dir, variant, folder, dpi, layers, overrides)
                       for variant in chosen]
            for count, future in enumerate(as_completed(futures), 1):
                done(future.result(), count)
    ordered = [cells[variant] for variant in chosen]
    feature = feature_dir.resolve().name
    save_png(contact_sheet(feature, ordered), folder / "gallery.png")
    (folder / "index.html").write_text(index_page(feature, ordered), encoding="utf-8")
    return ordered


def contact_sheet(feature: str, cells: list[Cell]) -> Image.Image:
    """One picture of every variant at one scale: rows are layouts, columns papers."""
    layouts = list(dict.fromkeys(cell.variant.layout for cell in cells))
    papers = list(dict.fromkeys(cell.variant.paper for cell in cells))
    thumbs = {cell.variant: Image.open(io.BytesIO(cell.thumbnail)) for cell in cells if cell.thumbnail}
    title_font, name_font, label_font = font(26, bold=True), font(17, bold=True), font(17, bold=True)
    small = font(14)
    label_h = 30 + 26 + 12
    column_w = {p: max([thumbs[c.variant].width for c in cells if c.variant.paper == p and c.variant in thumbs]
                       + [320]) for p in papers}
    row_h = {name: max([thumbs[c.variant].height for c in cells if c.variant.layout == name
                        and c.variant in thumbs] + [160]) + label_h for name in layouts}
    header = 70
    width = PADDING + sum(column_w[p] + PADDING for p in papers)
    height = header + sum(row_h[name] + PADDING for name in layouts) + PADDING
    sheet = Image.new("RGB", (width, height), (236, 236, 232))
    pen = ImageDraw.Draw(sheet)
    pen.text((PADDING, 24), f"{feature} — {len(layouts)} layout(s) × {len(papers)} paper(s), "
             f"all at {SHEET_DPI} dpi", font=title_font, fill=(30, 30, 30))
    y = header
    for layout in layouts:
        x = PADDING
        for paper in papers:
            cell = next((c for c in cells if c.variant == Variant(layout, paper)), None)
            if cell is not None:
                _draw_cell(sheet, pen, cell, thumbs.get(cell.variant), x, y, column_w[paper], row_h[layout] - label_h,
                           (name_font, label_font, small))
            x += column_w[paper] + PADDING
        y += row_h[layout] + PADDING
    return sheet


def _draw_cell(sheet: Image.Image, pen: ImageDraw.ImageDraw, cell: Cell, thumb: Image.Image | None, x: int, y: int,
               width: int, height: int, fonts: tuple) -> None:
    name_font, label_font, small = fonts
    if thumb is not None:
        sheet.paste(thumb, (x, y + height - thumb.height))
        pen.rectangle((x - 1, y + height - thumb.height - 1, x + thumb.width, y + height), outline=(150, 150, 150))
    else:
        pen.rectangle((x, y, x + width, y + height), fill=(250, 250, 250), outline=(200, 40, 50), width=2)
        text = cell.error or ""
        for row, start in enumerate(range(0, min(len(text), 6 * 40), 40)):
            pen.text((x + 10, y + 10 + row * 20), text[start:start + 40], font=small, fill=(120, 20, 30))
    paper = cell.variant.paper
    top = y + height + 8
    pen.text((x, top), f"{cell.variant.layout} · {paper.name} {paper.width_mm:g} × {paper.height_mm:g} mm",
             font=name_font, fill=(30, 30, 30))
    label = cell.label
    w = round(label_font.getlength(label)) + 16
    colour = TONE[cell.tone]
    pen.rectangle((x, top + 28, x + w, top + 28 + 26), fill=colour)
    pen.text((x + 8, top + 28 + 13), label, font=label_font, fill="white", anchor="lm")


def index_page(feature: str, cells: list[Cell]) -> str:
    """The gallery as a web page: each variant's picture, its label and its problems."""
    parts = []
    for cell in cells:
        paper = cell.variant.paper
        picture = (f'<a href="{html.escape(cell.picture.name)}"><img src="{html.escape(cell.picture.name)}" '
                   f'alt="{html.escape(cell.variant.name)}" loading="lazy"></a>' if cell.picture
                   else f'<p class="error">{html.escape(cell.error or "")}</p>')
        problems = "".join(f"<li>{html.escape(text)}</li>" for text in cell.problems)
        details = (f"<details><summary>{len(cell.problems)} problem(s)</summary><ol>{problems}</ol></details>"
                   if cell.problems else "")
        parts.append(
            f'<figure class="variant {cell.tone}" id="{html.escape(cell.variant.name)}" '
            f'data-layout="{html.escape(cell.variant.layout)}" data-paper="{html.escape(paper.name)}" '
            f'data-summary="{html.escape(cell.label)}">{picture}<figcaption><b>{html.escape(cell.variant.layout)}'
            f"</b> · {html.escape(paper.name)} {paper.width_mm:g} × {paper.height_mm:g} mm "
            f'<span class="label">{html.escape(cell.label)}</span>{details}</figcaption></figure>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(feature)} — layout gallery</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 24px; background: #ecece8; color: #1e1e1e; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 24px; }}
figure {{ margin: 0; background: #fff; padding: 12px; border-top: 6px solid #16803d; }}
figure.warning {{ border-color: #b46400; }} figure.error {{ border-color: #c8142d; }}
img {{ width: 100%; height: auto; display: block; }}
.label {{ display: inline-block; color: #fff; background: #16803d; padding: 1px 8px; margin-left: 6px; }}
.warning .label {{ background: #b46400; }} .error .label {{ background: #c8142d; }}
p.error {{ color: #8a1020; }} details {{ margin-top: 6px; font-size: 13px; }}
</style></head>
<body><h1>{html.escape(feature)} — layout gallery</h1>
<p>The same feature in every layout × paper. <a href="gallery.png">The contact sheet</a> shows them at one
scale.</p>
<main>
{chr(10).join(parts)}
</main></body></html>
"""
