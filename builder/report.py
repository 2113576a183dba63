"""Machine-readable results: one JSON document for each run of ``check --json`` or ``render --json``.

Input: what a command found — :class:`~builder.diagnostics.Diagnostic`
values (bad input, findings on the pages, why the run stopped) and its exit
code. Output: plain dicts in the shape of ``schemas/check.schema.json`` and
``schemas/render.schema.json`` (one feature's render, or an edition's:
``schemas/edition.schema.json``, which holds each feature's render document). Every finding takes the one diagnostic shape
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


def build_fields(build: Any) -> dict[str, Any]:
    """What a render was set with (a ``pipeline.Build``): the layout, paper and font set, and what --fit changed."""
    return {"layout": build.layout.name, "paper": build.grid.paper.name, "fontset": build.fonts.name,
            "changes": [{"frame": str(c.frame), "description": c.description, "fitted": c.fitted}
                        for c in build.changes]}


def preflight_fields(found: Any) -> dict[str, Any]:
    """A render's ``preflight`` member (from a ``check.Report``): the counts and what will print badly.

    Overset frames are left out of ``serious``: the render's ``overset`` and ``issues`` name them.
    """
    return {"errors": len(found.errors), "warnings": len(found.warnings),
            "serious": [issue.as_json() for issue in found.serious() if issue.code is not Code.OVERSET]}


def edition_document(exit_code: int, diagnostics: list[Diagnostic], features: list[dict[str, Any]],
                     **fields: Any) -> dict[str, Any]:
    """The document of a render of several features: each feature's render document, and the edition's own.

    ``diagnostics``: what concerns the edition as a whole (a usage error, an
    ``edition.toml`` problem, a time limit, a signal, a failed ``--combine``).
    ``summary`` counts the features, the PDFs written, and the errors and
    warnings of the whole document (the edition's and every feature's).
    """
    issues = [diagnostic.as_json() for diagnostic in diagnostics]
    every = issues + [issue for feature in features for issue in feature["issues"]]
    errors = sum(1 for issue in every if issue["severity"] == str(Severity.ERROR))
    base: dict[str, Any] = {
        "version": VERSION,
        "command": "render",
        "edition": None,
        "status": status(exit_code),
        "exit_code": exit_code,
        "output": None,
        "seconds": None,
        "combined": None,
    }
    base.update(fields)
    written = sum(1 for feature in features if feature["written"])
    base["features"] = features
    base["summary"] = {"features": len(features), "written": written, "failed": len(features) - written,
                       "errors": errors, "warnings": len(every) - errors}
    base["issues"] = issues
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
