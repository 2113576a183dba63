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
import unicodedata
from dataclasses import dataclass
from typing import Literal

from ..model import ContentKind, ContentRef, Feature, Section, Span
from .galley import Block, Galley, GalleyRef, infographic_widths, lead_span, panel_arrangements, section_widths
from .spec import Grid, Layout

#: Cost of one row-column of slack taken up as planned air (a taller photo,
#: more room around a section head), against 1 for a row-column of blank column.
ABSORB_COST = 0.15

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
    #: lines the last leg is short of the others (white under it, however deep the frame)
    ragged: int = 0
    #: panels side by side (the infographic), columns of text (the lead)
    across: int = 1
    gap: int = 1

    @property
    def over_weight(self) -> int:
        """How many stories over this one counts as when it does not fit."""
        return INFOGRAPHIC_OVER_WEIGHT if self.shape == "box" else 1

    @property
    def has_head(self) -> bool:
        """Whether the story is a section with a head (whose air a tier shares)."""
        return self.shape in ("text", "beside", "above") and self.head_stretch > 0 and self.leg_rows > 0

    def text_slack(self, rows: int) -> int:
        """Rows the text part leaves empty in a frame ``rows`` deep (photos above grown first)."""
        if self.shape == "above":
            slack = max(0, rows - self.rows)
            return slack - min(slack, self.image_rows[1] - self.image_rows[0])
        if self.shape in ("text", "beside"):
            return max(0, rows - self.text_rows)
        return 0

    def air(self, rows: int) -> int:
        """The head air this story would take alone in a frame ``rows`` deep."""
        return min(self.text_slack(rows), self.head_stretch) if self.has_head else 0

    def cost(self, rows: int, air: int | None = None) -> float:
        """What the empty area of a frame ``rows`` deep costs (0 when full).

        ``air`` is the head air the story's tier gives every head in it (so
        that heads side by side stay on one row); by default what it would
        take alone. The infographic box fits its content: rows under it are
        blank; a photo grows (within its aspect limits) to end with the text.
        """
        blank, planned = self.empty(rows, air)
        return blank * BLANK_COST + planned * ABSORB_COST

    def empty(self, rows: int, air: int | None = None) -> tuple[int, int]:
        """Row-columns a frame ``rows`` deep leaves empty: (unplanned blank, planned air)."""
        if air is None:
            air = self.air(rows)
        if self.shape == "box":
            return max(0, rows - self.rows) * self.cols, 0
        slack = max(0, self.text_slack(rows))
        air = min(slack, air)
        blank, planned = (slack - air) * self.text_cols + self.ragged, air * self.text_cols
        if self.shape == "beside":
            blank += (rows - self.photo_rows(rows, air)) * self.image_cols
        elif self.shape == "above":
            # the photo grows first, then the head takes air, then the columns run short
            low, high = self.image_rows
            planned += min(max(0, rows - self.rows), high - low) * self.cols
        return blank, planned

    def photo_rows(self, rows: int, air: int | None = None) -> int:
        """Rows of the photo frame (caption included) in a frame ``rows`` deep.

        Beside the text the photo ends with the text (its head's air
        included), never past its aspect limits nor the frame.
        """
        low, high = self.image_rows
        if self.shape == "beside":
            if air is None:
                air = self.air(rows)
            return max(0, min(rows, high, max(low, self.text_rows + air)))
        if self.shape == "above":
            return min(high, low + max(0, rows - self.rows))
        return 0

    def over(self, rows: int) -> int:
        """Lines that do not fit in a frame ``rows`` deep (0 when it all fits)."""
        short = max(0, self.rows - rows) if self.shape in ("above", "box") else max(0, self.text_rows - rows)
        return short * (self.cols if self.shape in ("above", "box") else self.text_cols)


@dataclass(frozen=True)
class Story:
    """A block the search places, with its variants at every width it may take (the preferred first)."""

    content: ContentRef
    variants: dict[int, tuple[Variant, ...]]

    @property
    def min_cols(self) -> int:
        return min(self.variants)

    def at(self, cols: int) -> Variant:
        """The preferred variant at ``cols`` columns."""
        return self.variants[cols][0]

    def options(self, cols: int) -> tuple[Variant, ...]:
        """Every variant at ``cols`` columns: a section's photo at each width it may take beside its text."""
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
    return Story(lead, {grid.columns: (variant,)})


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
                       head_rows=head, text_rows=rows, head_stretch=rules.head_stretch, leg_rows=legs(cols), gap=gap,
                       ragged=max(0, legs(cols) * cols - math.ceil(lines - 1e-6)))

    if section.image is None:
        return Story(section.ref, {cols: (text(cols),) for cols in section_widths(layout, grid)})

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
                       leg_rows=plain.leg_rows, ragged=plain.ragged, gap=gap)

    def above(cols: int) -> Variant:
        plain = text(cols)
        low, high = photo(cols)
        return Variant(section.ref, cols, "above", low + gap + plain.rows, low + gap + plain.least,
                       text_cols=cols, image_rows=(low, high), caption_rows=caption_rows(cols),
                       head_rows=plain.head_rows, text_rows=plain.text_rows, head_stretch=rules.head_stretch,
                       leg_rows=plain.leg_rows, ragged=plain.ragged, gap=gap)

    def choices(cols: int) -> tuple[Variant, ...]:
        # The photo beside the text at every width up to the text's (a wider
        # photo makes the text deeper: the search picks the one that fills
        # its tier), or above the text when too narrow for that; the
        # shallowest first, then the one nearest the layout's photo share.
        options = [beside(cols, k) for k in range(rules.photo_min_columns, cols // 2 + 1)
                   if cols - k >= least_text]
        if not options:
            options.append(above(cols))
        return tuple(sorted(options, key=lambda v: (v.rows, v.shape == "above",
                                                    abs(v.image_cols - cols * rules.photo_share))))

    return Story(section.ref, {cols: choices(cols) for cols in section_widths(layout, grid)})


def _em_width(item: tuple[Span, ...]) -> float:
    """An item's natural width in em: a wide (Han) character one, any other about half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55 for span in item for char in span.text)


def infographic_story(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Story:
    """The infographic box at every width, with the panel arrangement that keeps it shallowest."""
    assert feature.infographic is not None
    panels = len(feature.infographic.panels)
    rules = layout.infographic

    item_size = layout.style("panel_item").size or grid.body_size
    longest = max(_em_width(item) for panel in feature.infographic.panels for item in panel.items) * item_size

    def at(cols: int) -> tuple[Variant, ...]:
        options = panel_arrangements(panels, cols, rules.panel_min_columns, rules.panel_max_columns)
        heights = {across: rows_of(galley.height(GalleyRef(Block.INFOGRAPHIC, cols=cols, across=across)), grid.pitch)
                   for across in options}
        # The shallowest arrangement, and deeper ones (fewer panels across) whose panels
        # the longest item still fills to the layout's share: a box may stack its panels
        # to stand as deep as a section beside it, not to leave white inside them.
        ordered = sorted(options, key=lambda a: (heights[a], -a))
        kept = [a for a in ordered if a == ordered[0] or longest >= rules.panel_fill * grid.span_width(cols) / a]
        return tuple(Variant(box, cols, "box", heights[a], min(heights[a], rules.min_rows), across=a,
                             gap=layout.bands.gap) for a in kept)

    box = ContentRef(ContentKind.INFOGRAPHIC)
    return Story(box, {cols: at(cols) for cols in infographic_widths(layout, grid)})
