"""Copyfitting: a slightly long section is fitted and the change reported; a far too long one is refused."""

from __future__ import annotations

import pytest

from builder.copyfit import looser, tighter
from builder.model import ContentRef
from builder.pipeline import Options, build
from tests.conftest import pin_hero, repeat_body, run_cli

SECTION = "sections/01-high-quality-development.md"
EXTRA = ("\n\n江北将坚持创新在现代化建设全局中的战略核心地位，加快提升创新发展水平。"
         "\n\n以科技创新赋能经济高质量发展，江北将从夯实创新主体基础、提升创新载体能级等方面入手。"
         "\n\n新的一年，江北将因地制宜，深入挖潜，激发转型升级澎湃动力。\n")




@pytest.fixture
def slightly_long(make_feature):
    folder = make_feature()
    path = folder / SECTION
    path.write_text(path.read_text(encoding="utf-8").rstrip() + EXTRA, encoding="utf-8")
    return folder, pin_hero(folder.parent.parent)


def test_steps_never_pass_the_layouts_bounds(sample_pages):
    bounds = sample_pages.layout.fit
    body = sample_pages.layout.style("body").size
    steps = tighter(sample_pages.layout)
    assert steps[0].scale == 1.0 and steps[0].tracking == 0.0
    assert min(s.tracking for s in steps) >= bounds.tracking_em[0] - 1e-9
    assert min(s.scale for s in steps) * body >= bounds.body_size_pt[0] - 1e-9
    assert max(s.tracking for s in looser(sample_pages.layout)) <= bounds.tracking_em[1] + 1e-9


@pytest.mark.slow
def test_fit_fits_a_slightly_long_section_and_says_what_it_changed(slightly_long, tmp_path):
    folder, layout = slightly_long
    plain = build(folder, Options(layout=layout))
    over = [fit for fit in plain.fits if fit.overset]
    assert [fit.name for fit in over] == ["section:01"] and over[0].overset_lines <= 6

    fitted = build(folder, Options(layout=layout, fit=True))
    assert not [fit for fit in fitted.fits if fit.overset]
    change = next(c for c in fitted.changes if c.frame == ContentRef.section("01"))
    assert change.fitted and change.setting.tracking < 0
    assert change.setting.scale * 10 >= fitted.layout.fit.body_size_pt[0]

    out = tmp_path / "fitted.pdf"
    result = run_cli("render", str(folder), "--layout", layout, "--fit", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "fit: section:01: tracking" in result.stdout and "— fits" in result.stdout
    assert out.exists()


@pytest.mark.slow
def test_fit_refuses_a_far_too_long_section_and_says_by_how_much(make_feature, tmp_path):
    folder = make_feature()
    repeat_body(folder / "sections/02-high-quality-life.md", 6)
    layout = pin_hero(folder.parent.parent)
    out = tmp_path / "never.pdf"
    result = run_cli("render", str(folder), "--layout", layout, "--fit", "-o", str(out))
    assert result.returncode == 3
    assert "fit: section:02:" in result.stdout and "still" in result.stdout and "lines over" in result.stdout
    assert "section:02" in result.stderr and "cut about" in result.stderr
    assert not out.exists()
