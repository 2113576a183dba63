"""The few words a gallery label and the serve header say about preflight."""

from __future__ import annotations

import pytest

from builder.preview.shapes import Summary


@pytest.mark.parametrize(("summary", "text", "tone"), [
    (Summary(0, 0, 0, 0), "fits", "ok"),
    (Summary(0, 2, 0, 0), "fits · 2 warnings", "warning"),
    (Summary(1, 0, 1, 58), "58 lines over", "error"),
    (Summary(3, 1, 2, 93), "93 lines over · 1 error · 1 warning", "error"),
    (Summary(1, 145, 0, 0), "1 error · 145 warnings", "error"),
])
def test_the_summary_names_lines_over_errors_and_warnings(summary, text, tone):
    assert summary.text == text
    assert summary.tone == tone
