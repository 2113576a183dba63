"""Preflight: characters the fonts of their role do not cover (a box, or another font, in print).

Two readings of the same question. The character maps of each role's faces
against the feature's text (:mod:`builder.coverage`) say which characters no
face of the role has and where they are written (file and line); the
laid-out pages (:mod:`builder.typeset.glyphs`) say which frame they land in,
what the renderer drew them with instead, and catch text that is not in the
content files (the folio's date, list numbers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..coverage import Gap, coverage
from ..diagnostics import Code, Diagnostic, Severity
from ..errors import display_path
from ..typeset.glyphs import Uncovered, uncovered
from . import check, finding, page_of

if TYPE_CHECKING:
    from ..results import Build


def _drawn(found: Uncovered | None) -> str:
    if found is not None and found.drawn_with:
        return f"it would be drawn with {found.drawn_with!r}, which the font set does not name"
    return "it would print as an empty box (.notdef) or in a font the set does not name"


def _hint(build: Build, role: str) -> str:
    where = build.fonts.role(role).origin or f"font set {build.fonts.name}"
    return (f"replace the character, or give role {role!r} a face that has it ({where}; "
            "'broadsheet fonts' lists each role's faces and what they lack)")


@check("glyphs")
def missing_glyphs(build: Build) -> list[Diagnostic]:
    """Every character whose role's font chain lacks it, with where it is written and where it lands."""
    gaps = coverage(build.feature, build.layout, build.fonts, build.project)
    laid = uncovered(build.document)
    laid_out: dict[str, Uncovered] = {}
    for found in laid:
        laid_out.setdefault(found.char, found)
    issues: list[Diagnostic] = []
    reported: set[str] = set()
    for role, cover in gaps.items():
        for gap in cover.uncovered:
            reported.add(gap.char)
            issues.append(_gap_issue(build, role, gap, laid_out.get(gap.char)))
    roles = {}
    for role, fonts in build.fonts.roles.items():
        roles.setdefault(fonts.families, role)  # the first role of a chain...
    for role, fonts in build.fonts.roles.items():
        roles[(fonts.families, fonts.weight)] = role  # ...unless the weight tells them apart
    # Font files go by the names made for them; say the face's own.
    names = {face.family: face.describe(fonts.weight).family for fonts in build.fonts.roles.values()
             for face in fonts.faces if face.loaded}
    seen: set[tuple[str, str | None]] = set()
    for found in laid:
        if found.char in reported or (found.char, found.frame) in seen:
            continue
        seen.add((found.char, found.frame))
        role = roles.get((found.chain, found.weight)) or roles.get(found.chain, "?")
        issues.append(finding(
            Severity.ERROR, Code.MISSING_GLYPH,
            f"{found.char!r} (U+{ord(found.char):04X}) in …{found.context}… is in no font of role "
            f"{role!r} ({', '.join(names.get(family, family) for family in found.chain)}): {_drawn(found)}",
            _hint(build, role) if role in build.fonts.roles else "replace the character",
            found.frame, page_of(build, found.frame) if found.frame else None,
            {"char": found.char, "codepoint": f"U+{ord(found.char):04X}", "role": role,
             "families": [names.get(family, family) for family in found.chain], "drawn_with": found.drawn_with,
             "context": found.context, "places": []},
        ))
    return issues


def _gap_issue(build: Build, role: str, gap: Gap, found: Uncovered | None) -> Diagnostic:
    faces = build.fonts.role(role).faces
    names = [face.describe(build.fonts.role(role).weight).family if face.loaded else face.family for face in faces]
    first = gap.places[0]
    where = display_path(first.file) + (f":{first.line}" if first.line else "")
    more = f" and {gap.count - 1} more place{'s' if gap.count > 2 else ''}" if gap.count > 1 else ""
    frame = found.frame if found is not None else None
    return finding(
        Severity.ERROR, Code.MISSING_GLYPH,
        f"{gap.char!r} ({gap.codepoint}) in …{first.context}… ({where}{more}) is in no font of role {role!r} "
        f"({', '.join(names)}): {_drawn(found)}",
        _hint(build, role), frame, page_of(build, frame) if frame else None,
        {"char": gap.char, "codepoint": gap.codepoint, "role": role, "families": names,
         "drawn_with": found.drawn_with if found is not None else None, "context": first.context,
         "places": [{"file": display_path(p.file), "line": p.line, "style": p.style} for p in gap.places]},
        file=display_path(first.file), line=first.line,
    )
