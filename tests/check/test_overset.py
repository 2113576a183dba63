"""No silent loss: overset frames stop the render, are counted truly, and nothing vanishes."""

from __future__ import annotations

import pdfplumber
import pytest

from builder.check import preflight
from builder.check.frames import fit_issues, overset_paragraphs
from builder.layout.galley import GalleyRef
from builder.model import block_texts
from builder.pipeline import Options, build, export, mark_overset
from builder.typeset import write_pdf
from tests.conftest import pin_hero, repeat_body, run_cli
from tests.pdftext import glyphs, outside_trim, overprinted, text_by_frame

SECTION = "sections/02-high-quality-life.md"

#: 38 characters: wider than the spread at the headline's least size (56 pt)
LONG_HEADLINE = "数字经济打开城市发展新空间全力推动产业转型升级加快建设现代化国际化滨江新城区"


@pytest.fixture(scope="module")
def too_long(make_module_feature):
    """Section 02 six times as long, the hero held at its size: three times what its frame holds.

    (With the hero free, the rules would shrink it and rearrange the other
    sections until even three times the text fits: the sample leaves room.)
    """
    folder = make_module_feature(name="too-long")
    repeat_body(folder / SECTION, 6)
    return folder, pin_hero(folder.parent.parent)


@pytest.fixture(scope="module")
def too_long_build(too_long):
    folder, layout = too_long
    return build(folder, Options(layout=layout))


@pytest.mark.slow
def test_the_overset_count_is_the_truth(too_long_build):
    result = too_long_build
    overset = {fit.name: fit for fit in result.fits if fit.overset}
    assert list(overset) == ["section:02"]
    fit = overset["section:02"]
    frame = result.plan.frame("section:02")
    # The truth: the section set in one column of the same width, unconstrained
    # (the galley), less what the frame's columns hold under its head.
    lines = round(result.galley.heights[GalleyRef.body("02")] / result.grid.pitch)
    capacity = frame.columns * round((frame.height / result.grid.pitch) - frame.params.head_rows)
    assert abs(fit.overset_lines - (lines - capacity)) <= 1
    assert fit.first_overset


@pytest.mark.slow
def test_render_stops_with_exit_3_naming_the_frame(too_long, too_long_build, tmp_path):
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
    result = too_long_build
    named = [p for issue in fit_issues(result) if issue.code == "overset" for p in issue.details["paragraphs"]]
    assert named
    flat = text.replace(" ", "")
    for section in result.feature.sections:
        for paragraph in block_texts(section.body):
            if paragraph in flat:
                continue
            tail = next((p for p in named if paragraph.endswith(p)), None)
            assert tail is not None, paragraph[:20]
            assert paragraph[: len(paragraph) - len(tail)] in flat


@pytest.mark.slow
def test_overset_paragraphs_rebuild_the_lost_text(too_long_build):
    result = too_long_build
    fit = next(fit for fit in result.fits if fit.overset)
    lost = "".join(overset_paragraphs(fit))
    assert lost and lost.replace(" ", "") == "".join(line.text for line in fit.overset).replace(" ", "")


def _proof_glyphs(result):
    """The --allow-overset proof of a build, read back from its PDF."""
    marked = mark_overset(result)
    sheets = marked.composition.sheets
    return marked, glyphs(write_pdf(marked.document, sheets), sheets)


def test_the_sample_on_tabloid_names_every_frame_over_and_loses_nothing(sample_build):
    result = sample_build(paper="tabloid")
    overset = [issue for issue in fit_issues(result) if issue.code == "overset"]
    # The sample is longer than a tabloid spread holds with the hero at its least:
    # the frames that do not fit are named, with lines, characters and first words.
    assert overset and all(issue.frame.startswith("section:") for issue in overset)
    for issue in overset:
        assert issue.details["lines"] > 0 and issue.details["characters"] > 0 and issue.details["first_words"]
    # check says the same, once: lines that do not print are overset, not "too near the trim"
    assert preflight(export(result)).errors == overset
    # The proof prints nothing outside the trim or over another glyph (its
    # overset marks stand just under their frames)...
    marked, found = _proof_glyphs(result)
    assert not outside_trim(found, marked.plan, marked.composition.sheets)
    assert not overprinted(found)
    # ...and what it does not print, the report names: each paragraph is drawn
    # in its own frame, or its tail is among the overset paragraphs of that frame.
    drawn = {name: text.replace(" ", "") for name, text in text_by_frame(found, marked.plan).items()}
    lost = {issue.frame: issue.details["paragraphs"] for issue in overset}
    for section in result.feature.sections:
        for paragraph in block_texts(section.body):
            flat = paragraph.replace(" ", "")
            if flat in drawn[str(section.ref)]:
                continue
            tail = next(p for p in lost[str(section.ref)] if flat.endswith(p.replace(" ", "")))
            assert flat[: len(flat) - len(tail.replace(" ", ""))] in drawn[str(section.ref)]


@pytest.fixture
def long_headline(make_feature):
    folder = make_feature()
    path = folder / "feature.md"
    text = path.read_text(encoding="utf-8").replace("headline_lead: 江北\n", "")
    path.write_text(text.replace("headline: 全力打造中国式现代化示范城区", f"headline: {LONG_HEADLINE}"),
                    encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_headline_too_wide_at_the_least_size_is_overset(long_headline, tmp_path):
    out = tmp_path / "out.pdf"
    refused = run_cli("render", str(long_headline), "-o", str(out))
    assert refused.returncode == 3 and not out.exists()
    line = next(line for line in refused.stderr.splitlines() if "headline" in line)
    assert line.startswith("error: page 6, headline: ") and "do not fit" in line
    assert "mm too wide at 56 pt" in line

    result = build(long_headline, Options())
    marked, found = _proof_glyphs(result)
    assert not outside_trim(found, marked.plan, marked.composition.sheets)
    assert not overprinted(found)
    drawn = text_by_frame(found, marked.plan)["headline"]
    issue = next(issue for issue in fit_issues(result) if issue.frame == "headline")
    # the proof prints the beginning, the report names the rest: together, the headline
    assert drawn + "".join(issue.details["paragraphs"]) == LONG_HEADLINE
    assert any(glyph.text == "溢" for glyph in found)  # the overset mark


def test_marking_keeps_the_fits_before_it_under_their_own_name(too_long):
    folder, layout = too_long
    result = build(folder, Options(layout=layout))
    over = next(fit for fit in result.fits if fit.overset)
    marked = mark_overset(result)
    # the build it came from is unchanged: a stage returns a new value
    assert result.marking is None and result.plan.frame(over.content).overset == 0
    assert marked.plan.frame(over.content).overset == over.overset_lines
    # the marked pages hold only what prints; the marking keeps what was measured before
    assert not [fit for fit in marked.fits if fit.overset]
    assert marked.marking.fits == result.fits and marked.text_fits == result.fits
    assert marked.marking.lines_removed == over.overset_lines
    assert [(i.code, i.frame, i.message) for i in fit_issues(marked)] == \
        [(i.code, i.frame, i.message) for i in fit_issues(result)]
