"""Machine-readable results: one JSON document for each run of ``check --json`` or ``render --json``.

Input: what a command found — :class:`~builder.diagnostics.Diagnostic`
values (bad input, findings on the pages, why the run stopped) and its exit
code. Output: plain dicts in the shape of ``schemas/check.schema.json`` and
``schemas/render.schema.json``. Every finding takes the one diagnostic shape
— severity, code, message, hint, ``where`` (file, line, key; or page, frame;
or the option) and details — so a CI reads one list whatever went wrong.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from .diagnostics import Code, Diagnostic, Severity, display_path
from .errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, EXIT_TIMEOUT, EXIT_USAGE

#: Version of the JSON documents; fields are only ever added, it goes up when a meaning changes.
VERSION = 1
EXIT_INTERNAL = 70


def status(exit_code: int) -> str:
    """The word for an exit code: ok, problems, bad-input, usage, timeout, stopped, internal."""
    words = {EXIT_OK: "ok", EXIT_BAD_INPUT: "bad-input", EXIT_USAGE: "usage", EXIT_PROBLEMS: "problems",
             EXIT_TIMEOUT: "timeout", EXIT_INTERNAL: "internal"}
    return words.get(exit_code, "stopped" if exit_code > 128 else "internal")


#: What each command's document has besides the common fields, before it knows better.
_COMMAND_FIELDS: dict[str, dict[str, Any]] = {
    "check": {"strict": False},
    "render": {"output": None, "written": False, "pages": None, "overset": [], "changes": []},
    "fonts": {"fontset": None, "roles": []},
    "assets": {"images": [], "cache": None},
}


def document(command: str, feature: str | None, exit_code: int, diagnostics: list[Diagnostic],
             **fields: Any) -> dict[str, Any]:
    """The document of one run: what ran, how it ended, and every diagnostic."""
    errors = sum(1 for diagnostic in diagnostics if diagnostic.severity is Severity.ERROR)
    base: dict[str, Any] = {
        "version": VERSION,
        "command": command,
        "feature": feature,
        "layout": None,
        "paper": None,
        "status": status(exit_code),
        "exit_code": exit_code,
    }
    base.update(_COMMAND_FIELDS.get(command, {}))
    base.update(fields)
    base["summary"] = {"errors": errors, "warnings": len(diagnostics) - errors}
    base["issues"] = [diagnostic.as_json() for diagnostic in diagnostics]
    return base


def stopped(code: Code, message: str, hint: str | None = None) -> Diagnostic:
    """Why a run stopped where no file or page is at fault (a time limit, a signal, a bug)."""
    return Diagnostic(Severity.ERROR, code, message, hint)


def path_json(path: Any) -> str | None:
    """A path as the JSON shows it (relative to the working folder when below it)."""
    return display_path(path) if path is not None else None


# Characters json.dumps leaves as they are that a terminal may act on (C1
# controls, bidi overrides): written as \u escapes, which read back the same.
_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def dumps(data: dict[str, Any]) -> str:
    """One JSON document: Chinese as it is, every control character escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def emit(data: dict[str, Any]) -> None:
    """Write one JSON document and a newline to stdout."""
    sys.stdout.write(dumps(data) + "\n")
    sys.stdout.flush()
