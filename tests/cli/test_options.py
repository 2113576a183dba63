"""Options the commands share are declared once: the same name, help and checks everywhere."""

from __future__ import annotations

import click
import typer
from typer.testing import CliRunner

from builder.cli import app
from builder.layout.paper import PAPERS

COMMANDS = ("render", "check", "preview", "serve", "fonts", "assets")


def _params(name: str) -> dict[str, click.Parameter]:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    return {param.name: param for param in command.params}


def test_every_command_declares_the_shared_options_alike():
    for option in ("feature", "layout", "paper", "debug", "fontset", "font", "asset", "timeout"):
        declared = {name: params[option] for name in COMMANDS if option in (params := _params(name))}
        assert len(declared) >= 2, option
        helps = {getattr(param, "help", None) for param in declared.values()}
        assert len(helps) == 1, (option, helps)
        assert len({tuple(param.opts) for param in declared.values()}) == 1, option
    quiet = {_params(name)["quiet"].help for name in ("render", "check", "preview", "assets")}
    assert quiet == {"No progress, only errors."}


def test_paper_help_names_every_preset_of_the_registry():
    text = _params("render")["paper"].help
    assert all(name in text for name in PAPERS)


def test_layout_is_a_name_in_every_command():
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--layout", "../elsewhere"])
        assert result.exit_code == 2, (name, result.output)
        assert "not a path" in result.output, name
