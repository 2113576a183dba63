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

from .errors import BroadsheetError, ContentError, Problem

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
    fonts: str = "noto"


@dataclass(frozen=True)
class Project:
    """A project: its root folder and settings, and the toolkit beside it."""

    root: Path
    settings: Settings

    @property
    def search_roots(self) -> tuple[Path, ...]:
        """Folders WeasyPrint may read from: the project, then the toolkit."""
        roots = [self.root]
        if TOOLKIT_ROOT != self.root:
            roots.append(TOOLKIT_ROOT)
        return tuple(roots)

    def find(self, kind: str, name: str) -> Path | None:
        """Find ``kind/name`` (a layout or font set): project first, then built-in."""
        for root in self.search_roots:
            candidate = root / kind / name
            if candidate.exists():
                return candidate
        return None

    def available(self, kind: str, suffix: str = "") -> list[str]:
        """Names of the layouts or font sets the project and the toolkit offer."""
        names: set[str] = set()
        for root in self.search_roots:
            folder = root / kind
            if folder.is_dir():
                for entry in folder.iterdir():
                    if suffix and entry.suffix == suffix:
                        names.add(entry.stem)
                    elif not suffix and entry.is_dir():
                        names.add(entry.name)
        return sorted(names)


def read_toml(path: Path, error: type[BroadsheetError]) -> dict:
    """A TOML file as data; unreadable or malformed, an ``error`` naming the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise error(Problem(path, f"malformed TOML: {problem}")) from None
    except OSError as problem:
        raise error(Problem(path, f"cannot be read: {problem.strerror}")) from None


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
    if not path.is_file():
        return Project(root=root, settings=Settings())
    data = read_toml(path, ContentError)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise ContentError(
            [
                Problem(path, _settings_message(item), key=".".join(str(p) for p in item["loc"]))
                for item in error.errors()
            ]
        ) from None
    return Project(root=root, settings=settings)


def _settings_message(item: dict) -> str:
    if item["type"] == "extra_forbidden":
        return "unknown setting"
    return item["msg"]
