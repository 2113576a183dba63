"""Typeset composed HTML with WeasyPrint: the only code that imports it.

Input: composed HTML and the folders it may read. Output: a laid-out
:class:`weasyprint.Document` (:func:`render`), measurements of a galley
(:func:`measure`), and the PDF bytes with the boxes a printer needs
(:func:`write_pdf`). Rendering and writing are separate, so checks and
previews inspect the very pages the PDF is written from. A long-lived process
(the preview server) lays out again and again inside :func:`keep_warm`, which
keeps the font configuration and the decoded images between renders.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
import warnings
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydyf
from weasyprint import HTML, Document
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import ffi, harfbuzz
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from ..errors import LayoutError, Problem
from ..job import CJKSettings
from ..layout.galley import DisplayPart, Galley, GalleyRef
from ..layout.sheets import Sheet
from ..units import PX
from . import cjk
from .fetcher import ConfinedURLFetcher
from .fontdata import face_size
from .laidout import attribute, element_boxes, walk

LOGGER = logging.getLogger("broadsheet")


@contextmanager
def _collected_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings about the HTML and CSS, kept for the caller.

    Python warnings raised on the way (Pillow's, while WeasyPrint decodes the
    images) are kept with them rather than printed with library paths.
    """
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collector()
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(str(warning.message) for warning in caught)
    finally:
        logger.removeHandler(handler)


#: Font subsets a warm process keeps (each a few hundred kB: a CJK font's used glyphs).
SUBSETS_KEPT = 64


@dataclass
class Warm:
    """What renders in one process may share: WeasyPrint's font configuration
    (Pango's font map and its loaded faces), its cache of decoded images, and
    the font subsets written into PDFs (keyed by font and glyph set: an edit
    that brings no new character reuses every subset)."""

    font_config: FontConfiguration = field(default_factory=FontConfiguration)
    images: dict[str, Any] = field(default_factory=dict)
    subsets: dict[str, bytes] = field(default_factory=dict)

    def forget_images(self) -> None:
        """Drop the decoded images (a file under an image's URL changed)."""
        self.images.clear()


_WARM: Warm | None = None
#: Where :func:`write_pdf` keeps font subsets on disk while it runs (None: not on disk).
_SUBSET_FOLDER: Path | None = None

#: One font configuration per set of font files, for the whole process (see :func:`font_configuration`).
_FONT_CONFIGS: dict[tuple[tuple[str, int, int], ...], FontConfiguration] = {}


def font_configuration(font_files: tuple[Path, ...] = ()) -> FontConfiguration:
    """WeasyPrint's font configuration for renders with these font files: made once per process.

    Making one loads Fontconfig's configuration and every system font's
    pattern, and Pango then loads the faces it uses: a galley, the pages and
    each re-plan pass of one build, and every build after it in the process,
    share them. A font file changed on disk (its size or time) gets a new one.
    Inside :func:`keep_warm` the warm configuration is used.
    """
    if _WARM is not None:
        return _WARM.font_config
    key = tuple(_stamp(path) for path in font_files)
    config = _FONT_CONFIGS.get(key)
    if config is None:
        config = _FONT_CONFIGS[key] = FontConfiguration()
    return config


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        status = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), status.st_mtime_ns, status.st_size)


def _kept_subset(font: pdf_fonts.Font, to_unicode: dict[int, Any], hinting: bool) -> None:
    """``Font.subset`` (WeasyPrint 70.0), but reusing a subset of the same font and glyphs made before.

    Kept in the warm process's memory (:func:`keep_warm`) and, while
    :func:`write_pdf` is given a folder, on disk: a second render of unchanged
    text subsets nothing anew.
    """
    warm, folder = _WARM, _SUBSET_FOLDER
    if (warm is None and folder is None) or not to_unicode:
        _SUBSET(font, to_unicode, hinting)
        return
    size = face_size(font)
    key = _subset_key(font, size, _face_ends(font, size), to_unicode, hinting)
    kept = warm.subsets.get(key) if warm is not None else None
    if kept is None and folder is not None:
        kept = _read_subset(folder, key)
    if kept is None:
        _SUBSET(font, to_unicode, hinting)
        kept = font.file_content
        if len(kept) == size:
            return  # WeasyPrint could not subset it (and said so): the whole font goes in, nothing is kept
        if folder is not None:
            _write_subset(folder, key, kept)
    if warm is not None:
        if key not in warm.subsets and len(warm.subsets) >= SUBSETS_KEPT:
            warm.subsets.pop(next(iter(warm.subsets)))
        warm.subsets[key] = kept
    font.file_content = kept


#: How much of each end of a font file identifies it: the table directory at its start holds every
#: table's checksum (a TrueType collection's directories are all there too).
_FINGERPRINT = 1 << 16


