"""What a project works with: its newspaper, font set, layouts, paper presets and features."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import EXIT_BAD_INPUT, BroadsheetError
from .common import say, session, stderr, stdout
from .options import DebugOption

if TYPE_CHECKING:
    from ..project import Project


def _origin(project: Project, path: Path) -> str:
    """' (project)' for what the project adds, '' for a built-in."""
    return "  (project)" if path.resolve().is_relative_to(project.root) and not project.bundled else ""


def info(
    folder: Annotated[Optional[Path], typer.Argument(
        help="A folder of the project (a feature, or the project itself). Default: the current folder; "
             "outside any project, the built-ins and the bundled sample.", metavar="DIR", exists=True,
        file_okay=False, show_default=False)] = None,
    debug: DebugOption = False,
) -> None:
    """Show what a project works with: its newspaper, font set, layouts, paper presets and features.

    The font set is shown role by role with the families that set it; each
    layout with its own description; paper presets with their size and
    columns. What the project adds to the built-ins is marked (project). A
    layout or font set that cannot be used is named with its problem (exit 1).
    """
    # Imported here, not at start-up: `--help` needs none of them.
    from ..fonts import ROLES, load_fontset
    from ..layout.paper import PAPERS
    from ..layout.spec import load_layout, own_description
    from ..model import FeatureMeta
    from ..project import SAMPLE_PROJECT, SETTINGS_FILE, find_project, open_project, project_features

    start = (folder or Path.cwd()).resolve()
    root = find_project(start)
    with session("info", start, debug=debug) as run:
        project = run.run(lambda: open_project(root or SAMPLE_PROJECT))
        failed = False

        def usable(work):  # noqa: ANN001, ANN202 - a problem is shown and the listing goes on
            nonlocal failed
            try:
                return work()
            except BroadsheetError as error:
                failed = True
                for problem in error.problems:
                    say(stderr, f"error: {problem}")
                return None

        if root is None:
            say(stdout, f"project: none in {start} or above — the built-ins and the bundled sample ({project.root})")
        else:
            say(stdout, f"project: {project.root} ({SETTINGS_FILE})")
        say(stdout, f"newspaper: {project.settings.newspaper.name}")

        active = project.settings.fonts
        path = project.find("fonts", active, ".toml")
        fontset = usable(lambda: load_fontset(path)) if path else None
        if path is None:
            failed = True
            say(stderr, f"error: {project.root / SETTINGS_FILE}: 'fonts': unknown font set {active!r} "
                        f"(known: {', '.join(project.fontsets())})")
        say(stdout, f"font set: {active}" + (f" — {fontset.description}" if fontset and fontset.description else ""))
        if fontset:
            for role in ROLES:
                fonts = fontset.role(role)
                say(stdout, f"  {role:10} {', '.join(fonts.families)}, weight {fonts.weight}")

        say(stdout, "layouts:")
        default = FeatureMeta.model_fields["layout"].default
        for name in project.layouts():
            found = project.find("layouts", name)
            assert found is not None
            layout = usable(lambda found=found: load_layout(found))
            described = usable(lambda found=found: own_description(found))
            if layout is None or described is None:
                continue
            description, base = described
            text = description or (f"(no description of its own; extends {base})" if base else "")
            mark = " (default)" if name == default else ""
            say(stdout, f"  {name:16} {text}{mark}{_origin(project, found)}")

        say(stdout, "papers:")
        for paper in project.papers.values():
            own = "  (project)" if paper.name in project.settings.papers and not project.bundled else ""
            say(stdout, f"  {paper.name:16} {paper.width_mm:g} × {paper.height_mm:g} mm, {paper.columns} columns"
                        f"{'  ' + paper.description if paper.description else ''}{own}")
        if any(name in PAPERS for name in project.settings.papers):
            say(stdout, "  (a project preset of a built-in's name replaces it)")

        say(stdout, "font sets (a feature's fonts:, --fontset and --font choose others):")
        for name in project.fontsets():
            found = project.find("fonts", name, ".toml")
            assert found is not None
            text = usable(lambda found=found: _description(found)) or ""
            say(stdout, f"  {name:16} {text}{' (in use)' if name == active else ''}{_origin(project, found)}")

        features = project_features(project.root)
        if features:
            say(stdout, "features:")
            for feature in features:
                say(stdout, f"  {os.path.relpath(feature, Path.cwd()) if root else feature}")
        if failed:
            raise typer.Exit(EXIT_BAD_INPUT)


def _description(path: Path) -> str:
    """A font set's description, read without resolving its faces."""
    from ..errors import FontError
    from ..project import read_toml

    description = read_toml(path, path.parent, FontError).get("description", "")
    return description if isinstance(description, str) else ""
