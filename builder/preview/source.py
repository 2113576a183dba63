"""Where previews get their pages: the one module that reads the library's results.

Input: a feature folder and build :class:`~builder.pipeline.Options` (or a
finished :class:`~builder.results.Build`), laid out, exported and preflighted
by the library (:func:`builder.api.check`) as render would. Output: a
:class:`Proof` — the PDF's bytes,
a digest of each PDF page, and the :class:`~builder.preview.shapes.Overlay`
drawn over them — plain values that pickle, so the gallery's and the
server's worker processes can send them back. Everything else in
:mod:`builder.preview` and :mod:`builder.serve` works from these values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .. import api
from ..check import Report
from ..diagnostics import Code, Diagnostic
from ..model import ContentKind
from ..pipeline import Options
from ..results import Build
from ..stages import StageClock
from ..typeset.laidout import frames as laid_out_frames
from .shapes import FrameShape, Marker, Overlay, PageShape, Rect, SheetShape, Summary

Progress = Callable[[str], None]

#: Where a marker sits in its frame, and how far a second marker at the same place moves over (points).
_MARKER_INSET = 10.0
_MARKER_STEP = 16.0


@dataclass(frozen=True)
class Proof:
    """A feature laid out, written to PDF and preflighted, with what to draw over it."""

    pdf: bytes
    page_hashes: tuple[str, ...]  #: one digest per PDF page: equal digests, equal pictures
    overlay: Overlay
    #: ``render`` would write nothing: text does not fit its frames
    stops_render: bool
    notes: tuple[str, ...] = ()
    #: seconds per stage (load, galley, plan, layout, pdf, preflight, overlay)
    timings: tuple[tuple[str, float], ...] = ()

    @property
    def summary(self) -> Summary:
        return self.overlay.summary


def make_proof(feature_dir: Path, options: Options = Options(), progress: Progress = lambda _: None) -> Proof:
    """Build a feature (one PDF page per newspaper page), make its PDF and preflight it, as render would.

    A feature whose text does not fit still gives a proof: the frames show
    full and the overlay marks what is over. Bad input raises the toolkit's
    errors, as ``render`` does.
    """
    clock = StageClock(progress)
    return _proof(api.check(feature_dir, replace(options, mode="pages"), progress=clock.step), clock)


def proof_of(result: Build, clock: StageClock | None = None) -> Proof:
    """The proof of a finished build: its PDF, preflight report and overlay."""
    clock = clock or StageClock(lambda _: None)
    return _proof(api.check_build(result, progress=clock.step), clock)


def _proof(checked: api.Checked, clock: StageClock) -> Proof:
    result = checked.build
    assert result.pdf is not None
    clock.step("Overlay")
    overlay = overlay_shapes(result, checked.report)
    clock.stop()
    return Proof(pdf=result.pdf.data, page_hashes=result.pdf.page_hashes, overlay=overlay,
                 stops_render=checked.stops_render, notes=tuple(result.plan.notes),
                 timings=tuple(clock.totals.items()))


def overlay_shapes(result: Build, report: Report) -> Overlay:
    """The shapes a proof draws over a build's pages, in points, spread coordinates."""
    grid, plan = result.grid, result.plan
    sheets = tuple(SheetShape(s.index, s.name, s.offset, s.trim_width, s.trim_height, s.bleed, s.slug, s.pages)
                   for s in result.composition.sheets)
    edge = grid.bleed + grid.slug
    offsets = [sheet.offset for sheet in sheets]
    lines = _laid_out_lines(result, edge, offsets)
    phase = _baseline_phase(result, lines)
    pages = tuple(_page_shape(result, index, phase) for index in range(grid.pages))
    fits = {fit.name: fit for fit in result.fits}
    frames = []
    for frame in plan.frames:
        fit = fits.get(frame.name)
        label = frame.name + (f" · {frame.columns} cols" if frame.kind == "text" and frame.columns > 1 else "")
        frames.append(FrameShape(frame.name, frame.kind, label, Rect(frame.x, frame.y, frame.width, frame.height),
                                 fit.overset_lines if fit else 0, fit.overset_chars if fit else 0))
    markers = _markers(report.issues, {f.name: f for f in frames}, lines)
    overset = [f for f in frames if f.overset_lines]
    summary = Summary(len(report.errors), len(report.warnings), len(overset), sum(f.overset_lines for f in overset))
    return Overlay(result.feature.slug, result.layout.name, grid.paper.name, grid.page_width * grid.pages,
                   grid.page_height, sheets, pages, tuple(frames), markers, summary)


