"""List the layouts, paper presets and font sets a project can use."""

from __future__ import annotations

from pathlib import Path

from ..layout.paper import PAPERS
from ..layout.spec import load_layout
from ..project import load_project
from .common import feature_dir, say, session, stdout
from .options import DebugOption, FeatureArg


def info(
    feature: FeatureArg = None,
    debug: DebugOption = False,
) -> None:
    """Show the layouts, paper presets and font sets available to a feature's project."""
    folder = feature_dir(feature)
    with session("info", folder, debug=debug) as run:
        project = run.run(lambda: load_project(folder))
        say(stdout, f"project: {project.root}")
        say(stdout, "layouts:")
        for name in project.available("layouts"):
            found = project.find("layouts", name)
            if found and (found / "layout.toml").is_file():
                layout = run.run(lambda found=found: load_layout(found))
                say(stdout, f"  {name:16} {layout.description}")
        say(stdout, "papers:")
        for paper in PAPERS.values():
            say(stdout, f"  {paper.name:16} {paper.width_mm:g} × {paper.height_mm:g} mm, {paper.columns} columns"
                        f"  {paper.description}")
        say(stdout, f"font sets (this project's: {project.settings.fonts}; a feature's fonts:, --fontset and "
                    "--font choose others):")
        for name in project.available("fonts", ".toml"):
            found = project.find("fonts", name, ".toml")
            description = run.run(lambda found=found: _description(found)) if found else ""
            say(stdout, f"  {name:16} {description}")


def _description(path: Path) -> str:
    """A font set's description, read without resolving its faces."""
    from ..errors import FontError
    from ..project import read_toml

    description = read_toml(path, path.parent, FontError).get("description", "")
    return description if isinstance(description, str) else ""
