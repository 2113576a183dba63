"""The arrangement search: which stories go where in the pages' lower bands.

Input: the :class:`~builder.layout.stories.Story` objects of a feature (each
with its variants per width), the columns of a page and the range of rows the
lower band may have (the hero takes what the band does not). Output: the best
:class:`Arrangement` — for each page a guillotine plan of :class:`Tier` rows
stacked down the page, each tier stories side by side across all columns —
and the band's rows.

Candidates are every split of the sections between the pages (in number
order), every place for the infographic (its own tier, or at the outer end of
a tier beside sections), every grouping of a page's stories into tiers and
every share of the columns within a tier. Each is scored from the variants'
numbers (:class:`Score`): first the stories that do not fit and their lines
over, then the pages left blanker than the layout allows (a hole), then the
slivers (a section across many columns shallower than the least leg depth:
the rule gives it fewer, deeper columns and a neighbour the room), then the
cost of unplanned blank, shallow legs and extra tiers. A sliver is set only
when every arrangement without one oversets or leaves a hole: white on the
page is worse than a shallow story, and the check names the sliver. Only
the winner is typeset.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model import ContentKind
from .stories import BLANK_COST, Story, Variant

#: Cost of each row the hero gives up to the lower band (a tie-breaker: a
#: bigger picture beats the same page with more text columns' air).
HERO_ROW_COST = 1.0

#: Cost of each row-column of designed air a gap between two tiers takes beyond the layout's gap.
GAP_AIR_COST = 0.2

#: Cost of each tier beyond the first on a page (a simpler page wins a tie).
TIER_COST = 4.0

#: Cost of each row-column a leg of text is shallower than the layout's least leg depth.
SHALLOW_LEG_COST = 0.5

#: Cost of each row-column of a section photo set above its text rather than
#: beside it (the layout's design; above is for widths too narrow for beside).
PHOTO_ABOVE_COST = 0.5


@dataclass(frozen=True, order=True)
class Score:
    """How good a candidate is; lower is better, compared field by field."""

    stories_over: int = 0  #: stories whose text does not all fit
    lines_over: int = 0  #: lines that do not fit, summed
    holes: int = 0  #: pages whose band leaves more blank than the layout allows
    slivers: int = 0  #: sections across many columns shallower than the least leg depth
    cost: float = 0.0  #: unplanned blank and other faults, in row-columns

    def __add__(self, other: Score) -> Score:
        return Score(self.stories_over + other.stories_over, self.lines_over + other.lines_over,
                     self.holes + other.holes, self.slivers + other.slivers, self.cost + other.cost)


@dataclass(frozen=True)
class Rules:
    """What the search holds every page to (from the layout and its grid)."""

    columns: int  #: grid columns across a page
    gap: int  #: rows between two stacked tiers
    gap_stretch: int = 0  #: rows of designed air a gap may take beyond ``gap``
    min_leg_rows: int = 0  #: the least leg depth, in rows
    sliver_columns: int = 0  #: text columns from which a leg shallower than ``min_leg_rows`` is a sliver (0: none)
    max_blank: float = math.inf  #: row-columns of unplanned blank a page may have

    def is_sliver(self, variant: Variant) -> bool:
        """Whether a variant breaks the least-depth rule: across many columns, its legs too shallow."""
        return (bool(self.sliver_columns) and variant.text_cols >= self.sliver_columns
                and 0 < variant.leg_rows < self.min_leg_rows)


class Tier:
    """Stories side by side across a page, starting on the same row: (variant, first column)."""

    def __init__(self, cells: tuple[tuple[Variant, int], ...]) -> None:
        self.cells = cells
        #: rows that hold every story of the tier
        self.rows = max(variant.rows for variant, _ in cells)
        #: the fewest rows the tier may be cut to
        self.least = max(variant.least for variant, _ in cells)
        #: columns the tier's stories take
        self.columns = sum(variant.cols for variant, _ in cells)
        self._costs: dict[int, float] = {}
        self._blanks: dict[int, int] = {}
        self._fixed: tuple[float, int] | None = None
        self._overs: dict[int, tuple[int, int]] = {}

    def fixed(self, rules: Rules) -> tuple[float, int]:
        """What the tier costs at any depth (shallow legs, photos above), and how many slivers it sets.

        A search's tiers share one :class:`Rules`, so the answer is kept.
        """
        if self._fixed is None:
            least = rules.min_leg_rows
            cost = sum((least - variant.leg_rows) * variant.text_cols * SHALLOW_LEG_COST
                       for variant, _ in self.cells if 0 < variant.leg_rows < least)
            cost += sum(variant.image_rows[0] * variant.cols * PHOTO_ABOVE_COST
                        for variant, _ in self.cells if variant.shape == "above")
            self._fixed = cost, sum(rules.is_sliver(variant) for variant, _ in self.cells)
        return self._fixed

    def air(self, rows: int) -> int:
        """Rows of air every head of the tier takes at ``rows`` deep: the least any of them takes alone.

        Heads side by side share one row, so their rules and tabs line up;
        air a story could take beyond that is blank the search avoids.
        """
        airs = [variant.air(rows) for variant, _ in self.cells if variant.has_head]
        return min(airs, default=0)

    def cost(self, rows: int) -> float:
        """What the tier's empty area costs at ``rows`` deep."""
        if rows not in self._costs:
            air = self.air(rows)
            self._costs[rows] = sum(variant.cost(rows, air) for variant, _ in self.cells)
        return self._costs[rows]

    def blank(self, rows: int) -> int:
        """Row-columns of unplanned blank in the tier ``rows`` deep."""
        if rows not in self._blanks:
            air = self.air(rows)
            self._blanks[rows] = sum(variant.empty(rows, air)[0] for variant, _ in self.cells)
        return self._blanks[rows]

    def over(self, rows: int) -> tuple[int, int]:
        """(stories over, lines over) in a tier ``rows`` deep."""
        if rows not in self._overs:
            lines = [(variant.over(rows), variant.over_weight) for variant, _ in self.cells]
            self._overs[rows] = (sum(weight for n, weight in lines if n), sum(n for n, _ in lines))
        return self._overs[rows]


