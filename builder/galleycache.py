"""The galley cache: a block measured once is not measured again, in this process or the next.

Input: the document that sets one galley block alone (or one display line)
and what else its measurement depends on. Output: the measurement, if it was
made before — a block's height in points, or a display line's character
advances — from memory or from the disk cache (``.cache/broadsheet/galley``,
see :mod:`builder.cache`).

An entry's key is a digest of everything the measurement depends on:

- the document that sets the block alone — its content as composed, its
  width, the layout's style sheet and the font set's families and
  ``@font-face`` rules (so a font set, a setting of the layout, a template or
  one word changed is another key);
- the font files the set names, by path, size and time;
- the Chinese composer's settings;
- the toolkit's version: Broadsheet's and WeasyPrint's, and a digest of the
  code that sets text (``builder/typeset``, ``builder/text``), so a change to
  the composer measures everything anew.

A stale entry is thus never read; an old one is only disk space, and
deleting the folder only costs time. The cache counts what it found and what
had to be measured (:class:`Counters`), which the tests and the benchmark
read.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .project import PACKAGE_ROOT

#: Entries kept in memory (a spread's galley has a few dozen; a warm server keeps many editions').
MEMORY_ENTRIES = 20_000

Measurement = float | tuple[float, ...]


@dataclass
class Counters:
    """What the cache answered since it was made (or :meth:`GalleyCache.reset_counters`)."""

    #: blocks and display lines typeset to be measured
    measured: int = 0
    #: found in memory
    memory: int = 0
    #: found on disk
    disk: int = 0


@functools.cache
def toolkit_version() -> str:
    """Broadsheet's and WeasyPrint's versions and a digest of the text-setting code."""
    digest = hashlib.sha256()
    for folder in ("typeset", "text"):
        for path in sorted((PACKAGE_ROOT / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    versions = []
    for name in ("broadsheet", "weasyprint"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} ?")
    return "; ".join(versions) + f"; code {digest.hexdigest()[:16]}"


def file_stamps(paths: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Each file's path, size and modification time (-1 where it cannot be read)."""
    stamps = []
    for path in paths:
        try:
            status = os.stat(path)
            stamps.append((str(path), status.st_size, status.st_mtime_ns))
        except OSError:
            stamps.append((str(path), -1, -1))
    return tuple(stamps)


def entry_key(document: str, context: str) -> str:
    """The key of one block's measurement: ``document`` sets it alone, ``context`` is the rest it depends on."""
    digest = hashlib.sha256()
    digest.update(toolkit_version().encode())
    digest.update(b"\0" + context.encode("utf-8") + b"\0")
    digest.update(document.encode("utf-8"))
    return digest.hexdigest()


def _valid(value: object) -> Measurement | None:
    """A measurement read from disk, if it is one (a cache file may have been tampered with)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0:
        return float(value)
    if isinstance(value, list) and len(value) <= 10_000 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        return tuple(float(v) for v in value)
    return None


class GalleyCache:
    """Measurements by key: in memory (least recently used dropped first) and, when given a folder, on disk."""

    def __init__(self, memory_entries: int = MEMORY_ENTRIES) -> None:
        self._memory: OrderedDict[str, Measurement] = OrderedDict()
        self._limit = memory_entries
        self.counters = Counters()

    def reset_counters(self) -> Counters:
        """The counters so far, and zero from now."""
        counters, self.counters = self.counters, Counters()
        return counters

    def clear_memory(self) -> None:
        """Forget what is in memory (the disk cache stays)."""
        self._memory.clear()

    def get(self, key: str, folder: Path | None) -> Measurement | None:
        """The measurement under ``key``, from memory or ``folder``; None (not counted) if there is none."""
        found = self._memory.get(key)
        if found is not None:
            self._memory.move_to_end(key)
            self.counters.memory += 1
            return found
        if folder is None:
            return None
        try:
            with open(self._path(folder, key), encoding="utf-8") as file:
                found = _valid(json.load(file))
        except (OSError, ValueError):
            return None
        if found is None:
            return None
        self._remember(key, found)
        self.counters.disk += 1
        return found

    def put(self, key: str, value: Measurement, folder: Path | None) -> None:
        """Keep a measurement just made (``counters.measured`` counts it) in memory and in ``folder``."""
        self.counters.measured += 1
        self._remember(key, value)
        if folder is None:
            return
        path = self._path(folder, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(value if isinstance(value, float) else list(value), file)
            os.replace(temp, path)
        except OSError:
            pass  # a cache that cannot be written costs time, not the render

    def _remember(self, key: str, value: Measurement) -> None:
        self._memory[key] = value
        self._memory.move_to_end(key)
        while len(self._memory) > self._limit:
            self._memory.popitem(last=False)

    @staticmethod
    def _path(folder: Path, key: str) -> Path:
        return folder / key[:2] / f"{key}.json"


#: The process's cache: every build in one process (the preview server, a bench, an edition worker) shares it.
GALLEY_CACHE = GalleyCache()
#: The phrase qualities of display text, kept like the galley's measurements (their own counters).
PHRASE_CACHE = GalleyCache()


@functools.cache
def segmenter_version() -> str:
    """The word segmenter's version (its dictionary comes with it)."""
    try:
        return f"rjieba {metadata.version('rjieba')}"
    except metadata.PackageNotFoundError:
        return "rjieba ?"


class PhraseStore:
    """Where :mod:`builder.text.phrases` keeps the qualities it worked out: :data:`PHRASE_CACHE` and ``folder``.

    The key is the text, the segmenter's version and the toolkit's (which
    digests the phrase rules' code), so a second render of the same display
    text does not load the segmenter's dictionary.
    """

    def __init__(self, folder: Path | None, cache: GalleyCache = PHRASE_CACHE) -> None:
        self.folder, self.cache = folder, cache

    def get(self, text: str) -> tuple[int, ...] | None:
        """The qualities kept for ``text`` (whole numbers), if any."""
        found = self.cache.get(self._key(text), self.folder)
        if not isinstance(found, tuple) or not all(value == int(value) for value in found):
            return None
        return tuple(int(value) for value in found)

    def put(self, text: str, found: tuple[int, ...]) -> None:
        """Keep the qualities of ``text``."""
        self.cache.put(self._key(text), tuple(float(value) for value in found), self.folder)

    @staticmethod
    def _key(text: str) -> str:
        return entry_key(text, f"phrase qualities; {segmenter_version()}")
