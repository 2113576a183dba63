"""Where things are: the toolkit's built-ins, a project's root and settings.

Input: a feature folder. Output: :class:`Project`, which knows the project
root (the folder holding ``broadsheet.toml``, ``content/``, ``assets/``, maybe
``layouts/`` and ``fonts/``), the built-in layouts and font sets that come
with the package, and the project settings from ``broadsheet.toml`` (the
newspaper's name printed in the folio, the font set, paper presets of its
own).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import files
from .cache import cache_roots
from .diagnostics import from_validation_error
from .errors import BroadsheetError, ContentError, Problem, UsageError
from .layout.paper import PAPERS, Paper
from .model import NAME_RULE, Name, is_name

__all__ = ["NAME_RULE", "Name", "Project", "is_name", "load_project", "read_toml"]

#: The package's own folder (installed, or the ``builder/`` of a checkout).
PACKAGE_ROOT = Path(__file__).resolve().parent

#: The built-ins that come with the package (package data): layouts/ (with the
#: templates all layouts share, layouts/common/), fonts/ (font sets), the
#: bundled sample, and the scaffold of 'broadsheet new'.
DATA_ROOT = PACKAGE_ROOT / "data"

#: The bundled sample: a small complete project (settings, content, assets).
SAMPLE_PROJECT = DATA_ROOT / "sample"

#: The bundled sample feature, used when a command runs outside any project.
SAMPLE_FEATURE = SAMPLE_PROJECT / "content" / "jiangbei-2023"

#: The source checkout the package runs from (its tests, docs, out/), or None when installed.
CHECKOUT = PACKAGE_ROOT.parent if (PACKAGE_ROOT.parent / "pyproject.toml").is_file() else None

SETTINGS_FILE = "broadsheet.toml"


class NewspaperSettings(BaseModel):
    """``[newspaper]`` in broadsheet.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = "样报"


class PaperSettings(BaseModel):
    """``[papers.NAME]`` in broadsheet.toml: a paper preset of the project's own."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    width_mm: float = Field(gt=0, le=2000)
    height_mm: float = Field(gt=0, le=2000)
    #: the grid columns a page of this size carries (a layout may set its own)
    columns: int = Field(ge=1, le=20)
    description: str = ""


class Settings(BaseModel):
    """A project's ``broadsheet.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    newspaper: NewspaperSettings = NewspaperSettings()
    fonts: Name = "noto"
    papers: dict[Name, PaperSettings] = {}


@dataclass(frozen=True)
class Project:
    """A project: its root folder and settings, and the toolkit beside it."""

    root: Path
    settings: Settings

    @property
    def read_roots(self) -> tuple[Path, ...]:
        """Folders a render may read from: the project, the toolkit, and the cache of print-ready files."""
        return (*self.search_roots, *cache_roots(self.root))

    @property
    def search_roots(self) -> tuple[Path, ...]:
        """Folders WeasyPrint may read from: the project, then the built-ins."""
        roots = [self.root]
        if DATA_ROOT != self.root:
            roots.append(DATA_ROOT)
        return tuple(roots)

    @property
    def bundled(self) -> bool:
        """Whether this is the sample that comes with the package (read-only where installed)."""
        return is_bundled(self.root)

    @property
    def out_dir(self) -> Path:
        """Where output goes by default (see :func:`out_dir`)."""
        return out_dir(self.root)

    @property
    def papers(self) -> dict[str, Paper]:
        """The paper presets: the built-in ones and the project's ``[papers.*]`` (which win a clash)."""
        own = {name: Paper(name, paper.width_mm, paper.height_mm, paper.columns, paper.description)
               for name, paper in self.settings.papers.items()}
        return {**PAPERS, **own}

    def find(self, kind: str, name: str, suffix: str = "") -> Path | None:
        """A layout folder or font-set file by name: the project's first, then the built-in.

        ``kind`` is ``layouts`` or ``fonts``. Only a name (``[a-z0-9-]+``)
        is looked up, and only what really lies in that folder counts: a
        symbolic link out of it does not.
        """
        if not is_name(name):
            return None
        for root in self.search_roots:
            folder = root / kind
            candidate = folder / f"{name}{suffix}"
            if suffix and files.is_file(candidate):
                return candidate
            if not suffix and files.folder_inside(candidate, folder):
                return candidate
        return None

    def layouts(self) -> list[str]:
        """Names of the layouts the project can use (its own and the built-in; ``common`` is no layout)."""
        return [name for name in self.available("layouts")
                if (folder := self.find("layouts", name)) is not None and files.is_file(folder / "layout.toml")]

    def fontsets(self) -> list[str]:
        """Names of the font sets the project can use (its own and the built-in)."""
        return self.available("fonts", ".toml")

    def available(self, kind: str, suffix: str = "") -> list[str]:
        """Names of the layouts or font sets the project and the toolkit offer."""
        names: set[str] = set()
        for root in self.search_roots:
            folder = root / kind
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                name = entry.name.removesuffix(suffix) if suffix else entry.name
                if is_name(name) and self.find(kind, name, suffix) is not None:
                    names.add(name)
        return sorted(names)


