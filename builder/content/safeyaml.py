"""YAML from content, parsed with limits: nothing in it can make the parser blow up.

Input: YAML text (front matter or a whole file) and the line it starts on.
Output: plain data (dicts, lists, strings, numbers, dates), or
:class:`~builder.errors.Problem` objects naming the file and line. Content
YAML is small and plain, so the loader (a :class:`yaml.SafeLoader`) refuses
what it never needs and what could hurt:

- anchors and aliases (``&a`` / ``*a``): an alias bomb expands nine short
  lines into billions of nodes; they are refused while the document is
  composed, before anything constructs or walks the tree;
- nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_NODES`
  values, documents longer than :data:`MAX_CHARS` characters;
- a key written twice in one mapping (both lines are named);
- every failure of a value's constructor (``2023-02-30``, ``!!float`` with
  no number, a 5,000-digit integer) is a problem with its line and a plain
  message, never an exception of PyYAML's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import dotted
from ..errors import Problem, printable

#: Deepest nesting of mappings and lists (the content contract needs 4).
MAX_DEPTH = 20
#: Most values (scalars, lists, mappings) in one document.
MAX_NODES = 20_000
#: Longest document, in characters.
MAX_CHARS = 256 * 1024

_TAG_NAMES = {
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:binary": "base64 data",
}

#: What a value's constructor raises on bad input (int('') to date(2023, 2, 30)).
_CONSTRUCTOR_FAILURES = (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError,
                         RecursionError, ArithmeticError)


class ContentLoader(yaml.SafeLoader):
    """A SafeLoader with the limits of content: no aliases, bounded, no duplicate keys."""

    def __init__(self, stream: str, first_line: int = 1) -> None:
        super().__init__(stream)
        self.first_line = first_line
        self.depth = 0
        self.nodes = 0

    # --- composing: refuse before anything expands ----------------------------

    def compose_node(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, f"an alias (*{printable(event.anchor)}) is not allowed in content: "
                                "write the value out", event.start_mark)
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.anchor is not None:
            raise ComposerError(None, None, f"an anchor (&{printable(event.anchor)}) is not allowed in content: "
                                "write each value out", event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ComposerError(None, None, f"more than {MAX_NODES} values in one document", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def compose_mapping_node(self, anchor: str | None) -> MappingNode:
        node = super().compose_mapping_node(anchor)
        seen: dict[tuple[str, str], Node] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode):
                continue
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                raise ComposerError(None, None, f"duplicate key {printable(key.value)!r} "
                                    f"(first on line {self.first_line + first.start_mark.line}): "
                                    "keep one", key.start_mark)
        return node

    # --- constructing: every failure is a problem with a line --------------------

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except _CONSTRUCTOR_FAILURES as error:
            raise ConstructorError(None, None, _plain(node, error), node.start_mark) from None


def _plain(node: Node, error: BaseException) -> str:
    """A plain message for a value that could not be constructed."""
    value = node.value if isinstance(node, ScalarNode) else None
    shown = printable(value if len(value) <= 40 else value[:40] + "…") if isinstance(value, str) else ""
    wanted = _TAG_NAMES.get(node.tag)
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"{shown} is not a date ({error})"
    if "digits" in str(error) and node.tag == "tag:yaml.org,2002:int":
        return f"a number of {len(value or '')} digits is too long"
    if isinstance(node, (SequenceNode, MappingNode)):
        return f"this value cannot be read ({type(error).__name__}: {printable(str(error))})"
    if wanted:
        return f"{shown!r} is not {wanted}" if shown else f"!!{node.tag.rsplit(':', 1)[-1]} needs {wanted}"
    return f"{shown!r} cannot be read as {node.tag}"


def load_yaml(text: str, file: Path, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse content YAML; any problem is returned with its file and line."""
    if len(text) > MAX_CHARS:
        return None, [Problem(file, f"the YAML is {len(text)} characters; at most {MAX_CHARS} are read",
                              line=first_line, code="too-large")]
    loader = None
    try:
        loader = ContentLoader(text, first_line)  # the reader checks every character here
        return loader.get_single_data(), []
    except ConstructorError as error:
        # A value that is not what its tag says: the document itself is well
        # formed, so the key it belongs to can be named.
        mark = error.problem_mark
        line = first_line + mark.line if mark else None
        key = _key_at(text, mark) if mark else None
        message = error.problem or str(error)
        tag = re.search(r"constructor for the tag '(?:tag:yaml\.org,2002:)?(.*)'", message)
        if tag:
            message = f"the tag !!{tag[1]} is not allowed: content YAML holds plain values"
        return None, [Problem(file, printable(message), key=key, line=line, code="yaml-value")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else None
        reason = error.problem or str(error)
        return None, [Problem(file, f"malformed YAML: {printable(reason)}", line=line, code="yaml-syntax")]
    except yaml.reader.ReaderError as error:
        line = first_line + text.count("\n", 0, error.position)
        character = error.character if isinstance(error.character, int) else ord(error.character)
        return None, [Problem(file, f"malformed YAML: the control character U+{character:04X} is not allowed",
                              line=line, code="yaml-syntax")]
    except yaml.YAMLError as error:
        return None, [Problem(file, f"malformed YAML: {printable(str(error))}", line=first_line, code="yaml-syntax")]
    except RecursionError:
        return None, [Problem(file, "malformed YAML: nested too deeply", line=first_line, code="yaml-syntax")]
    finally:
        if loader is not None:
            loader.dispose()


def _nodes(text: str) -> list[tuple[tuple[str | int, ...], Node, Node | None]]:
    """Every (key path, value node, key node) of a document, composed without aliases.

    Composes with :class:`ContentLoader`, so aliases are never followed: the
    walk visits each written node once.
    """
    try:
        loader = ContentLoader(text)
    except yaml.YAMLError:
        return []
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return []
    finally:
        loader.dispose()
    found: list[tuple[tuple[str | int, ...], Node, Node | None]] = []

    def walk(node: Node, path: tuple[str | int, ...], key: Node | None) -> None:
        found.append((path, node, key))
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                walk(value_node, (*path, str(key_node.value)), key_node)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index), None)

    if root is not None:
        walk(root, (), None)
    return found


def _key_at(text: str, mark: yaml.Mark) -> str | None:
    """The dotted key path of the value written at ``mark``."""
    for path, node, _ in _nodes(text):
        if (node.start_mark.line, node.start_mark.column) == (mark.line, mark.column):
            return dotted(path)
    return None


def key_lines(text: str, first_line: int = 1) -> dict[tuple[str | int, ...], int]:
    """Map each key path in a YAML document to the line it is written on."""
    lines: dict[tuple[str | int, ...], int] = {}
    for path, node, key in _nodes(text):
        lines[path] = first_line + (key or node).start_mark.line
    return lines
