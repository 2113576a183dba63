"""Shared fixtures: the sample built once per session, and a feature factory.

``make_feature`` writes a feature folder following the content contract into a
temporary project, with any file replaced or added, so tests can state just
the content they are about.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.pipeline import Build, Options, build, export
from builder.project import SAMPLE_FEATURE, SAMPLE_PROJECT

#: The repository: the checkout the tests run from.
REPO = Path(__file__).resolve().parents[1]

#: The source article of the sample, as it was received (EDITS.md lists the mends).
SEED_TEXT = Path(__file__).parent / "fixtures" / "seed" / "jiangbei-2023.txt"

FeatureFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def sample_pages() -> Build:
    """The sample laid out as two pages, its PDF made."""
    return export(build(SAMPLE_FEATURE, Options(mode="pages")))


@pytest.fixture(scope="session")
def sample_spread() -> Build:
    """The sample laid out as one double-width sheet, its PDF made."""
    return export(build(SAMPLE_FEATURE, Options(mode="spread")))


@pytest.fixture(scope="session")
def sample_pdf(sample_pages: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(sample_pages.pdf.data)
    return path


@pytest.fixture(scope="session")
def sample_spread_pdf(sample_spread: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample-spread.pdf"
    path.write_bytes(sample_spread.pdf.data)
    return path


def _dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def make_feature(tmp_path: Path) -> FeatureFactory:
    """Copy the sample into a temporary project and change files in it.

    ``files`` maps a path inside the feature folder to new text (dedented), or
    to None to delete it. Returns the feature folder.
    """

    def factory(files: dict[str, str | None] | None = None, name: str = "feature") -> Path:
        project = tmp_path / "project"
        if not project.exists():
            (project / "content").mkdir(parents=True)
            shutil.copytree(SAMPLE_PROJECT / "assets", project / "assets")
            (project / "broadsheet.toml").write_text('[newspaper]\nname = "测试报"\n', encoding="utf-8")
        folder = project / "content" / name
        shutil.copytree(SAMPLE_FEATURE, folder)
        for relative, text in (files or {}).items():
            path = folder / relative
            if text is None:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_dedent(text), encoding="utf-8")
        return folder

    return factory


def feature_md(**keys: str | None) -> str:
    """The sample's feature.md with front matter keys replaced, added or (None) removed; values are YAML."""
    text = (SAMPLE_FEATURE / "feature.md").read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    lines = [line for line in front.strip().splitlines() if line.split(":", 1)[0] not in keys]
    lines += [f"{key}: {value}" for key, value in keys.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---" + body


def repeat_body(path: Path, times: int) -> None:
    """Make a section's body ``times`` as long (front matter kept)."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    path.write_text(f"---{front}---\n" + (body.strip() + "\n\n") * times, encoding="utf-8")


def pin_hero(project: Path, rows: int = 34) -> str:
    """A project layout that keeps the hero at ``rows`` (34: the sample's own): the text must fit around it."""
    folder = project / "layouts" / "pinned"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "layout.toml").write_text(
        f'extends = "feature-spread"\nname = "pinned"\n[hero]\nrows = [{rows}, {rows}]\n', encoding="utf-8")
    return "pinned"


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run ``broadsheet`` as a user would (``python -m builder``), capturing its output."""
    return subprocess.run([sys.executable, "-m", "builder", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


#: A character the test face leaves out: the sample has it once, in the hero's caption (feature.md).
LEFT_OUT = "蝶"


def make_test_font(path: Path, family: str = "Broadsheet Test Kai", left_out: str = LEFT_OUT) -> Path:
    """LXGW WenKai's glyphs for the sample's text (less ``left_out``), renamed: a face installed nowhere."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from builder.fonts import face_file

    text = "".join(p.read_text(encoding="utf-8") for p in SAMPLE_FEATURE.rglob("*") if p.suffix in (".md", ".yaml"))
    chars = (set(text) | set("0123456789年月日星期一二三四五六样报测试")) - set(left_out)
    font = TTFont(face_file("LXGW WenKai", 400).path)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in chars])
    subsetter.subset(font)
    postscript = family.replace(" ", "") + "-Regular"
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID == 4:
            record.string = f"{family} Regular"
        elif record.nameID == 6:
            record.string = postscript
    font.save(path)
    return path


@pytest.fixture(scope="session")
def test_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A font file in a temporary folder: the sample's characters but 蝶, family "Broadsheet Test Kai"."""
    return make_test_font(tmp_path_factory.mktemp("fonts") / "test-kai.ttf")
