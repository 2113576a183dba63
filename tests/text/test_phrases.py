"""Phrase boundaries: where Chinese display text may break, and where a line crosses the fold."""

from __future__ import annotations

import pytest

from builder.text.phrases import Quality, fold_split, qualities


def balanced_by_characters(text: str):
    return lambda p: max(p, len(text) - p) / len(text)


def halves(text: str, **options) -> tuple[str, str]:
    split = fold_split(text, balanced_by_characters(text), **options)
    return text[:split], text[split:]


def test_never_inside_a_word():
    q = qualities("江北全力打造中国式现代化示范城区")
    text = "江北全力打造中国式现代化示范城区"
    inside = [text[:p] + "|" + text[p:] for p in range(1, len(text)) if q[p] == Quality.INSIDE]
    assert "江北全力打造中国|式现代化示范城区" in inside  # 中国式 is one word
    assert "江北全力打造中国式现|代化示范城区" in inside


@pytest.mark.parametrize("text, expected", [
    # a verb and its object part, not the middle of 中国式
    ("江北全力打造中国式现代化示范城区", ("江北全力打造", "中国式现代化示范城区")),
    # never 新能|源
    ("全力打造新能源汽车产业集群", ("全力打造新能源", "汽车产业集群")),
    ("数字经济打开城市发展新空间", ("数字经济打开", "城市发展新空间")),
    ("奋进新征程，建功新时代", ("奋进新征程，", "建功新时代")),
])
def test_the_fold_falls_at_a_phrase_boundary(text, expected):
    assert halves(text) == expected


def test_a_phrase_boundary_is_preferred_to_a_little_more_balance():
    q = qualities("江北全力打造中国式现代化示范城区")
    assert q[6] == Quality.PHRASE  # 打造 | 中国式
    assert q[9] == Quality.WORD  # 中国式 | 现代化: closer to the middle, but inside the phrase


def test_quoted_phrases_and_punctuation():
    text = "老旧小区改造让居民“拎包入驻”"
    q = qualities(text)
    assert q[text.index("“")] == Quality.PAUSE  # before the opening quote
    assert q[text.index("“") + 1] == Quality.NEVER  # after it
    assert q[text.index("入")] == Quality.QUOTED  # 拎包 | 入驻, inside the quote
    assert q[text.index("”")] == Quality.NEVER


def test_the_editors_break_wins():
    assert halves("江北全力打造中国式现代化示范城区", forced=9) == ("江北全力打造中国式", "现代化示范城区")


def test_joins_are_as_good_as_punctuation():
    text = "团结奋发勇向前奋力拼搏争一流"
    assert halves(text, joins=[7]) == ("团结奋发勇向前", "奋力拼搏争一流")


def test_one_word_stays_whole_when_asked():
    assert halves("奋进", keep_whole_word=True) == ("奋进", "")
    assert halves("奋进") == ("奋", "进")  # a headline must cross the fold somewhere


def test_kept_qualities_are_read_back_without_the_segmenter(tmp_path, monkeypatch):
    """The pipeline keeps the qualities on disk: a new process finds them without loading the dictionary."""
    from builder.galleycache import GalleyCache, PhraseStore
    from builder.text import phrases

    text = "奋力谱写新时代江北高质量发展新篇章"
    expected = qualities(text)
    monkeypatch.setattr(phrases, "_STORE", None)
    phrases.keep_in(PhraseStore(tmp_path, GalleyCache()))
    qualities.cache_clear()
    assert qualities(text) == expected
    assert len(list(tmp_path.rglob("*.json"))) == 1

    def no_segmenter():  # noqa: ANN202
        raise AssertionError("the segmenter was loaded")

    monkeypatch.setattr(phrases, "_segmenter", no_segmenter)
    phrases.keep_in(PhraseStore(tmp_path, GalleyCache()))  # a new process: nothing in memory
    qualities.cache_clear()
    assert qualities(text) == expected

    # An entry that does not fit the text is not used: the text is segmented again.
    next(tmp_path.rglob("*.json")).write_text("[5, 5]", encoding="utf-8")
    phrases.keep_in(PhraseStore(tmp_path, GalleyCache()))
    qualities.cache_clear()
    with pytest.raises(AssertionError, match="segmenter"):
        qualities(text)
    qualities.cache_clear()
