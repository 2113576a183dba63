"""Hostile and broken features, through the CLI: one clear line each, nothing leaked, nothing lost.

Each case of :data:`tests.hostile.attacks.CASES` is built in a temporary
project with a marker file and an evil layout outside it; the command must
exit with the case's code and print a line naming the file (and line or
key), with no traceback, no byte of the marker anywhere, no escape sequence
from the content, nothing run, and the previous PDF at ``-o`` untouched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.hostile.attacks import CASES, MARKER, Case, Target, make_outside
from tests.hostile.scan import pdf_leaks

#: What -o holds before each render: it must be byte for byte the same after.
PREVIOUS_PDF = b"%PDF-1.7\n% the previous render, kept on every failure\n%%EOF\n"


@pytest.fixture
def target(make_feature, tmp_path: Path) -> Target:
    feature = make_feature(name="feature")
    outside = tmp_path / "outside"
    make_outside(outside)
    return Target(feature=feature, project=feature.parent.parent, outside=outside)


def run_case(case: Case, target: Target, tmp_path: Path):
    """Arrange and run ``case``; check what every case must hold, return the result."""
    case.arrange(target)
    kept = {path: path.read_bytes() for path in (target.project / keep for keep in case.keeps)}
    args = [case.command, str(target.feature), *case.args]
    previous = None
    if case.command == "render" and "-o" not in case.args:
        previous = tmp_path / "previous" / "spread.pdf"
        previous.parent.mkdir()
        previous.write_bytes(PREVIOUS_PDF)
        args += ["-o", str(previous)]
    result = run_cli(*args, cwd=target.project)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == case.exit_code, output
    lines = output.splitlines()
    assert any(re.search(case.pattern, line) for line in lines), f"no line matches {case.pattern!r}:\n{output}"
    assert MARKER not in output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", output), "a control character reached the terminal"
    assert not (target.outside / "PWNED").exists() and not (target.project / "PWNED").exists()
    if previous is not None:
        assert previous.read_bytes() == PREVIOUS_PDF
    for path, data in kept.items():
        assert path.read_bytes() == data, path
    assert not list(tmp_path.rglob(".*.tmp")), "a temporary file was left behind"
    for pdf in tmp_path.rglob("*.pdf"):
        if pdf.is_file() and not pdf.is_symlink():
            assert not pdf_leaks(pdf, MARKER), pdf
    return result


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id, marks=[pytest.mark.slow] if case.slow else [])
                                  for case in CASES])
def test_attack_is_refused_with_one_clear_line(case: Case, target: Target, tmp_path: Path) -> None:
    run_case(case, target, tmp_path)
