"""The galley: which blocks the frame rules need measured, and the measurements.

Input: the feature, the layout and its grid. Output: :class:`GalleyItem`
objects (a block of content at a width the rules may give it), which compose
sets and the typesetter measures into a :class:`Galley` (block heights and
display-line advances). The rules then score thousands of arrangements from
these numbers without typesetting any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import LayoutError, Problem
from ..model import Feature
from .spec import Grid, Layout

#: Display lines are measured at this size (pt) and scaled.
REFERENCE_SIZE = 100.0


@dataclass(frozen=True)
class GalleyItem:
    """One block to measure: content key, width in points, text columns."""

    id: str
    content: str
    width: float
    columns: int = 1


@dataclass(frozen=True)
class Galley:
    """What the typesetter measured: block heights and display-line advances."""

    heights: dict[str, float]
    advances: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def height(self, item: str) -> float:
        """The measured height of an item, in points."""
        if item not in self.heights:
            raise LayoutError(Problem(None, f"galley has no measurement for {item!r} (a template bug)"))
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


def panel_arrangements(panels: int, cols: int, panel_columns: int = 2) -> list[int]:
    """How many panels may stand side by side in a box ``cols`` columns wide.

    A panel is at least ``panel_columns`` grid columns wide, and the last row
    of panels is at most one panel short of full.
    """
    options = [across for across in range(1, panels + 1)
               if cols >= panel_columns * across and (-panels) % across <= 1]
    return options or [1]


def galley_items(feature: Feature, layout: Layout, grid: Grid) -> list[GalleyItem]:
    """The blocks the rules need measured, at the widths they may get."""
    items = [GalleyItem("lead", "lead", grid.span_width(lead_span(layout, grid)))]
    for section in feature.sections:
        items.append(GalleyItem(f"body:{section.number}", section.key, grid.column_width))
        for cols in section_widths(layout, grid):
            items.append(GalleyItem(f"head:{section.number}:{cols}", f"head:{section.number}", grid.span_width(cols)))
            if section.image and section.image.caption:
                items.append(GalleyItem(f"imgcap:{section.number}:{cols}", f"imgcap:{section.number}",
                                        grid.span_width(cols)))
    if feature.infographic:
        panels = len(feature.infographic.panels)
        for cols in infographic_widths(layout, grid):
            for across in panel_arrangements(panels, cols, layout.infographic.panel_min_columns):
                items.append(GalleyItem(f"infographic:{cols}:{across}", "infographic", grid.span_width(cols),
                                        across))
    items.append(GalleyItem("byline", "byline", grid.span_width(grid.columns)))
    return items


def display_items(feature: Feature) -> dict[str, str]:
    """Display lines whose character advances the rules need, by id."""
    lines = {f"slogan:{i}": text for i, text in enumerate(feature.meta.slogan)}
    lines.update(headline_parts(feature))
    return lines


def headline_parts(feature: Feature) -> dict[str, str]:
    """The headline's parts by display id: its lead, then its text cut at the editor's spaces."""
    headline = feature.meta.display_headline
    parts = {"headline_lead": headline.lead} if headline.lead else {}
    parts.update({"headline" if i == 0 else f"headline:{i}": text for i, text in enumerate(headline.parts)})
    return parts
