"""A layout's declaration: ``layouts/<name>/layout.toml`` read and validated.

Input: a layout folder. Output: :class:`Layout` (the validated declaration,
where its templates are) and, with a paper preset, :class:`Grid` (the page
geometry in points: margins, columns, rows). Every size the templates and CSS
use comes from here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import files
from ..diagnostics import from_validation_error
from ..errors import LayoutError, Problem, did_you_mean
from ..project import Name
from ..units import MM
from .paper import PAPERS, Paper


class Spec(BaseModel):
    """Base: immutable and strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PaperSpec(Spec):
    default: str = "broadsheet-cn"
    bleed_mm: float = Field(3, ge=0, le=20)
    slug_mm: float = Field(12, ge=0, le=40)


class Margins(Spec):
    top: float = Field(ge=0)
    bottom: float = Field(ge=0)
    inside: float = Field(ge=0)
    outside: float = Field(ge=0)


class GridSpec(Spec):
    columns: int | None = Field(None, ge=1, le=20)
    body_size: float = Field(gt=0)
    line_pitch: float = Field(gt=0)
    min_column_gap: float = Field(12, ge=0)


class CJKSpec(Spec):
    han_latin_space: float = Field(0.25, ge=0, le=1)


class TypeStyle(Spec):
    """A named text style: a font role and its size, pitch, weight, colour."""

    role: str
    size: float | None = Field(None, gt=0)
    pitch: float | None = Field(None, ge=0)
    weight: int | None = Field(None, ge=100, le=900)
    colour: str | None = None


class Bands(Spec):
    folio: int = Field(2, ge=1)
    gap: int = Field(1, ge=0)
    #: rows of designed air a gap between two stacked stories may take beyond ``gap`` when the text runs short
    gap_stretch: int = Field(1, ge=0, le=4)
    caption: int = Field(2, ge=1)


class DisplayLine(Spec):
    """Rules for a display line set across the spread (slogan, headline)."""

    fill: float = Field(gt=0, le=1)
    size_pt: tuple[float, float]
    gutter_clearance_mm: float = Field(6, ge=0)
    #: space between two parts (headline_lead and headline, two slogan lines), in em
    part_gap_em: float = Field(0.4, ge=0, le=4)
    #: the line's depth as a multiple of its size (rounded up to whole rows)
    line_height: float = Field(1.2, ge=1, le=3)

    @model_validator(mode="after")
    def _ordered(self) -> DisplayLine:
        if self.size_pt[0] > self.size_pt[1] or self.size_pt[0] <= 0:
            raise ValueError("size_pt is [least, most], both above 0")
        return self


class SloganRules(DisplayLine):
    """The slogan: a display line, its characters spaced out."""

    #: letter spacing of the slogan, in em
    tracking_em: float = Field(0.08, ge=-0.2, le=1)


class HeroRules(Spec):
    #: the rows the hero may take, as the text leaves them
    rows: tuple[int, int]
    #: the crop's limits, width / height: they win over ``rows`` (the hero is never cut flatter)
    aspect: tuple[float, float]
    #: the rule left of the hero's caption (pt), and the caption's indent from it (em)
    caption_rule_pt: float = Field(3, ge=0, le=12)
    caption_indent_em: float = Field(0.5, ge=0, le=4)
    #: room above the caption, under the photo (rows)
    caption_space_rows: float = Field(0.5, ge=0, le=4)


class LeadRules(Spec):
    columns: int = Field(2, ge=1)
    rows_min: int = Field(3, ge=1)
    #: the rule over the lead (pt)
    rule_pt: float = Field(2, ge=0, le=12)


class TextRules(Spec):
    """Body text: indents, emphasis, the room above a subhead."""

    #: a paragraph's first-line indent, in em (two characters)
    indent_em: float = Field(2, ge=0, le=8)
    #: a list's indent, in em
    list_indent_em: float = Field(2, ge=0, le=8)
    #: the weight of **strong** text in body and lead
    strong_weight: int = Field(700, ge=100, le=900)
    #: room above a subhead (rows; none when it starts a column)
    subhead_space_rows: float = Field(1, ge=0, le=4)


class FolioRules(Spec):
    """The folio strip at the head of a page."""

    #: the strip's depth, rule included (rows)
    rows: float = Field(1.5, gt=0, le=4)
    #: the rule under it (pt), and the room between the text and the rule (pt)
    rule_pt: float = Field(1.2, ge=0, le=12)
    space_below_pt: float = Field(2, ge=0, le=24)
    #: between its items: paper, label, date (em, besides a word space)
    gap_em: float = Field(1, ge=0, le=8)
    #: the weight of the section label
    label_weight: int = Field(700, ge=100, le=900)


