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

from builder.layout.paper import PAPERS
from builder.layout.rules import Galley, display_items, galley_items, solve
from builder.layout.spec import load_layout, make_grid
from builder.model import Feature, FeatureMeta, HeroSpec, Image, Infographic, Panel, Paragraph, Section, Span
from builder.project import TOOLKIT_ROOT

LAYOUT = load_layout(TOOLKIT_ROOT / "layouts" / "feature-spread")
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


def galley_for(feat: Feature, lines: list[int]) -> Galley:
    heights = {}
    for item in galley_items(feat, LAYOUT, GRID):
        kind = item.id.split(":")[0]
        if kind == "body":
            heights[item.id] = lines[int(item.id.split(":")[1]) - 1] * GRID.pitch
        elif kind == "head":
            heights[item.id] = 4 * GRID.pitch
        elif kind == "imgcap":
            heights[item.id] = GRID.pitch
        elif kind == "infographic":
            cols, across = map(int, item.id.split(":")[1:])
            rows_of_panels = -(-len(feat.infographic.panels) // across)
            heights[item.id] = rows_of_panels * (40 / cols) * GRID.pitch * 2 + 3 * GRID.pitch
        elif kind == "lead":
            heights[item.id] = 18 * 24
        else:
            heights[item.id] = GRID.pitch
    advances = {key: tuple(100.0 for _ in text) for key, text in display_items(feat).items()}
    return Galley(heights, advances)


def overlaps(a, b) -> bool:
    return a.x < b.right - 0.01 and b.x < a.right - 0.01 and a.y < b.bottom - 0.01 and b.y < a.bottom - 0.01


def check_plan(plan, feat) -> None:
    frames = plan.frames
    names = {f.name for f in frames}
    assert {s.key for s in feat.sections} <= names
    assert {"headline", "hero", "lead", "folio:left", "folio:right"} <= names
    if feat.infographic:
        assert "infographic" in names
    for a, b in itertools.combinations(frames, 2):
        assert not overlaps(a, b), (a.name, b.name)
    top, bottom = GRID.margin_top, GRID.margin_top + GRID.type_height
    for f in frames:
        assert top - 0.01 <= f.y and f.bottom <= bottom + 0.01, f.name
        if f.page in ("left", "right"):
            page = 0 if f.page == "left" else 1
            lo = page * GRID.page_width + GRID.left_edge(page)
            assert lo - 0.01 <= f.x and f.right <= lo + GRID.type_width + 0.01, f.name
        assert (f.y - GRID.margin_top) % GRID.pitch == pytest.approx(0, abs=1e-6) or \
            (f.y - GRID.margin_top) % GRID.pitch == pytest.approx(GRID.pitch), f.name


@pytest.mark.parametrize("lines", [[90, 80, 95], [60, 160], [70, 70, 70, 70], [200, 40], [50, 50]])
@pytest.mark.parametrize("panels", [2, 4, 6])
def test_any_feature_in_the_contract_gets_a_plan_without_overlaps(lines, panels):
    feat = feature(lines, panels)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    check_plan(plan, feat)
    assert not plan.shortfall


@pytest.mark.parametrize("slogan", [(), ("一行标语",), ("上联七个字啊", "下联七个字啊")])
def test_slogans_of_none_one_or_two_lines(slogan):
    feat = feature([90, 80, 95], slogan=slogan)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, [90, 80, 95]))
    check_plan(plan, feat)
    assert ("slogan" in {f.name for f in plan.frames}) == bool(slogan)
    if len(slogan) == 1:
        params = plan.frame("slogan").params
        assert params["split"] == len(params["chars"])  # one line stays whole, on the left page


@pytest.mark.parametrize("images, lines", [((0,), [70, 60, 75]), ((1,), [70, 60, 75]), ((0, 2), [70, 60, 75]),
                                           ((0, 1, 2), [55, 50, 60])])
def test_section_photos_stand_beside_their_text(images, lines):
    # about the sample's length (less with three photos: they take columns from the text)
    feat = feature(lines, images=images)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    check_plan(plan, feat)
    assert not plan.shortfall
    for index in images:
        image, text = plan.frame(f"image:{index + 1:02d}"), plan.frame(f"section:{index + 1:02d}")
        assert image.page == text.page and image.y == text.y
        assert image.x >= text.right  # to the right of its text, on the same rows
        assert 2 <= image.cols <= text.cols


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
    hero = plan.frame("hero")
    widest = hero.width / LAYOUT.hero.aspect[1]
    assert hero.rows == max(LAYOUT.hero.rows[0], -(-widest // GRID.pitch))


def test_display_lines_split_between_characters_at_the_gutter():
    lines = [90, 80, 95]
    feat = feature(lines)
    plan = solve(feat, LAYOUT, GRID, galley_for(feat, lines))
    headline = plan.frame("headline").params
    gutter = GRID.page_width
    assert 0 < headline["split"] < len(headline["chars"])
    assert headline["left_width"] + headline["clearance"] <= gutter - GRID.margin_outside + 1e-6
    slogan = plan.frame("slogan").params
    # two slogan lines: one on each page, split between them
    assert [c for c, _ in slogan["chars"][: slogan["split"]]] == list("一二三四五六七")