def _laid_out_lines(result: Build, edge: float, offsets: list[float]) -> dict[str, list[tuple[str, Rect]]]:
    """The text lines of each frame, in spread coordinates."""
    found: dict[str, list[tuple[str, Rect]]] = {}
    for frame in laid_out_frames(result.document):
        if frame.name in found:
            continue
        dx = offsets[frame.sheet] - edge if frame.sheet < len(offsets) else -edge
        found[frame.name] = [(line.text, Rect(line.x + dx, line.y - edge, line.width, line.height))
                             for line in frame.lines]
    return found


def _baseline_phase(result: Build, lines: dict[str, list[tuple[str, Rect]]]) -> float:
    """Where a baseline sits in a row (points below the row's top), read from a laid-out body line."""
    grid = result.grid
    for frame in result.fits:
        if frame.content.kind is not ContentKind.SECTION:
            continue
        for line in frame.lines:
            if abs(line.height - grid.pitch) < 0.01:
                return (line.baseline - grid.bleed - grid.slug - grid.margin_top) % grid.pitch
    # No body line to read: half the leading above, the ascent (about 0.88 em) below it.
    return (grid.pitch - grid.body_size) / 2 + 0.88 * grid.body_size


def _page_shape(result: Build, index: int, phase: float) -> PageShape:
    grid = result.grid
    left = index * grid.page_width
    top = grid.margin_top
    columns = tuple(Rect(left + grid.column_x(index, c), top, grid.column_width, grid.type_height)
                    for c in range(grid.columns))
    number = result.plan.pages[index] if index < len(result.plan.pages) else None
    return PageShape(index, number, Rect(left, 0.0, grid.page_width, grid.page_height),
                     Rect(left + grid.left_edge(index), top, grid.type_width, grid.type_height), columns,
                     tuple(top + row * grid.pitch + phase for row in range(grid.rows)))


def _markers(issues: list[Diagnostic], frames: dict[str, FrameShape],
             lines: dict[str, list[tuple[str, Rect]]]) -> tuple[Marker, ...]:
    """Every issue numbered, placed where it is: on its line, at its frame's corner, or nowhere."""
    markers: list[Marker] = []
    taken: list[tuple[float, float]] = []
    for number, issue in enumerate(issues, 1):
        x = y = None
        frame = frames.get(issue.frame or "")
        if frame is not None:
            x, y = _anchor(issue, frame, lines.get(frame.name, []))
            while any(abs(x - tx) < _MARKER_STEP and abs(y - ty) < _MARKER_STEP for tx, ty in taken):
                x += _MARKER_STEP
            taken.append((x, y))
        markers.append(Marker(number, str(issue.severity), str(issue.code), issue.message, issue.hint or "",
                              issue.frame, issue.page, x, y))
    return tuple(markers)


def _anchor(issue: Diagnostic, frame: FrameShape, lines: list[tuple[str, Rect]]) -> tuple[float, float]:
    box = frame.box
    if issue.code is Code.OVERSET:
        # Where the text falls out: the frame's foot, at the right.
        return box.right - _MARKER_INSET, box.bottom - _MARKER_INSET
    text = str(issue.details.get("text", "")).strip()
    if text:
        for line_text, rect in lines:
            if line_text.strip() == text and rect.x < box.right and rect.y < box.bottom:
                return max(box.x, rect.x - _MARKER_INSET * 0.4), rect.y + rect.height / 2
    return box.x + _MARKER_INSET, box.y + _MARKER_INSET
