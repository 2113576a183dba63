"""Where things are: the toolkit's own folders, a project's root and settings.

Input: a feature folder. Output: :class:`Project`, which knows the project
root (the folder holding ``content/``, ``assets/``, maybe ``layouts/`` and
``fonts/``), the toolkit folder with the built-in layouts and font sets, and
the project settings from ``broadsheet.toml`` (the newspaper's name printed in
the folio comes from here, not from the content).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from . import files
from .cache import cache_roots
from .diagnostics import from_validation_error
from .errors import BroadsheetError, ContentError, Problem
from .model import NAME_RULE, Name, is_name

__all__ = ["NAME_RULE", "Name", "Project", "is_name", "load_project", "read_toml"]

#: The toolkit's own folder: built-in layouts/ and fonts/ live here.
TOOLKIT_ROOT = Path(__file__).resolve().parent.parent

#: The bundled sample feature, rendered when no feature folder is given.
SAMPLE_FEATURE = TOOLKIT_ROOT / "content" / "jiangbei-2023"

SETTINGS_FILE = "broadsheet.toml"

class NewspaperSettings(BaseModel):
    """``[newspaper]`` in broadsheet.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = "样报"


class Settings(BaseModel):
    """A project's ``broadsheet.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    newspaper: NewspaperSettings = NewspaperSettings()
    fonts: Name = "noto"


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
        """Folders WeasyPrint may read from: the project, then the toolkit."""
        roots = [self.root]
        if TOOLKIT_ROOT != self.root:
            roots.append(TOOLKIT_ROOT)
        return tuple(roots)

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


def read_toml(path: Path, root: Path, error: type[BroadsheetError]) -> dict:
    """A TOML file below ``root`` as data; unreadable or malformed, an ``error`` naming the file."""
    try:
        return tomllib.loads(files.read_text(path, root, files.TOML))
    except files.FileRefused as refused:
        raise error(refused.problems) from None
    except tomllib.TOMLDecodeError as problem:
        raise error(Problem(path, f"malformed TOML: {problem}", code="toml-syntax")) from None


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
    root = find_project_root(feature_dir)
    path = root / SETTINGS_FILE
    if not files.is_file(path):
        return Project(root=root, settings=Settings())
    data = read_toml(path, root, ContentError)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise ContentError(from_validation_error(error, path, Settings, data)) from None
    return Project(root=root, settings=settings)
