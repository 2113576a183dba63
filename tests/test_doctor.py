"""``broadsheet doctor``: each check, what to install, exit 0 when renders will work and 1 when not."""

from __future__ import annotations

from pathlib import Path

from builder import doctor
from builder.errors import FontError, Problem
from builder.project import DATA_ROOT
from tests.conftest import run_cli


def test_doctor_on_a_machine_set_up_by_make_passes_every_required_check():
    result = run_cli("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in ("Pango: Pango 1.", "HarfBuzz subsetting: libharfbuzz-subset", "font set noto:",
                 "font set classic:", "font set wenkai:", "output folder:", "cache folder:"):
        assert any(line.startswith("ok") and name in line for line in lines), name
    assert lines[-1] == "ready to render"


def test_a_font_set_naming_a_family_not_installed_fails_with_its_name(make_feature):
    folder = make_feature()
    fonts = folder.parent.parent / "fonts"
    fonts.mkdir()
    text = (DATA_ROOT / "fonts" / "wenkai.toml").read_text(encoding="utf-8")
    (fonts / "house.toml").write_text(text.replace('name = "wenkai"', 'name = "house"')
                                      .replace('"LXGW WenKai", "Noto Serif CJK SC"', '"Hanyi Nowhere Song"', 1),
                                      encoding="utf-8")
    result = run_cli("doctor", str(folder))
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and "font set house" in failed[0] and "'Hanyi Nowhere Song' is not installed" in failed[0]
    assert "1 check(s) failed" in result.stdout


def test_an_output_folder_that_cannot_be_made_fails(make_feature):
    folder = make_feature()
    (folder.parent.parent / "out").write_text("a file where the folder should be", encoding="utf-8")
    result = run_cli("doctor", str(folder))
    assert result.returncode == 1
    assert any(line.startswith("FAIL  output folder:") for line in result.stdout.splitlines())


def test_a_missing_font_family_names_the_debian_package(monkeypatch, make_feature):
    def missing(path: Path, cache: Path | None = None):
        raise FontError(Problem(path, "family 'LXGW WenKai' is not installed"))

    monkeypatch.setattr(doctor, "load_fontset", missing)
    from builder.project import load_project

    found = doctor.check_font_sets(load_project(make_feature()))
    assert found and not any(f.ok for f in found)
    assert all(f.packages == ("fonts-lxgw-wenkai",) for f in found)


def test_chromium_missing_is_optional_and_names_its_package():
    found = doctor.check_chromium(which=lambda _: None)
    assert not found.ok and found.optional and found.packages == ("chromium",)
