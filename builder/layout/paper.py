"""Paper presets: the trim sizes a layout can be set on.

Input: a preset name. Output: :class:`Paper` (trim width and height in mm,
and how many grid columns a page of that size carries). The registry is open:
:func:`register` adds a preset.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """A trim size (one page) and its customary column count."""

    name: str
    width_mm: float
    height_mm: float
    columns: int
    description: str = ""


PAPERS: dict[str, Paper] = {}


def register(paper: Paper) -> Paper:
    """Add a paper preset to the registry."""
    PAPERS[paper.name] = paper
    return paper


register(Paper("broadsheet-cn", 390, 540, 8, "Chinese broadsheet (对开)"))
register(Paper("ciner", 350, 500, 8, "narrow broadsheet"))
register(Paper("berliner", 315, 470, 6, "Berliner"))
register(Paper("tabloid", 280, 430, 6, "tabloid (四开)"))
