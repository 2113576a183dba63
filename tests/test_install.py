"""The package as users install it: built as a wheel, installed (not editable) into a fresh virtual environment.

The built-ins (layouts and their templates, font sets, the scaffold, the
bundled sample) must come with the package, and ``broadsheet`` must work from
any folder: a project is found from the feature upward, not from the checkout.
The test runs offline: the wheel is built without build isolation, and the
fresh environment borrows the test environment's dependencies (their folder
on its path, never this checkout).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.content import load_feature
from builder.project import SAMPLE_PROJECT
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin/`` of a fresh virtual environment with Broadsheet installed from its wheel."""
    base = tmp_path_factory.mktemp("install")
    # Build from a copy: a build writes build/ and *.egg-info beside its sources.
    source = base / "source"
    shutil.copytree(REPO / "builder", source / "builder", ignore=shutil.ignore_patterns("__pycache__", ".cache"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    built = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                 "-w", base / "dist", source, cwd=base)
    assert built.returncode == 0, built.stderr
    wheel = next((base / "dist").glob("broadsheet-*.whl"))

    venv = base / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=base).stdout.strip())
    # The dependencies, from the test environment: its folder on the path (its .pth files, such as an
    # editable install of this checkout, are not read from there).
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel,
                cwd=base)
    assert done.returncode == 0, done.stderr
    where = _run(python, "-c", "import builder.project as p; print(p.PACKAGE_ROOT); print(p.CHECKOUT)", cwd=base)
    package, checkout = where.stdout.split()
    assert Path(package).is_relative_to(venv) and checkout == "None"  # the wheel's package, not this checkout
    return venv / "bin"


def test_render_from_any_folder_finds_the_project_and_the_built_ins(installed, tmp_path):
    project = tmp_path / "newsroom"
    shutil.copytree(SAMPLE_PROJECT, project, ignore=shutil.ignore_patterns(".cache", "out"))
    feature = project / "content" / "jiangbei-2023"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    result = _run(installed / "broadsheet", "render", "-q", feature, cwd=elsewhere)

    assert result.returncode == 0, result.stderr
    assert list(elsewhere.iterdir()) == []  # the project's out/, not the current folder
    reader = PdfReader(project / "out" / "jiangbei-2023.pdf")
    assert len(reader.pages) == 2
    left, right = (page.extract_text().replace(" ", "").replace("\n", "") for page in reader.pages)
    meta = load_feature(feature, project).meta
    headline = f"{meta.headline_lead}{meta.headline}"
    # The headline crosses the fold: its first words end the left page's line, the rest start the right's.
    assert any(headline[:fold] in left and headline[fold:] in right for fold in range(1, len(headline)))


def test_outside_any_project_the_built_ins_and_the_bundled_sample_are_there(installed, tmp_path):
    result = _run(installed / "broadsheet", "info", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "project: none in" in result.stdout
    for name in ("feature-spread", "feature-page", "noto", "classic", "wenkai", "jiangbei-2023"):
        assert name in result.stdout, name
    started = _run(installed / "broadsheet", "new", tmp_path / "mine" / "story", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert (tmp_path / "mine" / "story" / "feature.md").is_file()
