"""Look for a marker in everything a run leaves: PDF bytes, inflated streams, extracted text."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from pypdf import PdfReader

_STREAM = re.compile(rb"stream\r?\n")


def inflated_streams(data: bytes) -> list[bytes]:
    """Every stream of a PDF that inflates (FlateDecode), decompressed."""
    streams = []
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        try:
            streams.append(zlib.decompressobj().decompress(data[match.end():end]))
        except zlib.error:
            continue
    return streams


def pdf_leaks(path: Path, marker: str) -> list[str]:
    """Where ``marker`` shows in the PDF at ``path``: raw bytes, a stream, the text."""
    data = path.read_bytes()
    needles = (marker.encode(), marker.encode("utf-16-be"))
    found = []
    if any(needle in data for needle in needles):
        found.append("raw bytes")
    if any(needle in stream for stream in inflated_streams(data) for needle in needles):
        found.append("an inflated stream")
    if data.startswith(b"%PDF") and len(data) > 100:
        text = "".join(page.extract_text() or "" for page in PdfReader(path).pages)
        if marker in text:
            found.append("the extracted text")
    return found