class SectionRules(Spec):
    min_columns: int = Field(2, ge=1)
    head_rows: int = Field(5, ge=2)
    head_stretch: int = Field(2, ge=0)
    image_aspect: tuple[float, float] = (0.5, 1.6)
    #: the fewest body lines a section's frame shows when the page cannot hold it all
    min_lines: int = Field(3, ge=1)
    #: the least depth of a leg of text (Harrower's two inches); shallower legs cost the arrangement
    min_leg_mm: float = Field(51, ge=0)
    #: a section set across this many text columns or more is never shallower than ``min_leg_mm``
    #: (a sliver): the rules give it fewer, deeper columns; 0 turns the rule off
    sliver_columns: int = Field(4, ge=0)
    #: the share of a section's columns its photo aims for, set beside the text
    photo_share: float = Field(1 / 3, gt=0, lt=1)
    photo_min_columns: int = Field(2, ge=1)
    photo_min_rows: int = Field(3, ge=1)
    #: the rule the section's tab hangs from (pt)
    rule_pt: float = Field(1.5, ge=0, le=12)
    #: room above a photo's caption (rows)
    caption_space_rows: float = Field(0.25, ge=0, le=4)

    def min_leg_rows(self, pitch: float) -> int:
        """The least leg depth in whole rows of ``pitch`` points (a leg a hair short of it is short)."""
        return math.ceil(self.min_leg_mm * MM / pitch - 1e-9)

    def is_sliver(self, columns: int, leg_rows: int, pitch: float) -> bool:
        """Whether text ``columns`` across with legs ``leg_rows`` deep breaks the least-depth rule."""
        return bool(self.sliver_columns) and columns >= self.sliver_columns and 0 < leg_rows < self.min_leg_rows(pitch)


class BoxPadding(Spec):
    """Room inside a box, in rows."""

    top: float = Field(0.75, ge=0, le=8)
    side: float = Field(0.75, ge=0, le=8)
    bottom: float = Field(1.5, ge=0, le=8)


class InfographicRules(Spec):
    panels: tuple[int, int] = (2, 6)
    min_columns: int = Field(4, ge=2)
    panel_gap_mm: float = Field(4, ge=0)
    #: a panel is never narrower than this many grid columns
    panel_min_columns: int = Field(2, ge=1)
    #: nor wider than this, where the box allows (0: no limit)
    panel_max_columns: int = Field(5, ge=0)
    #: panels stack (fewer across, a deeper box) only when the longest item fills this share of a panel's width
    panel_fill: float = Field(0.5, ge=0, le=1)
    #: the fewest rows the box may be cut to when the page cannot hold it (its content is then overset)
    min_rows: int = Field(6, ge=2)
    bullet_em: float = Field(0.4, gt=0, le=1)  #: side of an item's square bullet, in em of the item text
    mark_em: float = Field(1.3, gt=0, le=4)  #: the column of bullets and numbers, in em of the item text
    #: the rule over the box (pt) and the room inside it
    rule_pt: float = Field(3, ge=0, le=12)
    padding: BoxPadding = BoxPadding()
    #: rows: under each panel, under a panel's title, under each item, the credit above the box's foot
    panel_space_rows: float = Field(0.5, ge=0, le=4)
    title_space_rows: float = Field(0.4, ge=0, le=4)
    item_space_rows: float = Field(0.35, ge=0, le=4)
    credit_rows: float = Field(0.25, ge=0, le=4)
    #: when the box is deeper than its panels, the most air spread above each item (rows)
    max_item_air_rows: float = Field(3, ge=0, le=12)


#: Labels reversed out of a box, each set in the text style of the same name's entry.
LABELS = {"section_tab": "section_title", "panel_title": "panel_title", "folio_number": "folio_number",
          "infographic_title": "infographic_title"}


class LabelRules(Spec):
    """A label reversed out of a box (a section tab, a panel title, the folio number): the room around it."""

    air_em: float = Field(0.12, ge=0, le=1)  #: above the highest ink and below the lowest, in em
    pad_em: float = Field(0.45, ge=0, le=3)  #: left and right of the text, in em


class FitRules(Spec):
    """Bounds of copyfitting (``render --fit``) and of an acceptable fit."""

    tracking_em: tuple[float, float] = (-0.03, 0.02)
    body_size_pt: tuple[float, float] = (9.0, 10.0)
    max_empty_lines: int = Field(3, ge=0)


class ImageRules(Spec):
    """How photos are made ready for the press (see :mod:`builder.images`)."""

    ppi: float = Field(300, ge=72, le=1200)  #: resolution at the placed size; never upsampled to it
    grayscale: bool = False  #: a black-and-white page: every image in 8-bit grey
    jpeg_quality: int = Field(90, ge=50, le=100)


