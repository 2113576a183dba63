"""Frame rules: place and size every frame of a layout from the content.

Input: the feature, the layout, its grid and a *galley* — the heights of the
content's blocks as the typesetter measured them (:func:`galley_items` says
which blocks at which widths). Output: a :class:`~builder.layout.plan.Plan`.

Nothing here is specific to one feature: the rules search a small space of
arrangements (which sections go on which page, how many columns each section
gets, where the infographic sits) and keep the one that leaves the least empty
area, with the hero photo taking whatever height the text leaves within the
layout's range. A section's share of the columns follows its length.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..errors import LayoutError, Problem
from ..model import Feature, Section
from .plan import Frame, PageName, Plan
from .spec import MM, Grid, Layout

#: Display lines are measured at this size and scaled.
REFERENCE_SIZE = 100.0

#: Cost of a module whose text does not fit at all, on top of its rows over.
OVERSET_MODULE = 1_000_000.0

#: Cost of a row-column of slack taken up as air (a taller image, more room
#: around a section head), against 1 for a row-column of blank column.
ABSORB_COST = 0.15


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
        if item not in self.heights:
            raise LayoutError(Problem(None, f"galley has no measurement for {item!r} (a template bug)"))
        return self.heights[item]


# --- what to measure --------------------------------------------------------


def galley_items(feature: Feature, layout: Layout, grid: Grid) -> list[GalleyItem]:
    """The blocks the rules need measured, at the widths they may get."""
    items = [GalleyItem("lead", "lead", grid.span_width(_lead_span(layout, grid)))]
    widths = range(min(layout.sections.min_columns, grid.columns), grid.columns + 1)
    for section in feature.sections:
        items.append(GalleyItem(f"body:{section.number}", section.key, grid.column_width))
        for cols in widths:
            items.append(GalleyItem(f"head:{section.number}:{cols}", f"head:{section.number}", grid.span_width(cols)))
            if section.image and section.image.caption:
                items.append(GalleyItem(f"imgcap:{section.number}:{cols}", f"imgcap:{section.number}",
                                        grid.span_width(cols)))
    if feature.infographic:
        panels = len(feature.infographic.panels)
        for cols in range(min(layout.infographic.min_columns, grid.columns), grid.columns + 1):
            for across in panel_arrangements(panels, cols):
                items.append(GalleyItem(f"infographic:{cols}:{across}", "infographic", grid.span_width(cols),
                                        across))
    items.append(GalleyItem("byline", "byline", grid.span_width(grid.columns)))
    return items


def display_items(feature: Feature) -> dict[str, str]:
    """Display lines whose character advances the rules need, by id."""
    lines = {f"slogan:{i}": text for i, text in enumerate(feature.meta.slogan)}
    if feature.meta.headline_lead:
        lines["headline_lead"] = feature.meta.headline_lead
    lines["headline"] = feature.meta.headline
    return lines


def _lead_span(layout: Layout, grid: Grid) -> int:
    return max(1, grid.columns // layout.lead.columns)


def panel_arrangements(panels: int, cols: int) -> list[int]:
    """How many panels may stand side by side in a box ``cols`` columns wide.

    A panel is at least two grid columns wide, and the last row of panels is
    at most one panel short of full.
    """
    options = [across for across in range(1, panels + 1)
               if cols >= 2 * across and (-panels) % across <= 1]
    return options or [1]


# --- display lines across the gutter ------------------------------------------


@dataclass(frozen=True)
class DisplayLine:
    """A display line fitted to the spread and split at the gutter."""

    size: float
    rows: int
    chars: tuple[tuple[str, str], ...]  #: (character, part id)
    split: int  #: index of the first character on the right page
    left_width: float
    right_width: float
    clearance: float
    part_gap_em: float


def fit_display(
    parts: list[tuple[str, str, tuple[float, ...]]],
    fill_width: float,
    half_width: float,
    size_range: tuple[float, float],
    clearance: float,
    pitch: float,
    part_gap_em: float,
    prefer_part_split: bool,
    whole: bool = False,
) -> DisplayLine:
    """Size a display line to ``fill_width`` and split it for the gutter.

    ``parts`` are (id, text, advances at :data:`REFERENCE_SIZE`). The split
    falls between two characters, as near the middle as possible, so that no
    character sits on the fold; each half is set against the gutter with
    ``clearance`` beside it. With ``prefer_part_split`` (a slogan) the split
    falls between parts, and a single part stays whole on the left page.
    """
    chars: list[tuple[str, str]] = []
    advances: list[float] = []
    gaps_before: list[float] = []
    for index, (part, text, adv) in enumerate(parts):
        for position, (char, width) in enumerate(zip(text, adv)):
            chars.append((char, part))
            advances.append(width / REFERENCE_SIZE)
            gaps_before.append(part_gap_em if index and position == 0 else 0.0)
    total_em = sum(advances) + sum(gaps_before)
    low, high = size_range
    size = max(low, min(high, fill_width / total_em if total_em else high))

    def halves(split: int, at: float) -> tuple[float, float]:
        left = sum(advances[:split]) + sum(gaps_before[:split])
        right = sum(advances[split:]) + sum(gaps_before[split + 1:])
        return left * at, right * at

    candidates = range(1, len(chars))
    part_splits = [i for i in candidates if gaps_before[i]]

    def imbalance(split: int) -> float:
        left, right = halves(split, 1.0)
        return abs(left - right)

    if whole:
        split = len(chars)  # one page: the line is not split
    elif prefer_part_split and len(parts) == 1:
        split = len(chars)  # one slogan line stays on the left page, against the gutter
    elif prefer_part_split and part_splits:
        split = min(part_splits, key=imbalance)
    elif len(chars) > 1:
        split = min(candidates, key=imbalance)
    else:
        split = len(chars)
    # Shrink until each half fits its page.
    while True:
        left, right = halves(split, size)
        if max(left, right) + clearance <= half_width or size <= low:
            break
        size = max(low, size * 0.97)
    rows = max(1, math.ceil(size * 1.2 / pitch))
    return DisplayLine(size, rows, tuple(chars), split, left, right, clearance, part_gap_em)


# --- the spread rules -----------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """A column-wise block in a page's lower band: a section or the infographic."""

    key: str
    min_cols: int
    rows_for: Callable[[int], int]  #: rows needed at a width in columns
    stretch: float  #: cost of an empty row-column (1 = as bad as blank text)
    #: a section with a photo: (text columns, photo columns) at a width
    split: Callable[[int], tuple[int, int]] = lambda cols: (cols, 0)
    #: rows the text needs at a width in text columns (head included)
    text_rows: Callable[[int], int] = lambda cols: 0
    #: rows of the photo frame (caption included) at a width: (least, most)
    image_rows: Callable[[int], tuple[int, int]] | None = None
    head_rows: Callable[[int], int] = lambda cols: 0
    caption_rows: Callable[[int], int] = lambda cols: 0
    #: extra rows the head band may take as air when the module has slack
    head_stretch: int = 0
    #: panels side by side at a width (the infographic's arrangement)
    across: Callable[[int], int] = lambda cols: 1


