"""The job: what one feature is set with — the stages' shared, frozen context.

Input: nothing (a value object; :func:`builder.pipeline.prepare` makes it
from a feature folder and the user's options). Output: :class:`Job` — the
project, the feature, the layout, its grid on the chosen paper, the font set
and the Chinese composer's settings — which compose, the galley, the
typesetting and copyfitting take as one value instead of five arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .fonts import FontSet
from .layout.spec import Grid, Layout
from .model import Feature
from .project import Project

if TYPE_CHECKING:
    from .typeset.cjk import CJKSettings  # only builder.typeset imports WeasyPrint at run time


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
