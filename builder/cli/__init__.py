"""The ``broadsheet`` command: one Typer app, one module per command group.

Input: the command line. Output: files and a report; the exit code says how
it went (see :mod:`builder.errors`). The toolkit's own errors become one line
per problem; anything else is a bug and shows its traceback only with
``--debug``.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer

from .. import report
from ..diagnostics import AtOption, Code, Diagnostic, Severity
from ..errors import printable
from . import assets, check, doctor, fonts, info, new, preview, render, serve

app = typer.Typer(
    name="broadsheet",
    help=(
        "Turn Markdown articles and a YAML infographic into print-ready newspaper pages.\n\n"
        "Exit codes: 0 ok, 1 bad input (each problem on its own line, with its file and key "
        "or line), 2 usage, 3 the pages have problems (text that does not fit, preflight errors), "
        "4 stopped by --timeout, 70 internal error."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# click's ClickException (typer vendors click in some versions, so found
# through a public subclass rather than imported).
_CLICK_ERROR = next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException")

def _version(value: bool) -> None:
    if value:
        print(version_line())
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[bool, typer.Option("--version", help="Show the version and exit.", is_eager=True,
                                               callback=_version)] = False,
) -> None:
    pass


def version_line() -> str:
    """``broadsheet 0.1.0 (WeasyPrint 70.0, Python 3.11.2)``: what a bug report needs."""
    def of(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"

    return f"broadsheet {of('broadsheet')} (WeasyPrint {of('weasyprint')}, Python {platform.python_version()})"


app.command("new")(new.new)
app.command("render")(render.render)
app.command("check")(check.check)
app.command("preview")(preview.preview)
app.command("serve")(serve.serve)
app.command("fonts")(fonts.fonts)
app.command("assets")(assets.assets)
app.command("info")(info.info)
app.command("doctor")(doctor.doctor)


def _option_of(error: Exception) -> str | None:
    """What a usage error is about: an option by its first name (``-j``), an argument as --help shows it."""
    param = getattr(error, "param", None)
    if param is None:
        hint = getattr(error, "param_hint", None)
        return hint if isinstance(hint, str) else None
    if getattr(param, "param_type_name", "") == "option":
        return param.opts[0]
    return getattr(param, "metavar", None) or param.opts[0]


def _asks_edition(context: object, args: list[str]) -> bool:
    """Whether a ``render`` command line that did not parse asked for an edition (its JSON takes that shape).

    Read from the words as given, with the command's own options to tell an
    option's value from a feature folder.
    """
    command = getattr(context, "command", None)
    params = getattr(command, "params", None) or []
    valued = {name for param in params if getattr(param, "param_type_name", "") == "option"
              and not getattr(param, "is_flag", False) for name in param.opts}
    folders: list[Path] = []
    given: dict[str, str] = {}
    words = iter(args)
    for word in words:
        if word == "--":
            folders += [Path(rest) for rest in words]
        elif word.startswith("-") and word != "-":
            name, equals, value = word.partition("=")
            if not equals and name not in valued and name[:2] in valued:  # -j2
                name, value = name[:2], name[2:]
            elif not equals and name in valued:
                value = next(words, "")
            given[name] = value
        else:
            folders.append(Path(word))
    jobs = given.get("--jobs", given.get("-j"))
    combine = given.get("--combine")
    return render.is_edition(folders, None if jobs is None else 1, given.get("--executor", "local"),
                             None if combine is None else Path(combine))


def main(args: list[str] | None = None) -> None:
    """Entry point of the ``broadsheet`` script.

    A usage error (an unknown option, a folder that does not exist, a
    ``--layout`` that is a path) exits 2 with click's message; with
    ``--json`` a JSON document says so on stdout too.
    """
    args = sys.argv[1:] if args is None else args
    try:
        code = app(args=args, prog_name="broadsheet", standalone_mode=False)
    except _CLICK_ERROR as error:
        error.show()
        if "--json" in args and args and args[0] in ("check", "render", "fonts", "assets"):
            option = _option_of(error)
            code = getattr(error, "code", None) or Code.USAGE  # a name the project lacks: unknown-layout…
            diagnostic = Diagnostic(Severity.ERROR, code, printable(error.format_message()),
                                    where=AtOption(option) if option else None)
            if args[0] == "render" and _asks_edition(getattr(error, "ctx", None), args[1:]):
                report.emit(report.edition_document(error.exit_code, [diagnostic], []))
            else:
                report.emit(report.document(args[0], None, error.exit_code, [diagnostic]))
        sys.exit(error.exit_code)
    except typer.Abort:
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
