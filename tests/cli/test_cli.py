"""The command line: help, exit codes, one line per problem, nothing half-written."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_render_help_explains_the_command():
    result = run_cli("render", "--help")
    assert result.returncode == 0
    for words in ("[FEATURE_DIR...]", "--jobs", "--combine", "--executor", "--emit-html", "--as", "pages", "spread", "--layout", "--paper", "-o, --output",
                  "--allow-overset", "--debug"):
        assert words in result.stdout, words


def test_top_level_help_lists_commands_and_exit_codes():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "render" in result.stdout and "check" in result.stdout
    assert "1 bad input" in result.stdout and "2 usage" in result.stdout


def test_a_feature_dir_that_does_not_exist_is_a_usage_error(tmp_path):
    result = run_cli("render", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_that_is_not_a_feature_is_bad_input(tmp_path):
    result = run_cli("render", str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("error: ") and "feature.md: missing" in line for line in lines)
    assert "Traceback" not in result.stderr


def test_malformed_front_matter_names_file_and_line_and_leaves_the_old_pdf(make_feature, tmp_path):
    folder = make_feature({"feature.md": """
        ---
        layout: feature-spread
        headline: [broken
        ---

        导语。
        """})
    out = tmp_path / "old.pdf"
    out.write_bytes(b"%PDF previous")
    result = run_cli("render", str(folder), "-o", str(out))
    assert result.returncode == 1
    assert "feature.md:3: malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == b"%PDF previous"


def test_unknown_option_value_is_a_usage_error():
    result = run_cli("render", "--as", "poster")
    assert result.returncode == 2
    assert "poster" in result.stderr


@pytest.mark.parametrize("line, mistake, answer", [
    ("paper: broadsheet-cn", "paper: tabloyd", "'paper': unknown paper 'tabloyd' (known: berliner, broadsheet-cn, ciner, "
                                               "tabloid) — did you mean 'tabloid'?"),
    ("layout: feature-spread", "layout: feature-pgae", "'layout': unknown layout 'feature-pgae' (known: feature-page, "
                                                       "feature-spread) — did you mean 'feature-page'?"),
])
def test_an_unknown_name_in_the_front_matter_is_bad_input_naming_file_and_key(make_feature, line, mistake, answer):
    folder = make_feature()
    front = folder / "feature.md"
    front.write_text(front.read_text(encoding="utf-8").replace(line, mistake), encoding="utf-8")
    result = run_cli("check", str(folder), cwd=folder.parent.parent)
    assert result.returncode == 1
    assert f"error: content/feature/feature.md: {answer}" in result.stderr


def test_version_names_broadsheet_weasyprint_and_python():
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(rf"broadsheet {re.escape(metadata.version('broadsheet'))} \(WeasyPrint 70\.0, "
                        rf"Python {re.escape(platform.python_version())}\)\n", result.stdout)


@pytest.mark.parametrize("args, message", [
    (("render", "-o", "proof.png"), "proof.png: does not end in .pdf: render writes a PDF, whatever the name says"),
    (("render", "-o", "proof"), "proof: does not end in .pdf"),
    (("preview", "-o", "proof.png"), "'proof.png' names a .png file; preview writes a folder of PNG pictures"),
    (("preview", "-o", "spread.pdf"), "'spread.pdf' names a .pdf file"),
])
def test_an_output_the_command_cannot_write_is_refused_before_any_work(tmp_path, args, message):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Reading content" not in result.stderr and not list(tmp_path.iterdir())


@pytest.mark.slow
def test_render_writes_the_pdf_and_says_where(make_feature, tmp_path):
    folder = make_feature()
    out = tmp_path / "deep" / "spread.pdf"
    result = run_cli("render", str(folder), "-o", str(out), "--as", "spread")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert f"wrote {out}" in result.stdout
    assert not list(out.parent.glob(".*.tmp"))


@pytest.mark.slow
def test_python_m_builder_and_the_script_agree():
    script = Path(sys.executable).parent / "broadsheet"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "render" in result.stdout
