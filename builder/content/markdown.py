"""Read a Markdown file with YAML front matter into front matter and blocks.

Input: the text of a ``.md`` content file. Output: the raw front matter (text
and first line, validated by the caller) and the body as model blocks
(:class:`~builder.model.Paragraph`, :class:`~builder.model.Subhead`,
:class:`~builder.model.ListBlock`). A construct the print layouts cannot place
(a table, an image, a link, raw HTML, a heading other than ``###``) is a
problem naming its line, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import Problem
from ..model import Block, Inline, ListBlock, Paragraph, Span, Subhead

# Tables and strikethrough are recognised so that they can be reported as
# constructs a print article cannot place, not read as paragraphs of pipes.
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)

# Addresses that mean something to a computer, not to a reader of print:
# local files, scripts, inline data. Web addresses (http, https) are text a
# newspaper prints; these are refused like raw HTML.
_NON_PRINT_URL = re.compile(
    r"(?<![A-Za-z0-9+.-])(?:file:|javascript:|vbscript:|data:[a-z-]+/[a-z0-9.+-]+[;,])[^\s<>\"']*", re.IGNORECASE)


@dataclass
class ParsedMarkdown:
    """What a Markdown content file holds, before validation of its front matter."""

    front_matter: str | None
    front_matter_line: int
    blocks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_markdown(text: str, file: Path) -> ParsedMarkdown:
    """Split ``text`` into front matter and body blocks."""
    tokens = _MD.parse(text)
    result = ParsedMarkdown(front_matter=None, front_matter_line=2)
    if not text.lstrip("\ufeff").startswith("---"):
        result.problems.append(
            Problem(file, "no front matter: the file must start with a '---' line", line=1, code="front-matter")
        )
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = token.map[0] + 1 if token.map else None
        if token.type == "front_matter":
            result.front_matter = token.content
            result.front_matter_line = (line or 1) + 1
            index += 1
        elif token.type == "paragraph_open":
            spans = _inline(tokens[index + 1], file, result.problems)
            if spans:
                result.blocks.append(Paragraph(spans=spans, line=line))
            index += 3
        elif token.type == "heading_open":
            if token.tag == "h3":
                result.blocks.append(
                    Subhead(spans=_inline(tokens[index + 1], file, result.problems), line=line)
                )
            else:
                level = int(token.tag[1])
                result.problems.append(
                    Problem(
                        file,
                        f"a level-{level} heading ({'#' * level}) cannot be placed: "
                        "titles go in the front matter, subheads are written '### '",
                        line=line,
                        code="markdown-unplaceable",
                    )
                )
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            index = _list(tokens, index, file, result)
        else:
            result.problems.append(
                Problem(file, f"{_describe(token)} cannot be placed in a print article", line=line,
                        code="markdown-unplaceable")
            )
            index = _skip_block(tokens, index)
    return result


def _list(tokens: list[Token], index: int, file: Path, result: ParsedMarkdown) -> int:
    opener = tokens[index]
    ordered = opener.type == "ordered_list_open"
    start = int(opener.attrs.get("start", 1)) if ordered else 1
    closer = opener.type.replace("_open", "_close")
    items: list[Inline] = []
    depth = 0
    index += 1
    current: list[Span] | None = None
    while index < len(tokens):
        token = tokens[index]
        if token.type == closer and depth == 0:
            break
        if token.type in ("bullet_list_open", "ordered_list_open"):
            result.problems.append(
                Problem(file, "nested lists cannot be placed: flatten the list", line=token.map[0] + 1,
                        code="markdown-unplaceable")
            )
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 0:
            current = []
        elif token.type == "list_item_close" and depth == 0:
            if current:
                items.append(tuple(current))
            current = None
        elif token.type == "inline" and depth == 0 and current is not None:
            if current:
                current.append(Span(text="\n"))
            current.extend(_inline(token, file, result.problems))
        index += 1
    line = opener.map[0] + 1 if opener.map else None
    result.blocks.append(ListBlock(ordered=ordered, start=start, items=tuple(items), line=line))
    return index + 1


def _skip_block(tokens: list[Token], index: int) -> int:
    token = tokens[index]
    if token.nesting != 1:
        return index + 1
    depth = 0
    while index < len(tokens):
        depth += tokens[index].nesting
        index += 1
        if depth == 0:
            break
    return index


def _describe(token: Token) -> str:
    names = {
        "table_open": "a table",
        "blockquote_open": "a block quote",
        "fence": "a code block",
        "code_block": "a code block",
        "hr": "a horizontal rule",
        "html_block": "raw HTML",
    }
    return names.get(token.type, f"'{token.type}'")


def _is_cjk(char: str) -> bool:
    """Whether a character is set on the ideographic grid (Han, kana, full-width)."""
    if not char:
        return False
    return unicodedata.east_asian_width(char) in ("W", "F")


def _inline(token: Token, file: Path, problems: list[Problem]) -> Inline:
    """Turn an inline token into spans; soft breaks between CJK characters vanish."""
    spans: list[Span] = []
    strong = em = link = 0
    line = token.map[0] + 1 if token.map else None

    def refuse(message: str, code: str = "markdown-unplaceable") -> None:
        problems.append(Problem(file, message, line=line, code=code))

    for child in token.children or []:
        kind = child.type
        if kind == "text" or kind == "code_inline":
            url = _NON_PRINT_URL.search(child.content)
            if url and not link:
                refuse(f"the address {url.group()[:60]!r} cannot be printed: a file, script or data address "
                       "is not for readers", "markdown-url")
            _append(spans, child.content, strong > 0, em > 0)
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "softbreak":
            before = spans[-1].text[-1:] if spans else ""
            spans_after = _peek_text(token.children or [], child)
            if not (_is_cjk(before) or _is_cjk(spans_after[:1])):
                _append(spans, " ", strong > 0, em > 0)
        elif kind == "hardbreak":
            _append(spans, "\n", strong > 0, em > 0)
        elif kind == "link_open":
            link += 1
            refuse("links cannot be printed: write the address as plain text")
        elif kind == "link_close":
            link -= 1
        elif kind == "image":
            refuse("images in the body cannot be placed: use 'image:' in the front matter")
        elif kind == "html_inline":
            refuse(f"raw HTML {child.content!r} cannot be printed")
        elif kind == "s_open":
            refuse("struck-through text cannot be printed: delete it or keep it")
        elif kind == "s_close":
            pass
        else:  # pragma: no cover - markdown-it's commonmark preset has no other kinds
            refuse(f"unsupported inline Markdown '{kind}'")
        if line is not None and kind in ("softbreak", "hardbreak"):
            line += 1
    return tuple(spans)


def _peek_text(children: list[Token], after: Token) -> str:
    seen = False
    for child in children:
        if seen and child.type == "text":
            return child.content
        if child is after:
            seen = True
    return ""


def _append(spans: list[Span], text: str, strong: bool, em: bool) -> None:
    if not text:
        return
    if spans and spans[-1].strong == strong and spans[-1].em == em:
        spans[-1] = Span(text=spans[-1].text + text, strong=strong, em=em)
    else:
        spans.append(Span(text=text, strong=strong, em=em))


def parse_inline(text: str, file: Path, problems: list[Problem]) -> Inline:
    """Parse one line of inline Markdown (``**bold**`` figures in the infographic)."""
    tokens = _MD.parseInline(text)
    return _inline(tokens[0], file, problems) if tokens else ()