def _face_ends(font: pdf_fonts.Font, size: int) -> bytes:
    """The first and last bytes of a font's file, read from HarfBuzz's face (the rest is not copied)."""
    if size <= 0:
        return b""
    blob = harfbuzz.hb_face_reference_blob(font.hb_face)
    try:
        data = ffi.buffer(harfbuzz.hb_blob_get_data(blob, ffi.NULL), size)
        return data[:_FINGERPRINT] + data[max(0, size - _FINGERPRINT):]
    finally:
        harfbuzz.hb_blob_destroy(blob)


def _subset_key(font: pdf_fonts.Font, size: int, ends: bytes, to_unicode: dict[int, Any], hinting: bool) -> str:
    """A digest of what a subset is made from: the font (its size and ends), the face, the glyphs, the options."""
    digest = hashlib.sha256(repr((_subsetter_version(), font.index, size, bool(hinting),
                                  bool(font.missing))).encode())
    digest.update(ends)
    digest.update(array("I", sorted(to_unicode)).tobytes())
    return digest.hexdigest()


@functools.cache
def _subsetter_version() -> str:
    """WeasyPrint's version and HarfBuzz's (which WeasyPrint's bindings tell only as ``hb_version_atleast``)."""
    from weasyprint import __version__
    from weasyprint.text.ffi import harfbuzz

    version = [0, 0, 0]
    for place in range(3):
        while version[place] < 1000:
            version[place] += 1
            if not harfbuzz.hb_version_atleast(*version):
                version[place] -= 1
                break
    return f"weasyprint {__version__}, harfbuzz {'.'.join(map(str, version))}"


#: Font subsets kept on disk (each 0.1–1 MB; a render of the sample makes 7); the least recently used go first.
SUBSETS_ON_DISK = 256


def _read_subset(folder: Path, key: str) -> bytes | None:
    path = folder / key[:2] / key
    try:
        data = path.read_bytes()
        os.utime(path)  # used: the last to go
    except OSError:
        return None
    return data if data[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true") else None


def _write_subset(folder: Path, key: str, data: bytes) -> None:
    path = folder / key[:2] / key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, path)
        kept = [entry for entry in folder.glob("*/*") if not entry.name.startswith(".")]
        if len(kept) > SUBSETS_ON_DISK:
            kept.sort(key=lambda entry: entry.stat().st_mtime_ns)
            for entry in kept[:len(kept) - SUBSETS_ON_DISK]:
                entry.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written costs time, not the PDF


_SUBSET = pdf_fonts.Font.subset


@contextmanager
def keep_warm(warm: Warm) -> Iterator[Warm]:
    """Renders and PDFs inside this block share ``warm`` instead of starting cold."""
    global _WARM
    previous, _WARM = _WARM, warm
    try:
        with _subsets_kept():
            yield warm
    finally:
        _WARM = previous


@contextmanager
def _subsets_kept(folder: Path | None = None) -> Iterator[None]:
    """WeasyPrint subsets fonts through :func:`_kept_subset` inside this block (``folder``: on disk too)."""
    global _SUBSET_FOLDER
    previous, _SUBSET_FOLDER = _SUBSET_FOLDER, folder if folder is not None else _SUBSET_FOLDER
    method, pdf_fonts.Font.subset = pdf_fonts.Font.subset, _kept_subset
    try:
        yield
    finally:
        _SUBSET_FOLDER, pdf_fonts.Font.subset = previous, method


def render(html: str, roots: tuple[Path, ...], chinese: CJKSettings | None = CJKSettings(),
           allowed_files: tuple[Path, ...] = ()) -> Document:
    """Lay out ``html``; files are read only from below ``roots``, and the ``allowed_files`` named.

    ``chinese`` sets Chinese paragraphs with the composer of
    :mod:`builder.typeset.cjk`; None leaves them to WeasyPrint alone.
    """
    fetcher = ConfinedURLFetcher(roots, allowed_files)
    warm = _WARM
    with _collected_warnings() as warnings, cjk.active(chinese):
        try:
            document = HTML(string=html, base_url=str(roots[0]) + "/", url_fetcher=fetcher,
                            encoding="utf-8").render(font_config=font_configuration(allowed_files),
                                                     cache=warm.images if warm else None)
        except FatalURLFetchingError as error:
            raise LayoutError(Problem(None, str(error.__cause__ or error))) from None
    for message in warnings:
        LOGGER.debug("weasyprint: %s", message)
    document.broadsheet_warnings = warnings  # type: ignore[attr-defined]
    return document


