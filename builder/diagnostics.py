"""Diagnostics: one shape for everything the toolkit finds wrong, and one way to print it.

Input: what a stage found — a problem with the input (a file, a key, a
line), a finding on the laid-out pages (a page, a frame), a command-line
option, or why a run stopped. Output: :class:`Diagnostic` values (severity,
code, message, hint, where, details), printed one to a line by
:meth:`Diagnostic.__str__` and written to JSON by :meth:`Diagnostic.as_json`
(``schemas/*.schema.json``). :func:`from_validation_error` is the one way a
pydantic error becomes diagnostics, whichever file was validated.

Codes are the :class:`Code` enum; the JSON schemas list the same values
(``python scripts/schemas.py`` writes them, a test holds them together).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported by what validates, not by every reader of diagnostics (the CLI's --help)
    from pydantic import BaseModel, ValidationError


class Severity(StrEnum):
    """How bad: an error stops a render (or fails a check); a warning is said and counted."""

    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """What kind of finding: stable identifiers for machines (the JSON ``code``)."""

    # On the laid-out pages.
    OVERSET = "overset"
    UNDERSET = "underset"
    MISSING_GLYPH = "missing-glyph"
    FONT_NOT_EMBEDDED = "font-not-embedded"
    FONT_LICENCE = "font-licence"
    IMAGE_RESOLUTION = "image-resolution"
    IMAGE_BLEED = "image-bleed"
    SAFE_MARGIN = "safe-margin"
    BLANK = "blank"
    SLIVER = "sliver"
    TYPOGRAPHY_NOT_FLUSH = "typography-not-flush"
    TYPOGRAPHY_LINE_START = "typography-line-start"
    TYPOGRAPHY_LINE_END = "typography-line-end"
    TYPOGRAPHY_SPLIT = "typography-split"
    TYPOGRAPHY_LONE = "typography-lone"
    TYPOGRAPHY_OFF_GRID = "typography-off-grid"
    # In the input: files and their syntax.
    FILE_MISSING = "file-missing"
    FILE_OUTSIDE = "file-outside"
    FILE_NOT_REGULAR = "file-not-regular"
    FILE_TOO_LARGE = "file-too-large"
    FILE_UNREADABLE = "file-unreadable"
    FILE_REFUSED = "file-refused"
    NOT_UTF8 = "not-utf8"
    TOO_LARGE = "too-large"
    YAML_SYNTAX = "yaml-syntax"
    YAML_VALUE = "yaml-value"
    TOML_SYNTAX = "toml-syntax"
    FRONT_MATTER = "front-matter"
    MARKDOWN_UNPLACEABLE = "markdown-unplaceable"
    MARKDOWN_URL = "markdown-url"
    # In the input: what the files say.
    UNKNOWN_KEY = "unknown-key"
    MISSING_KEY = "missing-key"
    INVALID_VALUE = "invalid-value"
    BAD_NAME = "bad-name"
    UNKNOWN_LAYOUT = "unknown-layout"
    UNKNOWN_FONT_SET = "unknown-font-set"
    UNKNOWN_PAPER = "unknown-paper"
    IMAGE_PATH = "image-path"
    IMAGE_FORMAT = "image-format"
    IMAGE_UNREADABLE = "image-unreadable"
    UNKNOWN_ROLE = "unknown-role"
    FONT_MISSING = "font-missing"
    FONT_PATH = "font-path"
    FONT_UNREADABLE = "font-unreadable"
    UNKNOWN_SLOT = "unknown-slot"
    TEMPLATE = "template"
    # A problem of a kind with no code of its own (the error's class says what).
    BAD_INPUT = "bad-input"
    CONTENT = "content"
    LAYOUT = "layout"
    FONT = "font"
    IMAGE = "image"
    OUTPUT = "output"
    # The output file.
    OUTPUT_REFUSED = "output-refused"
    OUTPUT_WRITE = "output-write"
    # What a command works on.
    NO_FEATURE = "no-feature"
    WHICH_FEATURE = "which-feature"
    # How a run ended.
    USAGE = "usage"
    TIMEOUT = "timeout"
    STOPPED = "stopped"
    INTERNAL = "internal"


# C0 and C1 controls, DEL, and the Unicode bidi overrides and isolates that
# can reorder what a terminal shows. Tab and newline are escaped too: a
# diagnostic is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters and escape sequences made visible (``\\x1b``)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it is below it.

    Symbolic links are not followed: a message names the file as the user
    sees it in the folder, not where a link points.
    """
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, cwd)
    return str(path)


