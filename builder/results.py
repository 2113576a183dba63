"""What a build produced: frozen values that render, check and preview read.

Input: nothing (value objects; :mod:`builder.pipeline` makes them). Output:
:class:`Build` — the job and every intermediate result (the galley's
measurements, the plan, the composed HTML, the laid-out document, how each
frame's text fits, what copyfitting changed, the marking of overset pages,
the exported PDF) — so that every reader works from the same pages. A Build
is never changed: a stage that does more returns a new one
(:func:`dataclasses.replace`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint import Document  # only builder.typeset imports WeasyPrint at run time

    from .compose import Composition
    from .copyfit import Change
    from .fonts import FontSet
    from .images import PlacedImage
    from .job import CJKSettings, Job
    from .layout.galley import Galley
    from .layout.plan import Plan
    from .layout.spec import Grid, Layout
    from .model import Feature
    from .project import Project
    from .typeset import FontInfo
    from .typeset.fit import FrameFit


@dataclass(frozen=True)
class Marking:
    """Overset pages marked (``render --allow-overset``): the marks stand for these fits."""

    #: the fits measured before the overset text was taken off the pages
    fits: tuple[FrameFit, ...]
    #: lines taken off the pages
    lines_removed: int


@dataclass(frozen=True)
class Pdf:
    """The PDF of a build's pages, in memory: what a render writes and what preflight reads."""

    data: bytes
    #: the fonts it carries
    fonts: tuple[FontInfo, ...]
    #: a digest of what each PDF page draws (equal digests, equal pictures)
    page_hashes: tuple[str, ...]


@dataclass(frozen=True)
class Build:
    """Everything one build produced, stage by stage."""

    job: Job
    galley: Galley
    plan: Plan
    composition: Composition
    document: Document
    #: how each frame's text fits on ``document``
    fits: tuple[FrameFit, ...] = ()
    #: what copyfitting changed (render --fit)
    changes: tuple[Change, ...] = ()
    #: the print-ready file of each image frame, by frame name
    images: Mapping[str, PlacedImage] = field(default_factory=dict)
    #: set when the overset text was marked and taken off the pages
    marking: Marking | None = None
    #: the exported PDF (None until :func:`builder.pipeline.export`)
    pdf: Pdf | None = None

    @property
    def text_fits(self) -> tuple[FrameFit, ...]:
        """How the text fits its frames: on marked pages, as measured before the marking."""
        return self.marking.fits if self.marking is not None else self.fits

    @property
    def project(self) -> Project:
        return self.job.project

    @property
    def feature(self) -> Feature:
        return self.job.feature

    @property
    def layout(self) -> Layout:
        return self.job.layout

    @property
    def grid(self) -> Grid:
        return self.job.grid

    @property
    def fonts(self) -> FontSet:
        return self.job.fonts

    @property
    def chinese(self) -> CJKSettings | None:
        return self.job.chinese
