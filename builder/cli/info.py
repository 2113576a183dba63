"""List the layouts, paper presets and font sets a project can use."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..layout.paper import PAPERS
from ..layout.spec import load_layout
from ..project import load_project
from .common import DEBUG_HELP, FEATURE_HELP, feature_dir, guarded, stdout


def info(
    feature: Annotated[Optional[Path], typer.Argument(help=FEATURE_HELP, metavar="FEATURE_DIR", exists=True, file_okay=False,
                                                      show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """Show the layouts, paper presets and font sets available to a feature's project."""
    project = guarded(debug, lambda: load_project(feature_dir(feature)))
    stdout.print(f"project: {project.root}", markup=False)
    stdout.print("layouts:", markup=False)
    for name in project.available("layouts"):
        folder = project.find("layouts", name)
        if folder and (folder / "layout.toml").is_file():
            layout = guarded(debug, lambda folder=folder: load_layout(folder))
            stdout.print(f"  {name:16} {layout.description}", markup=False)
    stdout.print("papers:", markup=False)
    for paper in PAPERS.values():
        stdout.print(f"  {paper.name:16} {paper.width_mm:g} × {paper.height_mm:g} mm, {paper.columns} columns"
                     f"  {paper.description}", markup=False)
    stdout.print("font sets:", markup=False)
    for name in project.available("fonts", ".toml"):
        stdout.print(f"  {name}", markup=False)