@dataclass(frozen=True)
class InFile:
    """In the input: a file, maybe a line of it, maybe a key (dotted: ``hero.image``, ``panels[2].title``)."""

    file: Path | str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = display_path(self.file) if self.file else ""
        if self.line is not None and where:
            where = f"{where}:{self.line}"
        return ": ".join(part for part in (where, f"'{self.key}'" if self.key else "") if part)

    def as_json(self) -> dict[str, Any]:
        return {"file": display_path(self.file) if self.file else None, "line": self.line, "key": self.key}


@dataclass(frozen=True)
class OnPage:
    """On the laid-out pages: a newspaper page number, a frame (``section:02``).

    ``file`` and ``line`` say where the cause is written, when that is in the
    content (a character no font has): the message names them too.
    """

    page: int | None = None
    frame: str | None = None
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return ", ".join(part for part in (f"page {self.page}" if self.page is not None else "", self.frame or "")
                         if part)

    def as_json(self) -> dict[str, Any]:
        where: dict[str, Any] = {"page": self.page, "frame": self.frame}
        if self.file is not None:
            where.update(file=self.file, line=self.line)
        return where


@dataclass(frozen=True)
class AtOption:
    """On the command line: the option at fault (``--layout``), maybe the key it was given (``--asset hero=…``)."""

    option: str
    key: str | None = None

    def __str__(self) -> str:
        return f"{self.option}: '{self.key}'" if self.key else self.option

    def as_json(self) -> dict[str, Any]:
        return {"option": self.option, **({"key": self.key} if self.key else {})}


Where = InFile | OnPage | AtOption | None


@dataclass(frozen=True)
class Diagnostic:
    """One finding: what is wrong (severity, a stable code, a message, maybe a hint), where, and particulars.

    ``str()`` is the line a person reads; :meth:`as_json` what a machine reads.
    """

    severity: Severity
    code: Code
    message: str
    hint: str | None = None
    where: Where = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return printable(f"{self.severity}: {self.describe()}")

    def describe(self) -> str:
        """The line without its severity: ``where: message — hint``."""
        where = str(self.where) if self.where is not None else ""
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" — {self.hint}"
        return printable(text)

    @property
    def file(self) -> Path | str | None:
        return self.where.file if isinstance(self.where, (InFile, OnPage)) else None

    @property
    def line(self) -> int | None:
        return self.where.line if isinstance(self.where, (InFile, OnPage)) else None

    @property
    def key(self) -> str | None:
        return self.where.key if isinstance(self.where, (InFile, AtOption)) else None

    @property
    def option(self) -> str | None:
        return self.where.option if isinstance(self.where, AtOption) else None

    @property
    def frame(self) -> str | None:
        return self.where.frame if isinstance(self.where, OnPage) else None

    @property
    def page(self) -> int | None:
        return self.where.page if isinstance(self.where, OnPage) else None

    def with_code(self, code: Code) -> Diagnostic:
        """The same finding under another code."""
        return self if code is self.code else replace(self, code=code)

    def as_severity(self, severity: Severity) -> Diagnostic:
        """The same finding at another severity (``--strict`` counts warnings as errors)."""
        return self if severity is self.severity else replace(self, severity=severity)

    def as_json(self) -> dict[str, Any]:
        """The diagnostic in the shape of the schemas' ``diagnostic``."""
        return {
            "severity": str(self.severity),
            "code": str(self.code),
            "message": self.message,
            "hint": self.hint,
            "where": self.where.as_json() if self.where is not None else {},
            "frame": self.frame,
            "page": self.page,
            "details": dict(self.details),
        }


def error(code: Code, message: str, hint: str | None = None, where: Where = None, **details: Any) -> Diagnostic:
    """An error diagnostic."""
    return Diagnostic(Severity.ERROR, code, message, hint, where, details)


