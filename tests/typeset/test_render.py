"""End to end: the sample's PDF — size, boxes, fonts, and every paragraph in order."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from builder.pipeline import Options, build
from builder.typeset import write_pdf
from builder.typeset.laidout import attribute, walk
from builder.units import MM
from tests.conftest import feature_md
from tests.content.test_sample import seed_paragraphs


def box_mm(page, name):
    left, bottom, right, top = (float(v) for v in page[name])
    return (right - left) / MM, (top - bottom) / MM


def test_two_pages_of_broadsheet_trim_with_bleed(sample_pdf):
    reader = PdfReader(sample_pdf)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert box_mm(page, "/TrimBox") == pytest.approx((390, 540), abs=0.01)
        assert box_mm(page, "/BleedBox") == pytest.approx((396, 546), abs=0.01)
        media = box_mm(page, "/MediaBox")
        assert media[0] > 396 and media[1] > 546  # room for the crop marks


def test_spread_is_one_double_width_page(sample_spread_pdf):
    reader = PdfReader(sample_spread_pdf)
    assert len(reader.pages) == 1
    assert box_mm(reader.pages[0], "/TrimBox") == pytest.approx((780, 540), abs=0.01)


def test_cjk_fonts_are_embedded_as_subsets(sample_pdf):
    reader = PdfReader(sample_pdf)
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in names), names
    families = {name.split("+", 1)[1].replace("-", "") for name in names}
    assert any("NotoSerifCJK" in f for f in families)
    assert any("NotoSansCJK" in f for f in families)
    assert any("LXGWWenKai" in f for f in families)


def drawn_text(pdf_path) -> list[str]:
    """The text of each page in drawing order, without line breaks."""
    with pdfplumber.open(pdf_path) as pdf:
        return ["".join(char["text"] for char in page.chars) for page in pdf.pages]


def seed_pieces() -> list[str]:
    """Seed paragraphs, the byline line split into the two frames it is set in."""
    pieces = []
    for paragraph in seed_paragraphs():
        if paragraph.endswith("供图") and "/文" in paragraph:
            byline, credit = paragraph.split("/文 ")
            pieces += [byline + "/文", credit]
        else:
            pieces.append(paragraph)
    return pieces


def test_body_text_reads_exactly_as_the_source(sample_pdf, sample_pages):
    # No space or other character inserted: spacing lives in glyph positions.
    text = "".join(drawn_text(sample_pdf))
    feature = sample_pages.feature
    for paragraph in [*_paragraphs(feature), *(p for s in feature.sections for p in _paragraphs(s))]:
        assert paragraph in text, paragraph[:20]


@pytest.mark.parametrize("which", ["sample_pdf", "sample_spread_pdf"])
def test_every_seed_paragraph_is_in_the_pdf(which, request):
    pages = drawn_text(request.getfixturevalue(which))
    text = "".join(pages).replace(" ", "")
    if which == "sample_pdf":
        # On separate pages the display lines are split at the gutter: each
        # half is on its page (checked against the layout in the tests below).
        text = "".join(pages[0]).replace(" ", "") + "\n" + "".join(pages[1]).replace(" ", "")
    missing = [p for p in seed_pieces() if p.replace(" ", "") not in text]
    if which == "sample_pdf":
        meta = request.getfixturevalue("sample_pages").feature.meta
        display = {" ".join(meta.slogan).replace(" ", ""), f"{meta.headline_lead}{meta.headline}"}
        missing = [p for p in missing if p.replace(" ", "") not in display]
    assert missing == []


def test_paragraphs_are_in_reading_order_within_each_section(sample_pdf, sample_pages):
    pages = drawn_text(sample_pdf)
    feature = sample_pages.feature
    for section in feature.sections:
        page = pages[0] if sample_pages.plan.frame(section.ref).page == "left" else pages[1]
        positions = [page.find(text) for text in (section.title, section.subtitle)]
        positions += [page.find(plain) for plain in _paragraphs(section)]
        assert -1 not in positions, section.number
        assert positions == sorted(positions), section.number
    lead = [pages[0].find(t) for t in _paragraphs(feature)]
    assert -1 not in lead and lead == sorted(lead)


def _paragraphs(item) -> list[str]:
    from builder.model import block_texts

    return block_texts(item.body if hasattr(item, "body") else item.lead)


def _display_halves(build, frame_name):
    halves = []
    for sheet, page in enumerate(build.document.pages):
        for box in walk(page._page_box):
            if attribute(box, "data-frame") == frame_name:
                for child in walk(box):
                    classes = (attribute(child, "class") or "").split()
                    if "display-half" in classes and isinstance(child, boxes.BlockBox):
                        line = child.children[0]
                        side = "left" if "display-left" in classes else "right"
                        halves.append((sheet, side, child.position_x * 0.75, child.width * 0.75,
                                       (line.position_y + line.baseline) * 0.75, child.style["font_size"]))
    return halves


def test_headline_crosses_the_gutter_and_its_halves_line_up(sample_spread):
    halves = _display_halves(sample_spread, "headline")
    assert [h[1] for h in halves] == ["left", "right"]
    (_, _, lx, lw, lbase, lsize), (_, _, rx, _, rbase, rsize) = halves
    gutter = sample_spread.grid.slug + sample_spread.grid.bleed + sample_spread.grid.page_width
    assert lx + lw < gutter < rx
    assert gutter - (lx + lw) == pytest.approx(rx - gutter, abs=0.01)  # symmetric about the fold
    assert lbase == pytest.approx(rbase, abs=0.001) and lsize == rsize


def test_on_separate_pages_the_headline_halves_share_a_baseline(sample_pages):
    halves = _display_halves(sample_pages, "headline")
    assert [(h[0], h[1]) for h in halves] == [(0, "left"), (1, "right")]
    assert halves[0][4] == pytest.approx(halves[1][4], abs=0.001)
    assert halves[0][5] == halves[1][5]


def test_the_sample_headline_crosses_the_fold_between_words(sample_pdf):
    left, right = drawn_text(sample_pdf)
    assert "江北全力打造" in left and "中国" not in left.split("江北全力打造")[1][:2]
    assert "中国式现代化示范城区" in right


@pytest.mark.slow
def test_a_headline_that_starts_with_its_lead_prints_it_once(make_feature, tmp_path):
    folder = make_feature({"feature.md": feature_md(headline="澄湖 全力打造长三角一体化先行示范区",
                                                    headline_lead="澄湖")})
    result = build(folder, Options(mode="spread"))
    pdf = tmp_path / "lead.pdf"
    pdf.write_bytes(write_pdf(result.document, result.composition.sheets))
    (text,) = drawn_text(pdf)
    assert text.count("澄湖") == 1
    assert "澄湖全力打造" in text.replace(" ", "")
    # the lead keeps its colour: it is its own run in the headline
    lead = [c for c in result.plan.frame("headline").params.chars if str(c[1]) == "headline_lead"]
    assert "".join(c[0] for c in lead) == "澄湖"


@pytest.mark.slow
def test_subheads_and_section_titles_wrap_between_phrases(make_feature):
    from builder.typeset.laidout import frames

    folder = make_feature({"sections/02-high-quality-life.md": """
        ---
        title: 高品质生活
        subtitle: 以优质均衡传递共富温度，让城乡居民共享发展成果
        ---

        ### 老旧小区改造让居民“拎包入驻”

        落实养老保险全国统筹，“社银通”入选人社部基本公共服务标准化试点项目。
        """})
    result = build(folder, Options())
    lines = [line.text for frame in frames(result.document) if frame.name == "section:02" for line in frame.lines]
    assert "“拎包入驻”" in lines or "老旧小区改造让居民“拎包入驻”" in lines
    assert not any(line.endswith("“拎") for line in lines)


def _text_box(page, text):
    """(x0, top, x1, bottom) of the first occurrence of ``text`` among a PDF page's characters."""
    chars = page.chars
    flat = "".join(c["text"] for c in chars)
    start = flat.index(text)
    found = chars[start:start + len(text)]
    return (min(c["x0"] for c in found), min(c["top"] for c in found),
            max(c["x1"] for c in found), max(c["bottom"] for c in found))