class PagePlan:
    """A page's lower band: tiers stacked down the page, a gap between two.

    Slack goes, a row at a time, to the tier where a row costs least (air in
    a head, a taller photo, before blank column) or to a gap between tiers,
    which may take ``gap_stretch`` rows more as designed air; a deficit is
    taken, a row at a time, where it puts the fewest stories and lines over.
    Both walks start from the natural depths, so every band depth costs one
    step.
    """

    def __init__(self, tiers: tuple[Tier, ...], rules: Rules) -> None:
        self.tiers = tiers
        self.rules = rules
        self.gap = gap = rules.gap
        self.gap_stretch = rules.gap_stretch if len(tiers) > 1 else 0
        gaps = gap * max(0, len(tiers) - 1)
        #: columns across the page (of the widest tier)
        self.columns = max((tier.columns for tier in tiers), default=0)
        #: rows the band needs to hold everything
        self.need = sum(t.rows for t in tiers) + gaps
        #: the fewest rows the band may have with every tier cut to its least
        self.least = sum(t.least for t in tiers) + gaps
        fixed = [tier.fixed(rules) for tier in tiers]
        self.fixed_cost = TIER_COST * max(0, len(tiers) - 1) + sum(cost for cost, _ in fixed)
        #: sections set as slivers
        self.slivers = sum(count for _, count in fixed)
        #: tier heights, then the extra rows of each gap, for band depths need, need + 1, ...
        self._grown: list[list[int]] = [[t.rows for t in tiers] + [0] * max(0, len(tiers) - 1)]
        self._cut: dict[int, tuple[int, ...]] = {}

    def heights(self, band_rows: int) -> tuple[int, ...] | None:
        """Rows of each tier in a band ``band_rows`` deep, or None when it cannot be cut that far."""
        grown = self._layout(band_rows)
        return None if grown is None else grown[:len(self.tiers)]

    def gaps(self, band_rows: int) -> tuple[int, ...]:
        """Rows of each gap between two tiers in a band ``band_rows`` deep (the gap and its designed air)."""
        grown = self._layout(band_rows)
        extra = grown[len(self.tiers):] if grown is not None else ()
        return tuple(self.gap + rows for rows in extra) or (self.gap,) * max(0, len(self.tiers) - 1)

    def _layout(self, band_rows: int) -> tuple[int, ...] | None:
        if not self.tiers:
            return ()
        if band_rows < self.least:
            return None
        if band_rows >= self.need:
            while len(self._grown) <= band_rows - self.need:
                self._grown.append(self._grow(self._grown[-1]))
            return tuple(self._grown[band_rows - self.need])
        if band_rows not in self._cut:
            self._cut[band_rows] = (*self._shrink(band_rows), *[0] * (len(self.tiers) - 1))
        return self._cut[band_rows]

    def _grow(self, heights: list[int]) -> list[int]:
        """One row more, where it costs least: a tier (the lowest on a tie), or a gap between two."""
        best, best_key = 0, None
        count = len(self.tiers)
        for index, tier in enumerate(self.tiers):
            rows = heights[index]
            key = (tier.cost(rows + 1) - tier.cost(rows), -index)
            if best_key is None or key < best_key:
                best, best_key = index, key
        for index in range(count, len(heights)):
            if heights[index] < self.gap_stretch:
                key = (self.columns * GAP_AIR_COST, -index)
                if best_key is None or key < best_key:
                    best, best_key = index, key
        grown = list(heights)
        grown[best] += 1
        return grown

    def _shrink(self, band_rows: int) -> tuple[int, ...]:
        """Rows taken a row at a time where they put the fewest stories, then lines, over."""
        heights = [t.rows for t in self.tiers]
        for _ in range(self.need - band_rows):
            best, best_key = -1, None
            for index, tier in enumerate(self.tiers):
                rows = heights[index]
                if rows <= tier.least:
                    continue
                after, before = tier.over(rows - 1), tier.over(rows)
                key = (after[0] - before[0], after[1] - before[1], -index)
                if best_key is None or key < best_key:
                    best, best_key = index, key
            heights[best] -= 1
        return tuple(heights)

    def score(self, band_rows: int) -> Score | None:
        """The page's score in a band ``band_rows`` deep; None when it cannot be cut that far."""
        if not self.tiers:
            blank = band_rows * self.rules.columns  # nothing fills the band
            return Score(holes=int(blank > self.rules.max_blank), cost=blank * BLANK_COST)
        heights = self.heights(band_rows)
        if heights is None:
            return None
        stories = lines = blank = 0
        cost = self.fixed_cost + (sum(self.gaps(band_rows)) - self.gap * (len(self.tiers) - 1)) * self.columns * GAP_AIR_COST
        for tier, rows in zip(self.tiers, heights):
            over = tier.over(rows)
            stories += over[0]
            lines += over[1]
            cost += tier.cost(rows)
            blank += tier.blank(rows)
        return Score(stories, lines, int(blank > self.rules.max_blank), self.slivers, cost)


