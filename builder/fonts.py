"""Font roles: a font set maps each role a layout names to installed families.

Input: ``fonts/<set>.toml`` and the families fontconfig knows. Output:
:class:`FontSet`, with the CSS ``font-family`` chain and weight of each role.
A family that is not installed is a :class:`~builder.errors.FontError` naming
the role and the family; so is a weight the role's first family lacks (the
renderer would otherwise fake or substitute it without a word).

For geometry that depends on the face — a box that must hold its glyphs'
ink — :func:`role_metrics` resolves a role's first family to the font file
fontconfig gives the renderer and reads its vertical metrics
(:class:`FaceMetrics`), and :func:`ink_extents` the ink of given text.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import FontError, Problem
from .project import read_toml

#: Roles every font set must map; layouts may name only these.
ROLES = ("body", "subhead", "headline", "display", "caption", "figure", "sans")

#: CSS weight -> fontconfig weight.
_FC_WEIGHTS = {100: 0, 200: 40, 300: 50, 400: 80, 500: 100, 600: 180, 700: 200, 800: 205, 900: 210}


class RoleFonts(BaseModel):
    """One role of a font set."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    families: tuple[str, ...] = Field(min_length=1)
    weight: int = Field(400, ge=100, le=900)

    @property
    def css_family(self) -> str:
        """The role's chain as a CSS ``font-family`` value."""
        return ", ".join(f'"{family}"' for family in self.families)


class FontSet(BaseModel):
    """A validated font set: every role mapped to installed families."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    description: str = ""
    roles: dict[str, RoleFonts]
    source: Path | None = None

    def role(self, name: str) -> RoleFonts:
        """The fonts of a role; an unknown role is a layout error upstream."""
        return self.roles[name]


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


def load_fontset(path: Path) -> FontSet:
    """Read ``fonts/<set>.toml`` and check every family is installed."""
    data = read_toml(path, path.parent, FontError)
    try:
        fontset = FontSet.model_validate({**data, "source": path})
    except ValidationError as error:
        raise FontError(
            [Problem(path, item["msg"], key=".".join(str(p) for p in item["loc"])) for item in error.errors()]
        ) from None
    problems = [Problem(path, "role not mapped to any family", key=f"roles.{role}")
                for role in ROLES if role not in fontset.roles]
    problems += [Problem(path, f"unknown role (roles are: {', '.join(ROLES)})", key=f"roles.{role}")
                 for role in fontset.roles if role not in ROLES]
    faces = installed_faces()
    for role, fonts in fontset.roles.items():
        for family in fonts.families:
            if family not in faces:
                problems.append(Problem(path, f"family {family!r} is not installed", key=f"roles.{role}"))
        first = fonts.families[0]
        wanted = _FC_WEIGHTS.get(round(fonts.weight, -2))
        if first in faces and wanted is not None and wanted not in faces[first]:
            problems.append(
                Problem(path, f"{first!r} has no weight {fonts.weight} installed", key=f"roles.{role}.weight")
            )
    if problems:
        raise FontError(problems)
    return fontset


# --- faces: the font file behind a family, and its metrics ----------------------


@dataclass(frozen=True)
class FaceFile:
    """A font file and the index of the face in it (a ``.ttc`` collection holds several)."""

    path: Path
    index: int = 0


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
def face_file(family: str, weight: int = 400) -> FaceFile:
    """The font file fontconfig picks for a family at a CSS weight (the one the renderer uses)."""
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
def face_metrics(family: str, weight: int = 400) -> FaceMetrics:
    """The vertical metrics of a family's face at a CSS weight (cached)."""
    face = face_file(family, weight)
    font = _open(face)
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


def role_metrics(fonts: FontSet, role: str, weight: int | None = None) -> FaceMetrics:
    """The metrics of a role's first family, at ``weight`` or the role's own."""
    fonts_of_role = fonts.role(role)
    return face_metrics(fonts_of_role.families[0], weight or fonts_of_role.weight)


#: Open fonts by face: read lazily, so they keep their file open until exit.
_FONTS: dict[FaceFile, TTFont] = {}


def _open(face: FaceFile) -> TTFont:
    if face not in _FONTS:
        _FONTS[face] = TTFont(face.path, fontNumber=face.index, lazy=True)
    return _FONTS[face]


@atexit.register
def _close_fonts() -> None:
    for font in _FONTS.values():
        font.close()
    _FONTS.clear()


@functools.lru_cache(maxsize=8192)
def _glyph_extents(face: FaceFile, char: str) -> tuple[float, float] | None:
    font = _open(face)
    glyph = font.getBestCmap().get(ord(char))
    if glyph is None:
        return None
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[glyph].draw(pen)
    if pen.bounds is None:
        return None  # a space
    em = font["head"].unitsPerEm
    return pen.bounds[1] / em, pen.bounds[3] / em


def ink_extents(face: FaceFile, text: str) -> tuple[float, float]:
    """(lowest, highest) ink of the glyphs of ``text`` in a face, in em (0, 0 when none has ink).

    Characters the face lacks are left out: another family of the role sets them.
    """
    extents = [e for e in (_glyph_extents(face, char) for char in set(text)) if e is not None]
    if not extents:
        return 0.0, 0.0
    return min(low for low, _ in extents), max(high for _, high in extents)
