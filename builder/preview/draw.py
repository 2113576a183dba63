"""Draw overlays over a rasterised proof with Pillow.

Input: an image of a sheet or of the spread, the :class:`View` that maps it
to spread coordinates, an :class:`~builder.preview.shapes.Overlay` and the
layers to draw. Output: a new image: the layers over the page and, when
problems are drawn, a legend band under it naming each numbered marker.
Colours follow desktop publishing's habits: frame edges blue, margins
magenta, columns violet, the baseline grid light blue, overset red.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from .raster import scale_of
from .shapes import Marker, Overlay, Rect, SheetShape

RGBA = tuple[int, int, int, int]
FRAME: RGBA = (29, 106, 229, 235)
FRAME_LABEL: RGBA = (29, 106, 229, 220)
MARGIN: RGBA = (214, 0, 140, 200)
COLUMN: RGBA = (124, 58, 237, 150)
BASELINE: RGBA = (0, 160, 220, 80)
OVERSET: RGBA = (228, 0, 43, 255)
OVERSET_HATCH: RGBA = (228, 0, 43, 150)
OVERSET_WASH: RGBA = (228, 0, 43, 26)
SEVERITY: dict[str, RGBA] = {"error": (215, 38, 61, 255), "warning": (230, 140, 0, 255)}
TONE = {"ok": (22, 128, 61), "warning": (180, 100, 0), "error": (200, 20, 45)}

#: Labels are drawn only at this many pixels a point or more (36 dpi): a thumbnail shows outlines and hatching.
MIN_LABEL_SCALE = 0.5


@dataclass(frozen=True)
class View:
    """How an image maps to spread coordinates: pixel (0, 0) is spread (x0, y0)."""

    x0: float
    y0: float
    scale: float  #: pixels per point
    clip: tuple[float, float]  #: the spread x range this image shows (its bleed box)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale

    def box(self, rect: Rect) -> tuple[float, float, float, float]:
        left, top = self.point(rect.x, rect.y)
        return left, top, left + rect.width * self.scale, top + rect.height * self.scale

    def shows(self, x: float) -> bool:
        return self.clip[0] <= x <= self.clip[1]


def sheet_view(sheet: SheetShape, dpi: float) -> View:
    """The view of one PDF page's image."""
    return View(sheet.offset - sheet.edge, -sheet.edge, scale_of(dpi),
                (sheet.offset - sheet.bleed, sheet.offset + sheet.trim_width + sheet.bleed))


def spread_view(overlay: Overlay, dpi: float) -> View:
    """The view of the spread's image."""
    return View(-overlay.edge, -overlay.edge, scale_of(dpi), (-overlay.bleed, overlay.width + overlay.bleed))


@functools.cache
def _font_file(bold: bool) -> tuple[str, int] | None:
    """A sans-serif font with Chinese, as fontconfig finds it (labels quote the text)."""
    if shutil.which("fc-match") is None:
        return None
    pattern = "sans-serif:lang=zh-cn" + (":weight=bold" if bold else "")
    found = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", pattern], capture_output=True, text=True,
                           check=False).stdout
    path, _, index = found.partition("\t")
    return (path, int(index or 0)) if path else None


