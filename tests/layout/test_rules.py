"""Frame rules: frames placed from the content, for any feature in the contract.

These tests give the rules a synthetic galley (block heights as the
typesetter would measure them), so they run in milliseconds and can vary the
content freely.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from builder.errors import LayoutError
from builder.layout.galley import Block, Galley, display_items, galley_items
from builder.layout.paper import PAPERS
from builder.layout.rules import solve
from builder.layout.spec import Grid, Layout, load_layout, make_grid
from builder.model import (
    ContentKind,
    Feature,
    FeatureMeta,
    HeroSpec,
    Image,
    Infographic,
    Panel,
    Paragraph,
    Section,
    Span,
)
from builder.project import DATA_ROOT

LAYOUT = load_layout(DATA_ROOT / "layouts" / "feature-spread")
GRID = make_grid(LAYOUT, PAPERS["broadsheet-cn"])
IMAGE = Image(src="a.jpg", path=Path("/a.jpg"), width_px=1600, height_px=1200, caption="图说")


def feature(lines: list[int], panels: int = 4, slogan: tuple[str, ...] = ("一二三四五六七", "七六五四三二一"),
            images: tuple[int, ...] = (), infographic: bool = True) -> Feature:
    sections = tuple(
        Section(number=f"{i + 1:02d}", slug=f"s{i}", title="标题", subtitle="副标题副标题",
                image=IMAGE if i in images else None,
                body=(Paragraph(spans=(Span(text="字" * (n * 11)),)),), source=Path("s.md"))
        for i, n in enumerate(lines))
    info = Infographic(panels=tuple(Panel(title="板块", items=((Span(text="项"),),)) for _ in range(panels)),
                       source=Path("infographic.yaml")) if infographic else None
    meta = FeatureMeta(date=dt.date(2023, 2, 1), section_label="特别报道", pages=(6, 7), slogan=slogan,
                       headline="全力打造中国式现代化示范城区", headline_lead="江北", byline="记者/文",
                       hero=HeroSpec(image="h.jpg", caption="图"))
    return Feature(slug="f", root=Path("/f"), meta=meta, hero=IMAGE, lead=(Paragraph(spans=(Span(text="导语"),)),),
                   sections=sections, infographic=info, source=Path("feature.md"))


def galley_for(feat: Feature, lines: list[int], layout: Layout = LAYOUT, grid: Grid = GRID) -> Galley:
    heights = {}
    for item in galley_items(feat, layout, grid):
        ref = item.ref
        if ref.block is Block.BODY:
            heights[ref] = lines[int(ref.section) - 1] * grid.pitch
        elif ref.block is Block.HEAD:
            heights[ref] = 4 * grid.pitch
        elif ref.block is Block.IMAGE_CAPTION:
            heights[ref] = grid.pitch
        elif ref.block is Block.INFOGRAPHIC:
            rows_of_panels = -(-len(feat.infographic.panels) // ref.across)
            heights[ref] = rows_of_panels * (40 / ref.cols) * grid.pitch * 2 + 3 * grid.pitch
        elif ref.block is Block.LEAD:
            heights[ref] = 18 * 24
        else:
            heights[ref] = grid.pitch
    advances = {key: tuple(100.0 for _ in text) for key, text in display_items(feat).items()}
    return Galley(heights, advances)


def overlaps(a, b) -> bool:
    return a.x < b.right - 0.01 and b.x < a.right - 0.01 and a.y < b.bottom - 0.01 and b.y < a.bottom - 0.01


def check_plan(plan, feat, grid: Grid = GRID) -> None:
    frames = plan.frames
    names = {f.name for f in frames}
    assert {str(s.ref) for s in feat.sections} <= names
    assert {"headline", "hero", "lead"} <= names
    assert {"folio:left", "folio:right"} <= names if grid.pages == 2 else "folio" in names
    if feat.infographic:
        assert "infographic" in names
    for a, b in itertools.combinations(frames, 2):
        assert not overlaps(a, b), (a.name, b.name)
    top, bottom = grid.margin_top, grid.margin_top + grid.type_height
    for f in frames:
        assert top - 0.01 <= f.y and f.bottom <= bottom + 0.01 and f.rows > 0, f.name
        if f.page in ("left", "right", "single"):
            page = 1 if f.page == "right" else 0
            lo = page * grid.page_width + grid.left_edge(page)
            assert lo - 0.01 <= f.x and f.right <= lo + grid.type_width + 0.01, f.name
        assert (f.y - grid.margin_top) % grid.pitch == pytest.approx(0, abs=1e-6) or \
            (f.y - grid.margin_top) % grid.pitch == pytest.approx(grid.pitch), f.name


# About the sample's length: a spread holds less when the hero keeps to its aspect limits.
@pytest.mark.parametrize("lines", [[80, 75, 85], [60, 160], [70, 70, 70, 70], [200, 40], [50, 50]])
@pytest.mark.parametrize("panels", [2, 4, 6])
def test_any_feature_in_the_contract_gets_a_plan_without_overlaps(lines, panels):
    feat = feature(lines, panels)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    check_plan(plan, feat)
    assert not plan.shortfall


@pytest.mark.parametrize("slogan", [(), ("创新驱动发展",), ("上联七个字啊", "下联七个字啊")])
def test_slogans_of_none_one_or_two_lines(slogan):
    feat = feature([90, 80, 95], slogan=slogan)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, [90, 80, 95]))
    check_plan(plan, feat)
    assert ("slogan" in {f.name for f in plan.frames}) == bool(slogan)
    if len(slogan) == 1:
        # one line crosses the fold like the headline, between words
        params = plan.frame("slogan").params
        text = "".join(c for c, _ in params.chars)
        assert (text[:params.split], text[params.split:]) in {("创新", "驱动发展"), ("创新驱动", "发展")}
        assert params.gutter == GRID.page_width


def test_a_one_word_slogan_stays_whole_centred_over_the_left_page():
    feat = feature([90, 80, 95], slogan=("奋进",))
    params = solve(feat, LAYOUT, GRID, galley_for(feat, [90, 80, 95])).frame("slogan").params
    assert params.split == len(params.chars)
    right_end = params.gutter - params.clearance
    left_end = right_end - params.left_width
    centre = GRID.margin_outside + GRID.type_width / 2
    assert (left_end + right_end) / 2 == pytest.approx(centre)


@pytest.mark.parametrize("images, lines", [((0,), [60, 55, 65]), ((1,), [60, 55, 65]), ((0, 2), [60, 55, 65]),
                                           ((0, 1, 2), [55, 50, 60])])
def test_section_photos_stand_beside_or_above_their_text(images, lines):
    # about the sample's length (less with three photos: they take columns from the text)
    feat = feature(lines, images=images)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    check_plan(plan, feat)
    assert not plan.shortfall
    for index in images:
        image, text = plan.frame(f"image:{index + 1:02d}"), plan.frame(f"section:{index + 1:02d}")
        assert image.page == text.page
        if image.y == text.y:  # beside: to the right of its text, on the same rows
            assert image.x >= text.right and image.rows <= text.rows
            assert 2 <= image.cols <= text.cols
        else:  # above: across the text's columns, a gap row over its head
            assert (image.x, image.width) == (text.x, text.width)
            assert image.row + image.rows + LAYOUT.bands.gap == text.row


def test_no_infographic():
    lines = [90, 80, 95]
    feat = feature(lines, infographic=False)
    check_plan(solve(feat, LAYOUT, GRID, galley_for(feat, lines)), feat)


def test_a_sections_share_of_the_columns_follows_its_length():
    lines = [240, 60]
    feat = feature(lines)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    long, short = plan.frame("section:01"), plan.frame("section:02")
    if long.page == short.page:
        assert long.cols > short.cols
    assert plan.frame("section:01").columns >= 4


def slivers(plan, layout: Layout = LAYOUT, grid: Grid = GRID) -> list[tuple[str, int, int]]:
    """The sections a plan sets across many columns shallower than the layout's least leg depth."""
    rules = layout.sections
    legs = [(frame.name, frame.columns, round(frame.params.flow_height / grid.pitch))
            for frame in plan.of_kind(ContentKind.SECTION)]
    return [leg for leg in legs if rules.is_sliver(leg[1], leg[2], grid.pitch)]


