"""The composed HTML: encoding, language, a frame for every piece of content."""

from __future__ import annotations

import html as htmlmod
import re

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


def test_the_body_line_is_the_grids(sample_pages):
    assert f"line-height: {sample_pages.grid.pitch:g}pt" in sample_pages.composition.html


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


def test_templates_only_place_what_python_measured():
    """No arithmetic in the built-in templates: sizes come as numbers from the plan, the sheets and ``look``."""
    import re

    from builder.project import DATA_ROOT

    expression = re.compile(r"\{[{%](.*?)[}%]\}", re.S)
    arithmetic = re.compile(r"(?<![\w'\"])\s[-+*/%]\s|//|\*\*")
    for template in sorted((DATA_ROOT / "layouts" / "common").glob("*.j2")):
        text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        for found in expression.finditer(text):
            assert not arithmetic.search(found.group(1)), (template.name, found.group(0))


def test_the_looks_spacing_rules_and_padding_come_from_layout_toml(make_feature):
    from builder.compose import compose_galley
    from builder.pipeline import Options, prepare

    folder = make_feature()
    layout = folder.parent.parent / "layouts" / "look"
    layout.mkdir(parents=True)
    (layout / "layout.toml").write_text(
        'extends = "feature-spread"\nname = "look"\n[lead]\nrule_pt = 4\n[text]\nindent_em = 1\n'
        "[folio]\nrule_pt = 0.5\nrows = 2\n[infographic]\npadding = { top = 1, side = 0.5, bottom = 1 }\n",
        encoding="utf-8")
    css = compose_galley(prepare(folder, Options(layout="look")), [], {})
    assert ".content-lead { border-top: 4pt solid" in css and "margin-top: -4pt" in css
    assert "text-indent: 1.0em" in css
    # the strip is two rows (32 pt) deep: its text on the room above the 0.5 pt rule and 2 pt of space
    assert "border-bottom: 0.5pt solid" in css and "height: 32pt" in css and "padding: 13.5pt 0 2pt" in css
    assert "padding: 16pt 8pt 16pt" in css
    plain = compose_galley(prepare(folder, Options()), [], {})
    assert ".content-lead { border-top: 2pt solid" in plain and "text-indent: 2.0em" in plain


def test_a_kept_environment_reads_a_template_again_when_its_file_changes_or_one_comes_before_it(tmp_path):
    """The process keeps one Jinja environment per layout: an edited or a new overriding template still counts."""
    import os

    import jinja2

    from builder.compose import LayoutLoader, TemplateSandbox

    project, builtin = tmp_path / "project" / "layouts", tmp_path / "builtin" / "layouts"
    (project / "mine").mkdir(parents=True)
    (builtin / "mine").mkdir(parents=True)
    (builtin / "mine" / "page.html.j2").write_text("built-in {{ n }}", encoding="utf-8")
    env = TemplateSandbox(loader=LayoutLoader([(project / "mine", project), (builtin / "mine", builtin)]),
                          undefined=jinja2.StrictUndefined)
    first = env.get_template("page.html.j2")
    assert first.render(n=1) == "built-in 1"
    assert env.get_template("page.html.j2") is first  # compiled once, kept

    path = builtin / "mine" / "page.html.j2"
    path.write_text("edited {{ n }}", encoding="utf-8")
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert env.get_template("page.html.j2").render(n=2) == "edited 2"

    (project / "mine" / "page.html.j2").write_text("the project's {{ n }}", encoding="utf-8")
    assert env.get_template("page.html.j2").render(n=3) == "the project's 3"

    (project / "mine" / "page.html.j2").unlink()
    assert env.get_template("page.html.j2").render(n=4) == "edited 4"


def test_compiled_templates_are_kept_in_the_users_cache_not_the_project(sample_pages, tmp_path, monkeypatch):
    import builder.compose as compose

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(compose, "_ENVIRONMENTS", {})
    compose._bytecode_cache.cache_clear()
    try:
        job = sample_pages.job
        env = compose.make_environment(job.project, job.layout)
        html = env.get_template(job.layout.stylesheet).render
        kept = list((tmp_path / "xdg" / "broadsheet" / "templates").glob("*.cache"))
        assert kept and html
        assert not list(job.project.root.rglob("__jinja2_*"))  # never in the project
        # A new process (a new environment) compiles nothing: it loads the code kept.
        monkeypatch.setattr(compose, "_ENVIRONMENTS", {})
        again = compose.make_environment(job.project, job.layout)
        monkeypatch.setattr(again, "compile", lambda *a, **k: (_ for _ in ()).throw(AssertionError("compiled")))
        again.get_template(job.layout.stylesheet)
    finally:
        compose._bytecode_cache.cache_clear()
