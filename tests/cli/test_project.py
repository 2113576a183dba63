"""A project is the folder holding broadsheet.toml: found from the current folder, its settings, its own names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.errors import BroadsheetError, UsageError
from builder.layout.spec import MM
from builder.output import default_output
from builder.pipeline import Options, prepare
from builder.project import DATA_ROOT, SAMPLE_FEATURE, SAMPLE_PROJECT, choose_feature, load_project
from tests.conftest import run_cli
from tests.variants import make_variant


def _project(tmp_path: Path, settings: str = "", features: tuple[str, ...] = ("one",)) -> Path:
    """A project of small features (each a copy of one generated feature), with ``settings``."""
    root = tmp_path / "paper"
    source = make_variant(tmp_path / "source", [3, 3], 2)
    (root / "content").mkdir(parents=True)
    (root / "broadsheet.toml").write_text(settings, encoding="utf-8")
    os.rename(source.parent.parent / "assets", root / "assets")
    for name in features:
        target = root / "content" / name
        target.mkdir()
        for path in source.rglob("*"):
            if path.is_file():
                (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
                (target / path.relative_to(source)).write_bytes(path.read_bytes())
    return root


def _break(feature: Path) -> None:
    """Make the infographic unreadable: a command on this feature stops at once, naming the file."""
    (feature / "infographic.yaml").write_text("panels: [\n", encoding="utf-8")


# --- which feature a bare command means ------------------------------------------------------


def test_outside_any_project_a_bare_command_works_on_the_bundled_sample_and_says_so(tmp_path):
    result = run_cli("render", "-o", "proof.png", cwd=tmp_path)  # refused before any work
    assert result.returncode == 2
    assert "note: no broadsheet.toml here or above: working on the bundled sample jiangbei-2023" in result.stderr
    assert choose_feature(tmp_path).folder == SAMPLE_FEATURE


def test_quiet_says_nothing_of_the_choice(tmp_path):
    result = run_cli("render", "-q", "-o", "proof.png", cwd=tmp_path)
    assert result.returncode == 2 and "note:" not in result.stderr


def test_in_a_project_a_bare_command_works_on_its_feature(tmp_path):
    root = _project(tmp_path)
    _break(root / "content" / "one")
    result = run_cli("check", cwd=root / "content")
    assert result.returncode == 1
    assert "error: one/infographic.yaml:" in result.stderr and "malformed YAML" in result.stderr
    assert "bundled sample" not in result.stderr


def test_inside_a_feature_the_command_works_on_that_feature(tmp_path):
    root = _project(tmp_path, features=("one", "two"))
    _break(root / "content" / "two")
    result = run_cli("check", cwd=root / "content" / "two" / "sections")
    assert result.returncode == 1 and "content/two/infographic.yaml:2: malformed YAML" in result.stderr
    assert choose_feature(root / "content" / "one").folder == root / "content" / "one"


def test_a_project_of_several_features_asks_which(tmp_path):
    root = _project(tmp_path, features=("one", "two"))
    result = run_cli("render", cwd=root)
    assert result.returncode == 2
    assert "this project has 2 features (content/one, content/two)" in result.stderr
    assert "name the one to work on, e.g. content/one" in result.stderr


def test_a_project_without_features_says_how_to_start_one(tmp_path):
    (tmp_path / "broadsheet.toml").write_text("", encoding="utf-8")
    (tmp_path / "layouts").mkdir()
    with pytest.raises(UsageError, match="no feature yet") as caught:
        choose_feature(tmp_path / "layouts")
    assert caught.value.problems[0].hint == "'broadsheet new content/NAME' makes one"
    result = run_cli("check", "--json", cwd=tmp_path)
    assert result.returncode == 2 and '"status": "usage"' in result.stdout


def test_output_goes_to_the_projects_out_and_the_samples_to_out_here(tmp_path, monkeypatch):
    root = _project(tmp_path)
    assert default_output(root / "content" / "one") == root / "out" / "one.pdf"
    monkeypatch.chdir(tmp_path)
    # The bundled sample's project is the package's: its output is written where the command runs.
    assert default_output(SAMPLE_FEATURE) == tmp_path / "out" / "jiangbei-2023.pdf"
    assert load_project(SAMPLE_FEATURE).bundled and load_project(SAMPLE_FEATURE).root == SAMPLE_PROJECT


# --- names the project offers: a usage error with the nearest and the list -----------------------


@pytest.mark.parametrize("option, value, answer", [
    ("--layout", "feature-spred", "unknown layout 'feature-spred'; did you mean 'feature-spread'? "
                                  "(known: feature-page, feature-spread)"),
    ("--paper", "tabloyd", "unknown paper 'tabloyd'; did you mean 'tabloid'? "
                           "(known: broadsheet-cn, ciner, berliner, tabloid)"),
    ("--fontset", "nato", "unknown font set 'nato'; did you mean 'noto'? (known: classic, noto, wenkai)"),
    ("--paper", "a4", "unknown paper 'a4' (known: broadsheet-cn, ciner, berliner, tabloid)"),
])
@pytest.mark.parametrize("command", ["render", "check", "preview", "serve"])
def test_an_unknown_name_is_a_usage_error_with_the_nearest_and_the_list(command, option, value, answer):
    result = run_cli(command, option, value)
    assert result.returncode == 2
    assert f"Invalid value for '{option}': {answer}" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_name_in_json_is_one_document_naming_its_kind_and_option():
    result = run_cli("check", "--json", "--paper", "tabloyd")
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["status"] == "usage"
    assert [(issue["code"], issue["where"]) for issue in document["issues"]] == [("unknown-paper", {"option": "--paper"})]


def test_the_projects_own_names_are_known(tmp_path):
    root = _project(tmp_path, '[papers.a3-poster]\nwidth_mm = 297\nheight_mm = 420\ncolumns = 6\n')
    (root / "layouts" / "mine").mkdir(parents=True)
    (root / "layouts" / "mine" / "layout.toml").write_text('extends = "feature-page"\nname = "mine"\n')
    (root / "fonts").mkdir()
    (root / "fonts" / "house.toml").write_bytes((DATA_ROOT / "fonts" / "noto.toml").read_bytes())
    feature = root / "content" / "one"
    _break(feature)
    result = run_cli("check", str(feature), "--layout", "mine", "--paper", "a3-poster", "--fontset", "house")
    assert result.returncode == 1 and "malformed YAML" in result.stderr  # past the options, to the content
    nearest = run_cli("check", str(feature), "--paper", "a3-postr")
    assert "did you mean 'a3-poster'?" in nearest.stderr and "tabloid, a3-poster)" in nearest.stderr


# --- paper presets as data, and the layout's default paper -----------------------------------------


def test_a_project_paper_preset_sets_the_grid(tmp_path):
    root = _project(tmp_path, '[papers.a3-poster]\nwidth_mm = 297\nheight_mm = 420\ncolumns = 5\n'
                              'description = "A3"\n')
    grid = prepare(root / "content" / "one", Options(layout="feature-page", paper="a3-poster")).grid
    assert (grid.paper.width_mm, grid.paper.height_mm, grid.columns) == (297, 420, 5)


def test_a_project_preset_of_a_built_in_name_replaces_it(tmp_path):
    root = _project(tmp_path, '[papers.tabloid]\nwidth_mm = 289\nheight_mm = 400\ncolumns = 6\n')
    assert load_project(root / "content" / "one").papers["tabloid"].width_mm == 289


@pytest.mark.parametrize("settings, line", [
    ('[papers.A4]\nwidth_mm = 210\nheight_mm = 297\ncolumns = 4\n',
     "broadsheet.toml: 'papers.A4': 'A4' is not a name of lower-case letters"),
    ('[papers.half]\nwidth_mm = -1\nheight_mm = 300\ncolumns = 4\n',
     "broadsheet.toml: 'papers.half.width_mm': Input should be greater than 0"),
    ('[papers.half]\nwidth_mm = 200\ncolumns = 4\n', "broadsheet.toml: 'papers.half.height_mm': missing required key"),
    ('[papers.half]\nwidth_mm = 200\nheight_mm = 300\ncolumns = 4\nbleed = 3\n',
     "broadsheet.toml: 'papers.half.bleed': unknown key (expected one of: width_mm, height_mm, columns, description)"),
    ('[newspaper]\nnmae = "x"\n', "broadsheet.toml: 'newspaper.nmae': unknown key (expected one of: name)"),
    ('fonts = "nato"\n', "broadsheet.toml: 'fonts': unknown font set 'nato' (known: classic, noto, wenkai)"),
    ('[newspaper\n', "broadsheet.toml: malformed TOML: "),
])
def test_a_bad_broadsheet_toml_names_the_file_and_key(tmp_path, settings, line):
    root = _project(tmp_path, settings)
    with pytest.raises(BroadsheetError) as caught:
        prepare(root / "content" / "one", Options())
    assert any(str(problem).endswith(line) or line in str(problem) for problem in caught.value.problems), \
        caught.value.problems
    result = run_cli("check", cwd=root)
    assert result.returncode == 1 and f"error: {line}" in result.stderr


def _on_a_tabloid_layout(root: Path, base: str) -> Path:
    """A project layout extending ``base`` whose [paper] default is tabloid, chosen by feature one (no paper:)."""
    name = f"tabloid-{base.removeprefix('feature-')}"
    (root / "layouts" / name).mkdir(parents=True)
    (root / "layouts" / name / "layout.toml").write_text(
        f'extends = "{base}"\nname = "{name}"\n[paper]\ndefault = "tabloid"\n', encoding="utf-8")
    feature = root / "content" / "one"
    front = feature / "feature.md"
    assert "paper:" not in front.read_text(encoding="utf-8")
    text = front.read_text(encoding="utf-8").replace("---\n", f"---\nlayout: {name}\n", 1)
    if base == "feature-page":
        text = text.replace("pages: [12, 13]", "pages: [12]")
    front.write_text(text, encoding="utf-8")
    return feature


def test_a_layouts_default_paper_applies_when_the_feature_names_none(tmp_path):
    feature = _on_a_tabloid_layout(_project(tmp_path), "feature-page")
    assert prepare(feature, Options()).grid.paper.name == "tabloid"
    assert prepare(feature, Options(paper="berliner")).grid.paper.name == "berliner"  # the option still wins


@pytest.mark.slow
def test_a_feature_without_paper_renders_on_its_layouts_default(tmp_path):
    root = _project(tmp_path)
    feature = _on_a_tabloid_layout(root, "feature-spread")
    result = run_cli("render", "-q", cwd=feature)
    assert result.returncode == 0, result.stderr
    assert "tabloid 280 × 430 mm" in result.stdout
    reader = PdfReader(root / "out" / "one.pdf")
    left, bottom, right, top = (float(v) for v in reader.pages[0]["/TrimBox"])
    assert ((right - left) / MM, (top - bottom) / MM) == (pytest.approx(280, abs=0.01), pytest.approx(430, abs=0.01))
