"""The frame plan: where every frame of a layout sits, and what goes in it.

Input: nothing (value objects). Output: :class:`Frame` and :class:`Plan`, read
by compose (to place the frames), by check (to compare what was laid out with
what the frame holds) and by preview (to draw overlays). Positions are in
points in *spread coordinates*: x from the left edge of the left page's trim,
y from the top of the trim; a right-page frame has x beyond one page width.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .spec import Grid

PageName = Literal["left", "right", "spread", "single"]


@dataclass(frozen=True)
class Frame:
    """A box on the page and the content it holds.

    ``content`` is the content key (``headline``, ``lead``, ``section:01``,
    ``infographic``, ``hero``, ``image:01``, ``folio``, ``caption`` ...).
    ``row``/``rows`` and ``col``/``cols`` give the frame on the page grid
    (page-local); ``x``/``y``/``width``/``height`` are the same box in points.
    """

    name: str
    content: str
    kind: Literal["text", "image", "display", "box", "folio"]
    page: PageName
    x: float
    y: float
    width: float
    height: float
    row: int = 0
    rows: int = 0
    col: int = 0
    cols: int = 0
    columns: int = 1
    column_gap: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def moved(self, **changes: Any) -> Frame:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Plan:
    """All frames of a feature on its pages, and how the rules arrived there."""

    layout: str
    grid: Grid
    frames: tuple[Frame, ...]
    pages: tuple[int, ...]
    notes: tuple[str, ...] = ()
    #: rows of text the rules could not place even with the hero at its minimum.
    shortfall: dict[str, int] = field(default_factory=dict)

    def frame(self, name: str) -> Frame:
        """A frame by name."""
        for frame in self.frames:
            if frame.name == name:
                return frame
        raise KeyError(name)

    def get(self, name: str) -> Frame | None:
        """A frame by name, or None."""
        return next((frame for frame in self.frames if frame.name == name), None)

    @property
    def spread_width(self) -> float:
        """Trim width of all pages side by side."""
        return self.grid.page_width * self.grid.pages

    def on_page(self, page: int) -> list[Frame]:
        """Frames that show on page ``page`` (0 = left), crossing frames included."""
        width = self.grid.page_width
        lo, hi = page * width, (page + 1) * width
        return [f for f in self.frames if f.x < hi and f.right > lo]
