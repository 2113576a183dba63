"""Chinese composition on laid-out pages: flush lines, 禁则, compression, spacing, grid.

Each test lays out a small page and asserts on positions of the laid-out
line boxes or of the glyphs in the PDF; where it helps, the same page without
the extension shows the case is a real one.
"""

from __future__ import annotations

import pytest

from builder.check.typography import audit
from builder.typeset import clreq, render
from builder.typeset.cjk import CJKSettings
from builder.typeset.laidout import content_right
from tests.typeset.cjkpage import SIZE, glyph_x, lay_out

HALF = SIZE / 2
MIXED = ("江北区在2022年实现地区生产总值860.3亿元，同比增长4.9%，用5G网络和iPhone拍摄的“入戏老外滩”"
         "等特色活动吸引无数游客——老街区焕发新魅力……这些亮眼成绩的取得，离不开扎实推进城市建设。")


def paragraph_lines(snippet, block=0):
    return [line for line in snippet.lines if line.block == block]


def test_justified_lines_end_flush_and_the_last_line_does_not(tmp_path):
    snippet = lay_out(f"<p>{MIXED}</p>", width_em=10.5, tmp=tmp_path)
    lines = paragraph_lines(snippet)
    assert len(lines) > 5
    for line in lines[:-1]:
        assert content_right(line) == pytest.approx(snippet.column_right, abs=0.25), line.text
    last = lines[-1]
    assert last.x == pytest.approx(lines[0].x) and content_right(last) < snippet.column_right - 0.25


def test_without_the_extension_the_same_column_is_ragged(tmp_path):
    snippet = lay_out(f"<p>{MIXED}</p>", width_em=10.5, chinese=None, tmp=tmp_path)
    gaps = [snippet.column_right - content_right(line) for line in paragraph_lines(snippet)[:-1]]
    assert max(gaps) > 1.0


def test_a_full_stop_never_starts_a_line(tmp_path):
    # Ten characters, then 。: naively the 。 would open the second line.
    text = "一二三四五六七八九十。" + "甲乙丙丁戊己庚辛壬癸" * 2
    snippet = lay_out(f"<p>{text}</p>", tmp=tmp_path)
    lines = paragraph_lines(snippet)
    for line in lines:
        assert not clreq.never_starts_line(line.text[0]), line.text
    for line in lines[:-1]:
        assert content_right(line) == pytest.approx(snippet.column_right, abs=0.25)


def test_a_full_width_solidus_never_starts_a_line(tmp_path):
    # Ten characters, then ／ (class ID: Pango would break before it).
    text = "一二三四五六七八九十／甲乙丙丁戊己庚辛壬癸子丑寅卯"
    plain = paragraph_lines(lay_out(f"<p>{text}</p>", chinese=None, tmp=tmp_path))
    assert plain[1].text.startswith("／")  # the case is real
    lines = paragraph_lines(lay_out(f"<p>{text}</p>", tmp=tmp_path))
    assert "".join(line.text for line in lines) == text
    for first, second in zip(lines, lines[1:]):
        assert not second.text.startswith("／") and not first.text.endswith("／"), (first.text, second.text)


def test_closing_marks_at_line_end_are_compressed_together(tmp_path):
    # 九。” only fits on the first line with 。 and ” both half-width.
    text = "一二三四五六七八九。”十一二三四五六七八九十"
    snippet = lay_out(f"<p>{text}</p>", tmp=tmp_path)
    first = paragraph_lines(snippet)[0]
    assert first.text.endswith("。”")
    stop, close, after = glyph_x(snippet, "。”")
    assert close - stop == pytest.approx(HALF, abs=0.05)  # 。 set half-width before ”
    assert content_right(first) == pytest.approx(snippet.column_right, abs=0.25)
    assert close + HALF == pytest.approx(snippet.column_right, abs=0.25)  # ” half-width at line end


