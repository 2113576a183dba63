"""The second layout: the sample on one page fits, or says exactly what does not."""

from __future__ import annotations

from pypdf import PdfReader

from builder.check import preflight
from builder.layout.spec import MM
from builder.pipeline import Options, build, write_output
from builder.project import SAMPLE_FEATURE


def test_the_sample_on_one_page(tmp_path):
    result = build(SAMPLE_FEATURE, Options(layout="feature-page", fit=True))
    assert result.plan.layout == "feature-page" and result.grid.pages == 1
    overset = [fit for fit in result.fits if fit.overset]
    report = preflight(result)
    if overset:  # it may not fit: then every frame that does not is an error naming it
        assert {i.frame for i in report.errors if i.code == "overset"} == {fit.name for fit in overset}
        return
    out = write_output(result, tmp_path / "page.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    left, bottom, right, top = (float(v) for v in reader.pages[0]["/TrimBox"])
    assert ((right - left) / MM, (top - bottom) / MM) == (pytest_approx(390), pytest_approx(540))
    assert not [i for i in report.errors]


def pytest_approx(value):
    import pytest

    return pytest.approx(value, abs=0.01)
