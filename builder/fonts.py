"""Font roles: a font set maps each role a layout names to a chain of faces.

Input: ``fonts/<set>.toml``, the choices that override it (``fonts:`` in a
feature's front matter, ``--fontset`` and ``--font`` on the command line),
the families fontconfig knows and the font files a role names. Output:
:class:`FontSet`, with each role's chain of :class:`Face` objects (its CSS
``font-family``), its weight and where the choice came from, and the
``@font-face`` rules that load the font files (:func:`font_face_css`).

A chain entry is an installed family (``Noto Serif CJK SC``) or a font file
(``house.otf``, ``song.ttc#1``: a face of a collection by index). A family
that is not installed, a file that is missing or is not a font, is a
:class:`~builder.errors.FontError` naming the role and what was tried —
never a silent substitution by another installed font; so is a weight a set's
first family lacks (the renderer would fake it).

Precedence, highest first: the command line, the feature's front matter,
``broadsheet.toml``, the built-in default (``noto``). A font set named at one
level replaces the set and the role chains of the levels below it; a role
named at a level replaces that role's chain from the levels below.

For geometry that depends on the face — a box that must hold its glyphs'
ink — :func:`role_metrics` resolves a role's first face to its font file
(the file the role names, or the one fontconfig gives the renderer for its
family) and reads its vertical metrics (:class:`FaceMetrics`), and
:func:`ink_extents` the ink of given text (kept in the cache with the
face's information, since reading a CJK face's outlines is slow).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTCollection, TTFont
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import files
from .cache import cache_dir
from .content import front_matter_lines
from .diagnostics import from_validation_error
from .errors import BroadsheetError, ContentError, FontError, Problem, UsageError, did_you_mean, printable
from .model import FONT_ROLES, FontsSpec
from .output import write_atomically
from .project import read_toml

if TYPE_CHECKING:
    from .project import Project

#: Roles every font set must map; layouts may name only these.
ROLES = FONT_ROLES

#: The default font set: what a project without ``fonts`` in broadsheet.toml uses.
DEFAULT_SET = "noto"

#: CSS weight -> fontconfig weight.
_FC_WEIGHTS = {100: 0, 200: 40, 300: 50, 400: 80, 500: 100, 600: 180, 700: 200, 800: 205, 900: 210}

#: What a font file may be called; ``#N`` or ``:N`` after it picks a face of a collection.
FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".otc")
_FILE_ENTRY = re.compile(r"^(?P<path>.+?\.(?:otf|ttf|ttc|otc))(?:[#:](?P<index>\d{1,4}))?$", re.IGNORECASE)

#: OpenType features the Chinese composer asks a face for, and what for.
COMPOSER_FEATURES = {
    "halt": "half-width punctuation where marks meet and at line ends",
}
#: Features worth knowing about in a CJK face for print (listed when the face has them).
CJK_FEATURES = ("halt", "palt", "vhal", "vpal", "vert", "vrt2", "chws", "vchw", "kern", "locl", "fwid", "pwid")


# --- the font files behind faces ---------------------------------------------------


@dataclass(frozen=True)
class FaceFile:
    """A font file and the index of the face in it (a ``.ttc`` collection holds several)."""

    path: Path
    index: int = 0


class Characters:
    """The characters a face maps (Unicode code points), kept as sorted runs.

    ``code in chars``, ``len(chars)`` and iteration work as on a set of
    ints; a CJK face's 45 000 characters are some 2 000 runs, a few
    kilobytes where a set of them takes megabytes.
    """

    __slots__ = ("_starts", "_ends", "_count")

    def __init__(self, runs: Iterable[tuple[int, int]]) -> None:
        starts, ends = array("I"), array("I")
        for start, end in sorted((int(start), int(end)) for start, end in runs):
            if not 0 <= start <= end <= 0x10FFFF:
                raise ValueError(f"not a run of code points: {start}–{end}")
            if ends and start <= ends[-1] + 1:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts, self._ends = starts, ends
        self._count = sum(end - start + 1 for start, end in zip(starts, ends))

    @classmethod
    def of(cls, codes: Iterable[int]) -> Characters:
        """The characters of some code points."""
        starts: list[int] = []
        ends: list[int] = []
        last = -2
        for code in sorted(set(codes)):
            if code == last + 1:
                ends[-1] = code
            else:
                starts.append(code)
                ends.append(code)
            last = code
        return cls(zip(starts, ends))

    def runs(self) -> list[tuple[int, int]]:
        """The runs (first, last), in order."""
        return list(zip(self._starts, self._ends))

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        index = bisect_right(self._starts, code) - 1
        return index >= 0 and code <= self._ends[index]

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        for start, end in zip(self._starts, self._ends):
            yield from range(start, end + 1)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Characters):
            return NotImplemented
        return self._starts == other._starts and self._ends == other._ends

    def __hash__(self) -> int:
        return hash((self._starts.tobytes(), self._ends.tobytes()))

    def __repr__(self) -> str:
        return f"Characters({len(self)} in {len(self._starts)} runs)"


@dataclass(frozen=True)
class FaceInfo:
    """What a face says of itself: its ``name`` and ``OS/2`` tables, its features and glyphs."""

    family: str
    subfamily: str
    postscript_name: str
    version: str
    licence: str
    licence_url: str
    weight: int  #: OS/2 usWeightClass
    embedding: str  #: what OS/2 fsType allows: installable, editable, print and preview, restricted
    features: tuple[str, ...]  #: OpenType layout features (GSUB and GPOS)
    glyphs: int
    faces: int  #: faces in its file (1 unless a collection)
    chars: Characters = field(repr=False, compare=False)

    @property
    def restricted(self) -> bool:
        """The licence forbids embedding the face in a document."""
        return self.embedding == "restricted"


class NotAFont(ValueError):
    """A file that fontTools cannot read as a font (or has no such face)."""


def file_entry(entry: str) -> tuple[str, int | None] | None:
    """``(path, index)`` when a chain entry names a font file (``song.ttc#1``); None for a family."""
    match = _FILE_ENTRY.match(entry.strip())
    if not match:
        return None
    return match["path"], int(match["index"]) if match["index"] is not None else None


def _name(font: TTFont, *ids: int) -> str:
    table = font["name"] if "name" in font else None
    for name_id in ids:
        value = table.getDebugName(name_id) if table is not None else None
        if value:
            return value.strip()
    return ""


def _licence(text: str) -> str:
    """A licence in a few words: its first line, or the name of a well-known one."""
    known = re.search(r"SIL Open Font License,? (?:Version )?(\d\.\d)", text, re.IGNORECASE)
    if known:
        return f"SIL Open Font License {known[1]}"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= 80 else first[:77] + "…"


def _embedding(fs_type: int) -> str:
    if fs_type & 0x0002 and not fs_type & 0x000C:
        return "restricted"
    if fs_type & 0x0008:
        return "editable"
    if fs_type & 0x0004:
        return "print and preview"
    return "installable"


def _features(font: TTFont) -> tuple[str, ...]:
    tags: set[str] = set()
    for table in ("GSUB", "GPOS"):
        if table in font and getattr(font[table].table, "FeatureList", None) is not None:
            tags.update(record.FeatureTag for record in font[table].table.FeatureList.FeatureRecord)
    return tuple(sorted(tags))


@contextmanager
def _reading(source: Path | io.BytesIO, index: int) -> Iterator[TTFont]:
    """One face of a font file opened with fontTools (tables read as asked for), and let go of after.

    A CJK face's tables read whole are tens of megabytes (its character map,
    its outlines and their metrics); some of them point back at the font,
    so they would wait for the cycle collector: they are dropped here. So is
    :mod:`struct`'s cache of compiled formats, where fontTools leaves one of
    65 535 fields (4 MB) for each glyph count whose metrics it read.
    """
    font = TTFont(source, fontNumber=index, lazy=True)
    try:
        yield font
    finally:
        font.close()
        font.tables.clear()
        struct._clearcache()


def read_face(source: Path | io.BytesIO, index: int = 0) -> FaceInfo:
    """Open one face of a font file with fontTools and read what the toolkit reports of it.

    Raises :class:`NotAFont` when the file is not a font, or has no face ``index``.
    """
    try:
        faces = 1
        if isinstance(source, io.BytesIO):
            source.seek(0)
            if source.read(4) == b"ttcf":
                source.seek(0)
                faces = len(TTCollection(source, lazy=True).fonts)
            source.seek(0)
        else:
            with open(source, "rb") as handle:
                if handle.read(4) == b"ttcf":
                    faces = len(TTCollection(source, lazy=True).fonts)
        if index >= faces:
            raise NotAFont(f"has {faces} face{'s' if faces > 1 else ''}; #{index} is not one of them "
                           f"(0–{faces - 1})")
        with _reading(source, index if faces > 1 else -1) as font:
            # Glyph names are not needed, and reading a CFF font's costs half the time of its cmap.
            font.setGlyphOrder([f"g{number}" for number in range(font["maxp"].numGlyphs)])
            cmap = font.getBestCmap()
            if not cmap:
                raise NotAFont("has no character map (cmap): it cannot set text")
            os2 = font["OS/2"] if "OS/2" in font else None
            return FaceInfo(
                family=_name(font, 16, 1), subfamily=_name(font, 17, 2), postscript_name=_name(font, 6),
                version=_name(font, 5).removeprefix("Version ").split(";")[0].strip(),
                licence=_licence(_name(font, 13)), licence_url=_name(font, 14),
                weight=os2.usWeightClass if os2 is not None else 400,
                embedding=_embedding(os2.fsType if os2 is not None else 0),
                features=_features(font), glyphs=font["maxp"].numGlyphs, faces=faces,
                chars=Characters.of(cmap))
    except NotAFont:
        raise
    except Exception as error:  # noqa: BLE001 - fontTools raises many kinds for a file that is not a font
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise NotAFont(f"is not a font fontTools can read ({printable(reason)[:120]})") from None


@functools.lru_cache(maxsize=64)
def _installed_face_info(path: str, index: int, size: int, mtime: int) -> FaceInfo:
    # Reading a CJK face's character map costs a quarter of a second; what it
    # says is kept in the cache, keyed by the file's path, size and time.
    entry = _face_entry(path, index, size, mtime)
    try:
        return _face_from_json(json.loads(entry.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        pass
    info = read_face(Path(path), index)
    try:
        write_atomically(entry, json.dumps(_face_json(info)).encode("utf-8"))
    except BroadsheetError:
        pass  # a cache that cannot be written costs time only
    return info


#: Bump when :class:`FaceInfo` or the way it is read changes: older cache entries are then not read.
FACE_CACHE_VERSION = 1


def _face_entry(path: str, index: int, size: int, mtime: int, suffix: str = "") -> Path:
    """The cache file of what is read from a face (``suffix`` names a kind: ``-ink``), keyed by the file's state."""
    key = hashlib.sha256(f"{FACE_CACHE_VERSION}\0{path}\0{index}\0{size}\0{mtime}".encode()).hexdigest()
    return cache_dir(None, "faces") / f"{key}{suffix}.json"


def _face_json(info: FaceInfo) -> dict:
    """A face's information as JSON, its characters as ranges (a CJK face's are long runs)."""
    ranges = [[start, end] for start, end in info.chars.runs()]
    fields = {name: getattr(info, name) for name in FaceInfo.__dataclass_fields__ if name != "chars"}
    return {**fields, "features": list(info.features), "chars": ranges}


def _face_from_json(data: dict) -> FaceInfo:
    chars = Characters((start, end) for start, end in data.pop("chars"))
    info = FaceInfo(**{**data, "features": tuple(data["features"])}, chars=chars)
    if not all(isinstance(getattr(info, name), str) for name in ("family", "subfamily", "postscript_name",
                                                                    "version", "licence", "licence_url",
                                                                    "embedding")):
        raise ValueError("not a face entry")
    return info


def face_info(face: FaceFile) -> FaceInfo:
    """The :class:`FaceInfo` of a face on disk (cached while the file is unchanged)."""
    status = os.stat(face.path)
    return _installed_face_info(str(face.path), face.index, status.st_size, status.st_mtime_ns)


@functools.cache
def face_file(family: str, weight: int = 400) -> FaceFile:
    """The font file fontconfig picks for an installed family at a CSS weight (the one the renderer uses)."""
    if shutil.which("fc-match") is None:
        raise FontError(Problem(None, "fc-match not found: install fontconfig (make render does)"))
    fc_weight = _FC_WEIGHTS.get(round(weight, -2), 80)
    output = subprocess.run(
        ["fc-match", "--format", "%{file}\t%{index}\t%{family}", f"{family}:weight={fc_weight}"],
        capture_output=True, text=True, check=False,
    ).stdout
    path, _, rest = output.partition("\t")
    index, _, families = rest.partition("\t")
    if not path or family not in [name.strip() for name in families.split(",")]:
        raise FontError(Problem(None, f"fontconfig has no face of {family!r} (it offers {families or 'nothing'})"))
    return FaceFile(Path(path), int(index or 0))


@functools.cache
def installed_faces() -> dict[str, set[int]]:
    """Installed family names (every localised name) -> fontconfig weights."""
    if shutil.which("fc-list") is None:
        raise FontError(Problem(None, "fc-list not found: install fontconfig (make render does)"))
    output = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{weight}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    faces: dict[str, set[int]] = {}
    for line in output.splitlines():
        families, _, weights = line.partition("\t")
        values = {int(float(w)) for w in weights.strip("[]").split() if w.replace(".", "").isdigit()}
        for family in families.split(","):
            faces.setdefault(family.strip(), set()).update(values)
    return faces


def _css_weights(family: str) -> list[int]:
    """The CSS weights of an installed family."""
    by_fc = {fc: css for css, fc in _FC_WEIGHTS.items()}
    return sorted({by_fc[w] for w in installed_faces().get(family, ()) if w in by_fc})


# --- a role's chain ----------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """One entry of a role's chain: an installed family, or a font file loaded with ``@font-face``."""

    family: str  #: the CSS family name: the installed family, or a name made for the file
    written: str  #: as written in the set, the front matter or on the command line
    file: FaceFile | None = None  #: the font file a role names; None for an installed family
    url_file: Path | None = None  #: what ``@font-face`` loads: the file, or its face taken out of a collection
    info: FaceInfo | None = field(default=None, repr=False, compare=False)

    @property
    def loaded(self) -> bool:
        """Loaded from a file with ``@font-face`` rather than found installed."""
        return self.file is not None

    def resolved(self, weight: int) -> FaceFile:
        """The file that sets this face at ``weight``: the named file, or fontconfig's pick."""
        return self.file if self.file is not None else face_file(self.family, weight)

    def describe(self, weight: int) -> FaceInfo:
        """The face's own account of itself (name table, weight, features, cmap)."""
        if self.info is not None:
            return self.info
        return face_info(self.resolved(weight))


@dataclass(frozen=True)
class RoleFonts:
    """A role of a resolved font set: its chain of faces (the first sets the text) and weight."""

    faces: tuple[Face, ...]
    weight: int = 400
    #: where the chain was chosen: "font set noto", "feature.md fonts.body", "--font body"
    origin: str = ""
    #: what the toolkit changed and why (a weight the family lacks)
    note: str | None = None

    @property
    def families(self) -> tuple[str, ...]:
        """The chain's CSS family names."""
        return tuple(face.family for face in self.faces)

    @property
    def css_family(self) -> str:
        """The role's chain as a CSS ``font-family`` value."""
        return ", ".join(f'"{family}"' for family in self.families)


@dataclass(frozen=True)
class FontSet:
    """A resolved font set: every role mapped to faces that exist."""

    name: str
    roles: Mapping[str, RoleFonts]
    description: str = ""
    source: Path | None = None
    #: where the set was chosen: "--fontset", "feature.md fonts.set", "broadsheet.toml fonts", "default"
    chosen_by: str = "default"

    def role(self, name: str) -> RoleFonts:
        """The fonts of a role; an unknown role is a layout error upstream."""
        return self.roles[name]

    @property
    def loaded_faces(self) -> tuple[Face, ...]:
        """The font files the roles name, each once, in role order."""
        seen: dict[str, Face] = {}
        for role in self.roles.values():
            for face in role.faces:
                if face.loaded:
                    seen.setdefault(face.family, face)
        return tuple(seen.values())

    @property
    def font_files(self) -> tuple[Path, ...]:
        """What ``@font-face`` rules fetch: the files, or faces taken out of collections."""
        return tuple(face.url_file for face in self.loaded_faces if face.url_file is not None)


def font_face_css(fonts: FontSet) -> str:
    """The ``@font-face`` rules that load the font files a font set names."""
    rules = []
    for face in fonts.loaded_faces:
        assert face.url_file is not None and face.info is not None
        weight = min(900, max(100, round(face.info.weight, -2)))
        rules.append(f'@font-face {{ font-family: "{face.family}"; src: url("{face.url_file.as_uri()}"); '
                     f"font-weight: {weight}; font-style: normal; }}")
    return "\n".join(rules) + ("\n" if rules else "")


# --- where a choice was written, for messages ----------------------------------------


@dataclass(frozen=True)
class Level:
    """One level of font choice and how to point at it in a message.

    ``files_root``: the folder a font file of this level is read from
    (confined to it); None on the command line, where a file is the user's own.
    """

    name: str  #: "command line", "feature", "settings"
    file: Path | str
    fontset: str | None = None
    chains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    files_root: Path | None = None
    set_key: str | None = None  #: the key that names the set ("fonts.set"); None: the option itself
    role_key: str = "{role}"
    #: the line of each key path, where the level is a file with lines
    lines: Mapping[tuple[str | int, ...], int] = field(default_factory=dict)

    def problem(self, message: str, role: str | None = None, code: str = "font", hint: str | None = None) -> Problem:
        key = self.role_key.format(role=role) if role else self.set_key
        line = self.lines.get(tuple(key.split("."))) or self.lines.get(tuple(key.split(".")[:1])) if key else None
        return Problem(self.file, message, key=key, line=line, code=code, hint=hint)

    def origin(self, role: str) -> str:
        key = self.role_key.format(role=role)
        return f"{self.file} {key}" if isinstance(self.file, str) else f"{self.file.name} {key}"


def command_line_level(fontset: str | None = None, fonts: tuple[tuple[str, str], ...] = ()) -> Level:
    """``--fontset`` and ``--font ROLE=FAMILY_OR_FILE`` as a level (a later ``--font`` for a role wins)."""
    chains: dict[str, tuple[str, ...]] = {}
    for role, value in fonts:
        chains[role] = tuple(part.strip() for part in value.split(",") if part.strip())
    return Level("command line", "--font", fontset, chains, None, None, "{role}")


def feature_level(source: Path, spec: FontsSpec | None, project_root: Path) -> Level | None:
    """A feature's ``fonts:`` front matter as a level."""
    if spec is None:
        return None
    return Level("feature", source, spec.set, spec.chains(), project_root / "fonts", "fonts.set", "fonts.{role}",
                 front_matter_lines(source))


# --- reading and resolving ------------------------------------------------------------


class FontSetSpec(BaseModel):
    """``fonts/<set>.toml`` as written."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    description: str = ""
    roles: dict[str, RoleSpec]


class RoleSpec(BaseModel):
    """One role of a font set as written: families or font files, first to last, and a weight."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    families: tuple[str, ...] = Field(min_length=1)
    weight: int = Field(400, ge=100, le=900)


FontSetSpec.model_rebuild()


def load_fontset(path: Path, cache: Path | None = None) -> FontSet:
    """Read ``fonts/<set>.toml`` and check every family is installed and every file a font.

    A font file a set names is looked up in the set's own ``fonts/`` folder.
    ``cache`` is where faces taken out of collections are kept.
    """
    data = read_toml(path, path.parent, FontError)
    try:
        spec = FontSetSpec.model_validate(data)
    except ValidationError as error:
        raise FontError(from_validation_error(error, path, FontSetSpec, data)) from None
    problems = [Problem(path, "role not mapped to any family", key=f"roles.{role}")
                for role in ROLES if role not in spec.roles]
    problems += [Problem(path, f"unknown role (roles are: {', '.join(ROLES)})", key=f"roles.{role}")
                 for role in spec.roles if role not in ROLES]
    level = Level("set", path, files_root=path.parent, role_key="roles.{role}")
    roles: dict[str, RoleFonts] = {}
    for role, written in spec.roles.items():
        if role not in ROLES:
            continue
        resolved, found = _resolve_chain(written.families, written.weight, level, role, cache, strict=True)
        problems += found
        if resolved is not None:
            roles[role] = replace(resolved, origin=f"font set {spec.name}")
    if problems:
        raise FontError(problems)
    return FontSet(name=spec.name, description=spec.description, roles=roles, source=path)


def choose_fonts(project: Project, levels: list[Level | None], cache: Path | None = None) -> FontSet:
    """The font set a build uses, from the levels of choice (lowest first), over ``broadsheet.toml``.

    The highest level that names a set chooses it; the role chains of that
    level and the ones above it replace the set's roles, the higher first.
    """
    settings = Level("settings", project.root / "broadsheet.toml", project.settings.fonts,
                     files_root=project.root / "fonts", set_key="fonts")
    chain = [settings, *(level for level in levels if level is not None)]
    base = max(i for i, level in enumerate(chain) if level.fontset is not None)
    chooser = chain[base]
    path = project.find("fonts", chooser.fontset or DEFAULT_SET, ".toml")
    if path is None:
        raise _unknown_set(project, chooser)
    fontset = load_fontset(path, cache or cache_dir(project.root, "fonts"))
    chosen_by = {"command line": "--fontset", "feature": f"{Path(chooser.file).name} fonts.set",
                 "settings": "broadsheet.toml fonts"}[chooser.name]
    if chooser.name == "settings" and "fonts" not in project.settings.model_fields_set:
        chosen_by = "default"
    roles = dict(fontset.roles)
    problems: list[Problem] = []
    for level in chain[base:]:
        for role, entries in level.chains.items():
            if role not in ROLES:
                problems.append(level.problem(f"unknown role (roles are: {', '.join(ROLES)})", role,
                                              code="unknown-role"))
                continue
            resolved, found = _resolve_chain(entries, fontset.role(role).weight, level, role,
                                             cache or cache_dir(project.root, "fonts"), strict=False)
            problems += found
            if resolved is not None:
                roles[role] = replace(resolved, origin=level.origin(role))
    if problems:
        raise FontError(problems)
    return replace(fontset, roles=roles, chosen_by=chosen_by)


def _unknown_set(project: Project, level: Level) -> BroadsheetError:
    known = project.fontsets()
    message = f"unknown font set {level.fontset!r} (known: {', '.join(known)})"
    if level.name == "command line":
        return UsageError(Problem("--fontset", message, code="unknown-font-set",
                                  hint=did_you_mean(level.fontset or "", known)))
    if level.name == "feature":
        return ContentError(level.problem(message, code="unknown-font-set"))
    return FontError(level.problem(message, code="unknown-font-set"))


def _resolve_chain(entries: tuple[str, ...], weight: int, level: Level, role: str, cache: Path | None,
                   strict: bool) -> tuple[RoleFonts | None, list[Problem]]:
    """A role's chain resolved: each family installed, each file a font; the role's weight.

    A chain that starts with a font file takes the file's own weight (the
    file is the face). One that starts with a family keeps the role's weight;
    when the family lacks it, a font set (``strict``) is wrong, and an
    override takes the family's nearest weight, saying so in the role's note.
    """
    faces: list[Face] = []
    problems: list[Problem] = []
    installed = installed_faces()
    for entry in entries:
        as_file = file_entry(entry)
        if as_file is not None:
            face, problem = _file_face(entry, *as_file, level, role, cache)
            if problem is not None:
                problems.append(problem)
            elif face is not None:
                faces.append(face)
            continue
        if entry not in installed:
            close = difflib.get_close_matches(entry, list(installed), n=3, cutoff=0.6)
            hint = (f"did you mean {', '.join(repr(c) for c in close)}?" if close
                    else "'fc-list : family' lists the installed families")
            problems.append(level.problem(f"family {entry!r} is not installed (fontconfig knows no family of "
                                          "that name)", role, code="font-missing", hint=hint))
            continue
        faces.append(Face(family=entry, written=entry))
    if problems or not faces:
        return None, problems
    note = None
    first = faces[0]
    if first.loaded:
        assert first.info is not None
        weight = min(900, max(100, round(first.info.weight, -2)))
    else:
        wanted = _FC_WEIGHTS.get(round(weight, -2))
        if wanted is not None and wanted not in installed[first.family]:
            if strict:
                return None, [Problem(level.file, f"{first.family!r} has no weight {weight} installed",
                                      key=f"{level.role_key.format(role=role)}.weight")]
            available = _css_weights(first.family) or [400]
            nearest = min(available, key=lambda w: (abs(w - weight), -w))
            note = f"{first.family} has no weight {weight}; set at {nearest}"
            weight = nearest
    return RoleFonts(faces=tuple(faces), weight=weight, note=note), []


def command_line_path(written_path: str, cwd: Path | None = None) -> Path:
    """Where a font file named on the command line is: as given (``~`` expanded), relative to the working folder."""
    given = Path(written_path).expanduser()
    return given if given.is_absolute() else (cwd or Path.cwd()) / given


def command_line_files(fonts: tuple[tuple[str, str], ...], cwd: Path | None = None) -> list[Path]:
    """The font files ``--font ROLE=…`` names (each entry of a chain that is a file), where a build reads them."""
    found = []
    for _role, value in fonts:
        for part in value.split(","):
            entry = file_entry(part)
            if entry is not None:
                found.append(command_line_path(entry[0], cwd))
    return found


#: Faces read from font files, by (real path, size, mtime, index, cache): a warm process reads each once.
_FILE_FACES: dict[tuple[str, int, int, int, str], tuple[FaceInfo, str, Path]] = {}


def _file_face(entry: str, written_path: str, index: int | None, level: Level, role: str,
               cache: Path | None) -> tuple[Face | None, Problem | None]:
    """A font file named in a chain: found, read under the file rule, checked to be a font."""
    given = Path(written_path).expanduser()
    if level.files_root is None:  # the command line: the user's own file, wherever they can read
        path = command_line_path(written_path)
        root = Path(path.anchor)
    else:
        if given.is_absolute() or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", written_path):
            return None, level.problem(f"font file {written_path!r} must be a path relative to the project's "
                                       f"fonts/ folder ({level.files_root})", role, code="font-path")
        path, root = level.files_root / given, level.files_root
    where = f"font file {written_path!r}"
    try:
        real = files.confine(path, root, files.FONT)
    except files.FileRefused as refused:
        if refused.reason_code == "file-missing":
            return None, level.problem(f"{where} not found (looked for {path})", role, code="font-missing")
        return None, level.problem(f"{where} {refused.reason}", role, code=refused.reason_code)
    status = real.stat()
    key = (str(real), status.st_size, status.st_mtime_ns, index or 0, str(cache))
    if key not in _FILE_FACES:
        try:
            data = files.read_bytes(path, root, files.FONT)
            info = read_face(io.BytesIO(data), index or 0)
        except files.FileRefused as refused:
            return None, level.problem(f"{where} {refused.reason}", role, code=refused.reason_code)
        except NotAFont as refused:
            return None, level.problem(f"{where} {refused}", role, code="font-unreadable")
        digest = hashlib.sha256(data).hexdigest()
        url_file = real
        if info.faces > 1:  # @font-face loads a whole file: give it the one face
            url_file = _single_face(data, index or 0, digest, cache)
        if len(_FILE_FACES) > 32:
            _FILE_FACES.clear()
        _FILE_FACES[key] = (info, digest, url_file)
    info, digest, url_file = _FILE_FACES[key]
    # A name of its own, so that only this file answers to it; readable in the PDF's font list. Only
    # letters, digits and '-' of the font's own name: it is written into CSS.
    readable = re.sub(r"[^A-Za-z0-9-]", "", info.postscript_name or info.family)[:40] or "face"
    family = f"{readable} {digest[:10]}" + (f"-{index}" if index else "")
    return Face(family=family, written=entry, file=FaceFile(real, index or 0), url_file=url_file, info=info), None


def _single_face(data: bytes, index: int, digest: str, cache: Path | None) -> Path:
    """One face of a collection as a font file of its own, kept in the cache."""
    folder = cache or cache_dir(None, "fonts")
    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True)
    suffix = ".otf" if "CFF " in font or "CFF2" in font else ".ttf"
    target = folder / f"{digest[:32]}-{index}{suffix}"
    if not target.is_file():
        buffer = io.BytesIO()
        font.save(buffer)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(target, buffer.getvalue())
    font.close()
    return target


# --- a face's metrics and ink -----------------------------------------------------------


@dataclass(frozen=True)
class FaceMetrics:
    """A face's vertical metrics in em (times the font size gives points), y up from the baseline.

    ``ascender``/``descender`` are the face's design extents (OS/2 typo
    metrics; in a CJK face, the ideographic em box, e.g. 0.88 and -0.12).
    ``line_ascent``/``line_descent`` are what a renderer lays a line out
    with (hhea, or the typo metrics when the face asks for them), which is
    where CSS puts the baseline inside a line box.
    """

    face: FaceFile
    ascender: float
    descender: float
    line_ascent: float
    line_descent: float
    cap_height: float
    x_height: float

    def ink(self, text: str) -> tuple[float, float]:
        """(lowest, highest) ink of the glyphs of ``text`` in this face, in em; see :func:`ink_extents`."""
        return ink_extents(self.face, text)


@functools.cache
def file_metrics(face: FaceFile) -> FaceMetrics:
    """The vertical metrics of a face in a font file (cached)."""
    with _reading(face.path, face.index) as font:
        em = font["head"].unitsPerEm
        os2, hhea = font["OS/2"], font["hhea"]
    if os2.fsSelection & (1 << 7) or not (hhea.ascent or hhea.descent):  # USE_TYPO_METRICS
        line_ascent, line_descent = os2.sTypoAscender, os2.sTypoDescender
    else:
        line_ascent, line_descent = hhea.ascent, hhea.descent
    return FaceMetrics(
        face=face,
        ascender=os2.sTypoAscender / em,
        descender=os2.sTypoDescender / em,
        line_ascent=line_ascent / em,
        line_descent=line_descent / em,
        cap_height=getattr(os2, "sCapHeight", 0) / em or os2.sTypoAscender / em,
        x_height=getattr(os2, "sxHeight", 0) / em,
    )


def face_metrics(family: str, weight: int = 400) -> FaceMetrics:
    """The vertical metrics of an installed family's face at a CSS weight (cached)."""
    return file_metrics(face_file(family, weight))


def role_metrics(fonts: FontSet, role: str, weight: int | None = None) -> FaceMetrics:
    """The metrics of a role's first face — the font file it names, or its family's — at ``weight`` or its own."""
    fonts_of_role = fonts.role(role)
    return file_metrics(fonts_of_role.faces[0].resolved(weight or fonts_of_role.weight))


def _glyph_extents(face: FaceFile, chars: set[str]) -> dict[str, tuple[float, float] | None]:
    """The (lowest, highest) ink of each character's glyph in em; None for a character without ink or glyph."""
    found: dict[str, tuple[float, float] | None] = {}
    with _reading(face.path, face.index) as font:
        cmap = font.getBestCmap()
        glyphs = font.getGlyphSet()
        em = font["head"].unitsPerEm
        for char in chars:
            glyph = cmap.get(ord(char))
            pen = BoundsPen(glyphs)
            if glyph is not None:
                glyphs[glyph].draw(pen)
            found[char] = None if pen.bounds is None else (pen.bounds[1] / em, pen.bounds[3] / em)
    return found


def ink_extents(face: FaceFile, text: str) -> tuple[float, float]:
    """(lowest, highest) ink of the glyphs of ``text`` in a face, in em (0, 0 when none has ink).

    Characters the face lacks are left out: another family of the role sets them.
    """
    chars = set(text)
    known = _known_ink(face)
    missing = chars - known.keys()
    if missing:
        known.update(_glyph_extents(face, missing))
        _save_ink(face, known)
    extents = [e for e in (known[char] for char in chars) if e is not None]
    if not extents:
        return 0.0, 0.0
    return min(low for low, _ in extents), max(high for _, high in extents)


# Reading a CJK face's outlines takes fontTools half a second a face (its
# glyph set and character map), for a label's few characters: their ink is
# kept beside the face's information in the cache, so that a new process
# (the next render) does not read the font again.
_INK: dict[FaceFile, dict[str, tuple[float, float] | None]] = {}


def _ink_entry(face: FaceFile) -> Path:
    status = os.stat(face.path)
    return _face_entry(str(face.path), face.index, status.st_size, status.st_mtime_ns, "-ink")


def _known_ink(face: FaceFile) -> dict[str, tuple[float, float] | None]:
    """The ink of the characters measured in ``face`` so far (this process's, and the cache's)."""
    if face not in _INK:
        known: dict[str, tuple[float, float] | None] = {}
        try:
            data = json.loads(_ink_entry(face).read_text(encoding="utf-8"))
            for char, extents in data["ink"].items():
                if len(char) != 1 or not (extents is None or (len(extents) == 2 and all(
                        isinstance(value, (int, float)) for value in extents))):
                    raise ValueError("not an ink entry")
                known[char] = None if extents is None else (float(extents[0]), float(extents[1]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            known = {}  # none yet, or unreadable: measured again
        _INK[face] = known
    return _INK[face]


def _save_ink(face: FaceFile, known: dict[str, tuple[float, float] | None]) -> None:
    try:
        write_atomically(_ink_entry(face), json.dumps({"ink": known}, ensure_ascii=False).encode("utf-8"))
    except (BroadsheetError, OSError):
        pass  # a cache that cannot be written costs time only
