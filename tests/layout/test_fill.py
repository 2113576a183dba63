"""A full page, as laid out: no unplanned blank, column feet on one line, heads and photos on the head rule.

These tests read the laid-out pages (frame boxes, lines, the section title's
rule, the infographic's panel cells) of the sample and of features written
to the content contract, not the rules' own numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import pipeline
from builder.check.frames import blank_pages, planned_air, sliver_sections
from builder.diagnostics import Code
from builder.layout.galley import Block, GalleyRef
from builder.layout.paper import PAPERS
from builder.layout.rules import solve
from builder.layout.spec import load_layout, make_grid
from builder.model import ContentKind
from builder.pipeline import Options, build
from builder.project import DATA_ROOT, SAMPLE_FEATURE
from builder.typeset.blank import measure_blank
from builder.typeset.laidout import attribute, frames, walk
from builder.units import MM, PX
from tests.layout.test_rules import feature, galley_for
from tests.variants import make_variant

pytestmark = pytest.mark.slow

#: Points two laid-out edges may differ by and still be on one line.
EDGE = 0.5


@pytest.fixture(scope="module")
def short_feature(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four short sections, each with a photo, and six panels: the feature that left a fifth of a page blank."""
    return make_variant(tmp_path_factory.mktemp("short"), [4, 4, 5, 4], 6, images=(0, 1, 2, 3))


@pytest.fixture(scope="module")
def short_spread(short_feature: Path) -> pipeline.Build:
    return build(short_feature)


