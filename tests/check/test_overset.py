"""No silent loss: overset frames stop the render, are counted truly, and nothing vanishes."""

from __future__ import annotations

import json

import pdfplumber
import pytest

from builder.check.frames import overset_paragraphs
from builder.model import block_texts
from builder.pipeline import Options, build
from tests.conftest import pin_hero, repeat_body, run_cli

SECTION = "sections/02-high-quality-life.md"




@pytest.fixture
def too_long(make_feature):
    """Section 02 six times as long, the hero held at its size: three times what its frame holds.

    (With the hero free, the rules would shrink it and rearrange the other
    sections until even three times the text fits: the sample leaves room.)
    """
    folder = make_feature()
    repeat_body(folder / SECTION, 6)
    return folder, pin_hero(folder.parent.parent)


def test_the_overset_count_is_the_truth(too_long):
    folder, layout = too_long
    result = build(folder, Options(layout=layout))
    overset = {fit.name: fit for fit in result.fits if fit.overset}
    assert list(overset) == ["section:02"]
    fit = overset["section:02"]
    frame = result.plan.frame("section:02")
    # The truth: the section set in one column of the same width, unconstrained
    # (the galley), less what the frame's columns hold under its head.
    lines = round(result.galley.heights["body:02"] / result.grid.pitch)
    capacity = frame.columns * round((frame.height / result.grid.pitch) - frame.params["head_rows"])
    assert abs(fit.overset_lines - (lines - capacity)) <= 1
    assert fit.first_overset


def test_render_stops_with_exit_3_naming_the_frame(too_long, tmp_path):
    folder, layout = too_long
    out = tmp_path / "out.pdf"
    refused = run_cli("render", str(folder), "--layout", layout, "-o", str(out))
    assert refused.returncode == 3
    assert "section:02" in refused.stderr and "do not fit" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not out.exists()

    allowed = run_cli("render", str(folder), "--layout", layout, "-o", str(out), "--allow-overset")
    assert allowed.returncode == 0, allowed.stderr
    assert out.read_bytes().startswith(b"%PDF")
    report = [line for line in refused.stderr.splitlines() if line.startswith("error:")]
    assert report and [line for line in allowed.stderr.splitlines() if line.startswith("error:")] == report

    with pdfplumber.open(out) as pdf:
        text = "".join(char["text"] for page in pdf.pages for char in page.chars)
    assert "溢出" in text  # the overset mark is on the page

    # Nothing is lost: every paragraph of the feature is in the PDF, or what is
    # not in the PDF is named, paragraph by paragraph, in the report.
    checked = run_cli("check", str(folder), "--layout", layout, "--json", "-q")
    issues = json.loads(checked.stdout)["issues"]
    named = [p for issue in issues if issue["code"] == "overset" for p in issue["details"]["paragraphs"]]
    assert named
    result = build(folder, Options(layout=layout))
    flat = text.replace(" ", "")
    for section in result.feature.sections:
        for paragraph in block_texts(section.body):
            if paragraph in flat:
                continue
            tail = next((p for p in named if paragraph.endswith(p)), None)
            assert tail is not None, paragraph[:20]
            assert paragraph[: len(paragraph) - len(tail)] in flat


def test_overset_paragraphs_rebuild_the_lost_text(too_long):
    folder, layout = too_long
    result = build(folder, Options(layout=layout))
    fit = next(fit for fit in result.fits if fit.overset)
    lost = "".join(overset_paragraphs(fit))
    assert lost and lost.replace(" ", "") == "".join(line.text for line in fit.overset).replace(" ", "")
