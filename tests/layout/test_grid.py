"""The grid: whole characters per column, whole rows per page, every paper."""

from __future__ import annotations

import pytest

from builder.errors import LayoutError
from builder.layout.paper import PAPERS
from builder.layout.spec import find_paper, load_layout, make_grid
from builder.project import DATA_ROOT
from builder.units import MM

LAYOUT = DATA_ROOT / "layouts" / "feature-spread"


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_columns_hold_whole_characters_and_fill_the_type_width(name):
    layout = load_layout(LAYOUT)
    grid = make_grid(layout, PAPERS[name])
    assert grid.column_width == grid.column_chars * layout.grid.body_size
    assert grid.column_gap >= layout.grid.min_column_gap
    assert grid.span_width(grid.columns) == pytest.approx(grid.type_width)
    assert grid.type_height <= grid.page_height - (layout.margins.top + layout.margins.bottom) * MM + 1e-6
    assert grid.type_height == grid.rows * grid.pitch


def test_broadsheet_grid():
    grid = make_grid(load_layout(LAYOUT), PAPERS["broadsheet-cn"])
    assert (grid.page_width / MM, grid.page_height / MM) == pytest.approx((390, 540))
    assert (grid.columns, grid.column_chars) == (8, 11)
    assert grid.bleed == pytest.approx(3 * MM)


def test_unknown_paper_lists_the_known_ones(tmp_path):
    with pytest.raises(LayoutError, match="unknown paper 'a4'.*broadsheet-cn"):
        find_paper("a4", tmp_path / "feature.md")


def test_layout_toml_unknown_key_is_named(tmp_path):
    text = (LAYOUT / "layout.toml").read_text(encoding="utf-8") + "\n[grid2]\nx = 1\n"
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "layout.toml").write_text(text, encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(folder)
    assert any(p.key == "grid2" and "unknown key" in p.message for p in caught.value.problems)


def test_an_unknown_label_is_named_with_the_known_ones(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "layout.toml").write_text('extends = "feature-spread"\nname = "bad"\n[labels.tab]\nair_em = 0.2\n',
                                        encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(folder)
    assert any("[labels] has no label tab (labels are: section_tab" in p.message for p in caught.value.problems)