@functools.cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The label font at ``size`` pixels."""
    found = _font_file(bold)
    if found is not None:
        try:
            return ImageFont.truetype(found[0], size, index=found[1])
        except OSError:
            pass
    return ImageFont.load_default(size)


def label_size(scale: float) -> int:
    """Label text height in pixels: 9.5 pt on the page, at least 11 px."""
    return max(11, round(9.5 * scale))


def draw_overlay(image: Image.Image, overlay: Overlay, view: View, layers: tuple[str, ...],
                 legend: bool = True) -> Image.Image:
    """``image`` with ``layers`` drawn over it and, for problems, the legend below."""
    if not layers:
        return image.copy()
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    scale = view.scale
    if "baseline" in layers:
        _baselines(pen, overlay, view)
    if "columns" in layers:
        _columns(pen, overlay, view)
    if "frames" in layers:
        _frames(layer, pen, overlay, view)
    shown: list[Marker] = []
    if "problems" in layers:
        shown = [m for m in overlay.markers if m.placed and view.shows(m.x)]
        for marker in shown:
            _marker(pen, marker, view.point(marker.x, marker.y), scale)
    # Nothing drawn past the image's bleed box (another page's frames, at the gutter).
    left, _ = view.point(view.clip[0], 0)
    right, _ = view.point(view.clip[1], 0)
    if left > 0:
        layer.paste((0, 0, 0, 0), (0, 0, max(0, round(left)), image.height))
    if right < image.width:
        layer.paste((0, 0, 0, 0), (round(right), 0, image.width, image.height))
    result = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    if legend and "problems" in layers:
        entries = shown + [m for m in overlay.markers if not m.placed]
        if entries:
            result = _with_legend(result, overlay, sorted(entries, key=lambda m: m.number), scale)
    return result


def _baselines(pen: ImageDraw.ImageDraw, overlay: Overlay, view: View) -> None:
    for page in overlay.pages:
        left, _, right, _ = view.box(page.type_area)
        for y in page.baselines:
            _, top = view.point(0, y)
            pen.line((left, round(top), right, round(top)), fill=BASELINE, width=1)


def _columns(pen: ImageDraw.ImageDraw, overlay: Overlay, view: View) -> None:
    for page in overlay.pages:
        for column in page.columns:
            pen.rectangle(_inclusive(view.box(column)), outline=COLUMN, width=1)
        pen.rectangle(_inclusive(view.box(page.type_area)), outline=MARGIN, width=1)


def _frames(layer: Image.Image, pen: ImageDraw.ImageDraw, overlay: Overlay, view: View) -> None:
    scale = view.scale
    width = max(1, round(1.1 * scale))
    size = label_size(scale)
    names = scale >= MIN_LABEL_SCALE
    visible_left = (view.clip[0] - view.x0) * scale
    for frame in overlay.frames:
        box = _rounded(view.box(frame.box))
        if frame.overset_lines:
            _hatch(layer, box, scale)
            pen.rectangle(_inclusive(box), outline=OVERSET, width=max(2, round(2.2 * scale)))
        else:
            pen.rectangle(_inclusive(box), outline=FRAME, width=width)
    text_font = font(size)
    for frame in overlay.frames:
        if not (view.shows(frame.box.x) or view.shows(frame.box.right) or frame.box.x < view.clip[0] < frame.box.right):
            continue  # on another page: its labels would land at this one's edge
        left, top, right, bottom = _rounded(view.box(frame.box))
        if names:
            # Above the frame's top edge, in the gap between frames, so that it hides none of the content.
            height = _text_size(text_font, frame.label)[1] + 2 * _pad(text_font)
            _tag(pen, (max(left, round(visible_left)), top - height), frame.label, text_font,
                 OVERSET if frame.overset_lines else FRAME_LABEL)
        if frame.overset_lines and names:
            text = f"+{frame.overset_lines} lines over"
            big = font(round(size * 1.25), bold=True)
            w, h = _text_size(big, text)
            # At the foot, on the left: the problem marker takes the right-hand corner.
            _tag(pen, (max(left, round(visible_left)) + 2 * width, bottom - h - 2 * _pad(big) - 2 * width), text,
                 big, OVERSET)


def _hatch(layer: Image.Image, box: tuple[int, int, int, int], scale: float) -> None:
    """Red diagonal hatching over a frame, on a light red wash."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    if width <= 0 or height <= 0:
        return
    tile = Image.new("RGBA", (width, height), OVERSET_WASH)
    pen = ImageDraw.Draw(tile)
    step = max(8, round(9 * scale))
    for start in range(-height, width, step):
        pen.line((start, height, start + height, 0), fill=OVERSET_HATCH, width=max(2, round(1.6 * scale)))
    layer.alpha_composite(tile, (left, top))


def _marker(pen: ImageDraw.ImageDraw, marker: Marker, at: tuple[float, float], scale: float) -> None:
    radius = max(8 if scale >= MIN_LABEL_SCALE else 5, round(7.5 * scale))
    x, y = at
    colour = SEVERITY.get(marker.severity, SEVERITY["error"])
    pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour, outline=(255, 255, 255, 255),
                width=max(1, round(radius / 5)))
    number = str(marker.number)
    digits = font(max(8, round(radius * (1.15 if len(number) < 3 else 0.85))), bold=True)
    pen.text((x, y), number, font=digits, fill=(255, 255, 255, 255), anchor="mm")