@dataclass
class PageBand:
    """A page's lower band as arranged: full-width blocks, then modules side by side.

    ``tops`` are (content key, rows including the gap after, module) stacked
    across the page; ``modules`` are (module, first column, columns).
    """

    tops: list[tuple[str, int, Module | None]]
    modules: list[tuple[Module, int, int]]
    need: int = 0

    @property
    def top_rows(self) -> int:
        return sum(rows for _, rows, _ in self.tops)

    def shares(self, band_rows: int) -> tuple[list[int], int]:
        """Rows of each full-width block and of the modules under them.

        A block that may stretch (the infographic's box) takes the rows the
        modules do not need; otherwise the modules take them.
        """
        heights = [rows for _, rows, _ in self.tops]
        stretchy = [i for i, (_, _, module) in enumerate(self.tops) if module is not None]
        free = band_rows - self.top_rows
        if stretchy:
            tallest = self.need - self.top_rows
            extra = max(0, free - tallest) if self.modules else max(0, free)
            heights[stretchy[-1]] += extra
            free -= extra
        return heights, free


def _compositions(total: int, parts: int, minimum: int) -> Iterator[tuple[int, ...]]:
    if parts == 0:
        if total == 0:
            yield ()
        return
    for first in range(minimum, total - minimum * (parts - 1) + 1):
        for rest in _compositions(total - first, parts - 1, minimum):
            yield (first, *rest)


