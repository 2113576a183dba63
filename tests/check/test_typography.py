"""The typography audit judges breaks by the composer's own rules."""

from __future__ import annotations

import pytest

from builder.check.typography import _break_problem


@pytest.mark.parametrize("first, second, rule", [
    ("一二三", "／四", "line-start"),
    ("一二三", "ぁ四", "line-start"),
    ("一二三", "…四", "line-start"),
    ("一二三", "—四", "line-start"),
    ("一二/", "三", "line-end"),
    ("一二￥", "100", "line-end"),
    ("一二—", "—三", "split"),
    ("增长4.", "9%", "split"),
    ("用iPh", "one", "split"),
])
def test_the_audit_reports_what_the_composer_forbids(first, second, rule):
    problem = _break_problem(first, second)
    assert problem is not None and problem[0] == rule, problem


@pytest.mark.parametrize("first, second", [("一二三", "——四"), ("一二三", "“四"), ("一二”", "三"),
                                           ("售价", "￥100"), ("用", "iPhone")])
def test_the_audit_accepts_what_the_composer_allows(first, second):
    assert _break_problem(first, second) is None