def _with_legend(image: Image.Image, overlay: Overlay, markers: list[Marker], scale: float) -> Image.Image:
    """The image with a band below it: one line per marker, as the CLI prints them."""
    size = max(14, round(label_size(scale) * 1.15))
    text_font, bold = font(size), font(size, bold=True)
    line = round(size * 1.7)
    margin = round(size * 1.2)
    height = margin * 2 + line * (len(markers) + 1)
    band = Image.new("RGB", (image.width, height), "white")
    pen = ImageDraw.Draw(band)
    pen.line((0, 0, image.width, 0), fill=(180, 180, 180), width=2)
    summary = overlay.summary
    # The summary always shows whole; the names before it give way on a narrow picture.
    room = image.width - 2 * margin - _text_size(bold, summary.text)[0]
    title = _fit(f"{overlay.feature} · {overlay.layout} · {overlay.paper}", bold, room - _text_size(bold, " — ")[0])
    title = f"{title} — " if title else ""
    pen.text((margin, margin + line / 2), title, font=bold, fill=(40, 40, 40), anchor="lm")
    x = margin + _text_size(bold, title)[0]
    pen.text((x, margin + line / 2), summary.text, font=bold, fill=TONE[summary.tone], anchor="lm")
    radius = round(size * 0.75)
    for row, marker in enumerate(markers, 1):
        y = margin + line * row + line / 2
        colour = SEVERITY.get(marker.severity, SEVERITY["error"])
        pen.ellipse((margin, y - radius, margin + 2 * radius, y + radius), fill=colour)
        pen.text((margin + radius, y), str(marker.number), font=font(round(radius * 1.1), bold=True),
                 fill="white", anchor="mm")
        where = ", ".join(p for p in (f"page {marker.page}" if marker.page is not None else "",
                                      marker.frame or "") if p)
        text = f"{where + ': ' if where else ''}{marker.message} — {marker.hint}"
        if not marker.placed:
            text += " (not on the page)"
        room = image.width - 2 * margin - 3 * radius
        pen.text((margin + 3 * radius, y), _fit(text, text_font, room), font=text_font, fill=(30, 30, 30),
                 anchor="lm")
    sheet = Image.new("RGB", (image.width, image.height + height), "white")
    sheet.paste(image, (0, 0))
    sheet.paste(band, (0, image.height))
    return sheet


def _tag(pen: ImageDraw.ImageDraw, at: tuple[float, float], text: str, text_font: ImageFont.ImageFont,
         colour: RGBA) -> None:
    """A label: white text on a coloured box, the box's top-left at ``at``."""
    pad = _pad(text_font)
    w, h = _text_size(text_font, text)
    x, y = at
    pen.rectangle((x, y, x + w + 2 * pad, y + h + 2 * pad), fill=colour)
    pen.text((x + pad, y + pad + h / 2), text, font=text_font, fill=(255, 255, 255, 255), anchor="lm")


def _pad(text_font: ImageFont.ImageFont) -> int:
    return max(2, round(getattr(text_font, "size", 12) * 0.25))


def _text_size(text_font: ImageFont.ImageFont, text: str) -> tuple[int, int]:
    size = getattr(text_font, "size", 12)
    return round(text_font.getlength(text)), round(size * 1.05)


def _fit(text: str, text_font: ImageFont.ImageFont, room: float) -> str:
    """``text`` cut with an ellipsis to fit ``room`` pixels."""
    if text_font.getlength(text) <= room:
        return text
    if room <= text_font.getlength("…"):
        return ""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_font.getlength(text[:middle] + "…") <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


def _inclusive(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """A box's pixels for Pillow, whose rectangles include their right and bottom edges."""
    left, top, right, bottom = _rounded(box)
    return left, top, max(left, right - 1), max(top, bottom - 1)


def _rounded(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """A box in whole pixels, corners in order (a plan may hold a frame of negative size; it still shows)."""
    left, right = sorted((round(box[0]), round(box[2])))
    top, bottom = sorted((round(box[1]), round(box[3])))
    return left, top, right, bottom
