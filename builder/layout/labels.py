"""Display boxes sized from the face: labels reversed out of a box, and list item marks.

Labels are the section tabs, panel titles, the folio number.

Input: the face's metrics (:class:`~builder.fonts.FaceMetrics`), the label's
size, the texts it will hold and the air the layout asks for. Output: a
:class:`LabelBox` in points that the stylesheet places as it is.

A box sized from the em (what CSS gives an inline background) is not where
the glyphs are: in a CJK face the em box sits 0.12 em below the baseline, the
inline background 0.06 em, so the bottom strokes of a white title hang out of
its red box. Here the box spans the face's design extents (ascender to
descender), widened to the ink of every glyph the texts use, with the same
air above and below; the baseline is put where that needs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..fonts import FaceMetrics, FontSet, role_metrics
from ..model import Feature
from .spec import LABELS, Layout


@dataclass(frozen=True)
class LabelBox:
    """A label's box in points.

    ``baseline`` is the text's baseline below the box's top edge;
    ``line_height`` the CSS line height that puts it there in a box whose
    single line starts at its top (CSS centres the face's line ascent and
    descent in the line height); ``pad_x`` the room left and right.
    """

    size: float
    height: float
    baseline: float
    line_height: float
    pad_x: float
    ink_top: float  #: highest ink, below the box's top edge
    ink_bottom: float  #: lowest ink, below the box's top edge

    @property
    def pad_bottom(self) -> float:
        """Padding under the line that makes a one-line label ``height`` tall (more lines add ``line_height``)."""
        return max(0.0, self.height - self.line_height)


def label_box(metrics: FaceMetrics, size: float, texts: Iterable[str], air_em: float, pad_em: float) -> LabelBox:
    """The box of a label set at ``size`` pt in a face, holding the ink of every glyph of ``texts``."""
    low, high = metrics.ink("".join(texts))
    top = max(metrics.ascender, high)
    bottom = min(metrics.descender, low)
    air = air_em * size
    baseline = air + top * size
    height = baseline - bottom * size + air
    # CSS: the baseline sits (L - (ascent + descent)) / 2 + ascent below the line's top.
    line_height = 2 * baseline - (metrics.line_ascent + metrics.line_descent) * size
    return LabelBox(size=size, height=height, baseline=baseline, line_height=line_height, pad_x=pad_em * size,
                    ink_top=baseline - high * size, ink_bottom=baseline - low * size)


def label_boxes(feature: Feature, layout: Layout, fonts: FontSet) -> dict[str, LabelBox]:
    """The box of every label kind, each holding the ink of all the texts it will set.

    One box per kind, so that all section tabs, all panel titles are the same height.
    """
    texts = {
        "section_tab": [section.title for section in feature.sections],
        "panel_title": [panel.title for panel in feature.infographic.panels] if feature.infographic else [],
        "folio_number": [str(page) for page in feature.meta.pages],
        "infographic_title": [feature.infographic.title or ""] if feature.infographic else [],
    }
    styles = {name: layout.style(style_name) for name, style_name in LABELS.items()}
    metrics = {name: role_metrics(fonts, style.role, style.weight) for name, style in styles.items()}
    # The ink of every label of a face at once: reading a CJK face's outlines is slow (then cached).
    by_face: dict[FaceMetrics, str] = {}
    for name, face in metrics.items():
        by_face[face] = by_face.get(face, "") + "".join(texts[name])
    for face, text in by_face.items():
        face.ink(text)
    boxes = {}
    for name, style in styles.items():
        room = layout.label(name)
        boxes[name] = label_box(metrics[name], style.size or layout.grid.body_size, texts[name], room.air_em,
                                room.pad_em)
    return boxes


@dataclass(frozen=True)
class ItemMark:
    """The mark before an infographic item, in points: a square bullet or the item's number.

    ``width`` is the mark's column (the item's text starts after it);
    ``bullet`` the square's side, ``raise_`` how far its bottom edge sits
    above the baseline, so that it is centred on the text's characters
    (the middle of the face's em box), not on the x-height nor the line.
    """

    width: float
    bullet: float
    raise_: float


def item_mark(metrics: FaceMetrics, size: float, bullet_em: float, width_em: float) -> ItemMark:
    """The mark of items set at ``size`` pt in a face."""
    bullet = bullet_em * size
    centre = (metrics.ascender + metrics.descender) / 2 * size
    return ItemMark(width=width_em * size, bullet=bullet, raise_=centre - bullet / 2)


def panel_item_mark(layout: Layout, fonts: FontSet) -> ItemMark:
    """The item mark of a layout's infographic panels."""
    style = layout.style("panel_item")
    metrics = role_metrics(fonts, style.role, style.weight)
    rules = layout.infographic
    return item_mark(metrics, style.size or layout.grid.body_size, rules.bullet_em, rules.mark_em)
