"""Frame rules: place and size every frame of a layout from the content.

Input: the feature, the layout, its grid and the galley — the heights of the
content's blocks as the typesetter measured them (:mod:`builder.layout.galley`
says which blocks at which widths). Output: a :class:`~builder.layout.plan.Plan`.

The page is a small guillotine tree: the folio, the slogan and the headline
(:mod:`builder.layout.display` fits them to the type width), the hero and its
caption, then the lower band, where the lead heads the (left) page and the
stories — sections and the infographic — stand in tiers
(:mod:`builder.layout.arrange` searches every arrangement, scoring each from
the stories' variants of :mod:`builder.layout.stories`). The hero takes the
rows the band does not need, within the layout's range.
:mod:`builder.layout.place` turns the winner into frames.

The rules never place a frame outside the type area or over another frame:
text that does not fit at the layout's limits (the hero at its least, every
arrangement tried) is overset in its frame and reported; a display line too
wide at its least size is overset too. Only when not even the smallest
arrangement fits (every story cut to its head and a few lines) do the rules
refuse, naming the limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import LayoutError, Problem
from ..model import ContentKind, Feature
from ..units import MM
from .arrange import Arrangement, PagePlan, Rules, Search, Tier, best_pages, with_box
from .display import DisplayLine, fit_display
from .galley import DisplayPart, DisplayText, Galley, headline_parts
from .place import band_frames, display_frame, folios, hero_frames, infographic_box
from .plan import BoxParams, Plan
from .spec import Grid, Layout
from .stories import byline_rows, infographic_story, lead_story, section_story

__all__ = ["RULES", "check_panels", "solve", "solve_page", "solve_spread"]


@dataclass(frozen=True)
class Head:
    """The bands above the lower band: rows of each, the hero's range."""

    slogan: DisplayLine | None
    headline: DisplayLine
    slogan_row: int
    headline_row: int
    hero_row: int
    #: rows above the lower band, the hero's excluded
    fixed: int
    hero_least: int
    hero_most: int


