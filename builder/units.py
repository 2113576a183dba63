"""Units: every length in the toolkit is in points; this is where other units meet them.

Input: a length in millimetres (layout.toml, paper presets), in CSS px
(WeasyPrint's boxes), or a resolution in pixels per inch. Output: points, and
points written for CSS. One place, so that 72 / 25.4 is written once.
"""

from __future__ import annotations

#: Points per inch (PostScript and PDF points).
PT_PER_INCH = 72.0

#: Points per millimetre.
MM = PT_PER_INCH / 25.4

#: Points per CSS px: WeasyPrint lays out in CSS px (96 a CSS inch).
PX = 0.75


def mm(value: float) -> float:
    """``value`` millimetres in points."""
    return value * MM


def to_mm(points: float) -> float:
    """``points`` in millimetres."""
    return points / MM


def px(value: float) -> float:
    """``value`` CSS px (a WeasyPrint box's unit) in points."""
    return value * PX


def to_px(points: float) -> float:
    """``points`` in CSS px."""
    return points / PX


def inches(points: float) -> float:
    """``points`` in inches."""
    return points / PT_PER_INCH


def pixels_per_point(dpi: float) -> float:
    """Pixels of a picture at ``dpi`` per point of the page."""
    return dpi / PT_PER_INCH


def css_pt(value: float) -> str:
    """A length in points for CSS, without float noise (``12.5pt``)."""
    return f"{value:.3f}".rstrip("0").rstrip(".") + "pt"
