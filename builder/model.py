"""The feature model: frozen, validated value objects, and the content contract.

Input: nothing (no file or network access here). Output: the classes the
content readers fill (:class:`Feature`, :class:`Section`, :class:`Infographic`
and their parts) and the schemas that front matter and ``infographic.yaml`` are
validated against (``*Meta`` / ``*Spec``: ``extra="forbid"``, so an unknown key
is an error, never silently dropped).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

# Defined apart (the command line declares its options with them) and read here too, as ever.
from .names import FONT_ROLES, NAME_RULE, is_name


def _name(value: str) -> str:
    if not is_name(value):
        raise ValueError(f"{value!r} is not {NAME_RULE}")
    return value


#: A field that chooses a layout, font set or paper by name.
Name = Annotated[str, AfterValidator(_name)]

#: Most sections a feature may have, panels an infographic, items a panel,
#: and characters of text in all: well past what a spread holds, and checked
#: before any layout work, so that a runaway file is refused at once.
MAX_SECTIONS = 12
MAX_PANELS = 12
MAX_ITEMS = 20
MAX_TEXT_CHARS = 100_000


class Frozen(BaseModel):
    """Base for value objects: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- inline text -----------------------------------------------------------


class Span(Frozen):
    """A run of text with one set of inline styles."""

    text: str
    strong: bool = False
    em: bool = False


Inline = tuple[Span, ...]


def plain(spans: Inline) -> str:
    """The text of an inline sequence without its styling."""
    return "".join(span.text for span in spans)


# --- blocks ----------------------------------------------------------------


class Paragraph(Frozen):
    """A body paragraph."""

    kind: Literal["paragraph"] = "paragraph"
    spans: Inline
    line: int | None = Field(default=None, description="source line, for messages")


class Subhead(Frozen):
    """A ``###`` subhead inside a section body."""

    kind: Literal["subhead"] = "subhead"
    spans: Inline
    line: int | None = None


class ListBlock(Frozen):
    """A bulleted or numbered list; each item is one inline sequence."""

    kind: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: tuple[Inline, ...]
    line: int | None = None


Block = Annotated[Union[Paragraph, Subhead, ListBlock], Field(discriminator="kind")]


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """Every paragraph-level text of a body, in reading order."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            texts.extend(plain(item) for item in block.items)
        else:
            texts.append(plain(block.spans))
    return texts


# --- the content contract: what users write --------------------------------


def _fraction_pair(value: tuple[float, float]) -> tuple[float, float]:
    if any(not 0 <= part <= 1 for part in value):
        raise ValueError("focus is [x, y], each a fraction of the width or height from 0 to 1 (e.g. [0.5, 0.3])")
    return value


#: Where a photo's subject is, as fractions of its width and height from the
#: top left (``[0.5, 0.5]`` the centre): a crop to the frame keeps it in.
Focus = Annotated[tuple[float, float], AfterValidator(_fraction_pair)]


class HeroSpec(Frozen):
    """``hero:`` in feature.md front matter."""

    image: str
    caption: str
    focus: Focus = (0.5, 0.5)


class SectionImageSpec(Frozen):
    """``image:`` in a section's front matter."""

    src: str
    caption: str | None = None
    focus: Focus = (0.5, 0.5)


#: The longest family name or font file a role may name.
MAX_FONT_ENTRY = 200


