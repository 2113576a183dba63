"""Font roles: a font set maps each role a layout names to installed families.

Input: ``fonts/<set>.toml`` and the families fontconfig knows. Output:
:class:`FontSet`, with the CSS ``font-family`` chain and weight of each role.
A family that is not installed is a :class:`~builder.errors.FontError` naming
the role and the family; so is a weight the role's first family lacks (the
renderer would otherwise fake or substitute it without a word).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

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
