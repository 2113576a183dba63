"""Frame placement: the chosen arrangement turned into frames on the grid.

Input: the grid, the layout, the fitted display lines, the hero's rows and
the :class:`~builder.layout.arrange.Arrangement`. Output: :class:`~builder.layout.plan.Frame`
objects in spread coordinates, each with the boxes inside it in points (a
section's head and columns, a photo over its caption, the infographic's
rows of panels and the air between items, where a display line's halves
stand): the templates only place them. Every frame lies inside its page's
type area and no two overlap: tiers are stacked row by row inside the band,
stories side by side column by column inside a tier, and a story that does
not fit keeps its frame — its text is overset, never run outside it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import ContentKind, ContentRef, Feature, Infographic
from .arrange import Arrangement, PagePlan
from .display import DisplayLine
from .plan import BoxParams, DisplayParams, FolioParams, Frame, ImageParams, PageName, TextParams
from .spec import Grid, Layout
from .stories import Variant


def page_name(grid: Grid, page: int) -> PageName:
    """The plan's name of page ``page`` (0 = left)."""
    return "single" if grid.pages == 1 else ("left" if page == 0 else "right")


def folios(grid: Grid, layout: Layout, numbers: tuple[int, ...]) -> list[Frame]:
    """The folio strip at the head of each page, with its page number (``numbers``: the feature's pages).

    The number goes to the outside: the left end of a left-hand page, the
    right end of a right-hand one; a page set alone is left-hand when even.
    """
    rows = layout.bands.folio
    frames = []
    for page in range(grid.pages):
        name = page_name(grid, page)
        x = page * grid.page_width + grid.left_edge(page)
        content = ContentRef(ContentKind.FOLIO, name if grid.pages == 2 else "")
        number = numbers[min(page, len(numbers) - 1)]
        left = name == "left" or (name == "single" and number % 2 == 0)
        frames.append(Frame(content, name, x, grid.row_y(0), grid.type_width, rows * grid.pitch,
                            FolioParams(number=number, number_left=left), row=0, rows=rows, cols=grid.columns))
    return frames


def display_frame(kind: ContentKind, line: DisplayLine, row: int, grid: Grid) -> Frame:
    """A display line (``kind``: slogan or headline): across the spread's type areas, or one page's, centred."""
    x = grid.margin_outside
    spread = grid.pages == 2
    width = 2 * grid.page_width - 2 * x if spread else grid.type_width
    page: PageName = "spread" if spread else "single"
    if spread and line.split < len(line.chars):
        gutter = grid.page_width
    else:
        # Not split (one page, or a one-word slogan): centred over the (left) page's type area.
        gutter = x + (grid.type_width + line.left_width) / 2 + line.clearance
    params = DisplayParams(size=line.size, chars=line.chars, split=line.split, gutter=gutter,
                           clearance=line.clearance, left_width=line.left_width, right_width=line.right_width,
                           part_gap_em=line.part_gap_em, lost=line.lost, too_wide=line.too_wide,
                           left_half_right=x + width - (gutter - line.clearance),
                           right_half_left=gutter + line.clearance - x)
    return Frame(ContentRef(kind), page, x, grid.row_y(row), width, line.rows * grid.pitch, params,
                 row=row, rows=line.rows, cols=grid.pages * grid.columns)


def hero_frames(feature: Feature, grid: Grid, layout: Layout, row: int, rows: int) -> list[Frame]:
    """The hero across the type area(s), and its caption (the credit set with it) under it."""
    pitch, columns = grid.pitch, grid.columns
    spread = grid.pages == 2
    width = 2 * grid.page_width - 2 * grid.margin_outside if spread else grid.type_width
    frames = [Frame(ContentRef(ContentKind.HERO), "spread" if spread else "single", grid.margin_outside,
                    grid.row_y(row), width, rows * pitch, ImageParams(),
                    row=row, rows=rows, col=0, cols=grid.pages * columns)]
    cap_row, cap_rows = row + rows, layout.bands.caption
    # The caption, and the photo credit with it, under the hero's left end.
    frames.append(Frame(ContentRef(ContentKind.CAPTION), "left" if spread else "single", grid.left_edge(0),
                        grid.row_y(cap_row), grid.type_width, cap_rows * pitch, TextParams(),
                        row=cap_row, rows=cap_rows, cols=columns))
    return frames


def band_frames(arrangement: Arrangement, top: int, grid: Grid, byline_rows: int,
                box: Callable[[float, int, int], BoxParams]) -> tuple[list[Frame], dict[ContentRef, int]]:
    """The frames of every page's lower band, and the rows each story that does not fit is short.

    ``box(height, natural_rows, across)`` gives the infographic box's parameters (:func:`infographic_box`).
    """
    frames: list[Frame] = []
    shortfall: dict[ContentRef, int] = {}
    for page, plan in enumerate(arrangement.pages):
        frames += _page_frames(page, plan, arrangement.band_rows, top, grid, byline_rows, box, shortfall)
    return frames, shortfall


