"""The frame plan: where every frame of a layout sits, and what goes in it.

Input: nothing (value objects). Output: :class:`Frame` and :class:`Plan`, read
by compose (to place the frames), by the measuring stage and check (to
compare what was laid out with what the frame holds) and by preview (to draw
overlays). Positions are in points in *spread coordinates*: x from the left
edge of the left page's trim, y from the top of the trim; a right-page frame
has x beyond one page width.

A frame holds one part of the feature (:class:`~builder.model.ContentRef`)
and carries the parameters of its kind — :class:`TextParams`,
:class:`ImageParams`, :class:`DisplayParams`, :class:`BoxParams` or
:class:`FolioParams` — so that what a template or a check reads is a field
of a type, never a key of a dict or a piece of a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal

from ..model import ContentKind, ContentRef
from .galley import DisplayPart
from .spec import Grid

PageName = Literal["left", "right", "spread", "single"]
FrameKind = Literal["text", "image", "display", "box", "folio"]


@dataclass(frozen=True)
class TextParams:
    """A text frame: a section (head over its columns), the lead (byline under it), a caption.

    Rows are on the grid; the boxes inside the frame are in points.
    """

    kind: ClassVar[FrameKind] = "text"
    #: rows of a section's head, its air included
    head_rows: int = 0
    #: rows of air under a section's head, over its columns (the head band stretched when the text
    #: runs short; the same for every head of a tier, so that their rules stay on one row)
    head_air: int = 0
    #: rows of the byline under the lead
    byline_rows: int = 0
    #: a section's head: its depth and the air under its subtitle (points); its rule is the frame's top
    head_height: float = 0.0
    head_padding: float = 0.0
    #: the text columns' depth under the head or over the byline (points)
    flow_height: float = 0.0


@dataclass(frozen=True)
class ImageParams:
    """A photo frame: the picture covers it, its caption (if any) under it inside the frame."""

    kind: ClassVar[FrameKind] = "image"
    caption_rows: int = 0
    #: the photo's depth over its caption (points)
    photo_height: float = 0.0


@dataclass(frozen=True)
class DisplayParams:
    """A display line (slogan, headline) fitted to its room and split at the gutter."""

    kind: ClassVar[FrameKind] = "display"
    size: float
    chars: tuple[tuple[str, DisplayPart], ...]  #: (character, part), the ones drawn
    split: int  #: index of the first character on the right page
    gutter: float  #: spread x of the fold the halves are set against
    clearance: float
    left_width: float
    right_width: float
    part_gap_em: float
    #: the characters that do not fit at the least size (left out of the page)
    lost: str = ""
    #: how much wider than its room the whole line is at the least size, in points
    too_wide: float = 0.0
    #: where the halves stand: the left half's end from the frame's right edge, the right
    #: half's start from its left edge (points)
    left_half_right: float = 0.0
    right_half_left: float = 0.0


@dataclass(frozen=True)
class BoxParams:
    """A boxed frame (the infographic): panels in ``Frame.columns`` across."""

    kind: ClassVar[FrameKind] = "box"
    #: rows the content takes at its natural height (the rest of the frame is air)
    natural_rows: int = 0
    #: the depth the rows of panels share (points): the frame less its rule, padding and title
    table_height: float = 0.0
    #: air above each item when the box is deeper than its panels (points)
    item_air: float = 0.0


@dataclass(frozen=True)
class FolioParams:
    """The folio strip of a page: the page number it prints, and at which end (the outside)."""

    kind: ClassVar[FrameKind] = "folio"
    number: int = 0
    #: the number at the strip's left end: a left-hand (even) page
    number_left: bool = True


Params = TextParams | ImageParams | DisplayParams | BoxParams | FolioParams


@dataclass(frozen=True)
class Fit:
    """How copyfitting sets a frame's text: a size scale and tracking in em."""

    scale: float = 1.0
    tracking: float = 0.0

    def scaled(self, size: float) -> float:
        """A type size (pt) as this setting sets it."""
        return size * self.scale


@dataclass(frozen=True)
class Frame:
    """A box on the page and the part of the feature it holds.

    ``row``/``rows`` and ``col``/``cols`` give the frame on the page grid
    (page-local); ``x``/``y``/``width``/``height`` are the same box in points.
    ``fit`` is the copyfit setting of its text (None: as designed);
    ``overset`` the lines that do not fit, when the pages are marked.
    """

    content: ContentRef
    page: PageName
    x: float
    y: float
    width: float
    height: float
    params: Params
    row: int = 0
    rows: int = 0
    col: int = 0
    cols: int = 0
    columns: int = 1
    column_gap: float = 0.0
    fit: Fit | None = None
    overset: int = 0

    @property
    def name(self) -> str:
        """The frame's name in messages, reports and the composed HTML: ``section:01``."""
        return str(self.content)

    @property
    def kind(self) -> FrameKind:
        """How the frame is set: text, image, display, box or folio."""
        return self.params.kind

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
    shortfall: dict[ContentRef, int] = field(default_factory=dict)

    def frame(self, ref: ContentRef | str) -> Frame:
        """A frame by what it holds (or by name)."""
        found = self.get(ref)
        if found is None:
            raise KeyError(str(ref))
        return found

    def get(self, ref: ContentRef | str) -> Frame | None:
        """A frame by what it holds (or by name), or None."""
        if isinstance(ref, ContentRef):
            return next((frame for frame in self.frames if frame.content == ref), None)
        return next((frame for frame in self.frames if frame.name == ref), None)

    def of_kind(self, kind: ContentKind) -> list[Frame]:
        """The frames holding one kind of content (every section, every photo…)."""
        return [frame for frame in self.frames if frame.content.kind is kind]

    @property
    def spread_width(self) -> float:
        """Trim width of all pages side by side."""
        return self.grid.page_width * self.grid.pages

    def on_page(self, page: int) -> list[Frame]:
        """Frames that show on page ``page`` (0 = left), crossing frames included."""
        width = self.grid.page_width
        lo, hi = page * width, (page + 1) * width
        return [f for f in self.frames if f.x < hi and f.right > lo]
