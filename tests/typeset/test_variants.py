"""Features other than the sample render and fill the spread: nothing is hard-wired to Jiangbei."""

from __future__ import annotations

import pytest

from builder.check import preflight
from builder.model import ContentKind
from builder.pipeline import Options, build, export
from tests.variants import make_variant

VARIANTS = {
    "two sections, six panels, a photo, one slogan line": ([20, 12], 6, (0,), ("创新驱动发展",)),
    "four sections, two panels, two slogan lines": ([10, 9, 11, 8], 2, (), ("团结奋发勇向前", "奋力拼搏争一流")),
    "three sections, three panels, a photo, no slogan": ([12, 10, 11], 3, (1,), ()),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_different_feature_renders_clean_and_fills_the_spread(name, tmp_path):
    sections, panels, images, slogan = VARIANTS[name]
    folder = make_variant(tmp_path, sections, panels, images, slogan)
    result = build(folder, Options())
    report = preflight(export(result))
    assert [i for i in report.issues if i.severity == "error"] == []
    assert [i for i in report.issues if i.code.startswith("typography")] == []
    names = {frame.name for frame in result.plan.frames}
    assert {f"section:{i + 1:02d}" for i in range(len(sections))} <= names
    assert {f"image:{i + 1:02d}" for i in images} <= names
    assert ("slogan" in names) == bool(slogan)
    text = [fit for fit in result.fits if fit.content.kind is ContentKind.SECTION]
    empty = sum(fit.empty_lines for fit in text)
    lines = sum(len(fit.lines) for fit in text)
    assert empty <= 0.1 * lines, f"{empty} empty lines of {lines}"
