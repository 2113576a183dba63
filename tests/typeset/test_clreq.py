"""The composition rules on their own: classes, legal breaks, compression, lines."""

from __future__ import annotations

import math
import unicodedata

import pytest
from uniseg.linebreak import line_break, line_break_boundaries

from builder.typeset import clreq

EM = 10.0


def paragraph(text: str, breaks_everywhere: bool = True) -> clreq.Paragraph:
    """A paragraph set in a font where CJK is one em and Latin half."""
    advance = [EM if clreq.is_ideographic(c) or clreq.char_class(c) in ("open", "close", "stop", "pause")
               else EM / 2 for c in text]
    half = [((EM / 2, 0.0) if c in clreq.OPENING else (0.0, -EM / 2)) if c in clreq.COMPRESSIBLE else None
            for c in text]
    breaks = [True] * (len(text) + 1) if breaks_everywhere else [False] * (len(text) + 1)
    if not breaks_everywhere:
        breaks[len(text)] = True
    return clreq.Paragraph(text, advance, [EM] * len(text), half, breaks)


@pytest.mark.parametrize("char, kind", [("江", "han"), ("。", "stop"), ("，", "stop"), ("：", "pause"),
                                        ("“", "open"), ("》", "close"), ("a", "latin"), ("5", "latin"),
                                        ("%", "latin"), ("…", "insep"), ("—", "insep"), ("·", "middle"),
                                        (" ", "space"), ("ｶ", "han")])
def test_classes(char, kind):
    assert clreq.char_class(char) == kind


def legal_at(text: str) -> dict[str, bool]:
    legal = clreq.legal_breaks(paragraph(text))
    return {f"{text[p - 1]}|{text[p]}": legal[p] for p in range(1, len(text))}


def test_prohibited_line_starts_and_ends():
    legal = legal_at("甲。乙，丙、丁；戊：己！庚？辛”壬》癸“子《丑")
    for pair in ("甲|。", "乙|，", "丙|、", "丁|；", "戊|：", "己|！", "庚|？", "辛|”", "壬|》"):
        assert not legal[pair], pair
    assert legal["癸|“"]  # a break before an opening mark is fine...
    assert not legal["“|子"] and not legal["《|丑"]  # ...after one, never


def test_line_break_classes_are_unicode_data():
    assert [clreq.line_break_class(c) for c in "。（ぁ々…％￥／/—"] == [
        "CL", "OP", "CJ", "NS", "IN", "PO", "PR", "ID", "SY", "B2"]


@pytest.mark.parametrize("char", list("ぁっーァ々ゝ〜゠…‥・･‼⁉：！％‰℃°′·～／/-‐–"))
def test_marks_strict_forbids_at_line_start_never_start_one(char):
    # Breaks everywhere: the composer's own classes must keep them off a line start.
    assert not legal_at(f"甲{char}乙")[f"甲|{char}"]


@pytest.mark.parametrize("char", list("（《“【￥＄±/／"))
def test_marks_that_belong_to_what_follows_never_end_a_line(char):
    assert not legal_at(f"甲{char}乙")[f"{char}|乙"]


def test_every_character_uax14_keeps_from_a_line_start_or_end_is_kept_there():
    # The composer's prohibitions depend on a character's Line_Break class,
    # general category and (for quotes) direction: one character of every
    # (class, category, width) found in planes 0-2 stands for all the others.
    # uniseg's UAX #14 resolves CJ as NS, as line-break: strict does.
    representatives: dict[tuple[str, str, str], str] = {}
    for code in range(0x20, 0x30000):
        char = chr(code)
        category = unicodedata.category(char)
        if category not in ("Cs", "Co", "Cn", "Cc"):
            key = (str(line_break(char)), category, unicodedata.east_asian_width(char))
            representatives.setdefault(key, char)
    assert len(representatives) > 150
    for char in representatives.values():
        opportunities = set(line_break_boundaries(f"文{char}文"))
        if 1 not in opportunities:
            assert clreq.never_starts_line(char), f"U+{ord(char):04X}"
        if 2 not in opportunities:
            assert clreq.never_ends_line(char), f"U+{ord(char):04X}"


def test_the_solidus_never_starts_a_line_and_no_solidus_ends_one():
    legal = legal_at("甲乙／丙丁/戊")
    assert not legal["乙|／"] and not legal["／|丙"]
    assert not legal["丁|/"] and not legal["/|戊"]
    assert legal["丙|丁"]


