"""The CJK extension's contract with WeasyPrint: fails loudly when an upgrade moves things.

builder/typeset/cjk.py wraps four functions of weasyprint.layout.inline and
subclasses weasyprint.text.line_break.Layout. These tests pin what it relies
on, so that upgrading WeasyPrint breaks here, with a message, rather than
quietly giving ragged columns.
"""

from __future__ import annotations

import inspect
import tomllib

import weasyprint
from weasyprint.layout import inline
from weasyprint.text import line_break

from builder.typeset import cjk
from tests.conftest import REPO


def test_weasyprint_is_the_pinned_release():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("weasyprint")]
    assert pins == [f"weasyprint=={cjk.SUPPORTED_WEASYPRINT}"]
    assert weasyprint.__version__ == cjk.SUPPORTED_WEASYPRINT
    cjk.check_weasyprint()


def params(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_wrapped_functions_have_the_signatures_the_hooks_expect():
    cjk.install()
    originals = cjk._ORIGINAL
    assert params(originals["get_next_linebox"])[:6] == [
        "context", "linebox", "position_y", "bottom_space", "skip_stack", "containing_block"]
    assert params(originals["split_text_box"]) == ["context", "box", "available_width", "skip", "is_line_start"]
    assert params(originals["split_first_line"]) == [
        "text", "style", "context", "max_width", "justification_spacing", "is_line_start", "minimum"]
    assert params(originals["justify_line"]) == ["context", "line", "extra_width"]


def test_the_hooks_are_installed_and_can_be_removed():
    cjk.install()
    assert inline.get_next_linebox is cjk._get_next_linebox
    assert inline.split_first_line is cjk._split_first_line
    cjk.uninstall()
    assert inline.get_next_linebox is not cjk._get_next_linebox
    cjk.install()
    cjk.install()  # idempotent
    assert inline.split_text_box is cjk._split_text_box


def test_the_layout_class_still_offers_what_planned_layout_overrides():
    for name in ("set_text", "get_first_line", "setup", "deactivate", "reactivate"):
        assert callable(getattr(line_break.Layout, name)), name
    assert params(line_break.Layout.set_text) == ["self", "text", "justify"]
    assert callable(line_break.get_log_attrs) and callable(line_break.can_break_text)
    assert callable(inline.skip_first_whitespace)