def warning(code: Code, message: str, hint: str | None = None, where: Where = None, **details: Any) -> Diagnostic:
    """A warning diagnostic."""
    return Diagnostic(Severity.WARNING, code, message, hint, where, details)


# --- pydantic ----------------------------------------------------------------

KeyPath = tuple[str | int, ...]


def dotted(path: KeyPath) -> str | None:
    """A key path as written in messages: ``panels[2].title``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def from_validation_error(failure: ValidationError, file: Path | str | None, schema: type[BaseModel],
                          data: Any = None, lines: Mapping[KeyPath, int] | None = None) -> list[Diagnostic]:
    """Every problem of a pydantic validation as a diagnostic naming the file, the key and its line.

    The same messages whatever was validated (front matter, infographic.yaml,
    layout.toml, a font set, broadsheet.toml): a missing key, an unknown key
    with the keys that are known there, or the validator's own message.
    ``lines`` maps key paths to the line each is written on, where the
    reader knows it.
    """
    diagnostics = []
    for item in failure.errors():
        loc = _key_path(data, tuple(item["loc"]))
        kind = item["type"]
        if kind == "missing":
            message, code = "missing required key", Code.MISSING_KEY
        elif kind == "extra_forbidden":
            known = _known_keys(schema, loc[:-1])
            message = "unknown key" + (f" (expected one of: {', '.join(known)})" if known else "")
            code = Code.UNKNOWN_KEY
        else:
            message, code = item["msg"].removeprefix("Value error, "), Code.INVALID_VALUE
        line = _nearest_line(lines, loc) if lines else None
        diagnostics.append(error_in(file, message, code, key=dotted(loc), line=line))
    return diagnostics


def error_in(file: Path | str | None, message: str, code: Code, key: str | None = None, line: int | None = None,
             hint: str | None = None) -> Diagnostic:
    """An error in an input file."""
    return Diagnostic(Severity.ERROR, code, message, hint, InFile(file, line, key))


def _key_path(data: Any, loc: KeyPath) -> KeyPath:
    """The keys and indexes of ``loc`` that are in the data, without pydantic's union tags.

    pydantic puts a union member's name into the path (``str``,
    ``function-before[...]``); a key of that name written in the content is
    still a key, so the data decides, not the spelling.
    """
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, (list, tuple)) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif part == "[key]":
            continue  # the mapping's key itself is at fault (a name that is no name): the path ends at it
        elif isinstance(node, dict) and position == len(loc) - 1:
            node = None  # a missing key
        elif isinstance(part, str) and ("[" in part or part in _TYPE_TAGS):
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


#: What pydantic names union members in an error's path.
_TYPE_TAGS = {"str", "int", "float", "bool", "tuple", "list", "dict", "none", "date"}


def _nearest_line(lines: Mapping[KeyPath, int], loc: KeyPath) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _known_keys(schema: type[BaseModel], loc: KeyPath) -> list[str]:
    """The keys a schema knows at a key path (for "expected one of")."""
    node: Any = schema
    for part in loc:
        if isinstance(part, int):
            node = _element(node)
        elif _is_model(node):
            field_info = node.model_fields.get(part)
            node = _unwrap(field_info.annotation) if field_info is not None else None
        elif getattr(node, "__origin__", None) is dict:
            node = _unwrap(node.__args__[1])  # a name in a mapping (``roles.body``): its value's keys
        else:
            node = None
        if node is None:
            return []
    if not _is_model(node):
        return []
    return [name for name, info in node.model_fields.items()
            if not (isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("internal"))]


def _is_model(node: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(node, type) and issubclass(node, BaseModel)


def _unwrap(annotation: Any) -> Any:
    """A model, a mapping or a sequence inside an annotation (``X | None`` is X)."""
    if _is_model(annotation):
        return annotation
    origin = getattr(annotation, "__origin__", None)
    if origin in (dict, tuple, list):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def _element(annotation: Any) -> Any:
    """What a tuple or list holds."""
    if getattr(annotation, "__origin__", None) in (tuple, list):
        return _unwrap(annotation.__args__[0])
    return None
