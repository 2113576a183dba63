"""Preflight: missing glyphs, image resolution, the JSON report and its schema, --strict."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from PIL import Image

from builder.check import preflight
from builder.pipeline import Options, build, export
from tests.conftest import REPO, run_cli
from tests.hostile.test_json_always import validated

SCHEMA = json.loads((REPO / "schemas" / "check.schema.json").read_text(encoding="utf-8"))




@pytest.fixture(scope="module")
def troubled(make_module_feature):
    """A feature with a character no font has (U+30000) and a 100-pixel hero."""
    folder = make_module_feature(name="feature")
    section = folder / "sections" / "02-high-quality-life.md"
    text = section.read_text(encoding="utf-8").replace("共富温度\n---\n\n", "共富温度\n---\n\n古字\U00030000在此。")
    section.write_text(text, encoding="utf-8")
    Image.new("RGB", (100, 25), (90, 120, 160)).save(folder / "tiny.png")
    feature = folder / "feature.md"
    feature.write_text(feature.read_text(encoding="utf-8").replace(
        "assets/placeholders/hero-panorama.jpg", "tiny.png"), encoding="utf-8")
    return folder


def test_the_sample_is_clean(sample_pages):
    report = preflight(sample_pages)
    assert report.issues == []


@pytest.fixture(scope="module")
def troubled_check(troubled):
    """What check says of the troubled feature, for people."""
    return run_cli("check", str(troubled), "-q")


@pytest.mark.slow
def test_missing_glyph_and_low_resolution_are_reported(troubled):
    report = preflight(export(build(troubled, Options())))
    glyph = next(i for i in report.issues if i.code == "missing-glyph")
    assert glyph.severity == "error" and glyph.frame == "section:02"
    assert glyph.details["codepoint"] == "U+30000" and glyph.details["role"] == "body"
    assert "古字" in glyph.details["context"]
    image = next(i for i in report.issues if i.code == "image-resolution")
    assert image.severity == "error" and image.frame == "hero"
    assert image.details["pixels"] == [100, 25] and image.details["ppi"] < 150


@pytest.mark.slow
def test_check_json_validates_and_exits_3(troubled):
    result = run_cli("check", str(troubled), "--json", "-q")
    assert result.returncode == 3
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    codes = {issue["code"] for issue in report["issues"]}
    assert {"missing-glyph", "image-resolution"} <= codes
    assert report["summary"]["errors"] >= 2


@pytest.mark.slow
def test_check_on_the_sample_exits_0_with_a_valid_report():
    result = run_cli("check", "--json", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["summary"] == {"errors": 0, "warnings": 0}


def test_strict_counts_warnings_as_errors():
    from builder.check import Report, finding
    from builder.diagnostics import Code, Severity

    warning = finding(Severity.WARNING, Code.UNDERSET, "empty", "add text", "section:01", 6)
    assert Report("f", "l", "p", [warning]).errors == []
    strict = Report("f", "l", "p", [warning], strict=True)
    assert [(issue.code, issue.severity) for issue in strict.errors] == [(Code.UNDERSET, Severity.ERROR)]
    assert strict.warnings == [] and strict.summary() == "1 error, 0 warnings"
    assert str(strict.grouped()[0]).startswith("error: page 6, section:01: empty")
    jsonschema.validate(strict.as_json(), SCHEMA)
    assert strict.as_json()["issues"][0]["severity"] == "error"


@pytest.mark.slow
def test_human_report_has_page_frame_and_hint(troubled_check):
    result = troubled_check
    assert result.returncode == 3
    line = next(line for line in result.stdout.splitlines() if "U+30000" in line)
    assert re.match(r"error: page [67], section:02: ", line) and "role 'body'" in line and "—" in line


@pytest.mark.slow
def test_render_says_what_check_would(troubled, troubled_check, tmp_path):
    out = tmp_path / "out.pdf"
    rendered = run_cli("render", str(troubled), "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    assert out.exists()
    checked = troubled_check
    summary = next(line for line in checked.stdout.splitlines() if line.startswith(troubled.name + ":"))
    counts = summary.split(": ", 1)[1].split(" (")[0]
    assert f"preflight: {counts} ('broadsheet check' lists them)" in rendered.stdout
    # the serious ones are named, on the same page as check says
    glyph = next(line for line in rendered.stderr.splitlines() if "U+30000" in line)
    assert glyph == next(line for line in checked.stdout.splitlines() if "U+30000" in line)
    assert re.match(r"error: page [67], section:02: ", glyph)
    assert any(line.startswith("error: page 6, hero:") and "ppi" in line for line in rendered.stderr.splitlines())
    # and --json carries the same, in the render document's schema
    as_json = run_cli("render", str(troubled), "-o", str(out), "--json")
    document = validated(as_json.stdout, "render")
    assert document["exit_code"] == 0 and document["written"]
    serious = document["preflight"]["serious"]
    assert {issue["code"] for issue in serious} >= {"missing-glyph", "image-resolution"}
    assert f"{document['preflight']['errors']} error" in counts


def test_per_line_findings_are_grouped_per_frame():
    from builder.check import Report, finding
    from builder.diagnostics import Code, Severity

    off = [finding(Severity.WARNING, Code.TYPOGRAPHY_OFF_GRID, f"baseline +0.50 pt off the grid: 'line {i}'", "hint",
                   "section:01", 6, {"rule": "off-grid", "text": f"line {i}"}) for i in range(12)]
    other = finding(Severity.WARNING, Code.TYPOGRAPHY_OFF_GRID, "baseline off: 'x'", "hint", "section:02", 7,
                    {"text": "x"})
    glyph = finding(Severity.ERROR, Code.MISSING_GLYPH, "'𰀀' is in no font", "replace it", "section:01", 6)
    report = Report("f", "l", "p", [*off, other, glyph])
    grouped = report.grouped()
    assert len(grouped) == 3
    first = grouped[0]
    assert str(first).startswith("warning: page 6, section:01: 12 lines off the grid, first baseline")
    assert first.details["count"] == 12 and first.details["lines"][3] == "line 3"
    assert grouped[1] == other and grouped[2] == glyph
    assert report.summary() == "1 error, 13 warnings"
    assert report.serious() == [glyph]
    assert len(report.as_json()["issues"]) == 14  # JSON keeps every finding