def _display_lines(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> tuple[DisplayLine | None,
                                                                                         DisplayLine]:
    """The slogan and the headline, fitted to the type width and split at the gutter."""
    spread = grid.pages == 2
    if spread:
        type_w = 2 * grid.page_width - 2 * grid.margin_outside
        half = grid.page_width - grid.margin_outside
    else:
        type_w = half = grid.type_width

    def fit(rules, parts, prefer_part_split: bool, forced: int | None = None) -> DisplayLine:  # noqa: ANN001
        return fit_display(parts, rules.fill * type_w, half, tuple(rules.size_pt), rules.gutter_clearance_mm * MM,
                           grid.pitch, rules.part_gap_em, prefer_part_split, whole=not spread,
                           line_height=rules.line_height, forced_split=forced)

    slogan = None
    if feature.meta.slogan:
        lines = [DisplayPart(DisplayText.SLOGAN, i) for i in range(len(feature.meta.slogan))]
        slogan = fit(layout.slogan, [(part, text, galley.advances[part])
                                     for part, text in zip(lines, feature.meta.slogan)], True)
    parts = [(part, text, galley.advances[part]) for part, text in headline_parts(feature).items()]
    return slogan, fit(layout.headline, parts, False, feature.meta.display_headline.break_at)


def _head(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Head:
    slogan, headline = _display_lines(feature, layout, grid, galley)
    bands = layout.bands
    slogan_row = bands.folio + bands.gap
    headline_row = slogan_row + (slogan.rows if slogan else 0)
    hero_row = headline_row + headline.rows + bands.gap
    fixed = hero_row + bands.caption + bands.gap
    hero_w = 2 * grid.page_width - 2 * grid.margin_outside if grid.pages == 2 else grid.type_width
    # The aspect limits are the crop's: they win over the rows the layout
    # would give the hero (a hero shallower than its widest crop is never set).
    low, high = layout.hero.rows
    least = max(low, math.ceil(hero_w / layout.hero.aspect[1] / grid.pitch - 1e-9))
    most = max(least, min(high, math.floor(hero_w / layout.hero.aspect[0] / grid.pitch + 1e-9)))
    return Head(slogan, headline, slogan_row, headline_row, hero_row, fixed, least, most)


def solve_spread(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Plan:
    """Place the frames of a two-page feature spread."""
    if len(feature.meta.pages) != 2:
        raise LayoutError(Problem(feature.source, f"layout {layout.name!r} sets two facing pages: "
                                  "give two page numbers", key="pages"))
    return _solve(feature, layout, grid, galley)


def solve_page(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Plan:
    """Place the frames of a feature on one page."""
    return _solve(feature, layout, grid, galley)


def _solve(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Plan:
    check_panels(feature, layout)
    head = _head(feature, layout, grid, galley)
    band_range = range(max(0, grid.rows - head.fixed - head.hero_most), grid.rows - head.fixed - head.hero_least + 1)
    arrangement, candidates = _arrange(feature, layout, grid, galley, band_range)
    if arrangement is None:
        raise _cannot_place(feature, layout, grid, head, band_range, candidates)

    hero_rows = grid.rows - head.fixed - arrangement.band_rows
    frames = folios(grid, layout, feature.meta.pages)
    if head.slogan:
        frames.append(display_frame(ContentKind.SLOGAN, head.slogan, head.slogan_row, grid))
    frames.append(display_frame(ContentKind.HEADLINE, head.headline, head.headline_row, grid))
    frames += hero_frames(feature, grid, layout, head.hero_row, hero_rows)
    def box(height: float, natural_rows: int, across: int) -> BoxParams:
        assert feature.infographic is not None, "only an infographic is set in a box"
        return infographic_box(feature.infographic, layout, grid, height, natural_rows, across)

    placed, shortfall = band_frames(arrangement, head.fixed + hero_rows, grid, byline_rows(grid, galley), box)
    frames += placed

    notes = list(_describe(arrangement, grid))
    if shortfall:
        notes.append(f"the text is longer than the {'spread' if grid.pages == 2 else 'page'} holds with the hero "
                     f"at its least ({head.hero_least} rows): {', '.join(sorted(str(ref) for ref in shortfall))} overset")
    notes.append(f"hero {hero_rows} rows ({hero_rows * grid.pitch / MM:.0f} mm)")
    if grid.pages == 1 and len(feature.meta.pages) > 1:
        notes.append(f"one page: set as page {feature.meta.pages[0]}")
    return Plan(layout=layout.name, grid=grid, frames=tuple(frames), pages=tuple(feature.meta.pages[:grid.pages]),
                notes=tuple(notes), shortfall=shortfall)


def _arrange(feature: Feature, layout: Layout, grid: Grid, galley: Galley,
             band_range: range) -> tuple[Arrangement | None, list[list[list[PagePlan]]]]:
    """The best arrangement of the lower band(s), and every split's candidates per page (for the error)."""
    legs = layout.sections
    search = Search(Rules(grid.columns, layout.bands.gap, layout.bands.gap_stretch,
                          legs.min_leg_rows(grid.pitch), legs.sliver_columns,
                          layout.preflight.max_blank_share * grid.rows * grid.columns))
    lead = lead_story(layout, grid, galley)
    lead_tier = (Tier(((lead.at(grid.columns), 0),)),)
    sections = [section_story(section, layout, grid, galley) for section in feature.sections]
    box = infographic_story(feature, layout, grid, galley) if feature.infographic else None

    def plans(head: tuple[Tier, ...], stories: list, with_infographic: bool) -> list[PagePlan]:
        found: list[PagePlan] = []
        for ordered, _ in with_box(stories, box if with_infographic else None):
            found += search.pages(head, ordered)
        return found

    splits: list[list[list[PagePlan]]] = []
    if grid.pages == 1:
        splits.append([plans(lead_tier, sections, True)])
    else:
        for k in range(len(sections) + 1):
            for box_page in ((0, 1) if box else (None,)):
                splits.append([plans(lead_tier, sections[:k], box_page == 0),
                               plans((), sections[k:], box_page == 1)])
    best: Arrangement | None = None
    for pages in splits:
        found = best_pages(pages, band_range)
        if found is not None and (best is None or found.score < best.score):
            best = found
    return best, splits


def _describe(arrangement: Arrangement, grid: Grid) -> list[str]:
    """The chosen arrangement in words, a page a note: tiers down the page."""
    notes = []
    for page, plan in enumerate(arrangement.pages):
        tiers = [" + ".join(f"{v.content} ({v.cols} col{'s' if v.cols > 1 else ''}"
                            f"{', photo ' + v.shape if v.shape in ('beside', 'above') else ''}"
                            f"{f', panels {v.across} across' if v.shape == 'box' else ''})"
                            for v, _ in tier.cells) for tier in plan.tiers]
        where = "page" if grid.pages == 1 else ("left page" if page == 0 else "right page")
        notes.append(f"{where}: " + (" / ".join(tiers) if tiers else "empty"))
    return notes


def _cannot_place(feature: Feature, layout: Layout, grid: Grid, head: Head, band_range: range,
                  splits: list[list[list[PagePlan]]]) -> LayoutError:
    """Why not even the smallest arrangement fits: the rows there are, the rows it needs, and what takes them."""
    room = max(0, band_range.stop - 1)
    smallest = min((min(plans, key=lambda plan: plan.least) for pages in splits for plans in pages if plans),
                   key=lambda plan: plan.least, default=None)
    least = smallest.least if smallest else room + 1
    takes = ""
    if smallest is not None:
        parts = [" + ".join(f"{variant.content}{' with its photo' if variant.image_rows[0] else ''} "
                            f"{variant.least}" for variant, _ in tier.cells) for tier in smallest.tiers]
        takes = f" ({'; '.join(parts)} rows, each story cut to its head and {layout.sections.min_lines} lines)"
    what = f"{len(feature.sections)} sections" + (" and the infographic" if feature.infographic else "")
    photos = " or photos" if any(section.image for section in feature.sections) else ""
    return LayoutError(Problem(
        feature.source,
        f"layout {layout.name!r} cannot place {what} on {grid.paper.name} ({grid.columns} columns a page): "
        f"with the hero at its least ({head.hero_least} rows) {room} rows stay under it, and the smallest "
        f"arrangement needs {least}{takes}",
        key="sections",
        hint=f"use a larger paper or layout, fewer sections{photos} or panels, or a shorter lead or headline"))


def check_panels(feature: Feature, layout: Layout) -> None:
    """A LayoutError unless the layout places as many panels as the infographic has."""
    if feature.infographic is None:
        return
    low, high = layout.infographic.panels
    count = len(feature.infographic.panels)
    if not low <= count <= high:
        raise LayoutError(Problem(feature.infographic.source,
                                  f"layout {layout.name!r} places {low} to {high} panels; this infographic has {count}",
                                  key="panels"))


RULES: dict[str, Callable[[Feature, Layout, Grid, Galley], Plan]] = {
    "spread": solve_spread,
    "page": solve_page,
}


def solve(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Plan:
    """Place the frames of ``feature`` by the rules its layout names."""
    if layout.rules not in RULES:
        raise LayoutError(Problem(layout.folder / "layout.toml", f"no frame rules named {layout.rules!r}",
                                  key="rules"))
    return RULES[layout.rules](feature, layout, grid, galley)
