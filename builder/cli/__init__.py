"""The ``broadsheet`` command: one Typer app, one module per command group.

Input: the command line. Output: files and a report; the exit code says how
it went (see :mod:`builder.errors`). The toolkit's own errors become one line
per problem; anything else is a bug and shows its traceback only with
``--debug``.
"""

from __future__ import annotations

import typer

from . import check, info, render

app = typer.Typer(
    name="broadsheet",
    help=(
        "Turn Markdown articles and a YAML infographic into print-ready newspaper pages.\n\n"
        "Exit codes: 0 ok, 1 bad input (each problem on its own line, with its file and key "
        "or line), 2 usage, 3 the pages have problems (text that does not fit, preflight errors), "
        "70 internal error."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("render")(render.render)
app.command("check")(check.check)
app.command("info")(info.info)


def main() -> None:
    """Entry point of the ``broadsheet`` script."""
    app()
