"""The options several commands share, declared once: each command names them in its signature.

Input: nothing. Output: annotated types for Typer (``FeatureArg``,
``LayoutOption``, ``PaperOption``, ``FontsetOption``, ``FontOption``,
``AssetOption``, ``TimeoutOption``, ``QuietOption``, ``DebugOption``), the
callbacks of the swapping options, and :func:`swaps` (those options as the
pipeline's overrides). The ``--paper`` help lists the presets of the paper
registry, so it cannot go stale. The names ``--layout``, ``--paper`` and
``--fontset`` take are checked against the project by
:mod:`builder.cli.choices`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import did_you_mean, printable
from ..layout.paper import PAPERS
from ..names import FONT_ROLES
from .choices import fontset_name, layout_name, paper_name

DEFAULT_TIMEOUT = 120.0


def paper_help() -> str:
    """The ``--paper`` help, naming the built-in presets."""
    return (f"Paper preset instead of the feature's: {', '.join(PAPERS)}, or one of the project's own "
            "([papers.NAME] in broadsheet.toml; see 'broadsheet info').")


# FEATURE_DIR is read first (is_eager), so that the names below are checked against its project.
FeatureArg = Annotated[Optional[Path], typer.Argument(
    help="The feature folder (feature.md, sections/, infographic.yaml). Default: the feature of the project in "
         "the current folder (the one holding broadsheet.toml, here or above); outside any project, the bundled "
         "sample.",
    metavar="FEATURE_DIR", exists=True, file_okay=False, show_default=False, is_eager=True)]

LayoutOption = Annotated[Optional[str], typer.Option(
    "--layout", help="Layout to use instead of the feature's: a name (see 'broadsheet info').",
    callback=layout_name)]

PaperOption = Annotated[Optional[str], typer.Option("--paper", help=paper_help(), callback=paper_name)]

TimeoutOption = Annotated[float, typer.Option(
    "--timeout", metavar="SECONDS", min=0, help="Stop after this many seconds (exit 4, nothing written); 0: no limit.")]

QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="No progress, only errors.")]

DebugOption = Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")]


# --- swapping fonts and images: --fontset, --font, --asset

FONTSET_HELP = ("Font set instead of the feature's (fonts: in feature.md) and the project's (broadsheet.toml): "
                "a name, e.g. noto, classic, wenkai (see 'broadsheet info').")
FONT_HELP = ("Set one role in other faces for this run: ROLE=FAMILY, ROLE=FILE (.otf, .ttf, or .ttc#INDEX for "
             "a face of a collection; any file you can read) or a comma-separated chain, the first setting the "
             f"text and the others what it lacks. Roles: {', '.join(FONT_ROLES)}. Repeatable; it wins over "
             "--fontset, the feature and the project.")
ASSET_HELP = ("Swap an image for this run without touching the content: SLOT=PATH, SLOT being hero, section:NN "
              "or the image's path as written in the content; PATH must lie in the project. Repeatable.")


def _pairs(values: list[str] | None, what: str, option: str) -> list[str]:
    for value in values or []:
        left, equals, right = value.partition("=")
        if not equals or not left.strip() or not right.strip():
            raise typer.BadParameter(f"{printable(value)!r} is not {what}", param_hint=option)
    return values or []


def font_option(values: list[str] | None) -> list[str]:
    """Typer callback for ``--font``: ROLE=FAMILY_OR_FILE with a known role."""
    for value in _pairs(values, "ROLE=FAMILY_OR_FILE (e.g. body=LXGW WenKai)", "--font"):
        role = value.partition("=")[0].strip()
        if role not in FONT_ROLES:
            hint = did_you_mean(role, FONT_ROLES)
            raise typer.BadParameter(f"unknown role {printable(role)!r}" + (f" ({hint})" if hint else "")
                                     + f"; roles: {', '.join(FONT_ROLES)}", param_hint="--font")
    return values or []


def asset_option(values: list[str] | None) -> list[str]:
    """Typer callback for ``--asset``: SLOT=PATH."""
    return _pairs(values, "SLOT=PATH (e.g. hero=assets/new-hero.jpg)", "--asset")


FontsetOption = Annotated[Optional[str], typer.Option("--fontset", metavar="NAME", help=FONTSET_HELP,
                                                      callback=fontset_name)]
FontOption = Annotated[Optional[list[str]], typer.Option("--font", metavar="ROLE=FAMILY_OR_FILE", help=FONT_HELP,
                                                         callback=font_option)]
AssetOption = Annotated[Optional[list[str]], typer.Option("--asset", metavar="SLOT=PATH", help=ASSET_HELP,
                                                          callback=asset_option)]


def swaps(fontset: str | None, fonts: list[str] | None, assets: list[str] | None) -> dict[str, Any]:
    """The options as the fields of :class:`builder.pipeline.Overrides`."""

    def split(values: list[str] | None) -> tuple[tuple[str, str], ...]:
        return tuple((left.strip(), right.strip()) for left, _, right in (v.partition("=") for v in values or []))

    return {"fontset": fontset, "fonts": split(fonts), "assets": split(assets)}