class PreflightRules(Spec):
    """What preflight holds the pages to."""

    min_ppi: float = Field(200, gt=0)
    error_ppi: float = Field(150, gt=0)
    safe_margin_mm: float = Field(5, ge=0)
    gutter_safe_mm: float = Field(5, ge=0)
    #: the most of a page's type area that may stay blank (unplanned white: no ink, no designed air)
    max_blank_share: float = Field(0.05, ge=0, le=1)


def _file_name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*", value):
        raise ValueError(f"{value!r} is not a template file name in the layout's folder (e.g. feature.html.j2)")
    return value


class Layout(Spec):
    """The validated ``layout.toml`` of one layout, and where it lives."""

    name: Name
    description: str = ""
    rules: Literal["spread", "page"]
    pages: int = Field(ge=1, le=2)
    template: Annotated[str, AfterValidator(_file_name)]
    stylesheet: Annotated[str, AfterValidator(_file_name)]
    paper: PaperSpec = PaperSpec()
    margins: Margins
    grid: GridSpec
    cjk: CJKSpec = CJKSpec()
    type: dict[str, TypeStyle]
    colours: dict[str, str]
    bands: Bands = Bands()
    text: TextRules = TextRules()
    folio: FolioRules = FolioRules()
    slogan: SloganRules
    headline: DisplayLine
    hero: HeroRules
    lead: LeadRules = LeadRules()
    sections: SectionRules = SectionRules()
    infographic: InfographicRules = InfographicRules()
    labels: dict[str, LabelRules] = {}
    fit: FitRules = FitRules()
    images: ImageRules = ImageRules()
    preflight: PreflightRules = PreflightRules()
    #: the layout's folder (the toolkit's, not a key of layout.toml)
    folder: Path = Field(json_schema_extra={"internal": True})

    @model_validator(mode="after")
    def _consistent(self) -> Layout:
        needed = {"body", "subhead", "lead", "byline", "headline", "headline_lead", "slogan",
                  "section_title", "section_subtitle", "caption", "credit", "folio", "folio_number",
                  "panel_title", "panel_item", "figure", "infographic_title"}
        missing = sorted(needed - set(self.type))
        if missing:
            raise ValueError(f"[type] lacks the styles {', '.join(missing)}")
        unknown = sorted(set(self.labels) - set(LABELS))
        if unknown:
            raise ValueError(f"[labels] has no label {', '.join(unknown)} (labels are: {', '.join(LABELS)})")
        for name, style in self.type.items():
            if style.colour and not style.colour.startswith("#") and style.colour not in self.colours:
                raise ValueError(f"type.{name}.colour {style.colour!r} is not in [colours]")
        return self

    def style(self, name: str) -> TypeStyle:
        """A text style with its size and pitch filled in from the body's."""
        style = self.type[name]
        body = self.type["body"]
        size = style.size or body.size or self.grid.body_size
        pitch = style.pitch if style.pitch is not None else (
            self.grid.line_pitch if name in ("body", "subhead") else None)
        return style.model_copy(update={"size": size, "pitch": pitch or round(size * 1.5, 2)})

    def label(self, name: str) -> LabelRules:
        """The room around a label (``[labels.<name>]``, or the defaults)."""
        return self.labels.get(name, LabelRules())

    def colour(self, name: str | None) -> str:
        """A colour by name from [colours], or a literal ``#rrggbb``."""
        if not name:
            return self.colours.get("ink", "#000000")
        return name if name.startswith("#") else self.colours[name]


def _read_toml(folder: Path, seen: tuple[Path, ...] = ()) -> dict:
    """A layout.toml as data, with the layout it ``extends`` merged under it.

    The file is read from inside its layouts folder; ``extends`` is a name,
    looked up beside the layout, then among the built-in layouts.
    """
    from ..project import DATA_ROOT, NAME_RULE, is_name, read_toml

    path = folder / "layout.toml"
    if not files.is_file(path):
        raise LayoutError(Problem(path, "missing: a layout folder needs a layout.toml"))
    data = read_toml(path, folder.parent, LayoutError)
    base = data.pop("extends", None)
    if base is None:
        return data
    if not is_name(base):
        raise LayoutError(Problem(path, f"extends {base!r}: a layout is {NAME_RULE}", key="extends",
                                  code="bad-name"))
    candidates = [folder.parent / base, DATA_ROOT / "layouts" / base]
    parent = next((c for c in candidates if c != folder and files.folder_inside(c, c.parent)
                   and files.is_file(c / "layout.toml")), None)
    if parent is None:
        known = sorted({c.name for root in (folder.parent, DATA_ROOT / "layouts") if root.is_dir()
                        for c in root.iterdir() if c != folder and files.is_file(c / "layout.toml")})
        raise LayoutError(Problem(path, f"extends {base!r}, which is neither beside it nor built in "
                                  f"(known: {', '.join(known)})", key="extends", code="unknown-layout",
                                  hint=did_you_mean(base, known)))
    if parent in seen:
        raise LayoutError(Problem(path, f"extends {base!r}, which extends it back", key="extends"))
    return _merge(_read_toml(parent, (*seen, folder)), data)


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def own_description(folder: Path) -> tuple[str, str | None]:
    """A layout's own ``description`` and the layout it ``extends``, from its layout.toml alone."""
    from ..project import read_toml

    data = read_toml(folder / "layout.toml", folder.parent, LayoutError)
    description, base = data.get("description"), data.get("extends")
    return (description if isinstance(description, str) else "", base if isinstance(base, str) else None)


