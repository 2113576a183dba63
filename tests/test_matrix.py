"""Any feature on any paper: every built-in layout × every paper preset × the sample and generated features.

For each, what render would do: either it writes the pages (no overset) and
then every text of the feature is drawn inside its own frame, inside the
trim, with no glyph over another — read from the PDF — or it stops with exit
3 and the report names each frame that does not fit, with its lines,
characters and first words. Frames stay inside the type area and apart
either way.

The generated features are a covering selection, not the whole cross
product: every count of sections with every kind of photo placement but one
pair, each section count short and long, every panel count from 2 to 6.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.check.frames import fit_issues
from builder.layout.paper import PAPERS
from builder.layout.plan import Plan
from builder.model import Feature
from builder.pipeline import Options, build
from builder.project import DATA_ROOT, SAMPLE_FEATURE
from builder.typeset import write_pdf
from tests.pdftext import glyphs, outside_frames, outside_trim, overprinted, text_by_frame
from tests.variants import make_variant

pytestmark = pytest.mark.slow

LAYOUTS = sorted(p.name for p in (DATA_ROOT / "layouts").iterdir() if (p / "layout.toml").is_file())

#: name: (sentences per section, panels, sections with a photo, slogan lines, headline_lead)
FEATURES = {
    "2 sections long, 6 panels, photos on all, two slogan lines": ([14, 13], 6, (0, 1), ("团结奋发勇向前", "奋力拼搏争一流"), None),
    "2 sections short, 3 panels, no photo, no slogan": ([5, 4], 3, (), (), None),
    "3 sections short, 2 panels, photos on two": ([5, 6, 5], 2, (0, 2), ("创新驱动发展",), None),
    "3 sections long, 5 panels, photos on all": ([12, 13, 12], 5, (0, 1, 2), ("创新驱动发展",), "数字"),
    "4 sections short, 4 panels, photos on all": ([4, 4, 5, 4], 4, (0, 1, 2, 3), ("创新驱动发展",), None),
    "4 sections long, 6 panels, a photo on one": ([11, 12, 10, 12], 6, (1,), ("创新驱动发展",), "数字"),
    "4 sections mid, 5 panels, no photo": ([7, 6, 8, 7], 5, (), (), None),
}


@dataclass
class Outcome:
    """What one build gave, kept small: the plan, the report, the glyphs of the PDF it would write."""

    feature: Feature
    plan: Plan
    overset: list
    found: list | None
    sheets: tuple

    @property
    def exit_code(self) -> int:
        return 3 if self.overset else 0


CASES = [pytest.param((layout, paper, feature), id=f"{layout}-{paper}-{feature}")
         for layout, paper, feature in itertools.product(LAYOUTS, sorted(PAPERS), ["sample", *FEATURES])]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {"sample": SAMPLE_FEATURE}
    for index, (name, (sections, panels, images, slogan, lead)) in enumerate(FEATURES.items()):
        out[name] = make_variant(tmp_path_factory.mktemp(f"feature{index}"), sections, panels, images, slogan, lead)
    return out


@pytest.fixture(scope="module", params=CASES)
def outcome(request: pytest.FixtureRequest, folders: dict[str, Path], sample_build) -> Outcome:
    """One build, as render would do it; the laid-out document is not kept (but the sample's, shared)."""
    layout, paper, feature = request.param
    result = (sample_build(layout=layout, paper=paper) if feature == "sample"
              else build(folders[feature], Options(layout=layout, paper=paper)))
    overset = [issue for issue in fit_issues(result) if issue.code == "overset"]
    found = None
    if not overset:
        found = glyphs(write_pdf(result.document, result.composition.sheets), result.composition.sheets)
    return Outcome(result.feature, result.plan, overset, found, result.composition.sheets)


def _overlap(a, b) -> bool:  # noqa: ANN001 - two frames
    return a.x < b.right - 0.01 and b.x < a.right - 0.01 and a.y < b.bottom - 0.01 and b.y < a.bottom - 0.01


def test_frames_stay_inside_the_type_area_and_apart(outcome: Outcome) -> None:
    plan, grid = outcome.plan, outcome.plan.grid
    top, bottom = grid.margin_top, grid.margin_top + grid.type_height
    for frame in plan.frames:
        assert top - 0.01 <= frame.y and frame.bottom <= bottom + 0.01 and frame.height > 0, frame.name
        pages = [0, 1] if frame.page == "spread" else [1 if frame.page == "right" else 0]
        left = pages[0] * grid.page_width + grid.left_edge(pages[0])
        right = pages[-1] * grid.page_width + grid.left_edge(pages[-1]) + grid.type_width
        assert left - 0.01 <= frame.x and frame.right <= right + 0.01, frame.name
    for a, b in itertools.combinations(plan.frames, 2):
        assert not _overlap(a, b), (a.name, b.name)
    sections = {str(s.ref) for s in outcome.feature.sections}
    assert sections <= {frame.name for frame in plan.frames}


def _sources(feature: Feature) -> list[tuple[str, str]]:
    """Every text of the feature with the frame it must be drawn in."""
    meta = feature.meta
    out = [(str(ref), text) for ref, text in feature.texts()]
    out.append(("lead", meta.byline))
    out.append(("headline", (meta.headline_lead or "") + meta.headline))
    out += [("slogan", line) for line in meta.slogan]
    out.append(("caption", feature.hero.caption))
    for section in feature.sections:
        if section.image and section.image.caption:
            out.append((f"image:{section.number}", section.image.caption))
    return out


def test_renders_clean_or_names_what_does_not_fit(outcome: Outcome) -> None:
    if outcome.exit_code == 0:
        found, plan = outcome.found, outcome.plan
        assert not outside_trim(found, plan, outcome.sheets)
        assert not outside_frames(found, plan, outcome.sheets)
        assert not overprinted(found)
        drawn = {name: text.replace(" ", "") for name, text in text_by_frame(found, plan).items()}
        for frame, text in _sources(outcome.feature):
            assert text.replace(" ", "") in drawn.get(frame, ""), (frame, text[:20])
    else:
        frames = {frame.name for frame in outcome.plan.frames}
        for issue in outcome.overset:
            assert issue.frame in frames
            assert issue.details["lines"] >= 1 and issue.details["characters"] >= 1
            first = issue.details["first_words"].replace(" ", "")
            assert first and any(first[:6] in text.replace(" ", "") for key, text in _sources(outcome.feature)
                                 if key == issue.frame), issue
            assert str(issue).startswith("error: page ") and "do not fit" in str(issue)
