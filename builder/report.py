"""Machine-readable results: one JSON document for each run of ``check --json`` or ``render --json``.

Input: what a command found — the toolkit's :class:`~builder.errors.Problem`
objects (bad input), preflight :class:`~builder.check.Issue` objects (the
pages), its exit code. Output: plain dicts in the shape of
``schemas/check.schema.json`` and ``schemas/render.schema.json``. Both kinds
of finding take one diagnostic shape — severity, code, message, hint,
``where`` (file, line, key; or page, frame; or the option) and details — so a
CI reads one list whatever went wrong.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .errors import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    BroadsheetError,
    Problem,
    display_path,
)

if TYPE_CHECKING:
    from .check import Issue

#: Version of the JSON documents; fields are only ever added, it goes up when a meaning changes.
VERSION = 1
EXIT_INTERNAL = 70


def status(exit_code: int) -> str:
    """The word for an exit code: ok, problems, bad-input, usage, timeout, stopped, internal."""
    words = {EXIT_OK: "ok", EXIT_BAD_INPUT: "bad-input", EXIT_USAGE: "usage", EXIT_PROBLEMS: "problems",
             EXIT_TIMEOUT: "timeout", EXIT_INTERNAL: "internal"}
    return words.get(exit_code, "stopped" if exit_code > 128 else "internal")


def problem_json(problem: Problem, default_code: str = BroadsheetError.code) -> dict[str, Any]:
    """A problem with the input as a diagnostic."""
    return {
        "severity": "error",
        "code": problem.code or default_code,
        "message": problem.message,
        "hint": problem.hint,
        "where": problem.where(),
        "frame": None,
        "page": None,
        "details": {},
    }


def issue_json(issue: Issue, strict: bool = False) -> dict[str, Any]:
    """A preflight issue as a diagnostic (``strict``: warnings count as errors)."""
    data = asdict(issue)
    data["severity"] = "error" if strict else issue.severity
    data["where"] = {"page": issue.page, "frame": issue.frame}
    file, line = data.pop("file"), data.pop("line")
    if file is not None:
        data["where"].update(file=file, line=line)
    return data


def errors_json(error: BroadsheetError) -> list[dict[str, Any]]:
    """The problems of a toolkit error as diagnostics."""
    return [problem_json(problem, error.code) for problem in error.problems]


def simple_diagnostic(code: str, message: str, hint: str | None = None, **where: Any) -> dict[str, Any]:
    """A diagnostic that is not about a file or a page (a time limit, a usage error, a bug)."""
    return {"severity": "error", "code": code, "message": message, "hint": hint, "where": where,
            "frame": None, "page": None, "details": {}}


#: What each command's document has besides the common fields, before it knows better.
_COMMAND_FIELDS: dict[str, dict[str, Any]] = {
    "check": {"strict": False},
    "render": {"output": None, "written": False, "pages": None, "overset": [], "changes": []},
    "fonts": {"fontset": None, "roles": []},
    "assets": {"images": [], "cache": None},
}


def document(command: str, feature: str | None, exit_code: int, issues: list[dict[str, Any]],
             **fields: Any) -> dict[str, Any]:
    """The document of one run: what ran, how it ended, and every diagnostic."""
    errors = sum(1 for issue in issues if issue["severity"] == "error")
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
    base["summary"] = {"errors": errors, "warnings": len(issues) - errors}
    base["issues"] = issues
    return base


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
