"""The front matter keys of swapping: ``fonts:`` (a set and roles) and an image's ``focus``."""

from __future__ import annotations

import pytest

from builder.content import load_feature
from builder.errors import ContentError


def _front(folder, old: str, new: str) -> None:
    path = folder / "feature.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_fonts_names_a_set_or_roles(make_feature):
    folder = make_feature()
    _front(folder, "layout: feature-spread\n", "layout: feature-spread\nfonts: wenkai\n")
    assert load_feature(folder, folder.parent.parent).meta.fonts.set == "wenkai"
    _front(folder, "fonts: wenkai\n", "fonts:\n  set: classic\n  body: [house.otf, Noto Serif CJK SC]\n"
                                      "  caption: LXGW WenKai\n")
    fonts = load_feature(folder, folder.parent.parent).meta.fonts
    assert fonts.chains() == {"body": ("house.otf", "Noto Serif CJK SC"), "caption": ("LXGW WenKai",)}


@pytest.mark.parametrize("value, message, key", [
    ("fonts: ../fonts/x", "is not a name of lower-case letters", "fonts.set"),
    ("fonts:\n  bdy: LXGW WenKai", "unknown key (expected one of: set, body, subhead", "fonts.bdy"),
    ("fonts:\n  body: []", "a role names one to eight families or font files", "fonts.body"),
    ("fonts:\n  body: \"Evil\\x1b[31m\"", "is not a family name or a font file", "fonts.body"),
])
def test_a_bad_fonts_key_names_file_key_and_line(make_feature, value, message, key):
    folder = make_feature()
    _front(folder, "layout: feature-spread\n", f"layout: feature-spread\n{value}\n")
    with pytest.raises(ContentError) as caught:
        load_feature(folder, folder.parent.parent)
    problem = caught.value.problems[0]
    assert message in problem.message and problem.key == key and problem.line in (3, 4), problem


def test_focus_is_a_pair_of_fractions(make_feature):
    folder = make_feature()
    _front(folder, "  caption: 加速蝶变的城乡面貌\n", "  caption: 加速蝶变的城乡面貌\n  focus: [0.25, 0.75]\n")
    assert load_feature(folder, folder.parent.parent).hero.focus == (0.25, 0.75)
    _front(folder, "focus: [0.25, 0.75]", "focus: [1.5, 0.5]")
    with pytest.raises(ContentError) as caught:
        load_feature(folder, folder.parent.parent)
    problem = caught.value.problems[0]
    assert problem.key == "hero.focus" and "a fraction of the width or height" in problem.message and problem.line == 17