def test_a_section_across_many_columns_gets_fewer_deeper_ones_when_a_neighbour_takes_the_room(tmp_path):
    # 64 lines under the lead would be 8 lines deep across 8 columns (a sliver); the
    # three sections stand side by side on the right page and the box under the lead.
    lines = [64, 56, 30]
    feat = feature(lines)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    assert not slivers(plan) and not plan.shortfall
    assert LAYOUT.sections.min_leg_rows(GRID.pitch) == 10  # 51 mm at 16 pt
    # With the rule off (sliver_columns = 0) the search only weighs the shallow legs' cost.
    folder = tmp_path / "layouts" / "no-rule"
    folder.mkdir(parents=True)
    (folder / "layout.toml").write_text('extends = "feature-spread"\nname = "no-rule"\n[sections]\n'
                                        "sliver_columns = 0\n", encoding="utf-8")
    off = load_layout(folder)
    plan = solve(feat, off, GRID, galley_for(feat, lines, off))
    assert slivers(plan, LAYOUT) == [("section:01", 8, 8)]


def test_the_hero_takes_what_the_text_leaves():
    short = feature([50, 50, 50])
    long = feature([120, 120, 120])
    hero_short = solve(short, LAYOUT, GRID, galley_for(short, [50, 50, 50])).frame("hero")
    hero_long = solve(long, LAYOUT, GRID, galley_for(long, [120, 120, 120])).frame("hero")
    assert hero_long.rows < hero_short.rows
    assert LAYOUT.hero.rows[0] <= hero_long.rows and hero_short.rows <= LAYOUT.hero.rows[1]


