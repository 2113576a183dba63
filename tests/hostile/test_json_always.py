"""check --json and render --json print exactly one document on stdout, however the run ends.

Of one feature and of an edition (several features): every outcome — all
written, a feature broken, usage errors, --timeout, SIGTERM — is one document
valid against its schema.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import jsonschema
import pytest
from pypdf import PdfReader
from referencing import Registry, Resource

from tests.conftest import REPO, nowhere, pin_hero, repeat_body, run_cli, run_process

SCHEMAS = {name: json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
           for name in ("check", "render", "edition")}
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


# --- editions: several features, one document ------------------------------------------------


def edition(stdout: str) -> dict:
    """The one JSON document of an edition's render: valid as render's, and of the edition's shape."""
    document = validated(stdout, "render")
    jsonschema.Draft202012Validator(SCHEMAS["edition"], registry=REGISTRY).validate(document)
    return document


def by_feature(document: dict) -> dict[str, dict]:
    return {feature["feature"]: feature for feature in document["features"]}


@pytest.mark.parametrize("case", ["jobs-0", "output-is-a-file", "no-folders", "missing-folder", "combine-png"])
def test_edition_json_on_a_usage_error_is_exit_2_naming_the_option(make_feature, tmp_path, case):
    front, back = make_feature(name="front"), make_feature(name="back")
    afile = tmp_path / "taken.txt"
    afile.write_text("x", encoding="utf-8")
    args, code, option = {
        "jobs-0": ([str(front), str(back), "--jobs", "0"], "usage", "-j"),
        "output-is-a-file": ([str(front), str(back), "-o", str(afile)], "usage", None),
        "no-folders": (["--jobs", "2"], "usage", "FEATURE_DIR..."),
        "missing-folder": ([str(front), str(tmp_path / "nowhere")], "usage", "FEATURE_DIR..."),
        "combine-png": ([str(front), "--combine", str(tmp_path / "all.png")], "output-refused", None),
    }[case]
    result = run_cli("render", *args, "--json")
    assert result.returncode == 2, result.stderr
    document = edition(result.stdout)
    assert (document["status"], document["exit_code"]) == ("usage", 2)
    assert document["features"] == [] and document["summary"]["features"] == 0
    (issue,) = document["issues"]
    assert issue["code"] == code and issue["severity"] == "error"
    if option:
        assert issue["where"] == {"option": option}
    assert "Traceback" not in result.stderr and result.stderr.strip()  # the line for people too


def test_edition_json_on_a_bad_edition_file_names_its_key(make_feature):
    content = make_feature(name="front").parent
    (content / "edition.toml").write_text('name = "morning"\nfeatures = ["../../etc"]\n', encoding="utf-8")
    result = run_cli("render", str(content / "edition.toml"), "--json")
    assert result.returncode == 1
    document = edition(result.stdout)
    assert document["status"] == "bad-input" and document["features"] == []
    assert document["issues"][0]["where"]["key"] == "features.0"
    assert document["issues"][0]["where"]["file"].endswith("edition.toml")


