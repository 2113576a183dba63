"""The infographic box as printed: item marks on the text, one numeral style, ragged items."""

from __future__ import annotations

import unicodedata

import pdfplumber
import pytest

from builder.fonts import role_metrics


def _frame_chars(build, pdf_path, name):
    """The PDF characters inside a frame of the spread, and the page."""
    frame = build.plan.frame(name)
    offset = build.grid.slug + build.grid.bleed
    pdf = pdfplumber.open(pdf_path)
    page = pdf.pages[0]
    x0, top = frame.x + offset, frame.y + offset
    chars = [c for c in page.chars if x0 <= c["x0"] < x0 + frame.width and top <= c["top"] < top + frame.height]
    return page, chars, (x0, top, frame.width, frame.height)


def _baseline(page, char) -> float:
    return page.height - char["matrix"][5]


@pytest.fixture(scope="module")
def infographic(sample_spread, sample_spread_pdf):
    return _frame_chars(sample_spread, sample_spread_pdf, "infographic")


def test_bullets_are_centred_on_the_characters_of_their_line(sample_spread, infographic):
    page, chars, (x0, top, width, height) = infographic
    style = sample_spread.layout.style("panel_item")
    size = style.size
    metrics = role_metrics(sample_spread.fonts, style.role)
    side = sample_spread.layout.infographic.bullet_em * size
    bullets = [r for r in page.rects if abs(r["width"] - side) < 0.01 and abs(r["height"] - side) < 0.01
               and x0 <= r["x0"] < x0 + width and top <= r["top"] < top + height]
    bullet_panels = [p for p in sample_spread.feature.infographic.panels if not p.numbered]
    assert len(bullets) == sum(len(p.items) for p in bullet_panels)
    text = [c for c in chars if abs(c["size"] - size) < 0.01]
    for bullet in bullets:
        centre = (bullet["top"] + bullet["bottom"]) / 2
        after = min((c for c in text if 0 < c["x0"] - bullet["x1"] < 2 * size
                     and 0 < _baseline(page, c) - centre < size), key=lambda c: c["x0"])
        # the middle of the face's em box, where a Chinese character's middle is
        expected = _baseline(page, after) - (metrics.ascender + metrics.descender) / 2 * size
        assert centre == pytest.approx(expected, abs=0.2)


def test_item_numbers_are_set_in_the_figures_face_on_the_text_baseline(sample_spread, infographic):
    page, chars, _ = infographic
    size = sample_spread.layout.style("panel_item").size
    numbered = next(p for p in sample_spread.feature.infographic.panels if p.numbered)
    numbers = [c for c in chars if c["text"].isdigit() and abs(c["size"] - size) < 0.01
               and "Sans" in c["fontname"] and unicodedata.category(c["text"]) == "Nd"]
    # the figures inside the items are larger; the item numbers are at the text's size, in the sans
    assert [c["text"] for c in numbers] == [str(i + 1) for i in range(len(numbered.items))]
    body = [c for c in chars if "Serif" in c["fontname"]]
    for number in numbers:
        line = [c for c in body if abs(_baseline(page, c) - _baseline(page, number)) < 0.01]
        assert line and min(c["x0"] for c in line if c["x0"] > number["x1"]) - number["x1"] < 1.5 * size
    assert not [c for c in body if c["text"].isdigit() and c["size"] == size
                and any(abs(c["x0"] - n["x0"]) < 1 for n in numbers)]  # no serif list numerals


def test_items_are_set_ragged_not_letter_spaced(sample_spread, infographic):
    page, chars, _ = infographic
    size = sample_spread.layout.style("panel_item").size
    han = [c for c in chars if abs(c["size"] - size) < 0.01 and "Serif" in c["fontname"]]
    lines: dict[float, list] = {}
    for char in han:
        lines.setdefault(round(_baseline(page, char), 1), []).append(char)
    gaps = []
    for line in lines.values():
        line.sort(key=lambda c: c["x0"])
        for a, b in zip(line, line[1:]):
            pair = a["text"] + b["text"]
            if all(unicodedata.category(c) == "Lo" for c in pair) and b["x0"] - a["x0"] < 2 * size:
                gaps.append((round(b["x0"] - a["x0"] - size, 3), "".join(c["text"] for c in line)))
    assert len(gaps) > 100
    # Han characters set solid, never spread (a line may be tightened a little rather than leave one behind)
    assert [g for g in gaps if g[0] > 0.01] == []