def measure(html: str, roots: tuple[Path, ...], blocks: Iterable[GalleyRef], lines: Iterable[DisplayPart],
            chinese: CJKSettings | None = CJKSettings(), allowed_files: tuple[Path, ...] = ()) -> Galley:
    """Lay out a galley and read the height of each block and the advances of each display line's characters.

    A block or line the HTML does not hold is left out (the rules then
    report the galley's lack, naming it).
    """
    document = render(html, roots, chinese, allowed_files)
    found = element_boxes(document, "galley--")
    heights = {ref: found[ref.dom_id][0][1].margin_height() * PX for ref in blocks if ref.dom_id in found}
    advances: dict[DisplayPart, tuple[float, ...]] = {}
    for part in lines:
        if part.dom_id in found:
            box = found[part.dom_id][0][1]
            spans = [b for b in walk(box) if isinstance(b, boxes.InlineBox)
                     and "galley-char" in (attribute(b, "class") or "").split()]
            advances[part] = tuple(b.margin_width() * PX for b in spans)
    return Galley(heights=heights, advances=advances)


@dataclass(frozen=True)
class FontInfo:
    """A font as the PDF carries it."""

    name: str
    embedded: bool
    subset: bool


def write_pdf(document: Document, sheets: tuple[Sheet, ...], fonts: list[FontInfo] | None = None,
              page_hashes: list[str] | None = None, subsets: Path | None = None) -> bytes:
    """The PDF of a rendered document, with TrimBox and BleedBox per page.

    Each PDF page is one sheet: the trim, the bleed around it, and the slug
    with crop marks around that. MediaBox is the sheet; BleedBox and TrimBox
    are set from the layout's bleed, which is what imposition software reads.
    When ``fonts`` is a list, the fonts the PDF carries are appended to it;
    when ``page_hashes`` is, a digest of what each page draws (see
    :func:`_page_digest`), so that a preview redraws only pages that changed.
    ``subsets``: a folder where the font subsets are kept between runs
    (:func:`_kept_subset`).
    """

    def finisher(_document: Document, pdf: pydyf.PDF) -> None:
        if fonts is not None:
            for obj in pdf.objects:
                if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/FontDescriptor":
                    name = str(obj.get("FontName", "")).lstrip("/")
                    embedded = any(key in obj for key in ("FontFile", "FontFile2", "FontFile3"))
                    fonts.append(FontInfo(name, embedded, len(name) > 7 and name[6] == "+"))
        pages = [obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page"]
        if page_hashes is not None:
            page_hashes.extend(_page_digest(pdf, page) for page in pages)
        for page, sheet in zip(pages, sheets):
            left, top, right, bottom = sheet.trim_box
            height = sheet.height
            page["TrimBox"] = pydyf.Array([left, height - bottom, right, height - top])
            left, top, right, bottom = sheet.bleed_box
            page["BleedBox"] = pydyf.Array([left, height - bottom, right, height - top])

    with _subsets_kept(subsets):
        return document.write_pdf(finisher=finisher)


def _page_digest(pdf: pydyf.PDF, page: pydyf.Dictionary) -> str:
    """A digest of what one PDF page draws: its content stream and what it paints.

    WeasyPrint writes the same operators for the same boxes, names fonts by
    their description and keeps glyph ids when subsetting, so a page whose
    boxes did not change keeps its digest when another page changes. Form
    XObjects the page paints (``/name Do``) are hashed with it; an image by
    its name (a hash of its URL) and size, not its data, which WeasyPrint
    re-encodes differently each time: a caller that sees an image file
    change must redraw every page.
    """
    digest = hashlib.sha1()
    seen: set[int] = set()

    def resolve(value: object) -> object:
        text = value.decode() if isinstance(value, bytes) else value
        if isinstance(text, str) and text.endswith(" R") and text.split()[0].isdigit():
            return pdf.objects[int(text.split()[0])]
        return value

    def feed(stream: object, resources: object) -> None:
        if not isinstance(stream, pydyf.Stream) or id(stream) in seen:
            return
        seen.add(id(stream))
        if isinstance(stream.extra, dict) and stream.extra.get("Subtype") == "/Image":
            digest.update(repr(sorted((k, str(v)) for k, v in stream.extra.items() if k != "Length")).encode())
            return
        painted = []
        for part in stream.stream:
            data = part if isinstance(part, bytes) else str(part).encode()
            digest.update(data)
            if data.endswith(b" Do"):
                painted.append(data[1:-3].decode())
        own = resolve(stream.extra.get("Resources")) if isinstance(stream.extra, dict) else None
        scope = own if isinstance(own, dict) else resources
        xobjects = resolve(scope.get("XObject")) if isinstance(scope, dict) else None
        for name in painted:
            child = resolve(xobjects.get(name)) if isinstance(xobjects, dict) else None
            feed(child, scope)

    feed(resolve(page["Contents"]), resolve(page.get("Resources")))
    return digest.hexdigest()