@pytest.mark.slow
def test_edition_json_describes_every_feature_and_exits_the_worst(make_feature, tmp_path):
    good = make_feature(name="good")
    broken = make_feature({"infographic.yaml": "panels: [\n"}, name="broken")
    over = make_feature(name="over")
    repeat_body(over / "sections" / "02-high-quality-life.md", 6)
    layout = pin_hero(good.parent.parent)  # the hero held: the long section cannot make room
    out = tmp_path / "edition"
    result = run_cli("render", str(good), str(broken), str(over), "--jobs", "2", "--layout", layout,
                     "-o", str(out), "--combine", str(tmp_path / "all.pdf"), "--json")
    assert result.returncode == 3, result.stderr
    document = edition(result.stdout)  # no table, no progress: one document
    assert (document["status"], document["exit_code"]) == ("problems", 3)
    assert [f["feature"] for f in document["features"]] == ["good", "broken", "over"]  # page order
    assert document["summary"] == {"features": 3, "written": 1, "failed": 2, "errors": 1 + len(
        by_feature(document)["over"]["issues"]), "warnings": 0}
    assert document["combined"] == {"output": str(tmp_path / "all.pdf"), "written": False, "pages": None}
    assert document["output"] == str(out) and document["jobs"] == 2 and document["executor"] == "local"
    features = by_feature(document)
    ok = features["good"]
    assert (ok["status"], ok["exit_code"], ok["written"], ok["pages"]) == ("ok", 0, True, 2)
    assert ok["output"] == str(out / "good.pdf") and len(PdfReader(out / "good.pdf").pages) == 2
    assert ok["layout"] == "pinned" and ok["paper"] == "broadsheet-cn" and ok["fontset"] == "noto"
    assert ok["preflight"]["errors"] == 0 and ok["seconds"] > 0 and ok["issues"] == []
    bad = features["broken"]
    assert (bad["status"], bad["exit_code"], bad["written"], bad["pages"]) == ("bad-input", 1, False, None)
    assert bad["issues"][0]["code"] == "yaml-syntax"
    assert bad["issues"][0]["where"]["file"].endswith("broken/infographic.yaml")
    assert bad["issues"][0]["where"]["line"] == 2
    overset = features["over"]
    assert (overset["status"], overset["exit_code"], overset["written"]) == ("problems", 3, False)
    assert overset["overset"] and {i["code"] for i in overset["issues"]} == {"overset"}
    assert "preflight" not in overset
    assert sorted(p.name for p in out.iterdir()) == ["good.pdf"] and not (tmp_path / "all.pdf").exists()
    # stderr: one line per problem, each naming its feature; no progress lines
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("broken: error: ") and "infographic.yaml:2" in line for line in lines)
    assert any(line.startswith("over: ") and "nothing written" in line for line in lines)
    assert all(line.split(":")[0] in ("broken", "over", "not combined into " + str(tmp_path / "all.pdf"))
               for line in lines), lines


@pytest.mark.slow
def test_edition_json_of_an_edition_file_all_written_and_combined(make_feature, tmp_path):
    content = make_feature(name="front").parent
    make_feature(name="back")
    (content / "edition.toml").write_text('name = "morning"\nfeatures = ["back", "front"]\n', encoding="utf-8")
    out, combined = tmp_path / "edition", tmp_path / "all.pdf"
    result = run_cli("render", str(content / "edition.toml"), "-o", str(out), "--combine", str(combined), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress with --json
    document = edition(result.stdout)
    assert (document["status"], document["exit_code"], document["edition"]) == ("ok", 0, "morning")
    assert [(f["feature"], f["status"], f["written"], f["pages"]) for f in document["features"]] == [
        ("back", "ok", True, 2), ("front", "ok", True, 2)]
    assert document["combined"] == {"output": str(combined), "written": True, "pages": 4}
    assert len(PdfReader(combined).pages) == 4 and document["issues"] == []
    assert document["summary"] == {"features": 2, "written": 2, "failed": 0, "errors": 0, "warnings": 0}


@pytest.mark.slow
def test_edition_json_on_a_timeout_says_no_feature_finished(make_feature, tmp_path):
    features = [make_feature(name=name) for name in ("front", "back")]
    out = tmp_path / "edition"
    result = run_process("render", *map(str, features), "--jobs", "2", "-o", str(out), "--timeout", "1", "--json")
    assert result.returncode == 4, result.stderr
    document = edition(result.stdout)
    assert (document["status"], document["issues"][0]["code"]) == ("timeout", "timeout")
    assert [(f["status"], f["exit_code"], f["written"]) for f in document["features"]] == [("timeout", 4, False)] * 2
    assert all(f["issues"][0]["code"] == "timeout" for f in document["features"])
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.slow
def test_edition_json_on_sigterm_says_what_was_written_and_what_was_not(make_feature, tmp_path):
    # One job at a time: the signal comes as soon as the first PDF is there, the others wait or are half done.
    features = [make_feature(name=f"page{number}") for number in range(4)]
    out = tmp_path / "edition"
    process = subprocess.Popen([sys.executable, "-m", "builder", "render", *map(str, features), "--jobs", "1",
                                "-o", str(out), "--json"], cwd=nowhere(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not (out.is_dir() and any(out.glob("*.pdf"))) and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    document = edition(stdout)
    assert (document["status"], document["exit_code"]) == ("stopped", 143)
    assert document["issues"][0]["code"] == "stopped"
    assert document["issues"][0]["message"] == "stopped by SIGTERM: the features finished are written, the others are not"
    written = {f["feature"] for f in document["features"] if f["written"]}
    assert written == {p.stem for p in out.glob("*.pdf")} and 1 <= len(written) < len(features)
    for feature in document["features"]:
        if not feature["written"]:
            assert (feature["status"], feature["issues"][0]["code"]) == ("stopped", "stopped")
