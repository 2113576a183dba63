"""Which characters of a feature each font role can set, from the fonts' character maps.

Input: the feature, the layout (which text style each part of the content is
set in, and each style's role), the resolved font set and the project.
Output: per role, a :class:`RoleCoverage`: how many distinct characters its
text has, which of them a later face of the chain sets (the first lacks
them), and which no face of the chain has — each :class:`Gap` with every
place it occurs (file and line). The faces are the files fontconfig gives
the renderer (or the files a role names), read with fontTools: coverage is
read from their ``cmap`` tables, not guessed.

Which content goes in which style is the layouts' contract: the text styles
every layout must declare (see :class:`~builder.layout.spec.Layout`) are
named after the content they set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import files
from .content import front_matter_lines, yaml_lines
from .fonts import Characters, FontSet, RoleFonts
from .layout.spec import Layout
from .model import Block, Feature, Inline, ListBlock, Subhead, plain
from .project import SETTINGS_FILE, Project

#: Characters of context either side of a gap, in messages.
CONTEXT = 8
#: Places listed for one character at most (the count says how many more).
MAX_PLACES = 20

_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class TextPiece:
    """A run of the feature's text set in one text style, and where it is written."""

    style: str
    text: str
    file: Path
    line: int | None = None  #: the line it starts on
    bold: bool = False  #: set bold (``**figures**``, titles): the role's bold face


@dataclass(frozen=True)
class Place:
    """Where a character occurs: the file, the line, the style it is set in, a little text around it."""

    file: Path
    line: int | None
    style: str
    context: str


@dataclass(frozen=True)
class Gap:
    """A character no face of a role's chain has."""

    char: str
    places: tuple[Place, ...]
    count: int  #: occurrences in all (places lists at most MAX_PLACES)

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"


@dataclass
class RoleCoverage:
    """What a role's chain sets of this feature's text."""

    role: str
    styles: list[str] = field(default_factory=list)
    characters: int = 0  #: distinct characters of its text
    #: characters the first face lacks and a later one sets, with that face's family
    fallback: dict[str, str] = field(default_factory=dict)
    uncovered: list[Gap] = field(default_factory=list)


# --- the feature's text, by style ----------------------------------------------------


def _spans_text(spans: Inline, bold: bool | None) -> str:
    return "".join(span.text for span in spans if bold is None or span.strong == bold)


def _blocks(blocks: tuple[Block, ...], style: str, subhead_style: str, file: Path) -> Iterator[TextPiece]:
    for block in blocks:
        if isinstance(block, Subhead):
            yield TextPiece(subhead_style, plain(block.spans), file, block.line, bold=True)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield TextPiece(style, plain(item), file, block.line)
        else:
            yield TextPiece(style, _spans_text(block.spans, False), file, block.line)
            strong = _spans_text(block.spans, True)
            if strong:
                yield TextPiece(style, strong, file, block.line, bold=True)


def feature_text(feature: Feature, project: Project) -> list[TextPiece]:
    """Every text of the feature with the style that sets it and where it is written."""
    source = feature.source
    meta = feature.meta
    lines = front_matter_lines(source)
    pieces = [TextPiece("headline", meta.headline, source, lines.get(("headline",)), bold=True),
              TextPiece("byline", meta.byline, source, lines.get(("byline",))),
              TextPiece("caption", feature.hero.caption or "", source, lines.get(("hero", "caption"))),
              TextPiece("folio", meta.section_label, source, lines.get(("section_label",)), bold=True)]
    if meta.headline_lead:
        pieces.append(TextPiece("headline_lead", meta.headline_lead, source, lines.get(("headline_lead",)),
                                bold=True))
    for index, slogan in enumerate(meta.slogan):
        pieces.append(TextPiece("slogan", slogan, source, lines.get(("slogan", index)) or lines.get(("slogan",))))
    if meta.photo_credit:
        pieces.append(TextPiece("credit", meta.photo_credit, source, lines.get(("photo_credit",))))
    day: dt.date = meta.date
    folio = f"{day.year}年{day.month}月{day.day}日 星期{_WEEKDAYS[day.weekday()]}"
    pieces.append(TextPiece("folio", folio, source, lines.get(("date",))))
    pieces.append(TextPiece("folio_number", " ".join(map(str, meta.pages)), source, lines.get(("pages",)),
                            bold=True))
    for key, label in (("editor", "责任编辑："), ("designer", "版式设计：")):
        name = getattr(meta, key, None)
        if name:
            pieces.append(TextPiece("folio", label + name, source, lines.get((key,))))
    settings = project.root / SETTINGS_FILE
    pieces.append(TextPiece("folio", project.settings.newspaper.name, settings if settings.is_file() else source,
                            _settings_line(settings, "name") if settings.is_file() else None))
    pieces += _blocks(feature.lead, "lead", "lead", source)
    for section in feature.sections:
        section_lines = front_matter_lines(section.source)
        pieces.append(TextPiece("section_title", section.title, section.source, section_lines.get(("title",)),
                                bold=True))
        pieces.append(TextPiece("section_subtitle", section.subtitle, section.source,
                                section_lines.get(("subtitle",))))
        if section.image is not None and section.image.caption:
            pieces.append(TextPiece("caption", section.image.caption, section.source,
                                    section_lines.get(("image", "caption"))))
        pieces += _blocks(section.body, "body", "subhead", section.source)
    info = feature.infographic
    if info is not None:
        info_lines = yaml_lines(info.source)
        if info.title:
            pieces.append(TextPiece("infographic_title", info.title, info.source, info_lines.get(("title",)),
                                    bold=True))
        if info.credit:
            pieces.append(TextPiece("credit", info.credit, info.source, info_lines.get(("credit",))))
        for p, panel in enumerate(info.panels):
            pieces.append(TextPiece("panel_title", panel.title, info.source, info_lines.get(("panels", p, "title")),
                                    bold=True))
            for i, item in enumerate(panel.items):
                line = info_lines.get(("panels", p, "items", i))
                pieces.append(TextPiece("panel_item", _spans_text(item, False), info.source, line))
                figures = _spans_text(item, True)
                if figures:
                    pieces.append(TextPiece("figure", figures, info.source, line))
    return [piece for piece in pieces if piece.text]


