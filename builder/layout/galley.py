"""The galley: which blocks the frame rules need measured, and the measurements.

Input: the feature, the layout and its grid. Output: :class:`GalleyItem`
objects (a block of content at a width the rules may give it), which compose
sets and the typesetter measures into a :class:`Galley` (block heights and
display-line advances). The rules then score thousands of arrangements from
these numbers without typesetting any of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from ..errors import LayoutError, Problem
from ..model import Feature
from .spec import Grid, Layout

#: Display lines are measured at this size (pt) and scaled.
REFERENCE_SIZE = 100.0


class Block(StrEnum):
    """What a galley item sets."""

    LEAD = "lead"
    BYLINE = "byline"
    BODY = "body"  #: a section's body text, one column wide
    HEAD = "head"  #: a section's title and subtitle
    IMAGE_CAPTION = "imgcap"  #: a section photo's caption
    INFOGRAPHIC = "infographic"


@dataclass(frozen=True, order=True)
class GalleyRef:
    """A block at a width: ``head:01:4`` is section 01's head across 4 grid columns.

    ``cols`` is the width in grid columns where the rules may choose it (a
    section's head and caption, the infographic), ``across`` the panels side
    by side (the infographic).
    """

    block: Block
    section: str = ""
    cols: int = 0
    across: int = 0

    def __str__(self) -> str:
        parts = [str(self.block), self.section, *(str(n) for n in (self.cols, self.across) if n)]
        return ":".join(part for part in parts if part)

    @property
    def dom_id(self) -> str:
        """The id of the item's element in the galley's HTML."""
        return f"galley--{self}"

    @classmethod
    def body(cls, number: str) -> GalleyRef:
        """Section ``number``'s body, one column wide."""
        return cls(Block.BODY, number)


class DisplayText(StrEnum):
    """The display lines whose characters the galley measures."""

    SLOGAN = "slogan"
    HEADLINE_LEAD = "headline_lead"
    HEADLINE = "headline"


@dataclass(frozen=True, order=True)
class DisplayPart:
    """One part of a display line: a slogan line (``index`` 0 or 1), the headline's lead, the headline."""

    text: DisplayText
    index: int = 0

    def __str__(self) -> str:
        return f"{self.text}:{self.index}" if self.text is DisplayText.SLOGAN or self.index else str(self.text)

    @property
    def css(self) -> str:
        """The part as a CSS class name: ``slogan-0``, ``headline_lead``."""
        return str(self).replace(":", "-")

    @property
    def dom_id(self) -> str:
        """The id of the part's element in the galley's HTML."""
        return f"galley--display--{self}"


@dataclass(frozen=True)
class GalleyItem:
    """One block to measure: what it is, its width in points, its text columns."""

    ref: GalleyRef
    width: float
    columns: int = 1


@dataclass(frozen=True)
class Galley:
    """What the typesetter measured: block heights and display-line advances."""

    heights: dict[GalleyRef, float]
    advances: dict[DisplayPart, tuple[float, ...]] = field(default_factory=dict)
    #: the blocks and display lines typeset for this galley (the others came from the galley cache)
    measured: frozenset[GalleyRef | DisplayPart] = frozenset()

    def height(self, item: GalleyRef) -> float:
        """The measured height of an item, in points."""
        if item not in self.heights:
            raise LayoutError(Problem(None, f"galley has no measurement for {str(item)!r} (a template bug)"))
        return self.heights[item]


def lead_span(layout: Layout, grid: Grid) -> int:
    """Grid columns one column of the lead spans."""
    return max(1, grid.columns // layout.lead.columns)


def section_widths(layout: Layout, grid: Grid) -> range:
    """Every width, in grid columns, a section may be given."""
    return range(min(layout.sections.min_columns, grid.columns), grid.columns + 1)


def infographic_widths(layout: Layout, grid: Grid) -> range:
    """Every width, in grid columns, the infographic box may be given."""
    return range(min(layout.infographic.min_columns, grid.columns), grid.columns + 1)


def panel_arrangements(panels: int, cols: int, panel_columns: int = 2, widest: int = 0) -> list[int]:
    """How many panels may stand side by side in a box ``cols`` columns wide.

    A panel is at least ``panel_columns`` grid columns wide and, where the
    box allows, at most ``widest`` (0: no limit); the last row of panels is at
    most one panel short of full.
    """
    options = [across for across in range(1, panels + 1)
               if cols >= panel_columns * across and (-panels) % across <= 1]
    narrow = [across for across in options if not widest or cols <= widest * across]
    return narrow or options or [1]


@dataclass(frozen=True)
class PanelGrid:
    """The infographic's panels in rows: ``columns`` table columns, each row (panel index, columns spanned).

    Every row spans the whole box: a last row of fewer panels has wider ones,
    so N panels make N cells and no empty one.
    """

    columns: int
    rows: tuple[tuple[tuple[int, int], ...], ...]


def panel_grid(panels: int, across: int) -> PanelGrid:
    """``panels`` panels ``across`` to a row, the last row's panels widened to fill it."""
    across = max(1, min(across, panels))
    last = panels % across or across
    columns = across * last // math.gcd(across, last)
    rows = []
    for start in range(0, panels, across):
        count = min(across, panels - start)
        rows.append(tuple((start + i, columns // count) for i in range(count)))
    return PanelGrid(columns, tuple(rows))


def galley_items(feature: Feature, layout: Layout, grid: Grid) -> list[GalleyItem]:
    """The blocks the rules need measured, at the widths they may get."""
    items = [GalleyItem(GalleyRef(Block.LEAD), grid.span_width(lead_span(layout, grid)))]
    for section in feature.sections:
        number = section.number
        items.append(GalleyItem(GalleyRef.body(number), grid.column_width))
        for cols in section_widths(layout, grid):
            items.append(GalleyItem(GalleyRef(Block.HEAD, number, cols), grid.span_width(cols)))
            if section.image and section.image.caption:
                items.append(GalleyItem(GalleyRef(Block.IMAGE_CAPTION, number, cols), grid.span_width(cols)))
    if feature.infographic:
        panels = len(feature.infographic.panels)
        for cols in infographic_widths(layout, grid):
            for across in panel_arrangements(panels, cols, layout.infographic.panel_min_columns,
                                             layout.infographic.panel_max_columns):
                items.append(GalleyItem(GalleyRef(Block.INFOGRAPHIC, cols=cols, across=across),
                                        grid.span_width(cols), across))
    items.append(GalleyItem(GalleyRef(Block.BYLINE), grid.span_width(grid.columns)))
    return items


def display_items(feature: Feature) -> dict[DisplayPart, str]:
    """Display lines whose character advances the rules need, by part."""
    lines = {DisplayPart(DisplayText.SLOGAN, i): text for i, text in enumerate(feature.meta.slogan)}
    lines.update(headline_parts(feature))
    return lines


def headline_parts(feature: Feature) -> dict[DisplayPart, str]:
    """The headline's parts: its lead, then its text cut at the editor's spaces."""
    headline = feature.meta.display_headline
    parts = {DisplayPart(DisplayText.HEADLINE_LEAD): headline.lead} if headline.lead else {}
    parts.update({DisplayPart(DisplayText.HEADLINE, i): text for i, text in enumerate(headline.parts)})
    return parts
