"""Phrase boundaries in Chinese display text, and where to split a line at the fold.

Input: a short text — a headline, a slogan, a subhead, a section title.
Output: for every position between two characters, how good a place it is to
break the text (:class:`Quality`), and, for a display line set across a
spread's gutter, the position that splits it where a reader would
(:func:`fold_split`).

Words come from a maintained Chinese word segmenter, ``rjieba`` (the
Rust port of jieba: the same dictionary, HMM for unknown words and
part-of-speech tag set, compiled into the package, so it works offline and
writes no cache). A break inside a word is the worst place; between words,
the part of speech on either side ranks the boundary: after a verb before
its object, or between a subject and its verb, a phrase ends; between the
nouns of one compound it does not; a one-character word, a particle or a
suffix stays with its neighbour; inside quotation marks or brackets nothing
is a good place. Punctuation and spaces are the best places of all.

The rules are heuristics on a statistical tagger; they rank, they never
forbid (the line-break rules of the composer do that).

Loading the segmenter's dictionary takes a tenth of a second, so it is
loaded only when a text's qualities are not known: the pipeline keeps them
between runs (:func:`keep_in`), and a second render of the same display text
does not load it at all.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from enum import IntEnum
from types import ModuleType
from typing import Protocol


class Quality(IntEnum):
    """How good a place a position between two characters is for a break."""

    NEVER = -1  #: after an opening mark, before a closing mark or a stop
    INSIDE = 0  #: inside a word
    QUOTED = 1  #: between words inside quotation marks or brackets
    BOUND = 2  #: beside a one-character word, a particle, a suffix; a number and its measure
    WORD = 3  #: between the words of one phrase (a compound, a modifier and its noun)
    PHRASE = 4  #: between phrases: a verb and its object, a subject and its verb, at a conjunction
    PAUSE = 5  #: after punctuation, at a space


#: Part-of-speech tags (jieba's set) of verbs that end a phrase before their object.
VERBS = frozenset({"v", "vd", "vg", "vi", "vq"})
#: Tags of words that start a predicate: verbs, adverbs, prepositions, conjunctions.
PREDICATE = VERBS | {"d", "ad", "p", "c"}
#: Tags of words bound to the word after them (prefixes, prepositions).
BOUND_BEFORE = frozenset({"h", "p"})
#: Tags of words bound to the word before them (particles, suffixes, modal words).
BOUND_AFTER = frozenset({"k", "u", "uj", "ul", "uv", "uz", "ug", "ud", "y", "e"})

#: Marks after which a line may not break (opening) and before which it may not (closing, stops).
_STOPS = frozenset("，。、；：！？，．…—")


def _opening(char: str) -> bool:
    return unicodedata.category(char) in ("Ps", "Pi")


def _closing(char: str) -> bool:
    return unicodedata.category(char) in ("Pe", "Pf") or char in _STOPS


def _mark(word: str) -> bool:
    return all(unicodedata.category(c)[0] in "PZ" or c.isspace() for c in word)


class Store(Protocol):
    """Where qualities worked out before are kept (the pipeline's: on disk, beside the galley)."""

    def get(self, text: str) -> tuple[int, ...] | None:
        """The qualities kept for ``text``, if any."""

    def put(self, text: str, found: tuple[int, ...]) -> None:
        """Keep the qualities of ``text``."""


_STORE: Store | None = None


def keep_in(store: Store | None) -> None:
    """Look qualities up in ``store`` from now on, and keep the new ones there (None: work each out)."""
    global _STORE
    _STORE = store


@functools.cache
def _segmenter() -> ModuleType:
    import rjieba  # loads its dictionary: only when a text must be segmented

    return rjieba


@functools.lru_cache(maxsize=4096)
def qualities(text: str) -> tuple[Quality, ...]:
    """The quality of a break before ``text[p]``, for ``p`` in ``0 .. len(text)``.

    Both ends are :attr:`Quality.PAUSE` (a break there is no break at all).
    """
    store = _STORE
    if store is not None:
        kept = store.get(text)
        if kept is not None and len(kept) == len(text) + 1 and all(
                Quality.NEVER <= value <= Quality.PAUSE for value in kept):
            return tuple(Quality(value) for value in kept)
    found = _qualities(text)
    if store is not None:
        store.put(text, tuple(int(value) for value in found))
    return found


def _qualities(text: str) -> tuple[Quality, ...]:
    n = len(text)
    out = [Quality.INSIDE] * (n + 1)
    out[0] = out[n] = Quality.PAUSE
    words = [(word, tag) for word, tag in _segmenter().tag(text) if word]
    position, depth = 0, 0
    for index, (word, tag) in enumerate(words):
        end = position = position + len(word)
        for char in word:
            if _opening(char) and not _closing(char):
                depth += 1
            elif _closing(char) and char not in _STOPS:
                depth = max(0, depth - 1)
        if index + 1 == len(words) or end >= n:
            break
        following, next_tag = words[index + 1]
        out[end] = _between(word, tag, following, next_tag, depth, text[end - 1], text[end])
    return tuple(out)


def _between(word: str, tag: str, following: str, next_tag: str, depth: int, before: str,
             after: str) -> Quality:
    """The quality of the boundary between two words (``before``/``after``: the characters at it)."""
    if _opening(before) or _closing(after) and not _opening(after):
        return Quality.NEVER
    if _mark(word) or _mark(following):
        return Quality.PAUSE
    if depth:
        return Quality.QUOTED
    if len(word) == 1 or len(following) == 1 or tag in BOUND_BEFORE or next_tag in BOUND_AFTER:
        return Quality.BOUND
    if tag == "m" and next_tag in ("m", "q"):
        return Quality.BOUND
    if tag in VERBS and next_tag not in VERBS:
        return Quality.PHRASE  # 打造 | 中国式现代化
    if next_tag in PREDICATE and tag not in PREDICATE:
        return Quality.PHRASE  # 数字经济 | 打开
    if "c" in (tag, next_tag):
        return Quality.PHRASE
    return Quality.WORD


#: How much a phrase boundary is worth against balance when a display line is
#: split at the fold: one step of :class:`Quality` buys this much of the
#: line's width moved from the shorter half to the longer (0.1: a phrase
#: boundary beats a word boundary that balances the halves 10 % better).
BALANCE_PER_QUALITY = 0.1


def fold_split(text: str, share: Callable[[int], float], joins: Iterable[int] = (),
               forced: int | None = None, keep_whole_word: bool = False) -> int:
    """Where a display line crosses the fold: the index of its first character on the right.

    ``share(p)`` is the longer half's share of the line's width when the line
    splits before ``text[p]`` (0.5 is balanced). ``joins`` are positions where
    parts of the line meet (a gap is set there: as good as punctuation).
    ``forced`` is the editor's break, taken as it is. Otherwise the best
    phrase boundary wins, traded against balance at
    :data:`BALANCE_PER_QUALITY`. With ``keep_whole_word``, a text with no
    boundary between words returns ``len(text)`` (not split) rather than
    splitting a word.
    """
    n = len(text)
    if forced is not None and 0 < forced < n:
        return forced
    if n < 2:
        return n
    quality = list(qualities(text))
    for p in joins:
        if 0 < p < n:
            quality[p] = Quality.PAUSE
    positions = range(1, n)
    best_quality = max(quality[p] for p in positions)
    if best_quality <= Quality.INSIDE:
        if keep_whole_word:
            return n
        usable = list(positions)  # one word: split it where it balances
    else:
        usable = [p for p in positions if quality[p] > Quality.INSIDE]

    def score(p: int) -> tuple[float, float]:
        balance = share(p) - 0.5
        return (quality[p] * BALANCE_PER_QUALITY - balance, -balance)

    return max(usable, key=score)


def words(text: str) -> list[str]:
    """The text cut into words (for messages and tests)."""
    return [word for word in _segmenter().cut(text) if word]
