"""Display lines: sized to their room, split at the fold, overset (never run off) when too long."""

from __future__ import annotations

import pytest

from builder.layout.display import fit_display

EM = 100.0  #: advances are measured at the reference size of 100 pt


def parts(*texts: str) -> list[tuple[str, str, tuple[float, ...]]]:
    return [(f"part{i}", text, tuple(EM for _ in text)) for i, text in enumerate(texts)]


def test_a_headline_that_fits_is_sized_to_fill_and_split_near_the_middle():
    line = fit_display(parts("全力打造中国式现代化示范城区"), 1400, 1000, (56, 132), 17, 16, 0.4, False)
    assert 56 <= line.size <= 132 and not line.overset
    assert line.split == 7  # 14 characters: 7 a page
    assert line.left_width + line.clearance <= 1000 + 1e-6 and line.right_width + line.clearance <= 1000 + 1e-6
    assert line.rows == -(-line.size * 1.2 // 16)


def test_too_long_at_the_least_size_is_overset_by_a_measured_amount():
    text = "数" * 38
    room = 1000 - 17  # a half's room beside the fold
    line = fit_display(parts(text), 2000, 1000, (56, 132), 17, 16, 0.4, False, forced_split=19)
    assert line.size == 56
    assert line.too_wide == pytest.approx(19 * 56 - room)  # the wider half (split in the middle), over its room
    per_page = int(room // 56)
    assert len(line.chars) == 2 * per_page and line.lost == "数" * (38 - 2 * per_page)
    # what is drawn fits its page: nothing runs off the sheet or over the fold
    assert line.left_width <= room + 1e-6 and line.right_width <= room + 1e-6


def test_one_page_line_too_long_keeps_the_beginning():
    line = fit_display(parts("甲乙丙丁戊己庚辛壬癸"), 500, 300, (40, 96), 0, 16, 0.4, False, whole=True)
    assert line.split == len(line.chars) == 7 and line.lost == "辛壬癸"
    assert line.left_width == pytest.approx(7 * 40)


def test_a_lead_word_and_headline_keep_their_gap_and_parts():
    line = fit_display(parts("江北", "全力打造中国式现代化"), 1400, 1000, (56, 132), 17, 16, 0.4, False)
    assert {part for _, part in line.chars} == {"part0", "part1"}
    assert not line.overset
