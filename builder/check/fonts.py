"""Preflight: every font the PDF uses is embedded (a press will not substitute)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Severity
from . import check, finding

if TYPE_CHECKING:
    from ..results import Build
    from ..typeset import FontInfo


@check("fonts")
def fonts_embedded(build: Build) -> list[Diagnostic]:
    """Fonts the exported PDF names but does not carry: it reads the PDF that render writes."""
    if build.pdf is None:
        raise ValueError("the fonts check reads the PDF: export the build first (pipeline.export)")
    return font_issues(build.pdf.fonts)


def font_issues(fonts: Iterable[FontInfo]) -> list[Diagnostic]:
    """The fonts check on the fonts of a PDF (see :func:`~builder.typeset.write_pdf`)."""
    fonts = list(fonts)
    issues = []
    for font in fonts:
        if not font.embedded:
            issues.append(finding(
                Severity.ERROR, Code.FONT_NOT_EMBEDDED, f"font {font.name!r} is not embedded in the PDF",
                "use a font whose licence allows embedding, or map its role to another family",
                details={"font": font.name}))
    if not fonts:
        issues.append(finding(Severity.ERROR, Code.FONT_NOT_EMBEDDED, "the PDF carries no fonts at all",
                              "this is a bug: the pages have text"))
    return issues


@check("font-licences")
def font_licences(build: Build) -> list[Diagnostic]:
    """Faces whose licence forbids embedding them (OS/2 fsType): a press-ready PDF must carry its fonts."""
    issues = []
    seen: set[str] = set()
    for role, fonts in build.fonts.roles.items():
        for face in fonts.faces[:1]:  # the face that sets the role's text
            info = face.describe(fonts.weight)
            if info.restricted and info.postscript_name not in seen:
                seen.add(info.postscript_name)
                issues.append(finding(
                    Severity.WARNING, Code.FONT_LICENCE,
                    f"{info.family} ({info.postscript_name}) sets role {role!r}, and its licence forbids "
                    "embedding it (OS/2 fsType: restricted licence embedding)",
                    "ask the foundry for an embedding licence, or set the role in another face",
                    details={"font": info.postscript_name, "role": role, "embedding": info.embedding}))
    return issues
