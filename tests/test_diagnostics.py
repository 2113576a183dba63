"""One diagnostic shape: the codes and the schema, the printer, and one adapter for every validated file."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from builder.check import Report, finding
from builder.content import load_feature
from builder.diagnostics import AtOption, Code, Diagnostic, InFile, OnPage, Severity
from builder.errors import ContentError, FontError, LayoutError, Problem
from builder.fonts import load_fontset
from builder.layout.spec import load_layout
from builder.project import DATA_ROOT, load_project
from builder.report import document
from tests.conftest import REPO

SCHEMA_PATH = REPO / "schemas" / "check.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_the_schema_lists_exactly_the_codes_of_the_enum():
    listed = SCHEMA["$defs"]["diagnostic"]["properties"]["code"]["enum"]
    assert listed == [code.value for code in Code]


def test_the_schema_script_writes_the_file_as_committed(tmp_path):
    before = SCHEMA_PATH.read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "schemas.py")], capture_output=True,
                            text=True, cwd=REPO)
    try:
        assert result.returncode == 0, result.stderr
        assert SCHEMA_PATH.read_text(encoding="utf-8") == before
    finally:
        SCHEMA_PATH.write_text(before, encoding="utf-8")


def test_every_code_a_finding_can_have_validates():
    for code in Code:
        data = document("check", "f", 3, [Diagnostic(Severity.ERROR, code, "m", where=OnPage(6, "lead"))],
                        strict=False)
        jsonschema.validate(data, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "issues": [{**data["issues"][0], "code": "no-such-code"}]}, SCHEMA)


@pytest.mark.parametrize("diagnostic, line, where", [
    (Problem("a.md", "bad", key="hero.image", line=3, code="yaml-value", hint="fix it"),
     "error: a.md:3: 'hero.image': bad — fix it", {"file": "a.md", "line": 3, "key": "hero.image"}),
    (finding(Severity.WARNING, Code.UNDERSET, "empty", "add text", "section:01", 6),
     "warning: page 6, section:01: empty — add text", {"page": 6, "frame": "section:01"}),
    (Problem("--papers", "unknown paper 'a4'"), "error: --papers: unknown paper 'a4'", {"option": "--papers"}),
    (Diagnostic(Severity.ERROR, Code.TIMEOUT, "stopped after 1 s"), "error: stopped after 1 s", {}),
], ids=["file", "page", "option", "nowhere"])
def test_one_printer_and_one_json_shape_wherever_the_finding_is(diagnostic, line, where):
    assert str(diagnostic) == line
    assert diagnostic.describe() == line.split(": ", 1)[1]
    data = diagnostic.as_json()
    assert data["where"] == where
    assert list(data) == ["severity", "code", "message", "hint", "where", "frame", "page", "details"]


def test_the_printer_escapes_what_a_terminal_would_act_on():
    diagnostic = Problem("a.md", "bad \x1b[31mred\u202e")
    assert "\x1b" not in str(diagnostic) and "\\x1b[31m" in str(diagnostic) and "\\u202e" in str(diagnostic)


def test_an_error_gives_its_kind_to_problems_without_a_code():
    error = LayoutError([Problem("layout.toml", "no such rules"), Problem("x.md", "bad", code="yaml-value")])
    assert [p.code for p in error.problems] == [Code.LAYOUT, Code.YAML_VALUE]
    assert ContentError("plain words").problems[0].code is Code.CONTENT


def test_a_report_is_strict_by_its_own_flag_not_by_rewriting_its_findings():
    warning = finding(Severity.WARNING, Code.UNDERSET, "empty", "add text", "lead", 6)
    strict = Report("f", "l", "p", [warning], strict=True)
    assert strict.issues == [warning] and warning.severity is Severity.WARNING
    assert [issue.severity for issue in strict.errors] == [Severity.ERROR]
    assert strict.as_json()["issues"][0]["severity"] == "error" and strict.as_json()["strict"] is True


# --- one adapter: every validated file says the same things the same way -----


def _unknown(problems, file_name, key):
    found = [p for p in problems if p.key == key]
    assert found, [str(p) for p in problems]
    problem = found[0]
    assert problem.code is Code.UNKNOWN_KEY and str(problem.file).endswith(file_name)
    assert problem.message.startswith("unknown key (expected one of: ")
    return problem.message


def test_front_matter(make_feature):
    folder = make_feature()
    path = folder / "feature.md"
    path.write_text(path.read_text(encoding="utf-8").replace("byline:", "bylines: x\nbyline:", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_feature(folder, folder.parent.parent)
    message = _unknown(caught.value.problems, "feature.md", "bylines")
    assert "byline" in message and "headline" in message
    assert caught.value.problems[0].line is not None


def test_infographic(make_feature):
    folder = make_feature({"infographic.yaml": """
        panels:
          - title: 指标
            items: [一项]
            colour: red
        """})
    with pytest.raises(ContentError) as caught:
        load_feature(folder, folder.parent.parent)
    message = _unknown(caught.value.problems, "infographic.yaml", "panels[0].colour")
    assert "title, items, numbered" in message and caught.value.problems[0].line == 4


def test_layout_toml(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "layout.toml").write_text('extends = "feature-spread"\nname = "bad"\n[grid]\nrows = 3\n'
                                        "[type.body]\nrole = 'body'\nfamily = 'x'\n", encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(folder)
    grid = _unknown(caught.value.problems, "layout.toml", "grid.rows")
    assert "line_pitch" in grid
    style = _unknown(caught.value.problems, "layout.toml", "type.body.family")
    assert "role, size, pitch, weight, colour" in style
    top = tmp_path / "top"
    top.mkdir()
    (top / "layout.toml").write_text('extends = "feature-spread"\nname = "top"\ncolumns = 3\n', encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(top)
    message = _unknown(caught.value.problems, "layout.toml", "columns")
    assert "margins" in message and "folder" not in message  # the toolkit's own field is no key to write


def test_font_set(tmp_path):
    path = tmp_path / "fonts" / "mine.toml"
    path.parent.mkdir()
    text = (DATA_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8")
    path.write_text("licence = 'x'\n" + text.replace("[roles.body]\n", "[roles.body]\nsize = 10\n", 1),
                    encoding="utf-8")
    with pytest.raises(FontError) as caught:
        load_fontset(path)
    problems = caught.value.problems
    assert not any("Extra inputs are not permitted" in str(p) for p in problems)
    assert "families, weight" in _unknown(problems, "mine.toml", "roles.body.size")
    assert "source" not in _unknown(problems, "mine.toml", "licence")


def test_a_font_set_without_families_says_missing_key(tmp_path):
    path = tmp_path / "fonts" / "mine.toml"
    path.parent.mkdir()
    path.write_text('name = "mine"\n[roles.body]\nweight = 400\n', encoding="utf-8")
    with pytest.raises(FontError) as caught:
        load_fontset(path)
    missing = [p for p in caught.value.problems if p.key == "roles.body.families"]
    assert missing and missing[0].code is Code.MISSING_KEY and missing[0].message == "missing required key"


def test_broadsheet_toml(tmp_path):
    (tmp_path / "broadsheet.toml").write_text('fonts = "noto"\n[newspaper]\nname = "报"\nmotto = "x"\n',
                                              encoding="utf-8")
    (tmp_path / "content" / "f").mkdir(parents=True)
    with pytest.raises(ContentError) as caught:
        load_project(tmp_path / "content" / "f")
    assert _unknown(caught.value.problems, "broadsheet.toml", "newspaper.motto") == \
        "unknown key (expected one of: name)"


def test_a_bad_value_says_what_the_validator_says(tmp_path):
    (tmp_path / "broadsheet.toml").write_text('fonts = "../etc"\n', encoding="utf-8")
    (tmp_path / "content" / "f").mkdir(parents=True)
    with pytest.raises(ContentError) as caught:
        load_project(tmp_path / "content" / "f")
    problem = caught.value.problems[0]
    assert problem.code is Code.INVALID_VALUE and problem.key == "fonts" and "not a path" in problem.message


def test_where_kinds_are_distinct_types():
    assert isinstance(Problem("a.md", "x").where, InFile)
    assert isinstance(Problem("--layouts", "x").where, AtOption)
    assert finding(Severity.ERROR, Code.OVERSET, "x", "y", "lead", 6).where == OnPage(6, "lead")