def infographic_box(info: Infographic, layout: Layout, grid: Grid, height: float, natural_rows: int,
                    across: int) -> BoxParams:
    """The infographic box's insides: the depth its rows of panels share, and the air above each item.

    When the frame is deeper than its content (``natural_rows``), the
    difference spaces the items out, up to the layout's most a gap, rather
    than pooling under them.
    """
    rules, pitch = layout.infographic, grid.pitch
    title = layout.style("infographic_title").pitch if info.title else 0
    table = height - rules.rule_pt - (rules.padding.top + rules.padding.bottom) * pitch - title
    panel_rows = -(-len(info.panels) // across)
    longest = max(len(panel.items) for panel in info.panels)
    air = max(0, min(rules.max_item_air_rows * pitch, (height - natural_rows * pitch) / (panel_rows * (longest + 1))))
    return BoxParams(natural_rows=natural_rows, table_height=table, item_air=air)


def _page_frames(page: int, plan: PagePlan, band_rows: int, top: int, grid: Grid, byline_rows: int,
                 box: Callable[[float, int, int], BoxParams], shortfall: dict[ContentRef, int]) -> list[Frame]:
    heights = plan.heights(band_rows)
    assert heights is not None, "the search keeps only plans that fit the band"
    frames = []
    row = top
    gaps = (*plan.gaps(band_rows), 0)
    for tier, rows, gap in zip(plan.tiers, heights, gaps):
        air = tier.air(rows)
        for variant, col in tier.cells:
            if variant.rows > rows:
                shortfall[variant.content] = variant.rows - rows
            frames += _story_frames(page, variant, col, row, rows, air, grid, byline_rows, box)
        row += rows + gap
    return frames


def _story_frames(page: int, variant: Variant, col: int, row: int, rows: int, air: int, grid: Grid,
                  byline_rows: int, box: Callable[[float, int, int], BoxParams]) -> list[Frame]:
    """The frames of one story in a box ``variant.cols`` wide and ``rows`` deep at (col, row).

    ``air`` is the rows of air under the head its tier gives every head. The
    infographic box is as deep as its content (the tier's rows at most).
    """
    pitch = grid.pitch
    name = page_name(grid, page)
    origin = page * grid.page_width
    x, y = origin + grid.column_x(page, col), grid.row_y(row)
    content = variant.content
    if variant.shape == "box":
        rows = min(rows, variant.rows)
        return [Frame(content, name, x, y, grid.span_width(variant.cols), rows * pitch,
                      box(rows * pitch, rows, variant.across), row=row, rows=rows, col=col,
                      cols=variant.cols, columns=variant.across, column_gap=grid.column_gap)]
    if content.kind is ContentKind.LEAD:
        flow = max(rows * pitch - byline_rows * pitch, 0)
        return [Frame(content, name, x, y, grid.span_width(variant.cols), rows * pitch,
                      TextParams(byline_rows=byline_rows, flow_height=flow), row=row, rows=rows, col=col,
                      cols=variant.cols, columns=variant.across, column_gap=grid.column_gap)]
    frames = []
    photo_of = ContentRef.image(content.key)
    text_row, text_rows = row, rows
    if variant.shape == "beside":
        photo = variant.photo_rows(rows, air)
        image_col = col + variant.text_cols
        frames.append(Frame(photo_of, name, origin + grid.column_x(page, image_col), y,
                            grid.span_width(variant.image_cols), photo * pitch,
                            _photo(photo * pitch, variant.caption_rows, pitch), row=row, rows=photo, col=image_col,
                            cols=variant.image_cols))
    elif variant.shape == "above":
        photo = variant.photo_rows(rows)
        frames.append(Frame(photo_of, name, x, y, grid.span_width(variant.cols), photo * pitch,
                            _photo(photo * pitch, variant.caption_rows, pitch), row=row, rows=photo, col=col,
                            cols=variant.cols))
        text_row, text_rows = row + photo + variant.gap, rows - photo - variant.gap
    air = min(air, max(0, text_rows - variant.text_rows))
    head_rows = variant.head_rows + air
    # The columns as deep as the text's legs, not the frame: the text is set
    # column after column, so a deeper flow would fill fewer columns and
    # leave the last ones empty; this way every leg but the last ends on one line.
    legs = variant.text_rows - variant.head_rows
    text = TextParams(head_rows=head_rows, head_air=air, head_height=head_rows * pitch, head_padding=air * pitch,
                      flow_height=max(min(text_rows - head_rows, legs) * pitch, 0))
    frames.append(Frame(content, name, x, grid.row_y(text_row), grid.span_width(variant.text_cols),
                        text_rows * pitch, text, row=text_row, rows=text_rows, col=col, cols=variant.text_cols,
                        columns=variant.text_cols, column_gap=grid.column_gap))
    return frames


def _photo(height: float, caption_rows: int, pitch: float) -> ImageParams:
    """A photo frame ``height`` deep: the photo over its caption."""
    return ImageParams(caption_rows=caption_rows, photo_height=height - caption_rows * pitch)