def test_text_too_long_for_the_spread_is_a_shortfall_not_a_silent_squeeze():
    lines = [900, 900, 900]
    feat = feature(lines)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    assert plan.shortfall and all(v > 0 for v in plan.shortfall.values())
    # every frame still inside the type area, apart, showing its head and a few lines
    check_plan(plan, feat)
    for key in plan.shortfall:
        frame = plan.frame(key)
        assert frame.rows >= frame.params.head_rows + LAYOUT.sections.min_lines
    hero = plan.frame("hero")
    widest = hero.width / LAYOUT.hero.aspect[1]
    assert hero.rows == max(LAYOUT.hero.rows[0], -(-widest // GRID.pitch))


def test_display_lines_split_between_characters_at_the_gutter():
    lines = [90, 80, 95]
    feat = feature(lines)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    headline = plan.frame("headline").params
    gutter = GRID.page_width
    assert 0 < headline.split < len(headline.chars)
    assert headline.left_width + headline.clearance <= gutter - GRID.margin_outside + 1e-6
    slogan = plan.frame("slogan").params
    # two slogan lines: one on each page, split between them
    assert [c for c, _ in slogan.chars[: slogan.split]] == list("一二三四五六七")


PAGE_LAYOUT = load_layout(DATA_ROOT / "layouts" / "feature-page")
SHAPES = [  # (lines per section, section photos, panels): each count of sections with each kind of photos
    ([60, 70], (), 6), ([60, 70], (0,), 2), ([60, 70], (0, 1), 4),
    ([40, 55, 50], (), 3), ([40, 55, 50], (0, 2), 5), ([40, 55, 50], (0, 1, 2), 2),
    ([30, 35, 40, 30], (), 5), ([30, 35, 40, 30], (1,), 4), ([30, 35, 40, 30], (0, 1, 2, 3), 6),
]


def _too_much_for_one_small_page(layout: Layout, grid: Grid, images: tuple[int, ...], panels: int) -> bool:
    """Four sections, each with its photo, and six panels do not go on one six-column page."""
    return layout.pages == 1 and grid.columns < 8 and len(images) == 4 and panels == 6


@pytest.mark.parametrize("layout", [LAYOUT, PAGE_LAYOUT], ids=lambda layout: layout.name)
@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_every_layout_places_the_contract_on_every_paper(layout, paper):
    grid = make_grid(layout, PAPERS[paper])
    for lines, images, panels in SHAPES:
        if _too_much_for_one_small_page(layout, grid, images, panels):
            continue  # the next test: refused, naming the limit
        for scale in (1, 3):  # as written, and three times as long
            long = [n * scale for n in lines]
            feat = feature(long, panels, images=images)
            plan = solve(feat, layout, grid, galley_for(feat, long, layout, grid))
            check_plan(plan, feat, grid)
            for index in images:
                assert plan.frame(f"image:{index + 1:02d}").page == plan.frame(f"section:{index + 1:02d}").page


@pytest.mark.parametrize("paper", ["tabloid", "berliner"])
def test_when_not_even_the_least_arrangement_fits_the_rules_say_which_limit(paper):
    grid = make_grid(PAGE_LAYOUT, PAPERS[paper])
    lines, images, panels = SHAPES[-1]
    assert _too_much_for_one_small_page(PAGE_LAYOUT, grid, images, panels)
    feat = feature(lines, panels, images=images)
    with pytest.raises(LayoutError) as caught:
        solve(feat, PAGE_LAYOUT, grid, galley_for(feat, lines, PAGE_LAYOUT, grid))
    message = str(caught.value.problems[0])
    assert f"cannot place 4 sections and the infographic on {paper} (6 columns a page)" in message
    assert "with the hero at its least" in message and "the smallest arrangement needs" in message
    assert "section:01 with its photo" in message and "lead " in message
    assert "larger paper or layout, fewer sections or photos or panels" in message


def test_a_hero_that_leaves_no_room_is_refused_with_the_rows(tmp_path):
    folder = tmp_path / "huge-hero"
    folder.mkdir()
    (folder / "layout.toml").write_text('extends = "feature-page"\nname = "huge-hero"\n[hero]\nrows = [60, 60]\n'
                                        'aspect = [1.0, 6.0]\n', encoding="utf-8")
    layout = load_layout(folder)
    grid = make_grid(layout, PAPERS["tabloid"])
    feat = feature([60, 60])
    with pytest.raises(LayoutError) as caught:
        solve(feat, layout, grid, galley_for(feat, [60, 60], layout, grid))
    assert "hero at its least (60 rows) 0 rows stay under it" in str(caught.value.problems[0])


def headline_halves(headline: str, lead: str | None) -> tuple[str, str]:
    lines = [90, 80, 95]
    feat = feature(lines)
    feat = feat.model_copy(update={"meta": feat.meta.model_copy(update={"headline": headline, "headline_lead": lead})})
    params = solve(feat, LAYOUT, GRID, galley_for(feat, lines)).frame("headline").params
    text = "".join(c for c, _ in params.chars)
    return text[:params.split], text[params.split:]


@pytest.mark.parametrize("headline, lead, expected", [
    ("全力打造中国式现代化示范城区", "江北", ("江北全力打造", "中国式现代化示范城区")),
    ("全力打造新能源汽车产业集群", None, ("全力打造新能源", "汽车产业集群")),
    # the lead written in the headline too: emphasised in place, not repeated
    ("澄湖全力打造长三角一体化先行示范区", "澄湖", ("澄湖全力打造", "长三角一体化先行示范区")),
    # the editor's break
    ("全力打造中国式|现代化示范城区", "江北", ("江北全力打造中国式", "现代化示范城区")),
])
def test_the_headline_crosses_the_fold_between_phrases(headline, lead, expected):
    assert headline_halves(headline, lead) == expected
