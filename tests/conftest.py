"""Shared fixtures: the sample built once per session, a feature factory, the CLI run in-process.

``make_feature`` writes a feature folder following the content contract into a
temporary project, with any file replaced or added, so tests can state just
the content they are about.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile
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


SampleBuild = Callable[..., Build]

#: Fixtures that lay out a whole spread: a test that uses one is slow (see pytest_collection_modifyitems).
SPREAD_FIXTURES = {"sample_build", "sample_pages", "sample_spread", "sample_pdf", "sample_spread_pdf"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that needs the sample laid out (make test-fast leaves them out)."""
    for item in items:
        if SPREAD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def sample_build() -> SampleBuild:
    """The sample built with the given options (``layout=``, ``paper=``…), once a session whoever asks.

    The builds are shared (a test reads them, never changes them) and their
    PDF is not made: ``export`` makes it where a test needs it.
    """
    built: dict[Options, Build] = {}
    # What the sample's front matter says: asking for it explicitly is the same build.
    own = {"layout": "feature-spread", "paper": "broadsheet-cn", "mode": "pages"}

    def get(**options: object) -> Build:
        key = Options(**{name: value for name, value in options.items() if own.get(name) != value})  # type: ignore[arg-type]
        if key not in built:
            built[key] = build(SAMPLE_FEATURE, key)
        return built[key]

    return get


@pytest.fixture(scope="session")
def sample_pages(sample_build: SampleBuild) -> Build:
    """The sample laid out as two pages, its PDF made."""
    return export(sample_build(mode="pages"))


@pytest.fixture(scope="session")
def sample_spread(sample_build: SampleBuild) -> Build:
    """The sample laid out as one double-width sheet, its PDF made."""
    return export(sample_build(mode="spread"))


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


def feature_factory(root: Path) -> FeatureFactory:
    """Copy the sample into a temporary project under ``root`` and change files in it.

    ``files`` maps a path inside the feature folder to new text (dedented), or
    to None to delete it. Returns the feature folder.
    """

    def factory(files: dict[str, str | None] | None = None, name: str = "feature") -> Path:
        project = root / "project"
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


@pytest.fixture
def make_feature(tmp_path: Path) -> FeatureFactory:
    """A copy of the sample in a temporary project, with files changed (see :func:`feature_factory`)."""
    return feature_factory(tmp_path)


@pytest.fixture(scope="module")
def make_module_feature(tmp_path_factory: pytest.TempPathFactory) -> FeatureFactory:
    """:func:`make_feature` for a module's shared fixtures: features built once, read by many tests."""
    return feature_factory(tmp_path_factory.mktemp("module"))


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


@functools.cache
def nowhere() -> Path:
    """An empty folder outside any project: where a command runs when a test names no folder."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-nowhere-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``broadsheet ARGS`` in this process, through the script's own entry point; what it printed and its code.

    The same ``main`` the ``broadsheet`` script calls, with stdout and stderr
    captured and the working folder ``cwd`` (by default an empty folder
    outside any project). No second interpreter, no second import of
    WeasyPrint: :func:`run_process` is for what only a real process shows
    (signals, time limits, the installed script).
    """
    from builder.cli import main

    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    previous = os.getcwd()
    os.chdir(cwd or nowhere())
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exit:
                code = exit.code
    finally:
        os.chdir(previous)
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["broadsheet", *args], returncode, out.getvalue(), err.getvalue())


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``broadsheet`` as a process of its own (``python -m builder``), capturing its output."""
    return subprocess.run([sys.executable, "-m", "builder", *args], capture_output=True, text=True,
                          cwd=cwd or nowhere(), timeout=600)


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
