"""The library: what a render decides — stop or mark on overset, where the PDF goes — for every command alike."""

from __future__ import annotations

import pytest

from builder import api
from builder.diagnostics import Code
from tests.conftest import pin_hero, repeat_body

SECTION = "sections/02-high-quality-life.md"


@pytest.fixture
def over(make_feature):
    folder = make_feature()
    repeat_body(folder / SECTION, 6)
    layout = pin_hero(folder.parent.parent)
    return folder, api.build(folder, api.RenderOptions(layout=layout))


@pytest.mark.slow
def test_overset_stops_a_render_and_writes_nothing(over, tmp_path):
    folder, result = over
    target = tmp_path / "out.pdf"
    rendered = api.render_build(result, target, allow_overset=False)
    assert not rendered.written and rendered.report is None and not target.exists()
    assert [issue.frame for issue in rendered.overset] == ["section:02"]
    assert all(issue.code is Code.OVERSET for issue in rendered.overset)
    assert api.stops_render(result) and not api.stops_render(result, allow_overset=True)
    # the same build, allowed: marked, written, preflighted — the build it came from unchanged
    allowed = api.render_build(result, target, allow_overset=True)
    assert allowed.written and target.read_bytes() == allowed.build.pdf.data
    assert allowed.build.marking is not None and result.marking is None and result.pdf is None
    assert allowed.report.errors and {issue.frame for issue in allowed.report.errors} >= {"section:02"}
    assert allowed.overset == rendered.overset


@pytest.mark.slow
def test_a_render_writes_where_the_project_keeps_its_output(make_feature):
    folder = make_feature()
    rendered = api.render(folder)
    project = folder.parent.parent
    assert rendered.written and rendered.target == project / "out" / f"{folder.name}.pdf"
    assert rendered.target.read_bytes().startswith(b"%PDF") and rendered.report is not None
    assert not rendered.overset and not api.stops_render(rendered.build)


def test_check_preflights_the_pdf_it_made(sample_pages):
    checked = api.check_build(sample_pages)
    assert checked.build.pdf is sample_pages.pdf  # already exported: the same PDF, not a second one
    assert checked.report.feature == sample_pages.feature.slug and not checked.stops_render