def test_an_opening_bracket_at_line_start_is_half_width(tmp_path):
    text = "一二三四五六七八九十“甲乙丙丁戊己庚辛”壬癸子丑"
    snippet = lay_out(f"<p>{text}</p>", tmp=tmp_path)
    second = paragraph_lines(snippet)[1]
    assert second.text.startswith("“")
    # The mark's blank left half is gone: the next character starts half an
    # em from the column's edge, not a whole one.
    next_char = glyph_x(snippet, "“甲")[1]
    assert next_char - second.x == pytest.approx(HALF, abs=0.05)


def test_adjacent_marks_inside_a_line_leave_half_an_em(tmp_path):
    snippet = lay_out("<p>他说：“好。”（注）《书》，完。</p>", width_em=30, tmp=tmp_path)
    x = glyph_x(snippet, "。”（")
    assert x[1] - x[0] == pytest.approx(HALF, abs=0.05)  # 。” : the 。 gives up its blank half
    assert x[2] - x[1] == pytest.approx(HALF, abs=0.05)  # ”（ : a half em between them, not a whole one


def test_push_in_is_preferred_to_push_out(tmp_path):
    # “ may not end a line: the first line either stops after 七 and is
    # stretched (push-out), or takes “八 by compressing its marks (push-in).
    text = "一二，三四，五六七“八九”" + "甲乙丙丁戊己庚辛壬癸"
    snippet = lay_out(f"<p>{text}</p>", tmp=tmp_path)
    first = paragraph_lines(snippet)[0]
    assert first.text == "一二，三四，五六七“八"
    assert content_right(first) == pytest.approx(snippet.column_right, abs=0.25)
    plain = paragraph_lines(lay_out(f"<p>{text}</p>", chinese=None, tmp=tmp_path))[0]
    assert len(plain.text) < len(first.text)


def test_no_lone_character_the_paragraph_is_tightened(tmp_path):
    # Plain layout leaves 丑 alone on a third line; two commas a line let
    # the composer take one more character into each line instead.
    text = "一二，三四，五六七八" + "甲乙，丙丁，戊己庚辛" + "丑"
    plain = paragraph_lines(lay_out(f"<p>{text}</p>", chinese=None, tmp=tmp_path))
    assert len(plain) == 3 and len(plain[-1].text) == 1
    lines = paragraph_lines(lay_out(f"<p>{text}</p>", tmp=tmp_path))
    assert len(lines) == 2
    last = [c for c in lines[-1].text if not clreq.is_punctuation(c)]
    assert len(last) >= 2
    for line in lines:
        assert content_right(line) <= lines[0].x + 10 * SIZE + 0.25  # tightened, never overflowing


def test_han_latin_spacing_is_a_quarter_em_and_not_inside_words(tmp_path):
    text = "我们在2022年用5G和iPhone拍照。"
    snippet = lay_out(f"<p>{text}</p>", width_em=40, tmp=tmp_path)
    assert snippet.text == text  # nothing inserted into the text
    quarter = SIZE / 4

    def advance(index: int) -> float:
        return snippet.chars[index + 1]["x0"] - snippet.chars[index]["x0"]

    def natural(index: int) -> float:
        return snippet.chars[index]["width"]

    for i, (a, b) in enumerate(zip(text, text[1:])):
        boundary = clreq.char_class(a) + "/" + clreq.char_class(b)
        extra = advance(i) - natural(i)
        if boundary in ("han/latin", "latin/han"):
            assert extra == pytest.approx(quarter, abs=0.02), (a, b)
        else:
            assert extra == pytest.approx(0, abs=0.05), (a, b)  # the font's own kerning only


def test_han_latin_spacing_zero_turns_it_off(tmp_path):
    text = "我们在2022年用5G和iPhone拍照。"
    snippet = lay_out(f"<p>{text}</p>", width_em=40, chinese=CJKSettings(han_latin_em=0), tmp=tmp_path)
    x = glyph_x(snippet, "在2")
    assert x[1] - x[0] == pytest.approx(SIZE, abs=0.02)


