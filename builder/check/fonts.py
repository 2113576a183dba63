"""Preflight: every font the PDF uses is embedded (a press will not substitute)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..typeset import FontInfo, write_pdf
from . import Issue, check

if TYPE_CHECKING:
    from ..pipeline import Build


@check("fonts")
def fonts_embedded(build: Build) -> list[Issue]:
    """Fonts the PDF names but does not carry (the PDF written, or one made to see)."""
    fonts: list[FontInfo] | None = build.pdf_fonts
    if fonts is None:
        fonts = []
        write_pdf(build.document, build.composition.sheets, fonts)
    return font_issues(fonts)


def font_issues(fonts: list[FontInfo]) -> list[Issue]:
    """The fonts check on the fonts of a PDF already written (see :func:`~builder.typeset.write_pdf`)."""
    issues = []
    for font in fonts:
        if not font.embedded:
            issues.append(Issue(
                "error", "font-not-embedded", f"font {font.name!r} is not embedded in the PDF",
                "use a font whose licence allows embedding, or map its role to another family",
                details={"font": font.name}))
    if not fonts:
        issues.append(Issue("error", "font-not-embedded", "the PDF carries no fonts at all",
                            "this is a bug: the pages have text"))
    return issues