def is_bundled(root: Path) -> bool:
    """Whether ``root`` is the bundled sample project."""
    return Path(root).resolve() == SAMPLE_PROJECT


def out_dir(root: Path) -> Path:
    """Where a project's output goes by default: its ``out/``.

    The bundled sample's output goes to ``out/`` in the current folder: the
    package it comes with is no place to write (and may be read-only).
    """
    return Path.cwd() / "out" if is_bundled(root) else Path(root) / "out"


def read_toml(path: Path, root: Path, error: type[BroadsheetError]) -> dict:
    """A TOML file below ``root`` as data; unreadable or malformed, an ``error`` naming the file."""
    try:
        return tomllib.loads(files.read_text(path, root, files.TOML))
    except files.FileRefused as refused:
        raise error(refused.problems) from None
    except tomllib.TOMLDecodeError as problem:
        raise error(Problem(path, f"malformed TOML: {problem}", code="toml-syntax")) from None


def find_project(start: Path) -> Path | None:
    """The project ``start`` is in: the nearest folder from it upward holding ``broadsheet.toml``, or None."""
    start = Path(start).resolve()
    return next((folder for folder in (start, *start.parents) if files.is_file(folder / SETTINGS_FILE)), None)


def project_features(root: Path) -> list[Path]:
    """The feature folders of a project: those holding a ``feature.md`` in ``content/`` or in the root itself."""
    found = []
    for folder in (root / "content", root):
        if folder.is_dir():
            found += sorted(entry for entry in folder.iterdir()
                            if not entry.name.startswith(".") and files.is_file(entry / "feature.md"))
    return found


@dataclass(frozen=True)
class Chosen:
    """The feature a command without ``FEATURE_DIR`` works on, and where it was found."""

    folder: Path
    #: the project it was found in; None outside any project (the bundled sample)
    project: Path | None


def choose_feature(cwd: Path) -> Chosen:
    """The feature a bare command means in ``cwd``.

    Inside a project (``broadsheet.toml`` in ``cwd`` or above): the feature
    ``cwd`` is in, else the project's only feature; several or none is a
    :class:`~builder.errors.UsageError` naming them. Outside any project: the
    bundled sample.
    """
    cwd = Path(cwd).resolve()
    root = find_project(cwd)
    if root is None:
        return Chosen(SAMPLE_FEATURE, None)
    features = project_features(root)
    inside = [folder for folder in features if cwd == folder or folder in cwd.parents]
    if inside:
        return Chosen(inside[0], root)
    if len(features) == 1:
        return Chosen(features[0], root)
    settings = root / SETTINGS_FILE
    if not features:
        raise UsageError(Problem(settings, "this project has no feature yet (a folder holding feature.md)",
                                 code="no-feature", hint="'broadsheet new content/NAME' makes one"))
    names = ", ".join(os.path.relpath(folder, cwd) for folder in features)
    raise UsageError(Problem(settings, f"this project has {len(features)} features ({names})",
                             code="which-feature",
                             hint=f"name the one to work on, e.g. {os.path.relpath(features[0], cwd)}"))


def find_project_root(feature_dir: Path) -> Path:
    """The project root of a feature folder.

    The nearest folder above it holding ``broadsheet.toml``; failing that the
    folder holding ``content/`` when the feature sits in one; else its parent.
    """
    feature_dir = feature_dir.resolve()
    for folder in feature_dir.parents:
        if (folder / SETTINGS_FILE).is_file():
            return folder
    if feature_dir.parent.name == "content":
        return feature_dir.parent.parent
    return feature_dir.parent


def load_project(feature_dir: Path) -> Project:
    """Find the project of ``feature_dir`` and read its settings."""
    return open_project(find_project_root(feature_dir))


def open_project(root: Path) -> Project:
    """The project whose root is ``root``, its settings read from ``broadsheet.toml`` (defaults without one)."""
    root = Path(root).resolve()
    path = root / SETTINGS_FILE
    if not files.is_file(path):
        return Project(root=root, settings=Settings())
    data = read_toml(path, root, ContentError)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise ContentError(from_validation_error(error, path, Settings, data)) from None
    return Project(root=root, settings=settings)