@pytest.fixture(scope="module")
def five_spread(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Build:
    """Three sections, one with a photo, and five panels."""
    return build(make_variant(tmp_path_factory.mktemp("five"), [7, 6, 8], 5, images=(0,)))


@pytest.fixture(scope="module")
def short_section(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Build:
    """Two sections and a short third (two sentences), a photo on the second, four panels."""
    return build(make_variant(tmp_path_factory.mktemp("short-section"), [9, 8, 2], 4, images=(1,)))


@pytest.fixture(scope="module")
def two_short(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Build:
    """Two short sections and three panels, no photo: too little text to fill the spread without a sliver."""
    return build(make_variant(tmp_path_factory.mktemp("two-short"), [8, 3], 3))


@pytest.fixture(scope="module")
def berliner() -> pipeline.Build:
    return build(SAMPLE_FEATURE, Options(paper="berliner"))


def laid_out(result: pipeline.Build) -> dict:
    """The laid-out frames by name (the first sheet each is on)."""
    found: dict = {}
    for frame in frames(result.document):
        found.setdefault(frame.name, frame)
    return found


def title_top(frame) -> float:  # noqa: ANN001 - a LaidOutFrame
    """The top of a section's title box: its rule, the top of the head."""
    return next(box.position_y * PX for box in walk(frame.box) if "section-title" in (attribute(box, "class") or ""))


def column_feet(frame, columns: int) -> list[float]:  # noqa: ANN001 - a LaidOutFrame
    """The bottom of the last line of each of a laid-out frame's ``columns`` text columns (an empty one: its top)."""
    top = min(y for _, y, _, _ in frame.columns)
    return [max((line.y + line.height for line in frame.lines if line.column == index), default=top)
            for index in range(columns)]


@pytest.mark.parametrize("which", ["sample", "short", "five"])
def test_pages_stay_under_the_blank_threshold_with_column_feet_aligned(which, sample_pages, short_spread,
                                                                       five_spread):
    result = {"sample": sample_pages, "short": short_spread, "five": five_spread}[which]
    most = result.layout.preflight.max_blank_share
    pages = measure_blank(result.document, result.plan, *planned_air(result.layout))
    assert len(pages) == 2
    assert all(page.share <= most for page in pages), [round(page.percent, 1) for page in pages]
    assert not [issue for issue in blank_pages(result) if issue.code is Code.BLANK]
    laid = laid_out(result)
    for section in result.plan.of_kind(ContentKind.SECTION):
        feet = column_feet(laid[section.name], section.columns)
        # every leg but the last ends on one line; the last may be short, never long
        assert max(feet[:-1]) - min(feet[:-1]) <= EDGE, (section.name, feet)
        assert feet[-1] <= feet[0] + EDGE, (section.name, feet)


def leg_depth(frame) -> float:  # noqa: ANN001 - a LaidOutFrame
    """The depth of a laid-out text frame's first leg: from its columns' top to its first column's last line."""
    top = min(y for _, y, _, _ in frame.columns)
    return max(line.y + line.height for line in frame.lines if line.column == 0) - top


@pytest.mark.parametrize("which", ["sample", "short section"])
def test_no_section_across_many_columns_is_shallower_than_the_least_leg_depth(which, sample_pages, short_section):
    # The sample's sections 02 and 03 were set 9 and 8 lines (51 and 45 mm) deep across 8
    # columns, and beside the short section's page section 01 was 8 lines across 8: the
    # rules give them fewer, deeper columns and a neighbour (a section, the infographic)
    # the room, so that the pages stay under the blank share.
    result = {"sample": sample_pages, "short section": short_section}[which]
    rules = result.layout.sections
    laid = laid_out(result)
    wide = 0
    for section in result.plan.of_kind(ContentKind.SECTION):
        if section.columns < rules.sliver_columns:
            continue
        wide += 1
        depth = leg_depth(laid[section.name])
        assert depth >= rules.min_leg_mm * MM - EDGE, (section.name, section.columns, round(depth / MM, 1))
    assert wide, "a section across many columns is set (or the test tests nothing)"
    assert not sliver_sections(result)
    most = result.layout.preflight.max_blank_share
    pages = measure_blank(result.document, result.plan, *planned_air(result.layout))
    assert all(page.share <= most for page in pages), [round(page.percent, 1) for page in pages]


def test_the_white_under_a_sections_last_line_is_measured_as_blank(short_section):
    # The short third section ends a few lines down its frame: the white under its
    # last line, down to the foot, is blank the check sees (only the lead sets
    # something, its byline, under its columns).
    result = short_section
    section = next(frame for frame in result.plan.of_kind(ContentKind.SECTION) if frame.name == "section:03")
    laid = laid_out(result)[section.name]
    feet = column_feet(laid, section.columns)
    dy = section.y - laid.y
    page = measure_blank(result.document, result.plan, *planned_air(result.layout))[1 if section.x >= result.grid.page_width else 0]
    foot = result.grid.row_y(result.grid.rows)
    covered = {column: (top, bottom) for column, top, bottom in page.runs}
    assert len(covered) >= section.columns, page.runs
    for foot_line in feet:
        assert any(abs(top - (foot_line + dy)) <= EDGE and abs(bottom - foot) <= EDGE for top, bottom in covered.values()), \
            (round(foot_line + dy), page.runs)
    assert page.share > 0


def test_a_sliver_no_arrangement_avoids_is_named_rather_than_a_hole_left(two_short):
    # Sections of 8 and 3 sentences and three panels of short items: set deeper (side by
    # side, or beside the box), they would leave a page blanker than the layout allows.
    # The pages stay under the blank share, and the check names each sliver, its depth
    # and the least.
    rules = two_short.layout.sections
    laid = laid_out(two_short)
    shallow = [frame.name for frame in two_short.plan.of_kind(ContentKind.SECTION)
               if frame.columns >= rules.sliver_columns and leg_depth(laid[frame.name]) < rules.min_leg_mm * MM]
    found = sliver_sections(two_short)
    assert shallow and [issue.where.frame for issue in found] == shallow
    for issue in found:
        frame = two_short.plan.frame(issue.where.frame)
        assert issue.code is Code.SLIVER
        assert issue.details["lines"] == round(leg_depth(laid[frame.name]) / two_short.grid.pitch)
        assert f"{rules.min_leg_mm:g} mm" in issue.message and f"across {frame.columns} columns" in issue.message
    most = two_short.layout.preflight.max_blank_share
    pages = measure_blank(two_short.document, two_short.plan, *planned_air(two_short.layout))
    assert all(page.share <= most for page in pages), [round(page.percent, 1) for page in pages]


def test_heads_side_by_side_start_on_one_row_on_berliner(berliner):
    laid = laid_out(berliner)
    sections = berliner.plan.of_kind(ContentKind.SECTION)
    pairs = [(a, b) for i, a in enumerate(sections) for b in sections[i + 1:]
             if a.page == b.page and a.y < b.bottom and b.y < a.bottom]
    assert pairs, "the sample on berliner sets sections side by side"
    for a, b in pairs:
        assert a.row == b.row, (a.name, b.name)
        assert title_top(laid[a.name]) == pytest.approx(title_top(laid[b.name]), abs=EDGE), (a.name, b.name)


def test_section_photos_stand_on_the_head_rule_and_end_with_the_text(short_spread):
    laid = laid_out(short_spread)
    pitch = short_spread.grid.pitch
    most_aspect = short_spread.layout.sections.image_aspect[1]
    beside = 0
    for image in short_spread.plan.of_kind(ContentKind.IMAGE):
        section = short_spread.plan.frame(f"section:{image.content.key}")
        if image.row != section.row:
            continue
        beside += 1
        photo, text = laid[image.name], laid[section.name]
        assert photo.y == pytest.approx(title_top(text), abs=EDGE), image.name
        # the photo (its caption under it) ends on the text's last full line, within a row —
        # unless it is as shallow as its aspect limit lets it be
        at_least = (image.params.photo_height - pitch) * most_aspect < image.width
        ends = max(column_feet(text, section.columns))
        assert photo.bottom <= ends + pitch + EDGE or at_least, image.name
        assert photo.bottom >= ends - pitch - EDGE, image.name
    assert beside >= 2


def test_the_infographic_box_is_as_deep_as_its_panels(sample_pages, short_spread):
    for result in (sample_pages, short_spread):
        box = result.plan.frame("infographic")
        natural = result.galley.height(GalleyRef(Block.INFOGRAPHIC, cols=box.cols, across=box.columns))
        assert box.height <= natural + result.grid.pitch


def test_five_panels_leave_no_empty_cell(five_spread):
    box = laid_out(five_spread)["infographic"]
    cells = [b for b in walk(box.box) if "panel" in (attribute(b, "class") or "").split()]
    assert len(cells) == 5
    table = next(b for b in walk(box.box) if "panels" in (attribute(b, "class") or "").split())
    rows: dict[float, list] = {}
    for cell in cells:
        rows.setdefault(round(cell.position_y, 1), []).append(cell)
    assert len(rows) >= 2, "five panels in one row leave nothing to test"
    for row in rows.values():
        # the cells of every row, the last one too, span the box
        assert sum(cell.margin_width() for cell in row) == pytest.approx(table.width, abs=1)


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_the_hero_is_cropped_within_the_layouts_aspect_limits(paper, tmp_path):
    # A layout whose rows would flatten the hero past its limit: the limit wins.
    folder = tmp_path / "layouts" / "tight"
    folder.mkdir(parents=True)
    (folder / "layout.toml").write_text('extends = "feature-spread"\nname = "tight"\n[hero]\nrows = [10, 12]\n',
                                        encoding="utf-8")
    for layout in (load_layout(DATA_ROOT / "layouts" / "feature-spread"), load_layout(folder)):
        grid = make_grid(layout, PAPERS[paper])
        for lines in ([40, 40, 40], [80, 75, 85], [200, 200, 200]):
            feat = feature(lines)
            hero = solve(feat, layout, grid, galley_for(feat, lines, layout, grid)).frame("hero")
            low, high = layout.hero.aspect
            assert low - 0.01 <= hero.width / hero.height <= high + 0.01, (layout.name, lines)


def test_the_rules_move_columns_before_copyfitting_changes_type(monkeypatch):
    # A galley that says section 01 is 40 lines longer than the pages set it:
    # the first plan gives it rows it leaves empty in every column. Placing
    # again with what the pages show moves columns; no type is changed.
    measure = pipeline.measure_galley

    def misjudged(job):  # noqa: ANN001, ANN202
        galley = measure(job)
        heights = dict(galley.heights)
        heights[GalleyRef.body("01")] += 40 * job.grid.pitch
        return type(galley)(heights, galley.advances)

    monkeypatch.setattr(pipeline, "measure_galley", misjudged)
    result = build(SAMPLE_FEATURE, Options(fit=True))
    first = solve(result.feature, result.layout, result.grid, misjudged(result.job))
    assert first.frame("section:01") != result.plan.frame("section:01")
    assert not [change for change in result.changes if change.frame == first.frame("section:01").content]
    allowed = result.layout.fit.max_empty_lines
    fit = next(fit for fit in result.fits if fit.name == "section:01")
    assert not fit.overset and fit.short_rows * fit.columns <= allowed
