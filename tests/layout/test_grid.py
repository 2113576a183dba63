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
    size, least_gap = layout.grid.body_size, layout.grid.min_column_gap
    type_width = grid.page_width - (layout.margins.inside + layout.margins.outside) * MM
    # Whole body characters a column, and the widest such columns the type width holds at the least gap.
    assert (grid.column_width / size) == pytest.approx(round(grid.column_width / size))
    assert grid.columns * (grid.column_width + size) + (grid.columns - 1) * least_gap > type_width
    # The columns and the gaps between them span the type width exactly; no gap is under the least.
    assert grid.column_x(0, grid.columns - 1) + grid.column_width == pytest.approx(grid.left_edge(0) + type_width)
    assert grid.column_gap >= least_gap
    # As many whole rows of the body line as the type height holds: one more would not fit.
    depth = grid.page_height - (layout.margins.top + layout.margins.bottom) * MM
    assert grid.rows * layout.grid.line_pitch <= depth + 1e-6 < (grid.rows + 1) * layout.grid.line_pitch


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
