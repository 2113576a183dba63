"""The composer against the web-platform-tests for Chinese line breaking (CSS ``line-break: strict``).

The cases come from ``tests/fixtures/wpt-line-break-zh-strict.json``, which
cites the WPT files they are transcribed from. Every paragraph is given a
break opportunity at every position — Pango's own breaking is ignored — so
the composer's character classes alone decide where a line may end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.typeset import clreq

FIXTURE = Path(__file__).parent.parent / "fixtures" / "wpt-line-break-zh-strict.json"
EM = 30.0  #: px, the font size of the WPT tests


def _cases(disputed: bool) -> list:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    cases = []
    for source in data["files"]:
        if bool(source.get("disputed")) != disputed:
            continue
        name = Path(source["path"]).stem
        for code in source["chars"].split():
            char = chr(int(code, 16))
            text = source["test"].format(char)
            ref = [line.format(char) for line in source["ref"]]
            cases.append(pytest.param(text, ref, source["width_em"], id=f"{name}-U+{code}"))
    return cases


STRICT = _cases(disputed=False)
DISPUTED = _cases(disputed=True)


def without_pango(text: str) -> clreq.Paragraph:
    """A paragraph with a break opportunity everywhere: only the composer's rules remain."""
    n = len(text)
    return clreq.Paragraph(text, [EM] * n, [EM] * n, [None] * n, [True] * (n + 1))


def asserted_breaks(text: str, ref: list[str], width_em: float) -> dict[int, bool]:
    """What a WPT case asserts, as break opportunities before index p.

    The box holds ``int(width_em)`` ideographs and the browser breaks at the
    last opportunity that fits: each reference line ends at an opportunity,
    and there is none after its end as far as the box would have reached.
    """
    fits = int(width_em)
    asserted: dict[int, bool] = {}
    start = 0
    for line in ref[:-1]:
        end = start + len(line)
        asserted[end] = True
        for p in range(end + 1, min(start + fits, len(text) - 1) + 1):
            asserted[p] = False
        start = end
    return asserted


def test_the_fixture_holds_the_cases_it_cites():
    assert len(STRICT) == 51 + 10 + 2 + 5 + 6 + 10 + 2
    assert len(DISPUTED) == 8


@pytest.mark.parametrize("text, ref, width_em", STRICT)
def test_legal_breaks_match_wpt_strict(text, ref, width_em):
    legal = clreq.legal_breaks(without_pango(text))
    asserted = asserted_breaks(text, ref, width_em)
    assert {p: legal[p] for p in asserted} == asserted


@pytest.mark.parametrize("text, ref, width_em", STRICT)
def test_composed_lines_match_the_wpt_reference(text, ref, width_em):
    lines = clreq.compose(without_pango(text), width_em * EM, width_em * EM)
    assert [text[line.start:line.end] for line in lines] == ref


@pytest.mark.parametrize("text, ref, width_em", DISPUTED)
def test_prefix_signs_follow_uax14_not_the_disputed_rows(text, ref, width_em):
    # The WPT rows expect 文文文文文|文￥字字; UAX #14 gives a break before
    # the sign (ID ÷ PR) and none after it (PR × ID): 文文文文文文|￥字字.
    sign = text.index(ref[1][1])
    legal = clreq.legal_breaks(without_pango(text))
    assert legal[sign] and not legal[sign + 1]
    lines = clreq.compose(without_pango(text), width_em * EM, width_em * EM)
    assert [text[line.start:line.end] for line in lines] == [text[:sign], text[sign:]]
