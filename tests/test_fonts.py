"""Font roles: every role mapped, every family installed, or an error naming the role."""

from __future__ import annotations

import gc
import weakref

import pytest
import tinycss2

from builder.errors import ContentError, FontError, UsageError
from builder.fonts import (
    ROLES,
    Characters,
    choose_fonts,
    command_line_level,
    face_file,
    feature_level,
    file_entry,
    font_face_css,
    load_fontset,
    role_metrics,
)
from builder.model import FontsSpec
from builder.project import DATA_ROOT, Project, load_project


def test_the_noto_set_maps_every_role_to_installed_families():
    fonts = load_fontset(DATA_ROOT / "fonts" / "noto.toml")
    assert set(fonts.roles) == set(ROLES)
    assert fonts.role("body").families[0] == "Noto Serif CJK SC"
    assert fonts.role("headline").weight == 900


def test_a_missing_family_names_the_role(tmp_path):
    text = (DATA_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8")
    text = text.replace('families = ["Noto Sans CJK SC"]\nweight = 900', 'families = ["No Such Sans"]\nweight = 900')
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FontError) as caught:
        load_fontset(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("'roles.headline'" in m and "'No Such Sans' is not installed" in m for m in messages), messages


def test_a_missing_weight_is_an_error_not_a_fake_bold(tmp_path):
    text = (DATA_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8")
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
    fonts = load_fontset(DATA_ROOT / "fonts" / "noto.toml")
    metrics = role_metrics(fonts, "sans", 700)
    assert metrics.face.path.name.startswith("NotoSansCJK") and metrics.face.path.is_file()
    # the ideographic em box of a CJK face, and the taller hhea line metrics a renderer uses
    assert (metrics.ascender, metrics.descender) == (0.88, -0.12)
    assert metrics.line_ascent - metrics.line_descent > metrics.ascender - metrics.descender
    assert 0.6 < metrics.cap_height < metrics.ascender
    assert role_metrics(fonts, "sans", 700) is metrics  # cached


def test_ink_extents_of_han_and_latin_glyphs():
    fonts = load_fontset(DATA_ROOT / "fonts" / "noto.toml")
    metrics = role_metrics(fonts, "sans")
    low, high = metrics.ink("高质量发展")
    assert metrics.descender < low < 0 < high < metrics.ascender  # Han ink inside the em box
    low_latin, _ = metrics.ink("gy")
    assert low_latin < metrics.descender  # descenders reach below it
    assert metrics.ink(" ") == (0.0, 0.0)


def test_an_unknown_family_has_no_face():
    with pytest.raises(FontError, match="no face of 'No Such Sans'"):
        face_file("No Such Sans")
# --- the built-in sets, choosing and swapping ------------------------------------------


@pytest.mark.parametrize("name, body, headline", [
    ("classic", "AR PL UMing CN", "Noto Sans CJK SC"),
    ("wenkai", "LXGW WenKai", "LXGW WenKai"),
])
def test_the_built_in_sets_map_every_role_to_installed_faces(name, body, headline):
    fonts = load_fontset(DATA_ROOT / "fonts" / f"{name}.toml")
    assert set(fonts.roles) == set(ROLES)
    assert fonts.role("body").families[0] == body and fonts.role("headline").families[0] == headline
    # the file fontconfig gives the renderer is that family's own
    for role in fonts.roles.values():
        assert role.faces[0].describe(role.weight).family.startswith(role.families[0].split(" CN")[0])


def project_with(tmp_path, settings: str = "") -> Project:
    (tmp_path / "broadsheet.toml").write_text(settings, encoding="utf-8")
    (tmp_path / "fonts").mkdir(exist_ok=True)
    return load_project(tmp_path / "content" / "x")


def test_precedence_command_line_over_feature_over_settings_over_default(tmp_path):
    default = choose_fonts(project_with(tmp_path), [])
    assert (default.name, default.chosen_by) == ("noto", "default")
    project = project_with(tmp_path, 'fonts = "classic"\n')
    assert choose_fonts(project, []).name == "classic"
    feature = feature_level(tmp_path / "feature.md", FontsSpec(set="wenkai", caption=("Noto Sans CJK SC",)),
                            tmp_path)
    chosen = choose_fonts(project, [feature])
    assert (chosen.name, chosen.chosen_by) == ("wenkai", "feature.md fonts.set")
    assert chosen.role("caption").families == ("Noto Sans CJK SC",)
    assert chosen.role("caption").origin == "feature.md fonts.caption"
    # a role on the command line wins over the feature's, and leaves its set and other roles be
    cli = command_line_level(None, (("caption", "AR PL UKai CN"), ("body", "AR PL UMing CN, Noto Serif CJK SC")))
    chosen = choose_fonts(project, [feature, cli])
    assert chosen.name == "wenkai" and chosen.role("caption").families == ("AR PL UKai CN",)
    assert chosen.role("body").families == ("AR PL UMing CN", "Noto Serif CJK SC")
    assert chosen.role("headline").families[0] == "LXGW WenKai"
    # a set named on the command line replaces the feature's set and its roles
    chosen = choose_fonts(project, [feature, command_line_level("noto")])
    assert chosen.name == "noto" and chosen.role("caption").families[0] == "LXGW WenKai"
    assert chosen.chosen_by == "--fontset"


def test_an_override_weight_the_family_lacks_takes_the_nearest_and_says_so(tmp_path):
    chosen = choose_fonts(project_with(tmp_path), [command_line_level(None, (("headline", "LXGW WenKai"),))])
    headline = chosen.role("headline")
    assert headline.weight == 700 and "no weight 900" in headline.note


def test_file_entries_are_told_from_families():
    assert file_entry("house.otf") == ("house.otf", None)
    assert file_entry("fonts/song.TTC#2") == ("fonts/song.TTC", 2)
    assert file_entry("song.ttc:1") == ("song.ttc", 1)
    assert file_entry("Noto Serif CJK SC") is None


def test_a_font_file_on_the_command_line_is_loaded_as_its_own_face(tmp_path, test_font):
    chosen = choose_fonts(project_with(tmp_path), [command_line_level(None, (("body", str(test_font)),))])
    face = chosen.role("body").faces[0]
    assert face.loaded and face.file.path == test_font.resolve() and face.url_file == test_font.resolve()
    assert face.info.family == "Broadsheet Test Kai" and face.info.postscript_name == "BroadsheetTestKai-Regular"
    assert chosen.role("body").weight == 400  # the file's own
    assert chosen.font_files == (test_font.resolve(),)
    css = font_face_css(chosen)
    assert f'font-family: "{face.family}"' in css and test_font.resolve().as_uri() in css
    assert "font-weight: 400" in css


def test_a_face_of_a_collection_is_taken_out_of_it(tmp_path, test_font):
    from fontTools.ttLib import TTCollection, TTFont

    from tests.conftest import make_test_font

    other = make_test_font(tmp_path / "other.ttf", family="Broadsheet Other Kai", left_out="")
    collection = TTCollection()
    collection.fonts = [TTFont(test_font), TTFont(other)]
    collection.save(tmp_path / "pair.ttc")
    cache = tmp_path / "cache"
    chosen = choose_fonts(project_with(tmp_path), [command_line_level(None, (("body", f"{tmp_path}/pair.ttc#1"),))],
                          cache)
    face = chosen.role("body").faces[0]
    assert face.file.index == 1 and face.info.family == "Broadsheet Other Kai" and face.info.faces == 2
    assert face.url_file.parent == cache
    single = TTFont(face.url_file)
    assert single["name"].getDebugName(6) == "BroadsheetOtherKai-Regular"
    with pytest.raises(FontError, match=r"has 2 faces; #5 is not one of them \(0–1\)"):
        choose_fonts(project_with(tmp_path), [command_line_level(None, (("body", f"{tmp_path}/pair.ttc#5"),))])


def test_a_file_that_is_not_a_font_is_an_error_naming_the_role_and_the_file(tmp_path):
    (tmp_path / "notes.ttf").write_text("not a font", encoding="utf-8")
    with pytest.raises(FontError) as caught:
        choose_fonts(project_with(tmp_path), [command_line_level(None, (("caption", str(tmp_path / "notes.ttf")),))])
    problem = caught.value.problems[0]
    assert (problem.option, problem.key) == ("--font", "caption")
    assert "notes.ttf" in problem.message and "is not a font" in problem.message


def test_a_missing_family_or_file_is_an_error_naming_the_role_and_what_was_tried(tmp_path):
    with pytest.raises(FontError) as caught:
        choose_fonts(project_with(tmp_path), [command_line_level(None, (
            ("body", "Noto Serif CJK"), ("headline", str(tmp_path / "gone.otf"))))])
    by_role = {problem.key: problem for problem in caught.value.problems}
    assert "family 'Noto Serif CJK' is not installed" in by_role["body"].message
    assert "Noto Serif CJK SC" in by_role["body"].hint  # what the user may have meant
    assert "gone.otf" in by_role["headline"].message and "not found" in by_role["headline"].message


def test_a_feature_names_font_files_only_inside_the_projects_fonts_folder(tmp_path, test_font):
    project = project_with(tmp_path)
    (tmp_path / "fonts" / "house.ttf").write_bytes(test_font.read_bytes())
    (tmp_path / "outside.ttf").write_bytes(test_font.read_bytes())
    ok = choose_fonts(project, [feature_level(tmp_path / "feature.md", FontsSpec(body=("house.ttf",)), tmp_path)])
    assert ok.role("body").faces[0].info.family == "Broadsheet Test Kai"
    for written in ("../outside.ttf", str(tmp_path / "outside.ttf")):
        with pytest.raises(FontError) as caught:
            choose_fonts(project, [feature_level(tmp_path / "feature.md", FontsSpec(body=(written,)), tmp_path)])
        problem = caught.value.problems[0]
        assert problem.key == "fonts.body" and "fonts" in problem.message and problem.code in (
            "file-outside", "font-path")


def test_an_unknown_set_is_a_usage_error_on_the_command_line_and_a_content_error_in_the_feature(tmp_path):
    project = project_with(tmp_path)
    with pytest.raises(UsageError, match=r"unknown font set 'clasic' \(known: classic, noto, wenkai\)") as caught:
        choose_fonts(project, [command_line_level("clasic")])
    assert caught.value.problems[0].hint == "did you mean 'classic'?"
    with pytest.raises(ContentError) as caught:
        choose_fonts(project, [feature_level(tmp_path / "feature.md", FontsSpec(set="gone"), tmp_path)])
    assert caught.value.problems[0].key == "fonts.set"


def test_a_hostile_font_name_cannot_reach_the_css(tmp_path):
    from tests.conftest import make_test_font

    path = make_test_font(tmp_path / "evil.ttf", family='x"; } body { color: red; } @x { "')
    chosen = choose_fonts(project_with(tmp_path), [command_line_level(None, (("body", str(path)),))])
    rules = tinycss2.parse_stylesheet(font_face_css(chosen), skip_whitespace=True, skip_comments=True)
    assert [rule.at_keyword for rule in rules] == ["font-face"]  # one rule, nothing after it
    declarations = tinycss2.parse_declaration_list(rules[0].content, skip_whitespace=True, skip_comments=True)
    assert [d.name for d in declarations] == ["font-family", "src", "font-weight", "font-style"]


def test_a_link_out_of_the_fonts_folder_is_refused(tmp_path, test_font):
    project = project_with(tmp_path)
    (tmp_path / "fonts" / "house.ttf").symlink_to(test_font)
    with pytest.raises(FontError) as caught:
        choose_fonts(project, [feature_level(tmp_path / "feature.md", FontsSpec(body=("house.ttf",)), tmp_path)])
    problem = caught.value.problems[0]
    assert problem.key == "fonts.body" and problem.code == "file-outside" and "symbolic link" in problem.message


def test_a_font_set_of_the_project_may_name_its_own_font_files(tmp_path, test_font):
    project = project_with(tmp_path, 'fonts = "house"\n')
    (tmp_path / "fonts" / "house.ttf").write_bytes(test_font.read_bytes())
    text = (DATA_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8").replace('name = "noto"', 'name = "house"')
    text = text.replace('families = ["Noto Serif CJK SC", "Noto Sans CJK SC"]\nweight = 400',
                        'families = ["house.ttf", "Noto Serif CJK SC"]\nweight = 400')
    (tmp_path / "fonts" / "house.toml").write_text(text, encoding="utf-8")
    chosen = choose_fonts(project, [])
    assert chosen.name == "house" and chosen.chosen_by == "broadsheet.toml fonts"
    body = chosen.role("body")
    assert body.faces[0].info.family == "Broadsheet Test Kai" and body.families[1] == "Noto Serif CJK SC"
    assert role_metrics(chosen, "body").face.path == (tmp_path / "fonts" / "house.ttf").resolve()


def test_a_faces_information_is_kept_in_the_cache_and_a_bad_entry_read_again(tmp_path, monkeypatch):
    from builder import fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    face = fonts.face_file("LXGW WenKai")
    fonts._installed_face_info.cache_clear()
    read = fonts.face_info(face)
    entries = list((tmp_path / "broadsheet" / "faces").glob("*.json"))
    assert len(entries) == 1
    fonts._installed_face_info.cache_clear()
    cached = fonts.face_info(face)
    assert cached == read and cached.chars == read.chars and ord("江") in cached.chars
    entries[0].write_text('{"family": 1}', encoding="utf-8")
    fonts._installed_face_info.cache_clear()
    again = fonts.face_info(face)
    assert again == read and again.chars == read.chars
    fonts._installed_face_info.cache_clear()


def test_the_ink_of_a_faces_characters_is_kept_in_the_cache_and_a_bad_entry_measured_again(tmp_path, monkeypatch):
    from builder import fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fonts, "_INK", {})
    face = fonts.face_file("Noto Sans CJK SC")
    measured = fonts.ink_extents(face, "高质量发展 gy")
    entries = list((tmp_path / "broadsheet" / "faces").glob("*-ink.json"))
    assert len(entries) == 1

    def unread(face: fonts.FaceFile, chars: set[str]) -> None:
        raise AssertionError(f"{''.join(sorted(chars))!r} measured again")

    # a new process: nothing in memory, the font not opened again for what the cache holds
    monkeypatch.setattr(fonts, "_INK", {})
    with monkeypatch.context() as patched:
        patched.setattr(fonts, "_glyph_extents", unread)
        assert fonts.ink_extents(face, "高质量发展 gy") == measured
        assert fonts.ink_extents(face, "展量") == fonts.ink_extents(face, "量展")
        with pytest.raises(AssertionError, match="'江' measured again"):
            fonts.ink_extents(face, "江")
    # a character measured later is added to the entry
    monkeypatch.setattr(fonts, "_INK", {})
    jiang = fonts.ink_extents(face, "江")
    monkeypatch.setattr(fonts, "_INK", {})
    with monkeypatch.context() as patched:
        patched.setattr(fonts, "_glyph_extents", unread)
        assert fonts.ink_extents(face, "江") == jiang and fonts.ink_extents(face, " ") == (0.0, 0.0)
    # an entry that is not one is ignored, and written again
    entries[0].write_text('{"ink": {"高": "tall"}}', encoding="utf-8")
    monkeypatch.setattr(fonts, "_INK", {})
    assert fonts.ink_extents(face, "高质量发展 gy") == measured
    assert '"高": [' in entries[0].read_text(encoding="utf-8")


def test_a_face_read_for_its_characters_or_ink_is_let_go_of_at_once(tmp_path, monkeypatch):
    # A CJK face's character map and outlines are tens of megabytes: nothing keeps them, not even
    # until the cycle collector runs.
    from builder import fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fonts, "_INK", {})
    opened: list[weakref.ref] = []

    class Recorded(fonts.TTFont):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            opened.append(weakref.ref(self))

    monkeypatch.setattr(fonts, "TTFont", Recorded)
    face = fonts.face_file("Noto Sans CJK SC")
    gc.disable()
    try:
        info = fonts.read_face(face.path, face.index)
        low, high = fonts.ink_extents(face, "高质量 gy")
        alive = [ref() is not None for ref in opened]
    finally:
        gc.enable()
    assert ord("高") in info.chars and low < 0 < high
    assert len(alive) == 2 and not any(alive)


def test_a_faces_characters_are_runs_that_answer_as_a_set_would():
    codes = {0x41, 0x42, 0x43, 0x4E00, 0x4E01, 0x4E03, 0x1F600}
    chars = Characters.of(codes)
    assert chars.runs() == [(0x41, 0x43), (0x4E00, 0x4E01), (0x4E03, 0x4E03), (0x1F600, 0x1F600)]
    assert set(chars) == codes and len(chars) == 7
    assert all(code in chars for code in codes)
    assert not any(code in chars for code in (0, 0x40, 0x44, 0x4DFF, 0x4E02, 0x1F601, "A"))
    assert Characters(chars.runs()) == chars
    assert Characters([(0x42, 0x43), (0x41, 0x41), (0x43, 0x45)]).runs() == [(0x41, 0x45)]
    with pytest.raises(ValueError):
        Characters([(5, 3)])


def test_a_cjk_faces_characters_are_its_cmap_in_a_few_runs():
    from fontTools.ttLib import TTFont

    from builder import fonts

    face = fonts.face_file("Noto Serif CJK SC")
    info = fonts.read_face(face.path, face.index)
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        cmap = font.getBestCmap()
    assert set(info.chars) == set(cmap) and len(info.chars) == len(cmap) > 40_000
    assert len(info.chars.runs()) < len(cmap) / 10