def _font_chain(value: object) -> object:
    """A role's chain: one family or font file, or a list of them (the first sets the text)."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")] if "," in value else [value]
    if isinstance(value, (list, tuple)):
        if not value or len(value) > 8:
            raise ValueError("a role names one to eight families or font files")
        for entry in value:
            if not isinstance(entry, str) or not entry.strip():
                raise ValueError("a family or font file is a non-empty text")
            if len(entry) > MAX_FONT_ENTRY or any(ord(char) < 32 or 0x7f <= ord(char) < 0xa0 for char in entry):
                raise ValueError(f"{entry[:40]!r} is not a family name or a font file")
        return tuple(entry.strip() for entry in value)
    return value


FontChain = Annotated[tuple[str, ...], BeforeValidator(_font_chain)]


class FontsSpec(Frozen):
    """``fonts:`` in feature.md front matter: a font set by name, and chains for some roles.

    A role names families (installed) or font files in the project's
    ``fonts/`` folder (``house.otf``, ``song.ttc#1``), first to last.
    """

    set: Name | None = None
    body: FontChain | None = None
    subhead: FontChain | None = None
    headline: FontChain | None = None
    display: FontChain | None = None
    caption: FontChain | None = None
    figure: FontChain | None = None
    sans: FontChain | None = None

    def chains(self) -> dict[str, tuple[str, ...]]:
        """The roles this choice names, with their chains."""
        return {role: chain for role in FONT_ROLES if (chain := getattr(self, role)) is not None}


#: Marks where the editor breaks the headline at the fold: ``前半|后半``.
HEADLINE_BREAK = "|"


class Headline(Frozen):
    """The headline as it is set: its emphasised lead, its parts, the editor's break.

    ``parts`` are the headline after its lead, cut where the editor wrote a
    space (a gap is set there); ``break_at`` counts the characters (the
    lead's included, spaces and the mark not) before the editor's break.
    """

    lead: str | None = None
    parts: tuple[str, ...]
    break_at: int | None = None

    @property
    def text(self) -> str:
        """The headline as plain text, a space after the lead and between parts."""
        return " ".join(((self.lead,) if self.lead else ()) + self.parts)


class FeatureMeta(Frozen):
    """The front matter of ``feature.md``."""

    layout: Name = "feature-spread"
    #: None: the layout's ``[paper] default``
    paper: Name | None = None
    date: dt.date
    section_label: str
    pages: tuple[int, ...]
    slogan: tuple[str, ...] = ()
    headline: str
    headline_lead: str | None = None
    byline: str
    photo_credit: str | None = None
    hero: HeroSpec
    editor: str | None = None
    designer: str | None = None
    fonts: FontsSpec | None = None

    @field_validator("fonts", mode="before")
    @classmethod
    def _set_name(cls, value: object) -> object:
        # ``fonts: classic`` is short for ``fonts: {set: classic}``.
        return {"set": value} if isinstance(value, str) else value

    @field_validator("headline", mode="before")
    @classmethod
    def _headline_halves(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            if len(value) != 2 or not all(isinstance(half, str) and half.strip() for half in value):
                raise ValueError("a headline broken by hand has two halves: [前半, 后半]")
            return HEADLINE_BREAK.join(half.strip() for half in value)
        return value

    @field_validator("headline")
    @classmethod
    def _one_break(cls, value: str) -> str:
        halves = value.split(HEADLINE_BREAK)
        if len(halves) > 2:
            raise ValueError(f"mark one break at most: {HEADLINE_BREAK!r} appears {len(halves) - 1} times")
        if len(halves) == 2 and not all(half.strip() for half in halves):
            raise ValueError(f"{HEADLINE_BREAK!r} marks where the headline crosses the fold: put text on both sides")
        return value

    @field_validator("editor", "designer")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty (leave the key out)")
        return value.strip() if value else value

    @property
    def display_headline(self) -> Headline:
        """The headline as set: ``headline_lead`` emphasised, and in place when the headline starts with it."""
        text = self.headline
        lead = self.headline_lead.strip() if self.headline_lead else None
        if lead and text.replace(HEADLINE_BREAK, "").startswith(lead):
            # The editor wrote the lead in the headline too: emphasise it there.
            text = text[_index_after(text, len(lead)):]
        parts, break_at = _headline_parts(text)
        if break_at is not None and lead:
            break_at += len(lead)
        return Headline(lead=lead, parts=parts, break_at=break_at)

    @field_validator("slogan", mode="before")
    @classmethod
    def _slogan_lines(cls, value: object) -> object:
        if isinstance(value, str):
            return (value,)
        return value

    @field_validator("slogan")
    @classmethod
    def _one_or_two(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > 2:
            raise ValueError("a slogan has one or two lines")
        if any(not line.strip() for line in value):
            raise ValueError("a slogan line is empty")
        return value

    @field_validator("pages")
    @classmethod
    def _positive_pages(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(page < 1 for page in value):
            raise ValueError("pages are positive page numbers, e.g. [6, 7]")
        return value

    @field_validator("headline", "section_label", "byline")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


def _index_after(text: str, count: int) -> int:
    """The index in ``text`` after its first ``count`` characters, not counting the break mark."""
    seen = 0
    for index, char in enumerate(text):
        if seen == count:
            return index
        if char != HEADLINE_BREAK:
            seen += 1
    return len(text)


def _headline_parts(text: str) -> tuple[tuple[str, ...], int | None]:
    """A headline cut at its spaces, and the characters before the break mark (None without one)."""
    before, mark, after = text.strip().partition(HEADLINE_BREAK)
    before, after = before.rstrip(), after.lstrip()  # spaces around the mark belong to it
    parts = tuple((before + after).split())
    if not mark:
        return parts, None
    return parts, len("".join(before.split()))


class SectionMeta(Frozen):
    """The front matter of ``sections/NN-*.md``."""

    title: str
    subtitle: str
    image: SectionImageSpec | None = None


def _at_most(value: object, cap: int, what: str, holder: str) -> object:
    """A list longer than ``cap``, refused before its items are validated."""
    if isinstance(value, (list, tuple)) and len(value) > cap:
        raise ValueError(f"{len(value)} {what}; {holder} has at most {cap}")
    return value


class PanelSpec(Frozen):
    """One panel of ``infographic.yaml``."""

    title: str
    items: tuple[str, ...] = Field(min_length=1)
    numbered: bool = False

    _few_items = field_validator("items", mode="before")(lambda value: _at_most(value, MAX_ITEMS, "items",
                                                                                 "a panel"))


class InfographicSpec(Frozen):
    """``infographic.yaml``."""

    title: str | None = None
    credit: str | None = None
    panels: tuple[PanelSpec, ...] = Field(min_length=1)

    # Checked before each panel is validated: 500 panels are refused at once.
    _few_panels = field_validator("panels", mode="before")(lambda value: _at_most(value, MAX_PANELS, "panels",
                                                                                  "an infographic"))


# --- the model: what the rest of the pipeline reads -------------------------


class ContentKind(StrEnum):
    """What a part of a feature is: what a frame holds, what a finding is about."""

    FOLIO = "folio"
    SLOGAN = "slogan"
    HEADLINE = "headline"
    HERO = "hero"
    CAPTION = "caption"
    LEAD = "lead"
    SECTION = "section"
    IMAGE = "image"
    INFOGRAPHIC = "infographic"


#: Kinds of content that there are several of, told apart by a key: a
#: section's number (its text, its photo), a page (left, right) for a folio.
_KEYED = {ContentKind.SECTION: True, ContentKind.IMAGE: True, ContentKind.FOLIO: False}
_REF = re.compile(r"(?P<kind>[a-z]+)(?::(?P<key>[A-Za-z0-9_-]+))?")


@dataclass(frozen=True, order=True)
class ContentRef:
    """A part of a feature by kind and key: ``section:01``, ``image:01``, ``lead``, ``folio:left``.

    The string form names frames in messages, in the JSON reports and in the
    composed HTML; :meth:`parse` is the one way back from it.
    """

    kind: ContentKind
    key: str = ""

    def __post_init__(self) -> None:
        needs_key = _KEYED.get(self.kind)
        if needs_key and not self.key:
            raise ValueError(f"a {self.kind} reference needs its key (a section number)")
        if needs_key is None and self.key:
            raise ValueError(f"a {self.kind} reference has no key (got {self.key!r})")

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else str(self.kind)

    @classmethod
    def parse(cls, text: str) -> ContentRef:
        """The reference a string form names (``section:01``); ValueError for anything else."""
        match = _REF.fullmatch(text)
        kinds = {kind.value: kind for kind in ContentKind}
        if match is None or match["kind"] not in kinds:
            raise ValueError(f"{text!r} names no part of a feature")
        return cls(kinds[match["kind"]], match["key"] or "")

    @classmethod
    def section(cls, number: str) -> ContentRef:
        """A section's text (its head and body)."""
        return cls(ContentKind.SECTION, number)

    @classmethod
    def image(cls, number: str) -> ContentRef:
        """A section's photo."""
        return cls(ContentKind.IMAGE, number)

    @property
    def copyfitted(self) -> bool:
        """Whether copyfitting may set this text tighter or looser (``render --fit``), and underset counts."""
        return self.kind in (ContentKind.LEAD, ContentKind.SECTION)

    @property
    def css(self) -> str:
        """The reference as a CSS class name part: ``section-01``."""
        return f"{self.kind}-{self.key}" if self.key else str(self.kind)


class Image(Frozen):
    """A placed image: the resolved file and what the reader learnt of it."""

    src: str = Field(description="as written in the content")
    path: Path
    width_px: int = Field(description="upright: after the EXIF orientation is applied")
    height_px: int
    caption: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width_px / self.height_px


class Section(Frozen):
    """One article section: ``sections/NN-*.md``."""

    number: str = Field(description="the NN of the file name, e.g. '01'")
    slug: str
    title: str
    subtitle: str
    image: Image | None = None
    body: tuple[Block, ...]
    source: Path

    @property
    def ref(self) -> ContentRef:
        """The reference to this section's text, e.g. ``section:01``."""
        return ContentRef.section(self.number)


class Panel(Frozen):
    """An infographic panel with its items as styled inline text."""

    title: str
    items: tuple[Inline, ...]
    numbered: bool = False


class Infographic(Frozen):
    """The boxed infographic of key figures."""

    title: str | None = None
    credit: str | None = None
    panels: tuple[Panel, ...]
    source: Path


class Feature(Frozen):
    """A whole feature: front matter, lead, sections and infographic."""

    slug: str
    root: Path
    meta: FeatureMeta
    hero: Image
    lead: tuple[Block, ...]
    sections: tuple[Section, ...]
    infographic: Infographic | None = None
    source: Path

    def section(self, number: str) -> Section:
        """A section by its number (``01``); KeyError when there is none."""
        for section in self.sections:
            if section.number == number:
                return section
        raise KeyError(number)

    def texts(self) -> list[tuple[ContentRef, str]]:
        """Every paragraph-level text with the part of the feature it belongs to.

        This is the list that "nothing is lost" checks compare the output with.
        """
        lead, infographic = ContentRef(ContentKind.LEAD), ContentRef(ContentKind.INFOGRAPHIC)
        out = [(lead, text) for text in block_texts(self.lead)]
        for section in self.sections:
            out.append((section.ref, section.title))
            out.append((section.ref, section.subtitle))
            out.extend((section.ref, text) for text in block_texts(section.body))
        if self.infographic:
            for panel in self.infographic.panels:
                out.append((infographic, panel.title))
                out.extend((infographic, plain(item)) for item in panel.items)
        return out
