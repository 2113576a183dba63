"""Labels reversed out of a box — section tabs, panel titles, the folio number — hold their glyphs' ink.

The labels' white text is set in black here (a project layout that extends
the built-in one changes only the colours), the page is rasterised, and no
dark pixel may lie outside the red box of its label: ink that leaves the box
would vanish white on white in print.
"""

from __future__ import annotations

import subprocess

import pdfplumber
import pytest
from PIL import Image

from builder.pipeline import Options, build
from builder.typeset import write_pdf
from tests.variants import make_variant

DPI = 200
ACCENT = (0xC4 / 255, 0x16 / 255, 0x1C / 255)


def inked_layout(project) -> str:
    """A layout whose labels print black on their red boxes."""
    folder = project / "layouts" / "inked"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "layout.toml").write_text(
        'extends = "feature-spread"\nname = "inked"\n'
        + "".join(f'[type.{name}]\ncolour = "#000000"\n'
                  for name in ("section_title", "panel_title", "folio_number", "infographic_title")),
        encoding="utf-8")
    return "inked"


def red_boxes(page) -> list[dict]:
    return [r for r in page.rects if r["height"] > 5 and r.get("non_stroking_color")
            and all(abs(a - b) < 0.02 for a, b in zip(r["non_stroking_color"], ACCENT))]


def label_chars(page, text: str, size: float) -> list[dict]:
    """The characters of ``text`` drawn at ``size`` pt, in order."""
    chars = [c for c in page.chars if abs(c["size"] - size) < 0.05]
    flat = "".join(c["text"] for c in chars)
    start = flat.find(text)
    assert start >= 0, (text, flat[:200])
    return chars[start:start + len(text)]


def ink_outside(image: Image.Image, box: dict, size: float) -> list[tuple[float, float]]:
    """Dark pixels (points) outside the box, in a band of its width reaching 0.3 em above and below it.

    No glyph of a label's face reaches further out of its em than that; the
    band stops short of the text above and below the label.
    """
    scale = DPI / 72
    left, right = box["x0"] * scale, box["x1"] * scale
    top, bottom = box["top"] * scale, box["bottom"] * scale
    reach = 0.3 * size * scale
    band = (int(left), int(top - reach), int(right) + 1, int(bottom + reach) + 1)
    pixels = image.crop(band).load()
    found = []
    for y in range(band[3] - band[1]):
        for x in range(band[2] - band[0]):
            px, py = band[0] + x, band[1] + y
            if left + 1 <= px <= right - 1 and top - 1 <= py <= bottom + 1:
                continue  # inside the box (a pixel of antialiasing allowed)
            if max(pixels[x, y][:3]) < 140:
                found.append((px / scale, py / scale))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["broadsheet-cn", "tabloid"])
def test_every_label_box_holds_its_ink(tmp_path, paper):
    folder = make_variant(tmp_path, [14, 12, 10, 9], panels=5, images=(1,))
    sections = sorted((folder / "sections").glob("*.md"))
    # Latin letters with descenders and a figure in a tab: the box grows to hold them.
    sections[0].write_text(sections[0].read_text(encoding="utf-8").replace("title: 数字赋能", "title: 5G赋能 gy"),
                           encoding="utf-8")
    info = folder / "infographic.yaml"
    info.write_text("title: 数读科技\n" + info.read_text(encoding="utf-8"), encoding="utf-8")
    result = build(folder, Options(mode="spread", layout=inked_layout(folder.parent.parent), paper=paper))
    pdf = tmp_path / "inked.pdf"
    pdf.write_bytes(write_pdf(result.document, result.composition.sheets))
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(pdf), str(tmp_path / "inked")], check=True)
    image = Image.open(tmp_path / "inked.png").convert("RGB")
    layout = result.layout
    labels = [(section.title, layout.style("section_title").size) for section in result.feature.sections]
    labels += [(panel.title, layout.style("panel_title").size) for panel in result.feature.infographic.panels]
    labels += [(str(page), layout.style("folio_number").size) for page in result.feature.meta.pages]
    labels += [(result.feature.infographic.title, layout.style("infographic_title").size)]
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        boxes = red_boxes(page)
        found = {}
        for text, size in labels:
            chars = label_chars(page, text, size)
            x0, x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
            top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
            behind = [b for b in boxes if b["x0"] <= x0 + 0.5 and x1 - 0.5 <= b["x1"]
                      and b["top"] < bottom and top < b["bottom"]]
            assert behind, f"no red box behind {text!r}"
            # The smallest: a border is drawn as a box filled through a clip.
            box = min(behind, key=lambda b: b["width"] * b["height"])
            found[text] = box
            outside = ink_outside(image, box, size)
            assert outside == [], (text, box["x0"], box["top"], box["x1"], box["bottom"], outside[:3], outside[-3:])
    # like a 数读 box: the title is a tab hanging from the box's top rule at its corner
    frame, offset = result.plan.frame("infographic"), result.grid.slug + result.grid.bleed
    title = found[result.feature.infographic.title]
    assert title["x0"] == pytest.approx(frame.x + offset, abs=0.5)
    assert 0 <= title["top"] - (frame.y + offset) <= 4  # under the rule