@dataclass(frozen=True)
class Arrangement:
    """The chosen pages (left to right) and the rows of their lower band."""

    pages: tuple[PagePlan, ...]
    band_rows: int
    score: Score
    how: tuple[str, ...] = ()


def compositions(total: int, minimums: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every way to share ``total`` columns among parts of at least ``minimums``."""
    if not minimums:
        if total == 0:
            yield ()
        return
    rest = sum(minimums[1:])
    for first in range(minimums[0], total - rest + 1):
        for tail in compositions(total - first, minimums[1:]):
            yield (first, *tail)


def groupings(count: int) -> Iterator[tuple[int, ...]]:
    """Every way to cut a sequence of ``count`` into consecutive groups: the group sizes."""
    if count == 0:
        yield ()
        return
    for cuts in itertools.product((False, True), repeat=count - 1):
        sizes, size = [], 1
        for cut in cuts:
            if cut:
                sizes.append(size)
                size = 1
            else:
                size += 1
        sizes.append(size)
        yield tuple(sizes)


class Search:
    """Page plans for sequences of stories, tiers memoised across candidates."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.columns = rules.columns
        self._tiers: dict[tuple[str, ...], list[Tier]] = {}

    def tiers(self, stories: Sequence[Story]) -> list[Tier]:
        """Every share of the columns among stories side by side, with every variant of each at its share."""
        key = tuple(s.content for s in stories)
        if key not in self._tiers:
            found = []
            for cols in compositions(self.columns, [s.min_cols for s in stories]):
                starts = list(itertools.accumulate(cols, initial=0))
                for variants in itertools.product(*(story.options(width) for story, width in zip(stories, cols))):
                    found.append(Tier(tuple(zip(variants, starts))))
            self._tiers[key] = found
        return self._tiers[key]

    def pages(self, head: Sequence[Tier], stories: Sequence[Story]) -> list[PagePlan]:
        """Every page plan of ``stories`` (in order) under the fixed tiers ``head``."""
        plans = []
        for sizes in groupings(len(stories)):
            groups, start = [], 0
            for size in sizes:
                groups.append(stories[start:start + size])
                start += size
            if any(_box_inside(group) for group in groups):
                continue
            options = [self.tiers(group) for group in groups]
            if any(not option for option in options):
                continue
            for tiers in itertools.product(*options):
                plans.append(PagePlan((*head, *tiers), self.rules))
        return plans


def _box_inside(group: Sequence[Story]) -> bool:
    """Whether the infographic stands between two stories of a tier (it goes at an end)."""
    return any(story.content.kind is ContentKind.INFOGRAPHIC for story in group[1:-1])


def with_box(stories: Sequence[Story], box: Story | None) -> Iterator[tuple[list[Story], str]]:
    """The stories with the infographic at each place it may go, and a word on where."""
    if box is None:
        yield list(stories), ""
        return
    for index in range(len(stories) + 1):
        where = ("first" if index == 0 else "last" if index == len(stories) else f"after {stories[index - 1].content}")
        yield [*stories[:index], box, *stories[index:]], f"infographic {where}"


def best_pages(pages: Sequence[Sequence[PagePlan]], band_range: range) -> Arrangement | None:
    """The best choice of one plan per page, at the best band depth.

    The pages share the band's depth (the hero spans them), so each depth is
    tried and each page's best plan found on its own. A plan that does not
    fit at some depth fits no better at a shallower one, so plans that
    overset are scored only at the deepest band (the hero at its least), and
    only for a page none of whose plans fits there.
    """
    best: Arrangement | None = None
    deepest = band_range.stop - 1
    for band_rows in band_range:
        chosen, total = [], Score(cost=HERO_ROW_COST * (band_rows - band_range.start))
        for plans in pages:
            candidates = [plan for plan in plans if plan.need <= band_rows]
            if not candidates and band_rows == deepest:
                candidates = [plan for plan in plans if plan.least <= band_rows]
            scored = [(score, plan) for plan in candidates if (score := plan.score(band_rows)) is not None]
            if not scored:
                break
            score, plan = min(scored, key=lambda item: item[0])
            chosen.append(plan)
            total = total + score
        else:
            if best is None or total < best.score:
                best = Arrangement(tuple(chosen), band_rows, total)
    return best