def _arrange(modules: list[Module], columns: int, limit: int | None = None) -> tuple[tuple[int, ...], int] | None:
    """Columns for each module (in order) minimising the tallest; its rows.

    With ``limit`` (the rows there are), first keep as many modules as
    possible within it, then the least over, then the tallest and the waste.
    """
    if not modules:
        return (), 0
    best: tuple[tuple[int, ...], int, tuple] | None = None
    minimum = min(m.min_cols for m in modules)
    for cols in _compositions(columns, len(modules), minimum):
        if any(c < m.min_cols for m, c in zip(modules, cols)):
            continue
        rows = [m.rows_for(c) for m, c in zip(modules, cols)]
        tallest = max(rows)
        waste = sum((tallest - r) * c * m.stretch for m, r, c in zip(modules, rows, cols))
        key: tuple = (tallest, waste)
        if limit is not None:
            over = [r - limit for r in rows if r > limit]
            key = (len(over), sum(over), *key)
        if best is None or key < best[2]:
            best = (cols, tallest, key)
    return (best[0], best[1]) if best else None


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
    pitch, columns, gap = grid.pitch, grid.columns, layout.bands.gap
    page_w = grid.page_width
    spread = grid.pages == 2
    notes: list[str] = []

    # Display lines: fitted to the type width; on a spread, split at the gutter.
    if spread:
        type_w = 2 * page_w - 2 * grid.margin_outside
        half = page_w - grid.margin_outside
    else:
        type_w = half = grid.type_width
    slogan = None
    if feature.meta.slogan:
        parts = [(f"slogan:{i}", t, galley.advances[f"slogan:{i}"]) for i, t in enumerate(feature.meta.slogan)]
        slogan = fit_display(parts, layout.slogan.fill * type_w, half, tuple(layout.slogan.size_pt),
                             layout.slogan.gutter_clearance_mm * MM, pitch, 1.0, prefer_part_split=True,
                             whole=not spread)
    parts = []
    if feature.meta.headline_lead:
        parts.append(("headline_lead", feature.meta.headline_lead, galley.advances["headline_lead"]))
    parts.append(("headline", feature.meta.headline, galley.advances["headline"]))
    headline = fit_display(parts, layout.headline.fill * type_w, half, tuple(layout.headline.size_pt),
                           layout.headline.gutter_clearance_mm * MM, pitch, 0.4, prefer_part_split=False,
                           whole=not spread)

    top = layout.bands.folio + gap
    slogan_row = top
    if slogan:
        top += slogan.rows
    headline_row = top
    top += headline.rows + gap
    hero_row = top
    caption_rows = layout.bands.caption
    fixed = top + caption_rows + gap  # rows above the lower band, hero excluded
    hero_min, hero_max = layout.hero.rows
    hero_w = type_w
    hero_max = min(hero_max, math.floor(hero_w / layout.hero.aspect[0] / pitch))
    hero_min = max(hero_min, math.ceil(hero_w / layout.hero.aspect[1] / pitch))

    # The lead and its byline, across the (left) page.
    lead_span = _lead_span(layout, grid)
    lead_cols = max(1, columns // lead_span)
    lead_style = layout.style("lead")
    lead_lines = round(galley.height("lead") / lead_style.pitch)
    byline_rows = max(1, math.ceil(galley.height("byline") / pitch))
    lead_rows = max(layout.lead.rows_min,
                    math.ceil(math.ceil(lead_lines / lead_cols) * lead_style.pitch / pitch)) + byline_rows

    sections = list(feature.sections)
    section_modules = [_section_module(s, layout, grid, galley) for s in sections]
    info_module = _infographic_module(feature, layout, grid, galley) if feature.infographic else None

    if spread:
        arrangements = ((bands, [f"{k} section(s) on the left page", how])
                        for k in range(0, len(sections) + 1)
                        for *bands, how in _options(section_modules[:k], section_modules[k:], info_module,
                                                    lead_rows + gap, gap, columns))
    else:
        arrangements = (([band], [how]) for band, how in _page_options(section_modules, info_module,
                                                                       lead_rows + gap, gap, columns))
    best: tuple[float, int, list[PageBand], int, list[str]] | None = None
    for bands, how in arrangements:
        need = max(band.need for band in bands)
        hero = min(grid.rows - fixed - need, hero_max)
        score = 0.0
        if hero < hero_min:
            score += 1000.0 * (hero_min - hero)
            hero = hero_min
        band_rows = grid.rows - fixed - hero
        for band in bands:
            score += _waste(band, band_rows, columns)
        if best is None or score < best[0]:
            best = (score, hero, list(bands), band_rows, how)
    if best is None:
        raise LayoutError(Problem(feature.source, f"layout {layout.name!r} cannot place "
                                  f"{len(sections)} sections on {columns}-column pages", key="sections"))
    score, hero_rows, bands, band_rows, how = best
    notes.extend(how)
    shortfall: dict[str, int] = {}
    if score >= OVERSET_MODULE:
        # Not everything fits: arrange each page again knowing its rows, so
        # that as few stories as possible run over.
        bands = [_band(band.tops, [m for m, _, _ in band.modules], columns, band_rows - band.top_rows) or band
                 for band in bands]

    frames: list[Frame] = []
    frames += _folios(grid, layout)
    if slogan:
        frames.append(_display_frame("slogan", slogan, slogan_row, grid, page_w, spread))
    frames.append(_display_frame("headline", headline, headline_row, grid, page_w, spread))
    hero_x = grid.margin_outside
    frames.append(Frame("hero", "hero", "image", "spread" if spread else "single", hero_x, grid.row_y(hero_row),
                        hero_w, hero_rows * pitch, row=hero_row, rows=hero_rows, col=0, cols=grid.pages * columns,
                        params={"aspect": hero_w / (hero_rows * pitch)}))
    cap_row = hero_row + hero_rows
    credit_cols = 0 if spread or not feature.meta.photo_credit else min(3, columns // 2)
    frames.append(Frame("caption", "caption", "text", "left" if spread else "single", grid.left_edge(0),
                        grid.row_y(cap_row), grid.span_width(columns - credit_cols), caption_rows * pitch,
                        row=cap_row, rows=caption_rows, cols=columns - credit_cols))
    if feature.meta.photo_credit:
        if spread:
            frames.append(Frame("credit", "credit", "text", "right", page_w + grid.left_edge(1), grid.row_y(cap_row),
                                grid.type_width, caption_rows * pitch, row=cap_row, rows=caption_rows, cols=columns))
        else:
            x = grid.column_x(0, columns - credit_cols)
            frames.append(Frame("credit", "credit", "text", "single", x, grid.row_y(cap_row),
                                grid.span_width(credit_cols), caption_rows * pitch, row=cap_row,
                                rows=caption_rows, col=columns - credit_cols, cols=credit_cols))
    band_top = cap_row + caption_rows + gap
    for page, band in enumerate(bands):
        frames += _band_frames(page, band, band_top, band_rows, feature, layout, grid, lead_cols, byline_rows,
                               shortfall)
    if score >= 1000:
        notes.append(f"the text is longer than the {'spread' if spread else 'page'} holds "
                     "with the hero at its minimum")
    notes.append(f"hero {hero_rows} rows ({hero_rows * pitch / MM:.0f} mm)")
    if not spread and len(feature.meta.pages) > 1:
        notes.append(f"one page: set as page {feature.meta.pages[0]}")
    return Plan(layout=layout.name, grid=grid, frames=tuple(frames), pages=tuple(feature.meta.pages[:grid.pages]),
                notes=tuple(notes), shortfall=shortfall)


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


def _band(tops: list[tuple[str, int, Module | None]], modules: list[Module], columns: int,
          limit: int | None = None) -> PageBand | None:
    arranged = _arrange(modules, columns, limit)
    if arranged is None:
        return None
    cols, tallest = arranged
    placed, col = [], 0
    for module, c in zip(modules, cols):
        placed.append((module, col, c))
        col += c
    band = PageBand(tops, placed)
    band.need = band.top_rows + tallest
    return band


def _page_options(sections: list[Module], info: Module | None, lead_rows: int, gap: int,
                  columns: int) -> Iterator[tuple[PageBand, str]]:
    """Every arrangement of a single page's lower band."""
    lead = [("lead", lead_rows, None)]
    if info is None:
        band = _band(lead, sections, columns)
        if band:
            yield band, "no infographic"
        return
    across = [("infographic", info.rows_for(columns) + gap, info)]
    for band, how in ((_band(lead + across, sections, columns), "infographic across the page"),
                      (_band(lead, sections + [info], columns), "infographic beside the sections, outside"),
                      (_band(lead, [info] + sections, columns), "infographic beside the sections, inside")):
        if band is not None:
            yield band, how


def _options(left_sections: list[Module], right_sections: list[Module], info: Module | None, lead_rows: int,
             gap: int, columns: int) -> Iterator[tuple[PageBand, PageBand, str]]:
    """Every arrangement of the two lower bands for one split of the sections.

    The lead heads the left page. The infographic goes on either page: across
    it under whatever heads the page, or beside that page's sections at its
    outside or inside edge.
    """
    lead = [("lead", lead_rows, None)]
    if info is None:
        left, right = _band(lead, left_sections, columns), _band([], right_sections, columns)
        if left and right:
            yield left, right, "no infographic"
        return
    across = [("infographic", info.rows_for(columns) + gap, info)]
    for page, sections in ((0, left_sections), (1, right_sections)):
        tops = lead if page == 0 else []
        other = _band(lead if page else [], right_sections if page == 0 else left_sections, columns)
        if other is None:
            continue
        name = ("left", "right")[page]
        arranged = [(_band(tops + across, sections, columns), f"infographic across the {name} page")]
        if sections:
            outside = sections + [info] if page else [info] + sections
            inside = [info] + sections if page else sections + [info]
            arranged += [(_band(tops, outside, columns), f"infographic beside the sections, {name} page outside"),
                         (_band(tops, inside, columns), f"infographic beside the sections, {name} page inside")]
        for band, how in arranged:
            if band is not None:
                yield (band, other, how) if page == 0 else (other, band, how)


def _waste(band: PageBand, band_rows: int, columns: int) -> float:
    """Empty row-columns in a page band of ``band_rows`` rows, weighted."""
    waste = 0.0
    heights, free = band.shares(band_rows)
    for (_, rows, module), height in zip(band.tops, heights):
        if module is not None:
            waste += (height - rows) * columns * module.stretch
    for module, _, cols in band.modules:
        need = module.rows_for(cols)
        if free < need:
            # Text that does not fit: better one story over by much than
            # several over by a little (the editor cuts the one that is long).
            waste += OVERSET_MODULE + 1000.0 * (need - free)
            continue
        text_cols, image_cols = module.split(cols)
        if image_cols:
            # The text and its photo side by side: each takes up its own slack.
            low, high = module.image_rows(image_cols)
            photo_slack = free - low
            absorbed = min(photo_slack, high - low)
            waste += (photo_slack - absorbed) * image_cols * module.stretch + absorbed * image_cols * ABSORB_COST
            slack = free - module.text_rows(text_cols)
        else:
            slack = free - need
        absorbed = min(slack, module.head_stretch)
        waste += (slack - absorbed) * text_cols * module.stretch + absorbed * text_cols * ABSORB_COST
    if not band.modules:
        waste += free * columns  # nothing fills the rows under a lead
    return waste


def _section_module(section: Section, layout: Layout, grid: Grid, galley: Galley) -> Module:
    """A section: head and text in columns, and its photo, if any, beside them."""
    lines = galley.height(f"body:{section.number}") / grid.pitch
    gap = layout.bands.gap
    least_text = layout.sections.min_columns

    def head_rows(cols: int) -> int:
        measured = galley.height(f"head:{section.number}:{cols}") / grid.pitch
        return max(layout.sections.head_rows, math.ceil(measured - 1e-6) + gap)

    def text_rows(cols: int) -> int:
        return head_rows(cols) + math.ceil(lines / cols - 1e-6)

    if section.image is None:
        return Module(section.key, least_text, text_rows, 1.0, text_rows=text_rows, head_rows=head_rows,
                      head_stretch=layout.sections.head_stretch)

    image = section.image
    low_aspect, high_aspect = layout.sections.image_aspect

    def caption_rows(cols: int) -> int:
        if not image.caption:
            return 0
        return max(1, math.ceil(galley.height(f"imgcap:{section.number}:{cols}") / grid.pitch - 1e-6))

    def image_rows(cols: int) -> tuple[int, int]:
        width = grid.span_width(cols)
        least = max(3, math.ceil(width / high_aspect / grid.pitch))
        most = max(least, math.floor(width / low_aspect / grid.pitch))
        return least + caption_rows(cols), most + caption_rows(cols)

    def split(cols: int) -> tuple[int, int]:
        # The photo takes a third of the module or so, never more than the text.
        options = [(cols - k, k) for k in range(2, cols // 2 + 1) if cols - k >= least_text]
        if not options:
            return cols, 0
        return min(options, key=lambda o: (max(text_rows(o[0]), image_rows(o[1])[0]), abs(o[1] - cols / 3)))

    def rows_for(cols: int) -> int:
        text_cols, image_cols = split(cols)
        if not image_cols:
            return text_rows(cols) + image_rows(cols)[0] + gap  # too narrow: photo above the text
        return max(text_rows(text_cols), image_rows(image_cols)[0])

    return Module(section.key, least_text + 2, rows_for, 1.0, split, text_rows, image_rows, head_rows,
                  caption_rows, layout.sections.head_stretch)


def _infographic_module(feature: Feature, layout: Layout, grid: Grid, galley: Galley) -> Module:
    minimum = min(layout.infographic.min_columns, grid.columns)
    panels = len(feature.infographic.panels) if feature.infographic else 0

    def rows_at(cols: int, across: int) -> int:
        return math.ceil(galley.height(f"infographic:{cols}:{across}") / grid.pitch - 1e-6)

    def across(cols: int) -> int:
        cols = max(cols, minimum)
        return min(panel_arrangements(panels, cols), key=lambda a: (rows_at(cols, a), -a))

    def rows_for(cols: int) -> int:
        cols = max(cols, minimum)
        return rows_at(cols, across(cols))

    # An infographic box may grow taller than its content: its panels share the
    # extra space, which reads as air in a box rather than a hole in a column.
    return Module("infographic", minimum, rows_for, 0.35, across=across)


def _folios(grid: Grid, layout: Layout) -> list[Frame]:
    rows = layout.bands.folio
    frames = []
    names = ("left", "right") if grid.pages == 2 else ("single",)
    for page, name in enumerate(names):
        x = page * grid.page_width + grid.left_edge(page)
        frames.append(Frame(f"folio:{name}" if grid.pages == 2 else "folio", "folio", "folio", name, x,
                            grid.row_y(0), grid.type_width, rows * grid.pitch, row=0, rows=rows, cols=grid.columns))
    return frames


def _display_frame(name: str, line: DisplayLine, row: int, grid: Grid, page_w: float, spread: bool = True) -> Frame:
    """A display line: across the spread's type areas, or one page's, centred."""
    x = grid.margin_outside
    if spread:
        width, gutter, page = 2 * page_w - 2 * grid.margin_outside, page_w, "spread"
    else:
        width, page = grid.type_width, "single"
        gutter = x + (width + line.left_width) / 2 + line.clearance  # the line's right end, centred
    return Frame(name, name, "display", page, x, grid.row_y(row), width, line.rows * grid.pitch,
                 row=row, rows=line.rows, cols=grid.pages * grid.columns,
                 params={"size": line.size, "chars": line.chars, "split": line.split,
                         "gutter": gutter, "clearance": line.clearance,
                         "left_width": line.left_width, "right_width": line.right_width,
                         "part_gap_em": line.part_gap_em})


def _band_frames(page: int, band: PageBand, top: int, rows: int, feature: Feature, layout: Layout,
                 grid: Grid, lead_cols: int, byline_rows: int, shortfall: dict[str, int]) -> list[Frame]:
    pitch, gap = grid.pitch, layout.bands.gap
    origin = page * grid.page_width
    name: PageName = "single" if grid.pages == 1 else ("left" if page == 0 else "right")
    frames = []
    row = top
    heights, _ = band.shares(rows)
    for (key, _, module), block_rows in zip(band.tops, heights):
        height = block_rows - gap if band.modules or module is None else block_rows
        if key == "lead":
            frames.append(Frame("lead", "lead", "text", name, origin + grid.left_edge(page), grid.row_y(row),
                                grid.type_width, height * pitch, row=row, rows=height, cols=grid.columns,
                                columns=lead_cols, column_gap=grid.column_gap,
                                params={"byline_rows": byline_rows}))
        else:
            frames.append(_infographic_frame(grid, name, origin, page, 0, grid.columns, row, height,
                                             module.across(grid.columns), module.rows_for(grid.columns)))
        row += block_rows
    free = top + rows - row
    for module, col, cols in band.modules:
        x = origin + grid.column_x(page, col)
        width = grid.span_width(cols)
        if module.key == "infographic":
            frames.append(_infographic_frame(grid, name, origin, page, col, cols, row, free, module.across(cols),
                                             module.rows_for(cols)))
            continue
        number = module.key.split(":", 1)[1]
        need = module.rows_for(cols)
        if need > free:
            shortfall[module.key] = need - free
        text_cols, image_cols = module.split(cols)
        text_row, text_rows = row, free
        if image_cols:
            low, high = module.image_rows(image_cols)
            image_rows = min(high, free)
            image_x = origin + grid.column_x(page, col + text_cols)
            frames.append(Frame(f"image:{number}", f"image:{number}", "image", name, image_x, grid.row_y(row),
                                grid.span_width(image_cols), image_rows * pitch, row=row, rows=image_rows,
                                col=col + text_cols, cols=image_cols,
                                params={"caption_rows": module.caption_rows(image_cols)}))
            width = grid.span_width(text_cols)
            slack = max(0, free - module.text_rows(text_cols))
        elif module.image_rows is not None:
            # Too narrow to set the photo beside the text: above it.
            low, high = module.image_rows(cols)
            slack = max(0, free - need)
            image_rows = min(high, low + slack)
            slack -= image_rows - low
            frames.append(Frame(f"image:{number}", f"image:{number}", "image", name, x, grid.row_y(row), width,
                                image_rows * pitch, row=row, rows=image_rows, col=col, cols=cols,
                                params={"caption_rows": module.caption_rows(cols)}))
            text_row = row + image_rows + gap
            text_rows = free - image_rows - gap
        else:
            slack = max(0, free - need)
        air = min(slack, module.head_stretch)
        frames.append(Frame(module.key, module.key, "text", name, x, grid.row_y(text_row), width,
                            text_rows * pitch, row=text_row, rows=text_rows, col=col, cols=text_cols,
                            columns=text_cols, column_gap=grid.column_gap,
                            params={"head_rows": module.head_rows(text_cols) + air, "head_air": air}))
    return frames


def _infographic_frame(grid: Grid, name: PageName, origin: float, page: int, col: int, cols: int, row: int,
                       rows: int, across: int, natural: int) -> Frame:
    """The infographic box; ``natural`` is the rows its content takes, the rest is air to share."""
    return Frame("infographic", "infographic", "box", name, origin + grid.column_x(page, col), grid.row_y(row),
                 grid.span_width(cols), rows * grid.pitch, row=row, rows=rows, col=col, cols=cols,
                 columns=across, column_gap=grid.column_gap, params={"natural_rows": natural})


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