def load_layout(folder: Path) -> Layout:
    """Read and validate ``folder/layout.toml`` (and the layout it extends)."""
    path = folder / "layout.toml"
    data = _read_toml(folder)
    try:
        layout = Layout.model_validate({**data, "folder": folder})
    except ValidationError as error:
        raise LayoutError(from_validation_error(error, path, Layout, data)) from None
    return layout


@dataclass(frozen=True)
class Grid:
    """The page grid in points: where columns and rows fall on a page.

    Coordinates are page-local, from the trim's top-left corner. A column
    holds a whole number of body characters; the gap takes what is left.
    """

    paper: Paper
    pages: int
    bleed: float
    slug: float
    margin_top: float
    margin_bottom: float
    margin_inside: float
    margin_outside: float
    columns: int
    column_width: float
    column_gap: float
    column_chars: int
    rows: int
    pitch: float
    body_size: float

    @property
    def page_width(self) -> float:
        return self.paper.width_mm * MM

    @property
    def page_height(self) -> float:
        return self.paper.height_mm * MM

    @property
    def type_width(self) -> float:
        return self.page_width - self.margin_inside - self.margin_outside

    @property
    def type_height(self) -> float:
        return self.rows * self.pitch

    def left_edge(self, page: int) -> float:
        """x of the type area's left edge on page 0 (left) or 1 (right)."""
        if self.pages == 1:
            return self.margin_outside
        return self.margin_outside if page == 0 else self.margin_inside

    def column_x(self, page: int, column: int) -> float:
        """x of a column's left edge, page-local."""
        return self.left_edge(page) + column * (self.column_width + self.column_gap)

    def span_width(self, columns: int) -> float:
        """Width of ``columns`` adjacent columns with the gaps between them."""
        return columns * self.column_width + max(0, columns - 1) * self.column_gap

    def row_y(self, row: int) -> float:
        """y of a row's top edge, page-local."""
        return self.margin_top + row * self.pitch


def make_grid(layout: Layout, paper: Paper) -> Grid:
    """Fit the layout's grid onto a paper: whole characters per column."""
    mm = MM
    width = paper.width_mm * mm - (layout.margins.inside + layout.margins.outside) * mm
    height = paper.height_mm * mm - (layout.margins.top + layout.margins.bottom) * mm
    columns = layout.grid.columns or paper.columns
    size = layout.grid.body_size
    min_gap = layout.grid.min_column_gap
    chars = math.floor(((width + min_gap) / columns - min_gap) / size + 1e-9)
    if chars < 4:
        raise LayoutError(
            Problem(layout.folder / "layout.toml",
                    f"{columns} columns of {size:g} pt text leave {chars} characters a column on {paper.name}",
                    key="grid.columns")
        )
    column_width = chars * size
    gap = (width - columns * column_width) / (columns - 1) if columns > 1 else 0.0
    rows = math.floor(height / layout.grid.line_pitch + 1e-9)
    return Grid(
        paper=paper,
        pages=layout.pages,
        bleed=layout.paper.bleed_mm * mm,
        slug=layout.paper.slug_mm * mm,
        margin_top=layout.margins.top * mm,
        margin_bottom=paper.height_mm * mm - layout.margins.top * mm - rows * layout.grid.line_pitch,
        margin_inside=layout.margins.inside * mm,
        margin_outside=layout.margins.outside * mm,
        columns=columns,
        column_width=column_width,
        column_gap=gap,
        column_chars=chars,
        rows=rows,
        pitch=layout.grid.line_pitch,
        body_size=size,
    )


def find_paper(name: str, where: Path | str, key: str | None = None, papers: Mapping[str, Paper] = PAPERS) -> Paper:
    """A paper preset by name from ``papers`` (the built-ins and a project's own), or an error listing them.

    ``where`` is the file that names it (under ``key``) or the option (``--paper``).
    """
    if name not in papers:
        raise LayoutError(Problem(where, f"unknown paper {name!r} (known: {', '.join(sorted(papers))})", key=key,
                                  code="unknown-paper", hint=did_you_mean(name, papers)))
    return papers[name]
