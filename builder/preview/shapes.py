"""What a proof draws over the pages, as plain values.

Input: nothing (value objects, made by :mod:`builder.preview.source`).
Output: :class:`Overlay`: boxes in points in *spread coordinates* (x from the
left page's trim edge, y from the top of the trim) with their labels — the
sheets the PDF pages show, each page's type area, column guides and baseline
rows, every frame with its overset line count, and the numbered problem
markers. Pillow (:mod:`builder.preview.draw`) and the browser
(:mod:`builder.serve`) draw the same values; :meth:`Overlay.as_json` is what
the browser gets. :data:`LAYERS` names what a proof can draw (``--overlay``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Tone = Literal["ok", "warning", "error"]

#: The layers a proof can draw, in drawing order.
LAYERS = ("baseline", "columns", "frames", "problems")
DEFAULT_LAYERS = ("frames", "problems")


def parse_layers(text: str) -> tuple[str, ...]:
    """``frames,problems`` → the layers; ``none`` → none. Unknown names raise ValueError."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if names == ["none"]:
        return ()
    unknown = [name for name in names if name not in LAYERS]
    if unknown or not names:
        raise ValueError(f"unknown overlay {', '.join(unknown) or text!r} (choose from {', '.join(LAYERS)}, "
                         "or none)")
    return tuple(name for name in LAYERS if name in names)


@dataclass(frozen=True)
class Rect:
    """A box in points."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class SheetShape:
    """One PDF page: the part of the spread it shows (``offset`` is the spread x of its trim's left edge)."""

    index: int
    name: str
    offset: float
    trim_width: float
    trim_height: float
    bleed: float
    slug: float
    pages: tuple[int, ...]

    @property
    def edge(self) -> float:
        """From the sheet's edge to the trim: slug and bleed."""
        return self.bleed + self.slug

    @property
    def width(self) -> float:
        return self.trim_width + 2 * self.edge

    @property
    def height(self) -> float:
        return self.trim_height + 2 * self.edge


@dataclass(frozen=True)
class PageShape:
    """A newspaper page of the spread: its grid as guides."""

    index: int  #: 0 = the left page
    number: int | None  #: the page number printed in the folio
    trim: Rect
    type_area: Rect
    columns: tuple[Rect, ...]
    baselines: tuple[float, ...]  #: y of each row's baseline


@dataclass(frozen=True)
class FrameShape:
    """A frame of the plan and how its content fits."""

    name: str
    kind: str
    label: str
    box: Rect
    overset_lines: int = 0
    overset_chars: int = 0


@dataclass(frozen=True)
class Marker:
    """A preflight problem, numbered; ``x``/``y`` is where it points (None: not on the page)."""

    number: int
    severity: str
    code: str
    message: str
    hint: str
    frame: str | None
    page: int | None
    x: float | None = None
    y: float | None = None

    @property
    def placed(self) -> bool:
        return self.x is not None and self.y is not None

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"page {self.page}" if self.page is not None else "", self.frame or "") if p)
        return f"{self.number}. {self.severity}: {where + ': ' if where else ''}{self.message} — {self.hint}"


@dataclass(frozen=True)
class Summary:
    """What preflight found, in a few words: ``fits``, ``fits · 2 warnings``, ``58 lines over · 5 errors``,
    ``1 error · 3 warnings``."""

    errors: int
    warnings: int
    overset_frames: int
    overset_lines: int

    @property
    def text(self) -> str:
        others = self.errors - self.overset_frames
        parts = [f"{self.overset_lines} lines over"] if self.overset_lines else [] if others else ["fits"]
        if others:
            parts.append(f"{others} error{'s' if others != 1 else ''}")
        if self.warnings:
            parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        return " · ".join(parts)

    @property
    def tone(self) -> Tone:
        return "error" if self.errors else "warning" if self.warnings else "ok"


@dataclass(frozen=True)
class Overlay:
    """Everything a proof draws over one feature's pages."""

    feature: str
    layout: str
    paper: str
    width: float  #: the spread's trim width
    height: float
    sheets: tuple[SheetShape, ...]
    pages: tuple[PageShape, ...]
    frames: tuple[FrameShape, ...]
    markers: tuple[Marker, ...]
    summary: Summary

    @property
    def edge(self) -> float:
        return self.sheets[0].edge

    @property
    def bleed(self) -> float:
        return self.sheets[0].bleed

    def frame(self, name: str) -> FrameShape | None:
        """A frame by name, or None."""
        return next((frame for frame in self.frames if frame.name == name), None)

    def as_json(self) -> dict[str, Any]:
        """The overlay as JSON-ready data (points, spread coordinates)."""
        data = asdict(self)
        data["summary"] = {**data["summary"], "text": self.summary.text, "tone": self.summary.tone}
        data["edge"] = self.edge
        return data
