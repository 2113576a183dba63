"""The job: what one feature is set with — the stages' shared, frozen context.

Input: nothing (a value object; :func:`builder.prepare.prepare` makes it
from a feature folder and the user's options). Output: :class:`Job` — the
project, the feature, the layout, its grid on the chosen paper, the font set
and the Chinese composer's settings — which compose, the galley, the
typesetting and copyfitting take as one value instead of five arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .fonts import FontSet
from .layout.spec import Grid, Layout
from .model import Feature
from .project import Project


@dataclass(frozen=True)
class CJKSettings:
    """The Chinese composer's settings (from a layout's ``[cjk]`` table; :mod:`builder.typeset.cjk` sets with them)."""

    #: the space between Han and Latin characters, in em
    han_latin_em: float = 0.25


@dataclass(frozen=True)
class Job:
    """One feature and everything it is set with. Immutable: another paper is another job."""

    project: Project
    feature: Feature
    layout: Layout
    grid: Grid
    fonts: FontSet
    #: the Chinese composer's settings (None: WeasyPrint's own line breaking)
    chinese: CJKSettings | None

    @property
    def read_roots(self) -> tuple[Path, ...]:
        """Folders the typesetter may read from (the project's, the toolkit's, the caches)."""
        return self.project.read_roots
