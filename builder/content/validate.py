"""Validate parsed YAML against a schema, reporting file, key path and line.

Input: data parsed by :mod:`builder.content.safeyaml`, its text and the line
it starts on, and a pydantic schema. Output: the validated object, or
diagnostics (:func:`builder.diagnostics.from_validation_error`), one per
problem, each naming the file, the dotted key and its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, from_validation_error
from ..errors import Problem
from .safeyaml import key_lines

SchemaT = TypeVar("SchemaT", bound=BaseModel)


def validate(
    data: Any,
    schema: type[SchemaT],
    file: Path,
    text: str,
    first_line: int = 1,
    what: str = "",
) -> tuple[SchemaT | None, list[Diagnostic]]:
    """Validate ``data`` against ``schema``; problems name file, key and line."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        where = f" {what}" if what else ""
        return None, [Problem(file, f"the{where} must be a mapping of keys to values", line=first_line)]
    try:
        return schema.model_validate(data), []
    except ValidationError as error:
        return None, from_validation_error(error, file, schema, data, key_lines(text, first_line))
