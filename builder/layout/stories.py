"""Stories and their variants: how each block of the lower band can be set.

Input: the feature, the layout, its grid and the :class:`~builder.layout.galley.Galley`.
Output: one :class:`Story` per block the arrangement search places (the lead,
each section, the infographic), holding a :class:`Variant` for every width
in grid columns it may be given: how many rows it needs there, the fewest
rows its frame may be cut to, and what empty rows cost in it. Everything is
computed once from the galley's measurements, so the search scores
candidates by arithmetic, never by typesetting them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..model import ContentKind, ContentRef, Feature, Section
from .galley import Block, Galley, GalleyRef, infographic_widths, lead_span, panel_arrangements, section_widths
from .spec import Grid, Layout

#: Cost of one row-column of slack taken up as planned air (a taller photo,
#: more room around a section head), against 1 for a row-column of blank column.
ABSORB_COST = 0.15

#: Cost of one row-column of air inside the infographic box: it reads as air
#: in a box rather than a hole in a column, but is not free.
BOX_AIR_COST = 0.35

#: Cost of one row-column of blank column under text (the unit).
BLANK_COST = 1.0

#: An infographic cut short counts as this many stories over: cutting the
#: box's figures is worse than running a story over.
INFOGRAPHIC_OVER_WEIGHT = 2

Shape = Literal["text", "beside", "above", "box"]


@dataclass(frozen=True)
class Variant:
    """A story set at one width: what its frame needs and what slack costs in it.

    ``rows`` is the depth that holds all of it, ``least`` the fewest rows its
    frame may be cut to (its head, its photo and a few lines stay visible;
    the rest is overset). A section's photo stands beside its text
    (``beside``: ``image_cols`` columns to the text's right) or, on narrow
    widths, above it (``above``).
    """

    content: ContentRef
    cols: int
    shape: Shape
    rows: int
    least: int
    text_cols: int = 0
    image_cols: int = 0
    #: rows of the photo frame, caption included: (least, most) within the aspect limits
    image_rows: tuple[int, int] = (0, 0)
    caption_rows: int = 0
    head_rows: int = 0
    #: rows of the head and the text at ``text_cols`` (the text part's natural depth)
    text_rows: int = 0
    #: rows of air the head may take when the text runs short
    head_stretch: int = 0
    #: body lines per text column at this width (the leg depth); 0: not judged (the lead, a box)
    leg_rows: int = 0
    #: panels side by side (the infographic), columns of text (the lead)
    across: int = 1
    gap: int = 1

    @property
    def over_weight(self) -> int:
        """How many stories over this one counts as when it does not fit."""
        return INFOGRAPHIC_OVER_WEIGHT if self.shape == "box" else 1

    def cost(self, rows: int) -> float:
        """What the empty area of a frame ``rows`` deep costs (0 when full)."""
        if self.shape == "box":
            return max(0, rows - self.rows) * self.cols * BOX_AIR_COST
        if self.shape == "text":
            return _text_slack_cost(rows - self.text_rows, self.head_stretch, self.text_cols)
        low, high = self.image_rows
        if self.shape == "beside":
            return (_text_slack_cost(rows - self.text_rows, self.head_stretch, self.text_cols)
                    + _slack_cost(rows - low, high - low, self.image_cols))
        # above: the photo grows first, then the head takes air, then the columns run short
        slack = max(0, rows - self.rows)
        grown = min(slack, high - low)
        return grown * self.cols * ABSORB_COST + _text_slack_cost(slack - grown, self.head_stretch, self.cols)

    def photo_rows(self, rows: int) -> int:
        """Rows of the photo frame (caption included) in a frame ``rows`` deep."""
        low, high = self.image_rows
        if self.shape == "beside":
            return max(0, min(high, rows))
        if self.shape == "above":
            return min(high, low + max(0, rows - self.rows))
        return 0

    def over(self, rows: int) -> int:
        """Lines that do not fit in a frame ``rows`` deep (0 when it all fits)."""
        short = max(0, self.rows - rows) if self.shape in ("above", "box") else max(0, self.text_rows - rows)
        return short * (self.cols if self.shape in ("above", "box") else self.text_cols)


def _slack_cost(slack: int, absorbable: int, cols: int) -> float:
    slack = max(0, slack)
    absorbed = min(slack, max(0, absorbable))
    return absorbed * cols * ABSORB_COST + (slack - absorbed) * cols * BLANK_COST


def _text_slack_cost(slack: int, head_stretch: int, cols: int) -> float:
    return _slack_cost(slack, head_stretch, cols)


@dataclass(frozen=True)
class Story:
    """A block the search places, with its variant at every width it may take."""

    content: ContentRef
    variants: dict[int, Variant]

    @property
    def min_cols(self) -> int:
        return min(self.variants)

    def at(self, cols: int) -> Variant:
        """The variant at ``cols`` columns."""
        return self.variants[cols]


def rows_of(height: float, pitch: float) -> int:
    """Whole rows a measured height takes (a hair over a row is not a row more)."""
    return max(0, math.ceil(height / pitch - 1e-6))


def lead_story(layout: Layout, grid: Grid, galley: Galley) -> Story:
    """The lead and its byline, across the page."""
    columns = grid.columns // lead_span(layout, grid)
    style = layout.style("lead")
    lines = round(galley.height(GalleyRef(Block.LEAD)) / style.pitch)
    byline = byline_rows(grid, galley)
    rows = max(layout.lead.rows_min, math.ceil(math.ceil(lines / columns) * style.pitch / grid.pitch)) + byline
    lead = ContentRef(ContentKind.LEAD)
    variant = Variant(lead, grid.columns, "text", rows, rows, text_cols=grid.columns, text_rows=rows,
                      head_rows=byline, across=columns, gap=layout.bands.gap)
    return Story(lead, {grid.columns: variant})


def byline_rows(grid: Grid, galley: Galley) -> int:
    """Rows the byline under the lead takes."""
    return max(1, rows_of(galley.height(GalleyRef(Block.BYLINE)), grid.pitch))


def section_story(section: Section, layout: Layout, grid: Grid, galley: Galley) -> Story:
    """A section at every width: head and text in columns, its photo beside or above."""
    rules = layout.sections
    gap = layout.bands.gap
    lines = galley.height(GalleyRef.body(section.number)) / grid.pitch
    least_text = min(rules.min_columns, grid.columns)

    def head_rows(cols: int) -> int:
        return max(rules.head_rows, rows_of(galley.height(GalleyRef(Block.HEAD, section.number, cols)), grid.pitch) + gap)

    def legs(cols: int) -> int:
        return math.ceil(lines / cols - 1e-6)

    def text(cols: int) -> Variant:
        head = head_rows(cols)
        rows = head + legs(cols)
        return Variant(section.ref, cols, "text", rows, min(rows, head + rules.min_lines), text_cols=cols,
                       head_rows=head, text_rows=rows, head_stretch=rules.head_stretch, leg_rows=legs(cols), gap=gap)

    if section.image is None:
        return Story(section.ref, {cols: text(cols) for cols in section_widths(layout, grid)})

    low_aspect, high_aspect = rules.image_aspect

    def caption_rows(cols: int) -> int:
        if not section.image or not section.image.caption:
            return 0
        return max(1, rows_of(galley.height(GalleyRef(Block.IMAGE_CAPTION, section.number, cols)), grid.pitch))

    def photo(cols: int) -> tuple[int, int]:
        width = grid.span_width(cols)
        least = max(rules.photo_min_rows, math.ceil(width / high_aspect / grid.pitch))
        most = max(least, math.floor(width / low_aspect / grid.pitch))
        return least + caption_rows(cols), most + caption_rows(cols)

    def beside(cols: int, image_cols: int) -> Variant:
        plain = text(cols - image_cols)
        low, high = photo(image_cols)
        rows = max(plain.rows, low)
        return Variant(section.ref, cols, "beside", rows, max(plain.least, low), text_cols=plain.text_cols,
                       image_cols=image_cols, image_rows=(low, high), caption_rows=caption_rows(image_cols),
                       head_rows=plain.head_rows, text_rows=plain.text_rows, head_stretch=rules.head_stretch,
                       leg_rows=plain.leg_rows, gap=gap)

    def above(cols: int) -> Variant:
        plain = text(cols)
        low, high = photo(cols)
        return Variant(section.ref, cols, "above", low + gap + plain.rows, low + gap + plain.least,
                       text_cols=cols, image_rows=(low, high), caption_rows=caption_rows(cols),
                       head_rows=plain.head_rows, text_rows=plain.text_rows, head_stretch=rules.head_stretch,
                       leg_rows=plain.leg_rows, gap=gap)

    def best(cols: int) -> Variant:
        # The photo beside the text, taking about its share of the module and
        # never more than the text; above the text when too narrow for that.
        options = [beside(cols, k) for k in range(rules.photo_min_columns, cols // 2 + 1)
                   if cols - k >= least_text]
        options.append(above(cols))
        return min(options, key=lambda v: (v.rows, v.shape == "above",
                                           abs(v.image_cols - cols * rules.photo_share)))

    return Story(section.ref, {cols: best(cols) for cols in section_widths(layout, grid)})


def infographic_story(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Story:
    """The infographic box at every width, with the panel arrangement that keeps it shallowest."""
    assert feature.infographic is not None
    panels = len(feature.infographic.panels)
    rules = layout.infographic

    def at(cols: int) -> Variant:
        options = panel_arrangements(panels, cols, rules.panel_min_columns)
        heights = {across: rows_of(galley.height(GalleyRef(Block.INFOGRAPHIC, cols=cols, across=across)), grid.pitch)
                   for across in options}
        across = min(options, key=lambda a: (heights[a], -a))
        rows = heights[across]
        return Variant(box, cols, "box", rows, min(rows, rules.min_rows), across=across, gap=layout.bands.gap)

    box = ContentRef(ContentKind.INFOGRAPHIC)
    return Story(box, {cols: at(cols) for cols in infographic_widths(layout, grid)})
