"""Preflight: characters the fonts of their role do not cover (a box in print)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..typeset.glyphs import uncovered
from . import Issue, check, page_of

if TYPE_CHECKING:
    from ..pipeline import Build


@check("glyphs")
def missing_glyphs(build: Build) -> list[Issue]:
    """Every character whose role's font chain lacks it, with where it occurs."""
    roles = {}
    for role, fonts in build.fonts.roles.items():
        roles.setdefault(tuple(fonts.families), role)  # the first role of a chain...
    for role, fonts in build.fonts.roles.items():
        roles[(tuple(fonts.families), fonts.weight)] = role  # ...unless the weight tells them apart
    issues: list[Issue] = []
    seen: set[tuple[str, str | None]] = set()
    for found in uncovered(build.document):
        if (found.char, found.frame) in seen:
            continue
        seen.add((found.char, found.frame))
        role = roles.get((found.chain, found.weight)) or roles.get(found.chain, "?")
        drawn = (f"it would be drawn with {found.drawn_with!r}, which the font set does not name"
                 if found.drawn_with else "it would print as an empty box (.notdef)")
        issues.append(Issue(
            "error", "missing-glyph",
            f"{found.char!r} (U+{ord(found.char):04X}) in …{found.context}… is in no font of role "
            f"{role!r} ({', '.join(found.chain)}): {drawn}",
            f"replace the character, or add a family that has it to role {role!r} in "
            f"{build.fonts.source.name if build.fonts.source else 'the font set'}",
            found.frame, page_of(build, found.frame) if found.frame else None,
            {"char": found.char, "codepoint": f"U+{ord(found.char):04X}", "role": role,
             "families": list(found.chain), "drawn_with": found.drawn_with, "context": found.context},
        ))
    return issues
