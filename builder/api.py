"""The library: what the commands do, with their policy in one place — render, check and proofs.

Input: a feature folder and :class:`RenderOptions` (what the user chose).
Output: :class:`Checked` (the laid-out, exported build and its preflight
report) or :class:`Rendered` (the same, and whether and where the PDF was
written). What a render decides lives here, so that ``render``, ``check``,
``preview``, ``serve`` and whatever comes next decide it alike:

- text that does not fit its frame (an overset finding) stops a render,
  unless ``allow_overset``: then the frames are marked, the text that does
  not fit is left off the pages, and the PDF is written;
- every other finding is reported, never stops it;
- the PDF goes to ``out/<feature>.pdf`` in the project unless told otherwise
  (:func:`builder.output.output_path`), and is replaced only when the render
  succeeds.

The command line (:mod:`builder.cli`) parses options, calls these and
prints; errors are the toolkit's (:class:`~builder.errors.BroadsheetError`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .check import Report, preflight
from .check.frames import fit_findings
from .diagnostics import Code, Diagnostic
from .output import output_path, write_atomically
from .pipeline import Options, Overrides, build, export, mark_overset, write_output
from .results import Build
from .standalone import standalone_html

__all__ = ["Checked", "Finished", "Options", "Overrides", "RenderOptions", "Rendered", "build", "check",
           "check_build", "emit_html", "finish", "overset", "render", "render_build", "stops_render"]

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class RenderOptions(Options):
    """The build options, and what a render does with text that does not fit."""

    #: write the PDF even when text does not fit: the frames marked, the overset text left off
    allow_overset: bool = False


@dataclass(frozen=True)
class Checked:
    """A feature laid out, its PDF made in memory, and what preflight found on it."""

    build: Build
    report: Report

    @property
    def stops_render(self) -> bool:
        """Whether ``render`` would write nothing (without ``--allow-overset``)."""
        return stops_render(self.build)


@dataclass(frozen=True)
class Finished:
    """A build as a render leaves it, in memory: marked when overset was allowed, its PDF made."""

    build: Build
    #: the frames whose text does not fit, one finding each
    overset: tuple[Diagnostic, ...]
    #: preflight of the PDF made (None: overset stopped the render, no PDF)
    report: Report | None


@dataclass(frozen=True)
class Rendered:
    """What a render did: the build it wrote (marked, when overset was allowed), where, and what was found."""

    build: Build
    target: Path
    #: the frames whose text does not fit, one finding each
    overset: tuple[Diagnostic, ...]
    #: whether the PDF was written (False: overset stopped the render)
    written: bool
    #: preflight of the PDF written (None when nothing was written)
    report: Report | None = None


def overset(result: Build) -> tuple[Diagnostic, ...]:
    """The findings that stop a render: frames whose text does not fit (before any marking)."""
    return tuple(issue for issue in fit_findings(result.text_fits, result) if issue.code is Code.OVERSET)


def stops_render(result: Build, allow_overset: bool = False) -> bool:
    """Whether a render of this build writes nothing: text does not fit and overset is not allowed."""
    return bool(overset(result)) and not allow_overset


def check(feature_dir: Path, options: Options = Options(), strict: bool = False,
          progress: Progress = _quiet) -> Checked:
    """Lay a feature out, make its PDF in memory and preflight it (``strict``: warnings count as errors)."""
    return check_build(build(feature_dir, options, progress), strict, progress)


def check_build(result: Build, strict: bool = False, progress: Progress = _quiet) -> Checked:
    """Make a build's PDF in memory and preflight it: the fonts check reads that PDF."""
    result = export(result, progress)
    progress("Preflight")
    return Checked(result, preflight(result, strict))


def finish(result: Build, allow_overset: bool = False, progress: Progress = _quiet) -> Finished:
    """What a render makes of a build, in memory: marked if need be, its PDF made and preflighted.

    When text does not fit and overset is not allowed, no PDF is made
    (``build.pdf`` stays None). :func:`render_build` writes the PDF; an
    edition's worker sends its bytes back to the process that writes it.
    """
    over = overset(result)
    if over and not allow_overset:
        return Finished(result, over, None)
    if over:
        result = mark_overset(result, progress)
    checked = check_build(result, progress=progress)
    return Finished(checked.build, over, checked.report)


def render_build(result: Build, target: Path, allow_overset: bool = False, progress: Progress = _quiet) -> Rendered:
    """Write a build's PDF to ``target`` — or not, when text does not fit — and preflight what was written."""
    done = finish(result, allow_overset, progress)
    if done.report is None:
        return Rendered(result, target, done.overset, written=False)
    write_output(done.build, target)
    return Rendered(done.build, target, done.overset, written=True, report=done.report)


def emit_html(result: Build, target: Path) -> Path:
    """Write a build's composed HTML, its files inlined (:mod:`builder.standalone`), to ``target`` atomically.

    ``target`` is checked as a render's output is (:func:`~builder.output.output_path`) by the caller.
    """
    job = result.job
    text = standalone_html(result.composition.html, job.read_roots, job.fonts.font_files)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(target, text.encode("utf-8"))


def render(feature_dir: Path, options: RenderOptions = RenderOptions(), output: Path | None = None,
           follow_symlinks: bool = False, progress: Progress = _quiet) -> Rendered:
    """Render a feature folder to a PDF: where it goes is checked first, then the build, then the policy above."""
    target = output_path(feature_dir, output, follow_symlinks)
    result = build(feature_dir, options, progress)
    return render_build(result, target, options.allow_overset, progress)
