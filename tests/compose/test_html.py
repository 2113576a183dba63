"""The composed HTML: encoding, language, a frame for every piece of content."""

from __future__ import annotations

import html as htmlmod
import re

import pytest

from builder.layout.sheets import crop_marks, make_sheets


def test_html_declares_utf8_and_chinese(sample_pages):
    text = sample_pages.composition.html
    assert '<meta charset="utf-8">' in text
    assert '<html lang="zh-CN">' in text


def test_every_frame_of_the_plan_is_in_the_html(sample_pages):
    text = sample_pages.composition.html
    for frame in sample_pages.plan.frames:
        assert f'data-frame="{frame.name}"' in text, frame.name


def test_no_content_is_left_out_of_the_html(sample_pages):
    text = htmlmod.unescape(re.sub(r"<[^>]+>", "", sample_pages.composition.html))
    feature = sample_pages.feature
    for key, paragraph in feature.texts():
        assert paragraph in text, (key, paragraph)
    for line in (*feature.meta.slogan, feature.meta.byline, feature.meta.photo_credit,
                 feature.hero.caption, feature.infographic.credit):
        assert line in text


def test_sizes_come_from_the_grid(sample_pages):
    css = sample_pages.composition.html
    grid = sample_pages.grid
    assert f"line-height: {grid.pitch:g}pt" in css
    for frame in sample_pages.plan.frames:
        assert (frame.y - grid.margin_top) / grid.pitch == pytest.approx(frame.row)


def test_pages_mode_has_a_sheet_per_page_and_spread_mode_one(sample_pages):
    plan = sample_pages.plan
    pages = make_sheets(plan, "pages")
    spread = make_sheets(plan, "spread")
    assert [s.name for s in pages] == ["left", "right"]
    assert len(spread) == 1 and spread[0].trim_width == 2 * plan.grid.page_width
    hero = plan.frame("hero")
    assert hero in pages[0].frames and hero in pages[1].frames  # it crosses the gutter
    assert plan.frame("lead") in pages[0].frames and plan.frame("lead") not in pages[1].frames


def test_crop_marks_stay_out_of_the_bleed(sample_pages):
    for sheet in make_sheets(sample_pages.plan, "pages") + make_sheets(sample_pages.plan, "spread"):
        left, top, right, bottom = sheet.bleed_box
        marks = crop_marks(sheet)
        assert marks
        for x, y, w, h in marks:
            inside = x < right and x + w > left and y < bottom and y + h > top
            assert not inside, (sheet.name, x, y, w, h)