def _settings_line(path: Path, key: str) -> int | None:
    try:
        text = files.read_text(path, path.parent, files.TOML)
    except files.FileRefused:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(key) and "=" in line:
            return number
    return None


# --- coverage ---------------------------------------------------------------------------


def _chain_chars(role: RoleFonts, weight: int) -> list[tuple[str, Characters]]:
    """(family, characters) of each face of a role's chain, at ``weight``."""
    return [(face.family if not face.loaded else face.describe(weight).family, face.describe(weight).chars)
            for face in role.faces]


def _weight(layout: Layout, fonts: FontSet, style: str, bold: bool) -> int:
    declared = layout.type[style].weight or fonts.role(layout.type[style].role).weight
    return max(declared, 700) if bold else declared


def _place(piece: TextPiece, index: int, file_lines: dict[Path, list[str]]) -> Place:
    char = piece.text[index]
    context = piece.text[max(0, index - CONTEXT):index + CONTEXT + 1]
    line = piece.line
    if line is not None:
        if piece.file not in file_lines:
            try:
                file_lines[piece.file] = files.read_text(piece.file, piece.file.parent, files.MARKDOWN).splitlines()
            except files.FileRefused:
                file_lines[piece.file] = []
        text = file_lines[piece.file]
        # A paragraph or a folded YAML value runs over several lines: the first from its start with the char.
        found = next((n for n in range(line, min(line + 40, len(text) + 1)) if char in text[n - 1]), None)
        line = found or line
    return Place(piece.file, line, piece.style, context)


def coverage(feature: Feature, layout: Layout, fonts: FontSet, project: Project) -> dict[str, RoleCoverage]:
    """What each role's chain sets of the feature's text: fallbacks and gaps, with their places."""
    result = {role: RoleCoverage(role) for role in fonts.roles}
    seen: dict[str, set[str]] = {role: set() for role in fonts.roles}
    gaps: dict[tuple[str, str], list[Place]] = {}
    counts: dict[tuple[str, str], int] = {}
    file_lines: dict[Path, list[str]] = {}
    for piece in feature_text(feature, project):
        if piece.style not in layout.type:
            if piece.style == "folio_number" and "folio" in layout.type:
                piece = TextPiece("folio", piece.text, piece.file, piece.line, piece.bold)
            else:
                continue
        role = layout.type[piece.style].role
        if role not in fonts.roles:
            continue
        cover = result[role]
        if piece.style not in cover.styles:
            cover.styles.append(piece.style)
        chain = _chain_chars(fonts.role(role), _weight(layout, fonts, piece.style, piece.bold))
        for index, char in enumerate(piece.text):
            if char.isspace() or ord(char) < 32:
                continue
            seen[role].add(char)
            family = next((name for name, chars in chain if ord(char) in chars), None)
            if family is None:
                key = (role, char)
                counts[key] = counts.get(key, 0) + 1
                places = gaps.setdefault(key, [])
                if len(places) < MAX_PLACES:
                    place = _place(piece, index, file_lines)
                    if not any((p.file, p.line) == (place.file, place.line) for p in places):
                        places.append(place)
            elif family != chain[0][0]:
                cover.fallback.setdefault(char, family)
    for role, cover in result.items():
        cover.characters = len(seen[role])
    for (role, char), places in gaps.items():
        result[role].uncovered.append(Gap(char, tuple(places), counts[(role, char)]))
    return result
