"""The second layout: the sample and other features on one page."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from builder.check import preflight
from builder.pipeline import Options, build, export, write_output
from builder.units import MM
from tests.variants import make_variant


def test_the_sample_on_one_broadsheet_page(sample_build, tmp_path):
    result = sample_build(layout="feature-page")
    assert result.plan.layout == "feature-page" and result.grid.pages == 1
    assert not [fit.name for fit in result.fits if fit.overset]
    result = export(result)
    out = write_output(result, tmp_path / "page.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    left, bottom, right, top = (float(v) for v in reader.pages[0]["/TrimBox"])
    assert ((right - left) / MM, (top - bottom) / MM) == (pytest.approx(390, abs=0.01), pytest.approx(540, abs=0.01))
    assert preflight(result).errors == []


@pytest.mark.slow
def test_three_sections_with_two_photos_are_placed_on_one_page(tmp_path):
    folder = make_variant(tmp_path, [5, 6, 5], 2, images=(0, 2))
    result = build(folder, Options(layout="feature-page"))
    names = {frame.name for frame in result.plan.frames}
    assert {"section:01", "section:02", "section:03", "image:01", "image:03"} <= names
    assert not [fit.name for fit in result.fits if fit.overset]
    assert preflight(export(result)).errors == []
