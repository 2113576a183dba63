"""Label boxes and item marks sized from the face's metrics, not the em."""

from __future__ import annotations

import pytest

from builder.fonts import face_metrics
from builder.layout.labels import item_mark, label_box

SANS = face_metrics("Noto Sans CJK SC", 700)


def test_a_label_box_holds_its_ink_with_even_air():
    box = label_box(SANS, 22, ["高质量发展", "高品质生活"], air_em=0.12, pad_em=0.45)
    low, high = SANS.ink("高质量发展高品质生活")
    # the em box (ascender to descender) with the air above and below
    assert box.height == pytest.approx((SANS.ascender - SANS.descender + 0.24) * 22)
    assert 0 < box.ink_top < box.ink_bottom < box.height
    assert box.baseline == pytest.approx(0.12 * 22 + SANS.ascender * 22)
    assert box.pad_x == pytest.approx(0.45 * 22)


def test_descenders_make_the_box_deeper():
    plain = label_box(SANS, 22, ["赋能"], 0.12, 0.45)
    latin = label_box(SANS, 22, ["5G赋能 gy"], 0.12, 0.45)
    assert latin.height > plain.height and latin.baseline == plain.baseline
    assert latin.ink_bottom <= latin.height - 0.12 * 22 + 1e-9


def test_the_line_height_puts_the_baseline_where_the_box_needs_it():
    box = label_box(SANS, 22, ["高"], 0.12, 0.45)
    # CSS: half the leading above the line's ascent
    ascent, descent = SANS.line_ascent * 22, -SANS.line_descent * 22
    assert (box.line_height - ascent - descent) / 2 + ascent == pytest.approx(box.baseline)
    assert box.pad_bottom == pytest.approx(box.height - box.line_height)


def test_a_bullet_is_centred_on_the_em_box():
    serif = face_metrics("Noto Serif CJK SC", 400)
    mark = item_mark(serif, 10, bullet_em=0.4, width_em=1.3)
    assert mark.bullet == pytest.approx(4) and mark.width == pytest.approx(13)
    assert mark.raise_ + mark.bullet / 2 == pytest.approx((serif.ascender + serif.descender) / 2 * 10)