@pytest.mark.parametrize("width", [9, 10, 11, 12, 13])
def test_numbers_units_dashes_and_ellipses_are_never_split(width, tmp_path):
    text = ("去年实现生产总值860.3亿元，增长4.9%，建成70个生活圈——老街区焕发新魅力……"
            "开工建设13个未来社区，全年实现服务业增加值580.3亿元，增长6.2%。")
    snippet = lay_out(f"<p>{text}</p>", width_em=width, tmp=tmp_path)
    lines = [line.text for line in paragraph_lines(snippet)]
    assert "".join(lines) == text
    for first, second in zip(lines, lines[1:]):
        joined = first + second
        p = len(first)
        assert not clreq._in_number_with_unit(joined, p), (first, second)
        assert not (first[-1] in "—…" and second[0] in "—…"), (first, second)
        assert not clreq.never_starts_line(second[0]) and not clreq.never_ends_line(first[-1])


def test_baselines_line_up_across_columns_with_subheads(tmp_path):
    body = "".join(f"<h3>小标题{i}</h3><p>{MIXED}</p>" for i in range(4))
    snippet = lay_out(body, width_em=11, columns=3, css=".flow { column-fill: balance; height: auto }",
                      tmp=tmp_path)
    baselines = [line.baseline for line in snippet.lines]
    columns = {round(line.x) for line in snippet.lines}
    assert len(columns) >= 3
    first = baselines[0]
    for baseline in baselines:
        off = (baseline - first) % 16
        assert min(off, 16 - off) <= 0.2


def test_the_sample_spread_passes_the_audit(sample_pages):
    assert audit(sample_pages.document, sample_pages.plan) == []


def test_the_audit_finds_what_plain_weasyprint_leaves(sample_pages):
    plain = render(sample_pages.composition.html, sample_pages.project.read_roots, None)
    rules = {finding.rule for finding in audit(plain, sample_pages.plan)}
    assert "not-flush" in rules


def test_a_font_without_halt_is_compressed_by_its_ink(tmp_path):
    # LXGW WenKai has no halt feature: the composer trims the blank half its
    # glyphs leave (。 and ， sit left, （ sits right).
    snippet = lay_out("<p style=\"font-family: 'LXGW WenKai'\">好。（注），完。</p>", width_em=30, tmp=tmp_path)
    x = glyph_x(snippet, "。（注")
    assert x[1] - x[0] == pytest.approx(HALF, abs=0.05)
    assert x[2] - x[1] == pytest.approx(SIZE, abs=0.05)  # （ keeps its square after 。 gave up half


@pytest.mark.parametrize("width", [8, 8.5, 9.5, 10, 11.5, 12, 13.25])
def test_mixed_text_is_flush_at_any_measure(width, tmp_path):
    # Latin words, numbers, quotes and bold runs at every kind of line end:
    # a part of a line shaped alone must still end where the composer planned.
    text = ("调整优化“1+X”经济政策体系，工程师用<strong>iPhone 15</strong>和5G网络调试设备，"
            "Wi-Fi覆盖率达到<strong>99.9%</strong>；《2022浙江省数字经济发展综合评价报告》显示，"
            "江北区综合评价总指数排名进入全省第九。")
    snippet = lay_out(f"<p>{text}</p>", width_em=width, tmp=tmp_path)
    lines = paragraph_lines(snippet)
    for line in lines[:-1]:
        assert content_right(line) == pytest.approx(snippet.column_right, abs=0.25), line.text


def test_display_text_marked_for_phrases_wraps_between_phrases(tmp_path):
    body = "<h3>老旧小区改造让居民“拎包入驻”</h3><h3>江北全力打造中国式现代化示范城区</h3>"
    plain = [line.text for line in lay_out(body, width_em=11, tmp=tmp_path).lines]
    assert plain[:2] == ["老旧小区改造让居民“拎", "包入驻”"]  # the case is real: inside the quotation
    phrased = [line.text for line in lay_out(body, width_em=11, css="h3 { --cjk-break: phrases }",
                                             tmp=tmp_path).lines]
    assert phrased == ["老旧小区改造让居民", "“拎包入驻”", "江北全力打造中国式", "现代化示范城区"]
