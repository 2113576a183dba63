"""A font's file read into memory only when a PDF needs all of it (WeasyPrint 70.0's ``pdf.fonts.Font``).

Input: nothing; importing this module installs the change. Output: the same
PDF, with a smaller peak. WeasyPrint makes a ``Font`` for every face a
document draws with, and its constructor copies the face's whole file into
``Font.file_content``: a Noto CJK collection is 20–27 MB, the sample's seven
faces 146 MB, all alive until the PDF is written — and reading them pages in
as much again of the mapped files. With HarfBuzz subsetting (what ``make``
installs) the PDF needs only the subset, which HarfBuzz makes from the face
itself. Here ``file_content`` is read from the face the first time something
asks for it (a font not subset, a variable or colour font, the fontTools
fallback) — which is when WeasyPrint would have used the copy — and the
subset HarfBuzz makes is stored over it as before.
"""

from __future__ import annotations

import threading
from typing import Any

from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import harfbuzz
from weasyprint.text.fonts import get_hb_object_data

#: Set while WeasyPrint's ``Font.__init__`` runs in this thread: its read of the whole face is put off.
_constructing = threading.local()
#: What ``Font.__init__`` gets instead of the face's bytes.
_LATER = object()


class _FileContent:
    """``Font.file_content``: the face's file, read from the HarfBuzz face when first asked for."""

    def __get__(self, font: Any, owner: type | None = None) -> Any:
        if font is None:
            return self
        data = font.__dict__.get("file_content")
        if data is None:
            data = font.__dict__["file_content"] = get_hb_object_data(font.hb_face)
        return data

    def __set__(self, font: Any, value: Any) -> None:
        font.__dict__["file_content"] = None if value is _LATER else value


def _object_data(hb_object: Any, ot_color: str | None = None, glyph: Any = None) -> Any:
    """``get_hb_object_data`` as ``weasyprint.pdf.fonts`` calls it: a face's bytes put off inside ``Font()``."""
    if ot_color is None and getattr(_constructing, "active", False):
        return _LATER
    return get_hb_object_data(hb_object, ot_color, glyph)


_INIT = pdf_fonts.Font.__init__


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    _constructing.active = True
    try:
        _INIT(self, *args, **kwargs)
    finally:
        _constructing.active = False


def face_size(font: Any) -> int:
    """The size in bytes of a ``Font``'s whole file, without reading it."""
    blob = harfbuzz.hb_face_reference_blob(font.hb_face)
    try:
        return harfbuzz.hb_blob_get_length(blob)
    finally:
        harfbuzz.hb_blob_destroy(blob)


pdf_fonts.Font.__init__ = _init
pdf_fonts.Font.file_content = _FileContent()
pdf_fonts.get_hb_object_data = _object_data
