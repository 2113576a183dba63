"""Validate parsed YAML against a schema, reporting file, key path and line.

Input: YAML text (front matter or a whole file), the line it starts on, and a
pydantic schema. Output: the validated object, or :class:`~builder.errors.Problem`
objects, one per problem, each naming the file, the dotted key and its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import Problem

SchemaT = TypeVar("SchemaT", bound=BaseModel)


def parse_yaml(text: str, file: Path, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML, turning a syntax error into a problem with its line."""
    try:
        return yaml.safe_load(text), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else None
        reason = error.problem or str(error)
        return None, [Problem(file, f"malformed YAML: {reason}", line=line)]
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(file, f"malformed YAML: {error}")]


def key_lines(text: str, first_line: int = 1) -> dict[tuple[str | int, ...], int]:
    """Map each key path in a YAML document to the line it is written on."""
    lines: dict[tuple[str | int, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        lines[path] = first_line + node.start_mark.line
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key_path = (*path, str(key_node.value))
                walk(value_node, key_path)
                lines[key_path] = first_line + key_node.start_mark.line
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return lines


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


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
            loc = tuple(part for part in item["loc"] if not _is_union_tag(part))
            key = _dotted(loc) or None
            line = _nearest_line(lines, loc)
            kind = item["type"]
            if kind == "missing":
                message = "missing required key"
            elif kind == "extra_forbidden":
                known = _known_keys(schema, loc[:-1])
                message = "unknown key" + (f" (expected one of: {', '.join(known)})" if known else "")
            else:
                message = item["msg"].removeprefix("Value error, ")
            problems.append(Problem(file, message, key=key, line=line))
        return None, problems


def _is_union_tag(part: str | int) -> bool:
    # pydantic inserts the member type's name for unions ("function-before[...]").
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "tuple"})


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
