"""What a command works on: the feature a bare command means, names checked against the project.

Input: the command line's ``FEATURE_DIR`` (or none) and the current folder;
the values of ``--layout``, ``--paper`` and ``--fontset``. Output: the
feature folder to work on — the project's own, found from the current folder
upward, or the bundled sample outside any project (and a note saying so) —
and names the project really offers. A name it does not offer is a usage
error (exit 2) naming the nearest one and all of them, before any work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..diagnostics import Code
from ..errors import BroadsheetError, UsageError, did_you_mean, printable

if TYPE_CHECKING:  # the project and the model are read when a name is checked, not at start-up (--help)
    from ..project import Project

# click's UsageError, found through a public subclass (typer vendors click in some versions).
_USAGE_ERROR = next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "UsageError")


def feature_dir(path: Path | None, note: Callable[[str], None] | None = None) -> Path:
    """The feature folder to work on: the argument, else the one the current folder means.

    Outside any project that is the bundled sample, and ``note`` is told so.
    Inside a project with several features or none, a usage error names them.
    """
    if path is not None:
        return path
    from ..project import choose_feature

    try:
        chosen = choose_feature(Path.cwd())
    except UsageError as error:
        raise _USAGE_ERROR(str(error.problems[0])) from None
    if chosen.project is None and note is not None:
        note(f"no broadsheet.toml here or above: working on the bundled sample {chosen.folder.name} "
             "('broadsheet new DIR' starts a feature of your own)")
    return chosen.folder


def _project(ctx: typer.Context) -> Project | None:
    """The project of the command's feature, or None when it cannot be read (the command will say why)."""
    from ..project import load_project

    try:
        features = ctx.params.get("features")  # render: the first of an edition's features
        return load_project(feature_dir(ctx.params.get("feature") or (features[0] if features else None)))
    except (BroadsheetError, _USAGE_ERROR):
        return None


class UnknownName(typer.BadParameter):
    """A name the project does not offer; ``code`` names the kind for --json (``unknown-paper``…)."""

    def __init__(self, message: str, code: Code) -> None:
        super().__init__(message)
        self.code = code


def _checked(ctx: typer.Context, value: str | None, kind: str, known: Callable[[Project], list[str]]) -> str | None:
    if value is None:
        return None
    from ..names import NAME_RULE, is_name

    if not is_name(value):
        raise typer.BadParameter(f"{printable(value)!r} is not {NAME_RULE}")
    project = _project(ctx)
    if project is None:
        return value
    names = known(project)
    if value not in names:
        hint = did_you_mean(value, names)
        raise UnknownName(f"unknown {kind} {printable(value)!r}" + (f"; {hint}" if hint else "")
                          + f" (known: {', '.join(names)})", Code(f"unknown-{kind.replace(' ', '-')}"))
    return value


# The callbacks run after FEATURE_DIR (declared is_eager), so they check against its project.

def layout_name(ctx: typer.Context, value: str | None) -> str | None:
    """``--layout``: a layout the project offers (a name, never a path)."""
    return _checked(ctx, value, "layout", lambda project: project.layouts())


def paper_name(ctx: typer.Context, value: str | None) -> str | None:
    """``--paper``: a paper preset, built in or the project's own."""
    return _checked(ctx, value, "paper", lambda project: list(project.papers))


def fontset_name(ctx: typer.Context, value: str | None) -> str | None:
    """``--fontset``: a font set the project offers."""
    return _checked(ctx, value, "font set", lambda project: project.fontsets())
