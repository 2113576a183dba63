"""The composed HTML as one self-contained file that any engine can print.

Input: a build's composed HTML (UTF-8, with ``<meta charset="utf-8">``; its
images and font files are ``file:`` URLs) and the folders the typesetter may
read. Output: the same HTML with every ``file:`` URL replaced by a ``data:``
URL of the file's bytes, read under the rule every render read follows
(:mod:`builder.files`: inside the project, toolkit or cache folders, or one
font file named on the command line; regular files; capped sizes). What the
file then holds is all it needs: a template author opens it in a browser, a
benchmark prints it with Chromium, and neither sees the project's folders.

The CSS is the layout's print CSS as composed: page size, bleed and crop
marks come with it. What WeasyPrint alone does (the Chinese composer of
:mod:`builder.typeset.cjk`: punctuation compression, line-edge rules) is not
in the HTML, so another engine breaks the lines its own way.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import files
from .errors import LayoutError, Problem
from .fonts import FONT_SUFFIXES

#: A ``file:`` URL as compose writes them (``Path.as_uri()``: percent-encoded, so no quote or space inside).
_FILE_URL = re.compile(r"file://[^\"')\s<>]+")

_TYPES = {".otf": "font/otf", ".ttf": "font/ttf", ".ttc": "font/collection", ".woff": "font/woff",
          ".woff2": "font/woff2"}


def _data_url(url: str, roots: tuple[Path, ...], allowed_files: tuple[Path, ...]) -> str:
    path = Path(os.path.abspath(unquote(urlsplit(url).path)))
    root = next((root for root in roots if path.is_relative_to(os.path.abspath(root))), None)
    if root is None and path in {Path(os.path.abspath(f)) for f in allowed_files}:
        root = path.parent
    if root is None:
        raise LayoutError(Problem(None, f"the HTML refers to {path}, outside the project and toolkit folders",
                                  code="file-outside"))
    suffix = path.suffix.lower()
    kind = files.FONT if suffix in FONT_SUFFIXES else files.IMAGE
    try:
        data = files.read_bytes(path, root, kind)
    except files.FileRefused as refused:
        raise LayoutError(refused.problems[0]) from None
    media = _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


def standalone_html(html: str, roots: tuple[Path, ...], allowed_files: tuple[Path, ...] = ()) -> str:
    """``html`` with each ``file:`` URL inlined as a ``data:`` URL (each file read once)."""
    inlined: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        url = match.group(0)
        if url not in inlined:
            inlined[url] = _data_url(url, roots, allowed_files)
        return inlined[url]

    return _FILE_URL.sub(swap, html)
