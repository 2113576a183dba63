"""broadsheet new: a feature that renders at once, with every key of the content contract in it."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from builder.content import load_feature
from builder.model import FeatureMeta, HeroSpec, InfographicSpec, PanelSpec, SectionImageSpec, SectionMeta
from tests.conftest import run_cli


def _keys(text: str) -> set[str]:
    """Every key written in a YAML text, set or commented out (``key:`` or ``# key:``)."""
    return set(re.findall(r"^\s*(?:#\s*)?(?:-\s*)?([a-z_]+):", text, re.M))


def _uncommented(text: str) -> str:
    """The text with every commented-out key line made live (its value as written)."""
    return re.sub(r"^(\s*)# (\s*[a-z_]+:)", r"\1\2", text, flags=re.M)


@pytest.fixture
def started(tmp_path):
    result = run_cli("new", "content/story", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path, tmp_path / "content" / "story", result


def test_new_writes_the_feature_and_a_project_around_it(started):
    root, feature, result = started
    assert sorted(str(p.relative_to(feature)) for p in feature.rglob("*") if p.is_file()) == [
        "feature.md", "images/hero.jpg", "infographic.yaml", "sections/01-section.md"]
    assert (root / "broadsheet.toml").is_file()
    assert f"wrote {root / 'broadsheet.toml'}: {root} is a Broadsheet project now" in result.stdout
    assert "next: broadsheet render content/story" in result.stdout


def test_every_key_of_the_contract_is_in_the_files(started):
    _, feature, _ = started
    front = (feature / "feature.md").read_text(encoding="utf-8").split("---")[1]
    assert _keys(front) >= set(FeatureMeta.model_fields) | set(HeroSpec.model_fields)
    section = (feature / "sections" / "01-section.md").read_text(encoding="utf-8").split("---")[1]
    assert _keys(section) >= set(SectionMeta.model_fields) | set(SectionImageSpec.model_fields)
    infographic = (feature / "infographic.yaml").read_text(encoding="utf-8")
    assert _keys(infographic) >= set(InfographicSpec.model_fields) | set(PanelSpec.model_fields)


def test_the_commented_keys_are_valid_as_written(started):
    _, feature, _ = started
    for name in ("feature.md", "sections/01-section.md", "infographic.yaml"):
        path = feature / name
        path.write_text(_uncommented(path.read_text(encoding="utf-8")), encoding="utf-8")
    loaded = load_feature(feature, feature.parent.parent)
    assert loaded.meta.paper == "tabloid" and loaded.meta.headline_lead and loaded.meta.photo_credit
    assert loaded.sections[0].image is not None and loaded.infographic.title


def test_new_in_a_project_leaves_its_settings_alone(started):
    root, _, _ = started
    (root / "broadsheet.toml").write_text('[newspaper]\nname = "晚报"\n', encoding="utf-8")
    result = run_cli("new", "second", cwd=root / "content")
    assert result.returncode == 0, result.stderr
    assert (root / "content" / "second" / "feature.md").is_file()
    assert (root / "broadsheet.toml").read_text(encoding="utf-8") == '[newspaper]\nname = "晚报"\n'
    assert not (root / "content" / "broadsheet.toml").exists()


def test_new_never_writes_over_a_folder_that_holds_anything(started):
    root, feature, _ = started
    before = (feature / "feature.md").read_bytes()
    result = run_cli("new", "content/story", cwd=root)
    assert result.returncode == 2
    assert "'content/story' exists and is not an empty folder" in result.stderr
    assert (feature / "feature.md").read_bytes() == before


@pytest.mark.slow
def test_a_new_feature_renders_at_once_without_errors(started):
    root, _, _ = started
    result = run_cli("render", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "preflight: 0 errors, 1 warning" in result.stdout
    assert len(PdfReader(root / "out" / "story.pdf").pages) == 1
    # A scaffold's few placeholder lines cannot fill a page: the one warning says so, and what to do.
    checked = run_cli("check", "--json", cwd=root)
    assert [(issue["code"], "add text" in issue["message"] + (issue["hint"] or ""))
            for issue in json.loads(checked.stdout)["issues"]] == [("blank", True)]
