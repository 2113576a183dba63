"""The look's numbers: every length the stylesheet sets besides the text styles, in points.

Input: a :class:`~builder.layout.spec.Layout` (its ``[text]``, ``[lead]``,
``[sections]``, ``[hero]``, ``[folio]``, ``[slogan]`` and ``[infographic]``
settings, in rows, points, millimetres and em) and its
:class:`~builder.layout.spec.Grid`. Output: :class:`Look` — the same in
points (em where CSS scales them with the type), the arithmetic done here so
that the stylesheet only writes them out. The printer's marks and the proof's
overset mark come from :mod:`builder.layout.sheets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..units import mm
from .sheets import MARKS, OVERSET_MARK, OversetMark, PrinterMarks
from .spec import Grid, Layout


@dataclass(frozen=True)
class Look:
    """Lengths in points (``*_em``: in em of the element's type), weights, for the stylesheet."""

    # body text
    indent_em: float
    list_indent_em: float
    strong_weight: int
    subhead_space: float
    # the lead: the rule over it, the flow pulled up over the rule to stay on the grid
    lead_rule: float
    # section heads: the rule the tab hangs from, the title's line (its pitch less the rule)
    section_rule: float
    section_title_line: float
    # the slogan's letter spacing
    slogan_tracking_em: float
    # the hero's caption: its rule, indent and the room above it; a photo caption's room above it
    caption_rule: float
    caption_indent_em: float
    caption_space: float
    image_caption_space: float
    # the folio strip
    folio_height: float
    folio_rule: float
    folio_padding_top: float
    folio_padding_bottom: float
    folio_gap_em: float
    folio_label_weight: int
    # the infographic box: rule, padding, the title tab's depth, the panels' gutter and spaces
    box_rule: float
    box_top: float
    box_side: float
    box_bottom: float
    box_title_height: float
    panel_gap: float
    panel_space: float
    panel_title_space: float
    item_space: float
    box_credit_bottom: float
    # marks
    marks: PrinterMarks = MARKS
    overset: OversetMark = OVERSET_MARK

    @property
    def panel_half_gap(self) -> float:
        return self.panel_gap / 2


def look(layout: Layout, grid: Grid) -> Look:
    """The stylesheet's lengths for a layout on its grid."""
    pitch = grid.pitch
    text, folio, box = layout.text, layout.folio, layout.infographic
    return Look(
        indent_em=text.indent_em,
        list_indent_em=text.list_indent_em,
        strong_weight=text.strong_weight,
        subhead_space=pitch * text.subhead_space_rows,
        lead_rule=layout.lead.rule_pt,
        section_rule=layout.sections.rule_pt,
        section_title_line=layout.style("section_title").pitch - layout.sections.rule_pt,
        slogan_tracking_em=layout.slogan.tracking_em,
        caption_rule=layout.hero.caption_rule_pt,
        caption_indent_em=layout.hero.caption_indent_em,
        caption_space=pitch * layout.hero.caption_space_rows,
        image_caption_space=pitch * layout.sections.caption_space_rows,
        folio_height=pitch * folio.rows,
        folio_rule=folio.rule_pt,
        # the strip holds one line of text, on the room above the rule
        folio_padding_top=pitch * folio.rows - pitch - folio.space_below_pt - folio.rule_pt,
        folio_padding_bottom=folio.space_below_pt,
        folio_gap_em=folio.gap_em,
        folio_label_weight=folio.label_weight,
        box_rule=box.rule_pt,
        box_top=pitch * box.padding.top,
        box_side=pitch * box.padding.side,
        box_bottom=pitch * box.padding.bottom,
        box_title_height=layout.style("infographic_title").pitch + pitch * box.padding.top,
        panel_gap=mm(box.panel_gap_mm),
        panel_space=pitch * box.panel_space_rows,
        panel_title_space=pitch * box.title_space_rows,
        item_space=pitch * box.item_space_rows,
        box_credit_bottom=pitch * box.credit_rows,
    )
