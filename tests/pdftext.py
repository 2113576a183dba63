"""Where a PDF draws its characters: read with pdfplumber, mapped to the plan's frames.

For tests that assert on what prints: no character outside the trim, none
drawn over another, every source text drawn inside its own frame.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass

import pdfplumber

from builder.layout.plan import Frame, Plan
from builder.layout.sheets import Sheet

#: Marks the Chinese composer may set half-width: their ink is in one half of the em.
CLOSING = set("、，。：；！？）」』】》〉”’")
OPENING = set("（「『【《〈“‘")

#: A glyph's box may overhang its frame by this much (pt): side bearings, rounding.
OVERHANG = 1.0

#: The ideographic em box, which holds a Han glyph's ink: from this share of
#: the size above the baseline to the rest below it. (pdfplumber's own top and
#: bottom come from the font's descender, which in CJK fonts reaches far lower.)
EM_ABOVE_BASELINE = 0.88


@dataclass(frozen=True)
class Glyph:
    """A drawn character in spread coordinates (points from the trim's top-left)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    sheet: int

    @property
    def ink(self) -> tuple[float, float]:
        """Left and right of the glyph's ink: one half of the em for a compressible mark."""
        if self.text in CLOSING:
            return self.x0, (self.x0 + self.x1) / 2
        if self.text in OPENING:
            return (self.x0 + self.x1) / 2, self.x1
        return self.x0, self.x1

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


def glyphs(pdf: bytes, sheets: tuple[Sheet, ...]) -> list[Glyph]:
    """Every non-blank character of the PDF, in spread coordinates, in drawing order."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for index, (page, sheet) in enumerate(zip(document.pages, sheets)):
            edge = sheet.bleed + sheet.slug
            for char in page.chars:
                if not char["text"].strip():
                    continue
                baseline = page.height - char["matrix"][5] - edge
                size = char["size"]
                found.append(Glyph(char["text"], char["x0"] - edge + sheet.offset, char["x1"] - edge + sheet.offset,
                                   baseline - EM_ABOVE_BASELINE * size, baseline + (1 - EM_ABOVE_BASELINE) * size,
                                   size, index))
    return found


def on_sheet_slug(glyph: Glyph, sheets: tuple[Sheet, ...]) -> bool:
    """Whether a glyph is the slug line's (the job's name under the bleed, outside the trim by design)."""
    return glyph.top > sheets[glyph.sheet].trim_height + sheets[glyph.sheet].bleed


def outside_trim(found: list[Glyph], plan: Plan, sheets: tuple[Sheet, ...]) -> list[Glyph]:
    """Glyphs not wholly inside the trim of the page they are on."""
    width, height = plan.grid.page_width * plan.grid.pages, plan.grid.page_height
    out = []
    for glyph in found:
        if on_sheet_slug(glyph, sheets):
            continue
        if glyph.x0 < -0.5 or glyph.x1 > width + 0.5 or glyph.top < -0.5 or glyph.bottom > height + 0.5:
            out.append(glyph)
    return out


def frame_of(glyph: Glyph, plan: Plan) -> Frame | None:
    """The frame whose box holds the glyph's centre."""
    x, y = glyph.centre
    for frame in plan.frames:
        if frame.x - 0.5 <= x <= frame.right + 0.5 and frame.y - 0.5 <= y <= frame.bottom + 0.5:
            return frame
    return None


def outside_frames(found: list[Glyph], plan: Plan, sheets: tuple[Sheet, ...]) -> list[Glyph]:
    """Glyphs not inside a frame of the plan (their box overhanging it by more than :data:`OVERHANG`)."""
    out = []
    for glyph in found:
        if on_sheet_slug(glyph, sheets):
            continue
        frame = frame_of(glyph, plan)
        left, right = glyph.ink
        if frame is None or left < frame.x - OVERHANG or right > frame.right + OVERHANG \
                or glyph.top < frame.y - OVERHANG or glyph.bottom > frame.bottom + OVERHANG:
            out.append(glyph)
    return out


def overprinted(found: list[Glyph], share: float = 0.3) -> list[tuple[Glyph, Glyph]]:
    """Pairs of glyphs whose ink boxes overlap by more than ``share`` of the smaller, both ways."""
    buckets: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    cell = 40.0
    for index, glyph in enumerate(found):
        left, right = glyph.ink
        for bx in range(int(left // cell), int(right // cell) + 1):
            for by in range(int(glyph.top // cell), int(glyph.bottom // cell) + 1):
                buckets[(glyph.sheet, bx, by)].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for a, i in enumerate(members):
            for j in members[a + 1:]:
                p, q = found[i], found[j]
                (pl, pr), (ql, qr) = p.ink, q.ink
                w = min(pr, qr) - max(pl, ql)
                h = min(p.bottom, q.bottom) - max(p.top, q.top)
                if w > share * min(pr - pl, qr - ql) and h > share * min(p.bottom - p.top, q.bottom - q.top):
                    pairs.add((i, j))
    return [(found[i], found[j]) for i, j in sorted(pairs)]


def text_by_frame(found: list[Glyph], plan: Plan) -> dict[str, str]:
    """The characters drawn inside each frame, in drawing order, by frame name."""
    texts: dict[str, list[str]] = defaultdict(list)
    for glyph in found:
        frame = frame_of(glyph, plan)
        if frame is not None:
            texts[frame.name].append(glyph.text)
    return {name: "".join(chars) for name, chars in texts.items()}
