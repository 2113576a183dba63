"""Validate parsed YAML against a schema, reporting file, key path and line.

Input: data parsed by :mod:`builder.content.safeyaml`, its text and the line
it starts on, and a pydantic schema. Output: the validated object, or :class:`~builder.errors.Problem`
objects, one per problem, each naming the file, the dotted key and its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .safeyaml import dotted, key_lines

SchemaT = TypeVar("SchemaT", bound=BaseModel)


def validate(
    data: Any,
    schema: type[SchemaT],
    file: Path,
    text: str,
    first_line: int = 1,
    what: str = "",
) -> tuple[SchemaT | None, list[Problem]]:
    """Validate ``data`` against ``schema``; problems name file, key and line."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        where = f" {what}" if what else ""
        return None, [Problem(file, f"the{where} must be a mapping of keys to values", line=first_line)]
    try:
        return schema.model_validate(data), []
    except ValidationError as error:
        lines = key_lines(text, first_line)
        problems = []
        for item in error.errors():
            loc = _key_path(data, item["loc"])
            key = dotted(loc)
            line = _nearest_line(lines, loc)
            kind = item["type"]
            if kind == "missing":
                message, code = "missing required key", "missing-key"
            elif kind == "extra_forbidden":
                known = _known_keys(schema, loc[:-1])
                message = "unknown key" + (f" (expected one of: {', '.join(known)})" if known else "")
                code = "unknown-key"
            else:
                message, code = item["msg"].removeprefix("Value error, "), "invalid-value"
            problems.append(Problem(file, message, key=key, line=line, code=code))
        return None, problems


def _key_path(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
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


def _nearest_line(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _known_keys(schema: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    model: Any = schema
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = _model_of(field.annotation)
        if model is None:
            return []
    return list(getattr(model, "model_fields", {}))


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
