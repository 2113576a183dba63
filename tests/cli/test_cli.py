"""The command line: help, exit codes, one line per problem, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_render_help_explains_the_command():
    result = run_cli("render", "--help")
    assert result.returncode == 0
    for words in ("[FEATURE_DIR]", "--as", "pages", "spread", "--layout", "--paper", "-o, --output",
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


def test_unknown_paper_is_bad_input():
    result = run_cli("render", "--paper", "a4")
    assert result.returncode == 1
    assert "unknown paper 'a4'" in result.stderr and "broadsheet-cn" in result.stderr


@pytest.mark.slow
def test_render_writes_the_pdf_and_says_where(make_feature, tmp_path):
    folder = make_feature()
    out = tmp_path / "deep" / "spread.pdf"
    result = run_cli("render", str(folder), "-o", str(out), "--as", "spread")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert f"wrote {out}" in result.stdout
    assert not list(out.parent.glob(".*.tmp"))


def test_python_m_builder_and_the_script_agree():
    script = Path(sys.executable).parent / "broadsheet"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "render" in result.stdout
