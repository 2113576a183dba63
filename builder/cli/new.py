"""Start a feature: a folder that renders at once, every key of the content contract explained in it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Annotated

import typer

from ..errors import printable
from .common import say, session, stdout
from .options import DebugOption


def _scaffold() -> Path:
    """The files a new feature starts from (and a new project's settings), in the package's data."""
    from ..project import DATA_ROOT  # the project (and its validated settings) only when a feature is made

    return DATA_ROOT / "scaffold"


def new_feature(folder: Path, today: dt.date) -> list[Path]:
    """Write a new feature into ``folder`` (new or empty); returns the files written.

    The scaffold's front matter lists every key, commented; one section, an
    infographic of two panels and a placeholder hero photo. A folder that
    exists and holds anything is refused: nothing is ever overwritten.
    """
    from ..project import SAMPLE_PROJECT

    scaffold = _scaffold() / "feature"
    written = []
    for source in sorted(scaffold.rglob("*")):
        if source.is_file():
            target = folder / source.relative_to(scaffold)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source.read_text(encoding="utf-8").replace("{date}", today.isoformat()),
                              encoding="utf-8")
            written.append(target)
    image = folder / "images" / "hero.jpg"
    image.parent.mkdir(exist_ok=True)
    # the placeholder photo a new feature's hero starts with
    shutil.copyfile(SAMPLE_PROJECT / "assets" / "placeholders" / "hero-panorama.jpg", image)
    return [*written, image]


def new(
    folder: Annotated[Path, typer.Argument(help="The feature folder to make (new, or empty), e.g. "
                                                 "content/my-story.", metavar="FEATURE_DIR", show_default=False)],
    debug: DebugOption = False,
) -> None:
    """Start a feature that renders at once, every key of its files explained.

    The folder gets feature.md (front matter with every key, commented, and
    the lead), one section, an infographic and a placeholder photo. Outside any project, the folder above the feature (above content/ when the
    feature is made in one) becomes a project: its broadsheet.toml is written
    too, so that 'broadsheet render' there works on the new feature. Nothing
    that exists is overwritten.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise typer.BadParameter(f"{printable(str(folder))!r} exists and is not an empty folder: "
                                 "'new' never writes over anything", param_hint="FEATURE_DIR")
    from ..project import SETTINGS_FILE, find_project

    target = Path(os.path.abspath(folder))
    with session("new", target, debug=debug) as run:
        project = find_project(target.parent)
        written = run.run(lambda: new_feature(target, dt.date.today()))
        shown = os.path.relpath(target, Path.cwd()) if target.is_relative_to(Path.cwd()) else str(target)
        say(stdout, f"wrote {shown}/: " + ", ".join(str(path.relative_to(target)) for path in written))
        if project is None:
            project = target.parent.parent if target.parent.name == "content" else target.parent
            settings = project / SETTINGS_FILE
            shutil.copyfile(_scaffold() / SETTINGS_FILE, settings)
            say(stdout, f"wrote {settings}: {project} is a Broadsheet project now")
        say(stdout, f"next: broadsheet render {shown}   (or 'broadsheet serve {shown}' to watch it as you write)")
