"""Editions: several features at once, one failure does not stop the others, the worst exit code, --combine."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from builder.edition import combine, expand, read_edition
from builder.errors import ContentError, UsageError
from tests.conftest import REPO, run_cli


@pytest.mark.slow
def test_jobs_2_over_three_features_with_one_broken_writes_the_two_good_ones(make_feature, tmp_path):
    good = [make_feature(name="front"), make_feature(name="back")]
    broken = make_feature({"infographic.yaml": "panels: [\n"}, name="broken")
    out = tmp_path / "edition"
    result = run_cli("render", str(good[0]), str(broken), str(good[1]), "--jobs", "2", "-o", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["back.pdf", "front.pdf"]
    for name in ("front", "back"):
        reader = PdfReader(out / f"{name}.pdf")
        assert len(reader.pages) == 2 and "江北" in reader.pages[0].extract_text()
    # the broken one is named with its error: file and line
    assert "broken: error: " in result.stderr and "infographic.yaml:2: malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr
    table = result.stdout
    assert "front" in table and "back" in table and "failed (exit 1)" in table


def _blank_pdf(path, pages):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(100, 100)
    with open(path, "wb") as file:
        writer.write(file)
    return path


def test_combine_joins_in_order_with_page_labels(tmp_path):
    one, two = _blank_pdf(tmp_path / "a.pdf", 2), _blank_pdf(tmp_path / "b.pdf", 3)
    pages = combine([("jiangbei", one, (6, 7)), ("sport", two, ())], tmp_path / "all.pdf")
    reader = PdfReader(tmp_path / "all.pdf")
    assert pages == len(reader.pages) == 5
    assert list(reader.page_labels) == ["jiangbei 6", "jiangbei 7", "sport 3", "sport 4", "sport 5"]


def test_an_edition_file_lists_features_in_page_order_and_stays_in_its_folder(make_feature):
    front, back = make_feature(name="front"), make_feature(name="back")
    content = front.parent
    (content / "edition.toml").write_text('name = "morning"\nfeatures = ["back", "front"]\n', encoding="utf-8")
    assert read_edition(content / "edition.toml") == ("morning", [back, front])
    assert expand([content]) == [back, front]
    (content / "edition.toml").write_text('features = ["../../etc"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="features.0"):
        read_edition(content / "edition.toml")
    with pytest.raises(UsageError, match="front"):
        expand([front, front])


@pytest.mark.slow
def test_sigterm_stops_the_workers_and_leaves_only_whole_pdfs(make_feature, tmp_path):
    # Eight features over two workers: the signal comes as soon as the first one is reported done, so most are
    # still waiting or half laid out. What is done stays written (nothing lost); nothing half-written is left.
    features = [make_feature(name=f"page{number}") for number in range(8)]
    out = tmp_path / "edition"
    process = subprocess.Popen([sys.executable, "-m", "builder", "render", *map(str, features), "--jobs", "2",
                                "-o", str(out)], cwd=REPO, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in process.stderr:
        seen.append(line)
        if ": done" in line:
            break
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 143, "".join(seen) + (errors or "")
    time.sleep(1)
    left = [line for line in Path("/proc").glob("[0-9]*/cmdline")
            if _reads(line) and str(features[0]) in _reads(line)]
    assert left == []
    written = sorted(p.name for p in out.iterdir())
    assert all(name.endswith(".pdf") and not name.startswith(".") for name in written), written
    assert 1 <= len(written) < len(features), written
    for name in written:
        assert len(PdfReader(out / name).pages) == 2


def _reads(path: Path) -> str:
    try:
        return path.read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
