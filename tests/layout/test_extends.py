"""A layout that extends another: what it changes merged over its base; each mistake named in its file."""

from __future__ import annotations

import pytest

from builder.errors import LayoutError
from builder.layout.spec import load_layout
from builder.project import DATA_ROOT


def _layout(layouts, name, text):
    folder = layouts / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "layout.toml").write_text(text, encoding="utf-8")
    return folder


def _problem(folder) -> str:
    with pytest.raises(LayoutError) as caught:
        load_layout(folder)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_what_it_sets_is_merged_over_its_base_table_by_table(tmp_path):
    base = load_layout(DATA_ROOT / "layouts" / "feature-spread")
    folder = _layout(tmp_path, "tall", 'extends = "feature-spread"\nname = "tall"\n[hero]\nrows = [40, 44]\n')
    layout = load_layout(folder)
    assert layout.hero.rows == (40, 44) and layout.hero.aspect == base.hero.aspect
    assert layout.type == base.type and layout.name == "tall" and layout.folder == folder


def test_a_layout_extends_one_beside_it_before_a_built_in_of_that_name(tmp_path):
    _layout(tmp_path, "feature-spread", 'extends = "feature-spread"\nname = "feature-spread"\n[lead]\ncolumns = 3\n')
    folder = _layout(tmp_path, "mine", 'extends = "feature-spread"\nname = "mine"\n')
    assert load_layout(folder).lead.columns == 3  # the project's feature-spread, itself over the built-in


def test_an_unknown_base_is_named_with_the_nearest(tmp_path):
    folder = _layout(tmp_path, "mine", 'extends = "feature-sprad"\nname = "mine"\n')
    assert _problem(folder).endswith(
        "mine/layout.toml: 'extends': extends 'feature-sprad', which is neither beside it nor built in "
        "(known: feature-page, feature-spread) — did you mean 'feature-spread'?")


def test_a_base_that_is_a_path_is_refused(tmp_path):
    folder = _layout(tmp_path, "mine", 'extends = "../feature-spread"\nname = "mine"\n')
    assert "'extends': extends '../feature-spread': a layout is a name" in _problem(folder)


def test_layouts_that_extend_each_other_are_named(tmp_path):
    _layout(tmp_path, "a", 'extends = "b"\nname = "a"\n')
    folder = _layout(tmp_path, "b", 'extends = "a"\nname = "b"\n')
    assert _problem(folder).endswith("layout.toml: 'extends': extends 'b', which extends it back")


def test_a_mistake_in_a_base_is_found_in_the_merged_layout_by_its_key(tmp_path):
    _layout(tmp_path, "base", 'extends = "feature-spread"\nname = "base"\n[hero]\nrowz = 3\n')
    folder = _layout(tmp_path, "mine", 'extends = "base"\nname = "mine"\n')
    # The merged table is what is validated: the key is named, under the file of the layout loaded.
    assert _problem(folder).endswith(
        "mine/layout.toml: 'hero.rowz': unknown key (expected one of: rows, aspect, caption_rule_pt, "
        "caption_indent_em, caption_space_rows)")


def test_a_folder_without_layout_toml_is_named(tmp_path):
    (tmp_path / "empty").mkdir()
    assert _problem(tmp_path / "empty").endswith("empty/layout.toml: missing: a layout folder needs a layout.toml")
