"""check --json and render --json print exactly one document on stdout, however the run ends."""

from __future__ import annotations

import json

import jsonschema
import pytest
from referencing import Registry, Resource

from tests.conftest import REPO, run_cli, run_process

SCHEMAS = {name: json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
           for name in ("check", "render")}
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in SCHEMAS.values())


def validated(stdout: str, command: str) -> dict:
    """The one JSON document of ``stdout``, checked against its schema."""
    document = json.loads(stdout)  # fails on a second document or trailing text
    jsonschema.Draft202012Validator(SCHEMAS[command], registry=REGISTRY).validate(document)
    return document


def test_check_json_on_bad_content_is_exit_1_with_each_problem_as_a_diagnostic(make_feature):
    folder = make_feature()
    front = folder / "feature.md"
    front.write_text(front.read_text(encoding="utf-8").replace("date: 2023-02-01", "date: 2023-02-30"),
                     encoding="utf-8")
    (folder / "sections" / "04-x.md").symlink_to("/etc/passwd")
    result = run_cli("check", str(folder), "--json")
    assert result.returncode == 1
    document = validated(result.stdout, "check")
    assert document["status"] == "bad-input" and document["exit_code"] == 1
    assert document["summary"] == {"errors": 2, "warnings": 0}
    by_code = {issue["code"]: issue for issue in document["issues"]}
    date, link = by_code["yaml-value"], by_code["file-outside"]
    assert date["message"].startswith("2023-02-30 is not a date")
    assert date["where"] == {"file": str(front), "line": 4, "key": "date"}
    assert link["where"]["file"].endswith("sections/04-x.md")
    assert "error: " in result.stderr  # the lines for people are still there


def test_check_json_on_a_usage_error_is_exit_2_naming_the_option():
    result = run_cli("check", "--json", "--layout", "../../etc")
    assert result.returncode == 2
    document = validated(result.stdout, "check")
    assert document["status"] == "usage"
    assert document["issues"][0]["where"] == {"option": "--layout"}


@pytest.mark.slow
def test_check_json_on_a_timeout_is_exit_4():
    result = run_process("check", "--json", "--timeout", "0.5")
    assert result.returncode == 4
    document = validated(result.stdout, "check")
    assert document["status"] == "timeout" and document["issues"][0]["code"] == "timeout"


def test_render_json_on_bad_input_says_nothing_was_written(make_feature, tmp_path):
    folder = make_feature({"infographic.yaml": "panels: &p []\n"})
    result = run_cli("render", str(folder), "--json", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    document = validated(result.stdout, "render")
    assert document["written"] is False and document["pages"] is None
    assert document["output"] == str(tmp_path / "x.pdf")
    assert document["issues"][0]["where"]["line"] == 1
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_render_json_summarises_a_render(make_feature, tmp_path):
    folder = make_feature()
    out = tmp_path / "spread.pdf"
    result = run_cli("render", str(folder), "--json", "-o", str(out), "--as", "spread")
    assert result.returncode == 0, result.stderr
    document = validated(result.stdout, "render")
    assert document["status"] == "ok" and document["written"] is True
    assert document["output"] == str(out) and out.read_bytes().startswith(b"%PDF")
    assert document["pages"] == 1 and document["as"] == "spread"
    assert (document["layout"], document["paper"]) == ("feature-spread", "broadsheet-cn")
    assert document["overset"] == [] and document["issues"] == []
    assert result.stderr == ""  # no progress with --json


def test_content_problems_and_preflight_issues_share_one_diagnostic_shape():
    from builder.check import finding
    from builder.diagnostics import Code, Severity
    from builder.errors import Problem

    problem = Problem("a.md", "bad", key="k", line=3, code="yaml-value").as_json()
    issue = finding(Severity.WARNING, Code.UNDERSET, "empty", "add text", "section:01", 6).as_json()
    assert problem.keys() == issue.keys()
    assert problem["where"] == {"file": "a.md", "line": 3, "key": "k"}
    assert issue["where"] == {"page": 6, "frame": "section:01"}
