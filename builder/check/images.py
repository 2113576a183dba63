"""Preflight: images sharp enough at their placed size, and bled where they meet the trim.

The resolution is the *effective* one of the original as placed — what the
photo has to give. The image pipeline never upsamples (:mod:`builder.images`),
so a photo with too few pixels stays a finding however it is prepared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Severity
from ..images import image_frames
from ..model import Image
from ..units import MM, PT_PER_INCH, inches
from . import check, finding, page_of

if TYPE_CHECKING:
    from ..layout.plan import Frame
    from ..results import Build

EDGE = 0.5  #: pt: a frame this close to the trim touches it


def effective_ppi(placed: tuple[float, float], image: Image) -> float:
    """Pixels per inch of the (upright) original as placed: it covers its box, cropped to it."""
    scale = max(placed[0] / image.width_px, placed[1] / image.height_px)  # points per pixel
    return PT_PER_INCH / scale


@check("images")
def image_quality(build: Build) -> list[Diagnostic]:
    """Resolution at placed size; bleed where an image meets the trim."""
    rules = build.layout.preflight
    issues = []
    for frame, _, image, placed in image_frames(build.feature, build.plan, build.grid):
        ppi = effective_ppi(placed, image)
        details = {"image": image.src, "pixels": [image.width_px, image.height_px], "ppi": round(ppi),
                   "placed_mm": [round(placed[0] / MM, 1), round(placed[1] / MM, 1)]}
        made = build.images.get(frame.name)
        if made is not None:
            details["placed_pixels"] = list(made.pixels)
        if ppi < rules.min_ppi:
            severity = Severity.ERROR if ppi < rules.error_ppi else Severity.WARNING
            needed = (round(inches(placed[0]) * rules.min_ppi), round(inches(placed[1]) * rules.min_ppi))
            issues.append(finding(
                severity, Code.IMAGE_RESOLUTION,
                f"{image.src} is {round(ppi)} ppi at its placed size "
                f"({details['placed_mm'][0]} × {details['placed_mm'][1]} mm); "
                f"{rules.min_ppi:g} ppi is the least for print",
                f"supply at least {needed[0]} × {needed[1]} pixels, or place it smaller",
                frame.name, page_of(build, frame.name), details))
        issues += _bleed(build, frame, image)
    return issues


def _bleed(build: Build, frame: Frame, image: Image) -> list[Diagnostic]:
    grid = build.grid
    page_w, page_h = grid.page_width, grid.page_height
    issues = []
    for page in range(grid.pages):
        left, right = page * page_w, (page + 1) * page_w
        if frame.right <= left or frame.x >= right:
            continue
        edges = {
            "left": (frame.x - left, left - frame.x),
            "right": (right - frame.right, frame.right - right),
            "top": (frame.y, -frame.y),
            "bottom": (page_h - frame.bottom, frame.bottom - page_h),
        }
        for side, (inside, beyond) in edges.items():
            if abs(inside) <= EDGE or (inside < 0 and beyond < grid.bleed - EDGE):
                if beyond >= grid.bleed - EDGE:
                    continue
                issues.append(finding(
                    Severity.ERROR, Code.IMAGE_BLEED,
                    f"{image.src} meets the {side} trim of page {build.plan.pages[page]} "
                    f"without {grid.bleed / MM:g} mm of bleed beyond it",
                    "extend the frame into the bleed, or keep it inside the margins",
                    frame.name, build.plan.pages[page], {"image": image.src, "edge": side}))
    return issues