def test_a_lone_dash_never_starts_a_line_a_double_dash_may():
    legal = legal_at("北京—上海的路——很远")
    assert not legal["京|—"]
    assert legal["—|上"]
    assert legal["路|—"] and not legal["—|—"]


def test_a_prefix_sign_may_start_a_line_and_keeps_its_number():
    legal = legal_at("售价￥100元")
    assert legal["价|￥"] and not legal["￥|1"]


def test_an_opening_quote_may_start_a_line_a_closing_one_may_not():
    legal = legal_at("他说“好”了")
    assert legal["说|“"] and not legal["“|好"]
    assert not legal["好|”"] and legal["”|了"]


def test_latin_words_and_spaces_hold_without_the_renderer():
    legal = legal_at("用iPhone 15拍")
    assert legal["用|i"]
    assert not any(legal[f"{a}|{b}"] for a, b in zip("iPhone", "Phone "))
    assert not legal["e| "] and legal[" |1"]


def test_dashes_ellipses_and_numbers_hold_together():
    legal = legal_at("总值860.3亿元，增长4.9%——建成13个……")
    for pair in ("8|6", "0|.", ".|3", "3|亿", "亿|元", "4|.", "9|%", "—|—", "1|3", "3|个", "…|…"):
        assert not legal[pair], pair
    assert legal["值|8"] and legal["元|，"] is False and legal["，|增"]


def test_box_edges_forbid_what_the_renderer_forbids():
    par = paragraph("甲乙丙丁")
    par.edges[2] = False
    assert clreq.legal_breaks(par)[2] is False


def test_han_latin_space_only_beside_western_letters_and_digits():
    text = "文ｶﾀｶﾅ文A文1文／文ａ文α价￥128元"
    gaps = clreq.han_latin_gaps(paragraph(text), 0.25)
    spaced = {text[i:i + 2] for i, gap in enumerate(gaps) if gap}
    assert spaced == {"文A", "A文", "文1", "1文", "文α", "α价", "8元"}


def test_pair_compression():
    par = paragraph("好。”（注）“《书》”，")
    compressed = clreq.pair_compression(par)
    # 。” ”（ ）“ close-close / close-open: the first gives up its blank half;
    # “《 open-open: the second does; 》” ”，: the first.
    assert [c for c, z in zip(par.text, compressed) if z] == ["。", "”", "）", "《", "》", "”"]


def test_composed_lines_are_flush_and_within_the_measure():
    text = "江北区坚决贯彻落实“疫情要防住、经济要稳住、发展要安全”的要求，承压向前、克难奋进，努力交出了一份亮眼的成绩单。"
    lines = clreq.compose(paragraph(text), 10.5 * EM, 10.5 * EM)
    assert "".join(text[line.start:line.end] for line in lines) == text
    for line in lines[:-1]:
        assert line.width == pytest.approx(10.5 * EM)
    assert lines[-1].width <= 10.5 * EM


def test_a_paragraph_that_cannot_be_set_by_the_rules_is_still_set_whole():
    text = "x" * 40  # one unbreakable word, four times the measure
    lines = clreq.compose(paragraph(text, breaks_everywhere=False), 5 * EM, 5 * EM)
    assert "".join(text[line.start:line.end] for line in lines) == text


def test_a_word_longer_than_the_column_breaks_only_itself():
    url = "https://example.com/a/very/long/path/name.html"
    text = "这是一段说明，详见" + url + "。另外，还有“括号”里的内容。后面的句子，依然遵守断行的规则，标点不在行首。"
    par = paragraph(text, breaks_everywhere=False)
    # UAX #14's opportunities as a renderer gives them: between Han characters, around the URL
    par.breaks = [True] + [clreq.break_problem(text, p) is None for p in range(1, len(text))] + [True]
    lines = clreq.compose(par, 10 * EM, 10 * EM)
    start, end = text.index(url), text.index(url) + len(url)
    for line in lines[:-1]:
        p = line.resume
        problem = clreq.break_problem(text, p)
        if start < p < end:
            assert problem in (clreq.WORD_SPLIT, None), text[p - 3:p + 3]  # inside the long word only
        else:
            assert problem is None, (problem, text[line.start:line.end], text[p:p + 3])
        assert line.width <= 10 * EM + 0.01
    inside = [line.resume for line in lines[:-1] if start < line.resume < end]
    assert 0 < len(inside) <= math.ceil(len(url) * EM / 2 / (10 * EM))  # as few breaks as it takes
    assert "".join(text[line.start:line.resume] for line in lines) == text
