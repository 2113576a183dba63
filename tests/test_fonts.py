"""Font roles: every role mapped, every family installed, or an error naming the role."""

from __future__ import annotations

import pytest

from builder.errors import FontError
from builder.fonts import ROLES, face_file, load_fontset, role_metrics
from builder.project import TOOLKIT_ROOT


def test_the_noto_set_maps_every_role_to_installed_families():
    fonts = load_fontset(TOOLKIT_ROOT / "fonts" / "noto.toml")
    assert set(fonts.roles) == set(ROLES)
    assert fonts.role("body").families[0] == "Noto Serif CJK SC"
    assert fonts.role("headline").weight == 900


def test_a_missing_family_names_the_role(tmp_path):
    text = (TOOLKIT_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8")
    text = text.replace('families = ["Noto Sans CJK SC"]\nweight = 900', 'families = ["No Such Sans"]\nweight = 900')
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FontError) as caught:
        load_fontset(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("'roles.headline'" in m and "'No Such Sans' is not installed" in m for m in messages), messages


def test_a_missing_weight_is_an_error_not_a_fake_bold(tmp_path):
    text = (TOOLKIT_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8")
    text = text.replace('families = ["LXGW WenKai", "Noto Serif CJK SC"]\nweight = 400\n\n[roles.caption]',
                        'families = ["LXGW WenKai", "Noto Serif CJK SC"]\nweight = 900\n\n[roles.caption]')
    path = tmp_path / "heavy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FontError, match="no weight 900"):
        load_fontset(path)


def test_an_unmapped_role_is_an_error(tmp_path):
    path = tmp_path / "thin.toml"
    path.write_text('name = "thin"\n[roles.body]\nfamilies = ["Noto Serif CJK SC"]\n', encoding="utf-8")
    with pytest.raises(FontError) as caught:
        load_fontset(path)
    assert any(p.key == "roles.headline" for p in caught.value.problems)


def test_a_roles_first_family_resolves_to_its_face_and_metrics():
    fonts = load_fontset(TOOLKIT_ROOT / "fonts" / "noto.toml")
    metrics = role_metrics(fonts, "sans", 700)
    assert metrics.face.path.name.startswith("NotoSansCJK") and metrics.face.path.is_file()
    # the ideographic em box of a CJK face, and the taller hhea line metrics a renderer uses
    assert (metrics.ascender, metrics.descender) == (0.88, -0.12)
    assert metrics.line_ascent - metrics.line_descent > metrics.ascender - metrics.descender
    assert 0.6 < metrics.cap_height < metrics.ascender
    assert role_metrics(fonts, "sans", 700) is metrics  # cached


def test_ink_extents_of_han_and_latin_glyphs():
    fonts = load_fontset(TOOLKIT_ROOT / "fonts" / "noto.toml")
    metrics = role_metrics(fonts, "sans")
    low, high = metrics.ink("高质量发展")
    assert metrics.descender < low < 0 < high < metrics.ascender  # Han ink inside the em box
    low_latin, _ = metrics.ink("gy")
    assert low_latin < metrics.descender  # descenders reach below it
    assert metrics.ink(" ") == (0.0, 0.0)


def test_an_unknown_family_has_no_face():
    with pytest.raises(FontError, match="no face of 'No Such Sans'"):
        face_file("No Such Sans")
