"""Preflight: text kept clear of the trim and of the fold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Severity
from ..typeset.laidout import content_right, frames
from ..units import MM
from . import check, finding

if TYPE_CHECKING:
    from ..results import Build


@check("safety")
def safe_margins(build: Build) -> list[Diagnostic]:
    """Lines of text closer than the layout's safe margins to the trim or the gutter.

    Overset lines (outside their frame, which hides them) are the overset
    check's, not this one's: they do not print.
    """
    overset = {id(line.box) for fit in build.fits for line in fit.overset}
    grid = build.grid
    rules = build.layout.preflight
    page_w, page_h = grid.page_width, grid.page_height
    edge = grid.slug + grid.bleed
    sheets = build.composition.sheets
    issues: list[Diagnostic] = []
    reported: set[str] = set()
    for frame in frames(build.document):
        if frame.name in reported:
            continue
        offset = sheets[frame.sheet].offset
        lines = frame.lines or []
        for line in lines:
            if id(line.box) in overset:
                continue
            x0 = line.x - edge + offset
            x1 = content_right(line) - edge + offset
            y0, y1 = line.y - edge, line.y + line.height - edge
            if x1 - x0 <= 0:
                continue
            page = min(grid.pages - 1, max(0, int((x0 + x1) / 2 // page_w)))
            left, right = page * page_w, (page + 1) * page_w
            limits = {"left": rules.safe_margin_mm, "right": rules.safe_margin_mm,
                      "top": rules.safe_margin_mm, "bottom": rules.safe_margin_mm}
            if grid.pages == 2:
                limits["right" if page == 0 else "left"] = rules.gutter_safe_mm
            gaps = {"left": x0 - left, "right": right - x1, "top": y0, "bottom": page_h - y1}
            close = {side: gap for side, gap in gaps.items() if gap < limits[side] * MM - 0.01}
            if close:
                side, gap = min(close.items(), key=lambda item: item[1])
                what = "the fold" if grid.pages == 2 and side == ("right" if page == 0 else "left") else "the trim"
                issues.append(finding(
                    Severity.ERROR, Code.SAFE_MARGIN,
                    f"text {gap / MM:.1f} mm from {what} ({limits[side]:g} mm is the least): {line.text[:16]!r}",
                    "move the frame inward or widen the margins in layout.toml",
                    frame.name, build.plan.pages[page] if build.plan.pages else None,
                    {"edge": side, "distance_mm": round(gap / MM, 2), "limit_mm": limits[side]}))
                reported.add(frame.name)
                break
    return issues
