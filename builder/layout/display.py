"""Display lines: a slogan or headline sized to its room and split at the gutter.

Input: the line's parts with their character advances (measured in the
galley at :data:`~builder.layout.galley.REFERENCE_SIZE`), the room and the
layout's size range. Output: :class:`DisplayLine` — the size, the rows it
takes, where it splits for the fold, and what does not fit at the least
size (overset: left out, named, never clipped or run off the sheet).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ..text import phrases
from .galley import REFERENCE_SIZE, DisplayPart

Part = tuple[DisplayPart, str, tuple[float, ...]]  #: (part, text, advances at REFERENCE_SIZE)


@dataclass(frozen=True)
class DisplayLine:
    """A display line fitted to its room and split at the gutter."""

    size: float
    rows: int
    chars: tuple[tuple[str, DisplayPart], ...]  #: (character, part), the ones drawn
    split: int  #: index of the first character on the right page
    left_width: float
    right_width: float
    clearance: float
    part_gap_em: float
    #: the characters that do not fit at the least size (left out of the page)
    lost: str = ""
    #: how much wider than its room the whole line is at the least size, in points
    too_wide: float = 0.0

    @property
    def overset(self) -> bool:
        """Whether some of the line does not fit."""
        return bool(self.lost)


def fit_display(
    parts: list[Part],
    fill_width: float,
    half_width: float,
    size_range: tuple[float, float],
    clearance: float,
    pitch: float,
    part_gap_em: float,
    prefer_part_split: bool,
    whole: bool = False,
    line_height: float = 1.2,
    forced_split: int | None = None,
) -> DisplayLine:
    """Size a display line to ``fill_width`` and split it for the gutter.

    The split falls between two characters, so that no character sits on the
    fold: at ``forced_split`` (the editor's), else at the phrase boundary that
    best balances the halves (:func:`split_at_phrase`); each half is set
    against the gutter with ``clearance`` beside it and must fit in
    ``half_width``. With ``prefer_part_split`` (a slogan) the split falls
    between parts, and a single part that is one word stays whole (on the
    left page); with ``whole`` (one page) the line is not split. When even
    the least size leaves a half too wide, the characters that do not fit are
    left out and reported as ``lost``.
    """
    chars: list[tuple[str, DisplayPart]] = []
    advances: list[float] = []
    gaps_before: list[float] = []
    for index, (part, text, adv) in enumerate(parts):
        for position, (char, width) in enumerate(zip(text, adv)):
            chars.append((char, part))
            advances.append(width / REFERENCE_SIZE)
            gaps_before.append(part_gap_em if index and position == 0 else 0.0)
    total_em = sum(advances) + sum(gaps_before)
    low, high = size_range

    def halves(split: int) -> tuple[float, float]:
        """Widths of the two halves in em (the gap before the split is dropped)."""
        left = sum(advances[:split]) + sum(gaps_before[:split])
        right = sum(advances[split:]) + sum(gaps_before[split + 1:])
        return left, right

    part_splits = [i for i in range(1, len(chars)) if gaps_before[i]]
    if whole or len(chars) <= 1:
        split = len(chars)  # one page: the line is not split
    elif prefer_part_split and part_splits:
        split = min(part_splits, key=lambda i: abs(halves(i)[0] - halves(i)[1]))
    else:
        split = split_at_phrase(chars, halves, part_splits, forced_split, keep_whole_word=prefer_part_split)
    room = half_width - clearance
    widest_em = max(halves(split))
    size = max(low, min(high, fill_width / total_em if total_em else high))
    if widest_em:
        size = max(low, min(size, room / widest_em))
    rows = max(1, math.ceil(size * line_height / pitch))
    too_wide = widest_em * size - room
    if too_wide <= 1e-6:
        left, right = halves(split)
        return DisplayLine(size, rows, tuple(chars), split, left * size, right * size, clearance, part_gap_em)

    # Overset at the least size: each page takes the characters that fit, in
    # reading order; the rest is left out.
    kept_left = _fitting(advances, gaps_before, 0, room / size)
    kept = kept_left
    if split < len(chars):
        kept = kept_left + _fitting(advances, gaps_before, kept_left, room / size, first_gap=False)
    lost = "".join(char for char, _ in chars[kept:])
    left_em = sum(advances[:kept_left]) + sum(gaps_before[:kept_left])
    right_em = sum(advances[kept_left:kept]) + sum(gaps_before[kept_left + 1:kept])
    return DisplayLine(size, rows, tuple(chars[:kept]), kept_left, left_em * size, right_em * size, clearance,
                       part_gap_em, lost=lost, too_wide=too_wide)


def split_at_phrase(chars: list[tuple[str, str]], halves: Callable[[int], tuple[float, float]],
                    joins: list[int], forced: int | None, keep_whole_word: bool) -> int:
    """Where the line crosses the fold: at a phrase boundary, the halves balanced."""
    total = sum(halves(len(chars)))

    def share(split: int) -> float:
        return max(halves(split)) / total if total else 0.5

    text = "".join(char for char, _ in chars)
    return phrases.fold_split(text, share, joins, forced, keep_whole_word)


def _fitting(advances: list[float], gaps: list[float], start: int, room_em: float, first_gap: bool = True) -> int:
    """How many characters from ``start`` fit in ``room_em``."""
    used, count = 0.0, 0
    for index in range(start, len(advances)):
        width = advances[index] + (gaps[index] if first_gap or index > start else 0.0)
        if used + width > room_em + 1e-9:
            break
        used += width
        count += 1
    return count