def test_the_photo_credit_is_set_with_its_caption(sample_spread_pdf, sample_spread):
    meta = sample_spread.feature.meta
    with pdfplumber.open(sample_spread_pdf) as pdf:
        page = pdf.pages[0]
        caption = _text_box(page, sample_spread.feature.hero.caption)
        credit = _text_box(page, meta.photo_credit)
    assert 0 < credit[0] - caption[2] < 10 * MM  # right after the caption, on its line
    assert abs(credit[3] - caption[3]) < 3


@pytest.mark.slow
def test_editor_and_designer_print_in_the_right_pages_folio(make_feature, tmp_path):
    folder = make_feature({"feature.md": feature_md(editor="王小明", designer="李四")})
    result = build(folder, Options())
    pdf = tmp_path / "credits.pdf"
    pdf.write_bytes(write_pdf(result.document, result.composition.sheets))
    left, right = drawn_text(pdf)
    assert "责任编辑" not in left
    assert "责任编辑：王小明" in right and "版式设计：李四" in right
    folio = result.plan.frame("folio:right")
    with pdfplumber.open(pdf) as document:
        page = document.pages[1]
        x0, top, x1, bottom = _text_box(page, "责任编辑：王小明")
        label = _text_box(page, result.feature.meta.section_label)
    offset = result.grid.slug + result.grid.bleed
    assert folio.y + offset <= top and bottom <= folio.bottom + offset  # in the folio strip
    assert abs(bottom - label[3]) < 0.5  # on the folio's baseline
    assert x1 < label[0]  # at its inner end, away from the page number


@pytest.mark.parametrize("which", ["sample_pages", "sample_spread"])
def test_every_frame_is_laid_out_where_the_plan_puts_it(which, request):
    built = request.getfixturevalue(which)
    for sheet, page in zip(built.composition.sheets, built.document.pages):
        boxes_by_frame = {}
        for box in walk(page._page_box):
            name = attribute(box, "data-frame")
            if name and name not in boxes_by_frame:
                boxes_by_frame[name] = box
        edge = sheet.bleed + sheet.slug
        for frame in sheet.frames:
            box = boxes_by_frame[frame.name]
            placed = (box.position_x * 0.75 - edge + sheet.offset, box.position_y * 0.75 - edge,
                      box.margin_width() * 0.75, box.margin_height() * 0.75)
            assert placed == pytest.approx((frame.x, frame.y, frame.width, frame.height), abs=0.01), frame.name
