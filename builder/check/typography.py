"""The typography audit: what the laid-out lines show, checked against clreq.

Input: a rendered document and its plan. Output: :class:`Finding` objects, one
per line that breaks a rule, with the sheet, the frame and the line's text:

- ``not-flush``: a justified line other than a paragraph's last ends more
  than 0.25 pt from its column's edge;
- ``line-start`` / ``line-end``: a character that may not start (、，。 ” … ／
  ％, small kana, a lone —) or end (“ 《 ￥ /) a line does, by the composer's
  own classes (UAX #14 and CSS ``line-break: strict`` for Chinese, clreq);
- ``split``: a break inside ——/……, a number, a number and its unit, or a
  Latin word;
- ``lone``: a paragraph's last line holds a single character (孤字);
- ``off-grid``: a body line's baseline is more than 0.2 pt off the page's
  baseline grid (body lines of all columns share baselines).

It reads the laid-out boxes, not the source: it checks what will print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import Code, Diagnostic, Severity
from ..layout.plan import Plan
from ..model import ContentKind
from ..typeset import clreq
from ..typeset.laidout import LaidOutFrame, LaidOutLine, content_right, frames
from . import check, finding, page_of

if TYPE_CHECKING:
    from weasyprint import Document  # only builder.typeset imports WeasyPrint at run time

    from ..results import Build

FLUSH_TOLERANCE = 0.25  #: pt
GRID_TOLERANCE = 0.2  #: pt


@dataclass(frozen=True)
class Finding:
    """One line that breaks a typographic rule."""

    rule: str
    sheet: int
    frame: str
    text: str
    detail: str

    def __str__(self) -> str:
        return f"{self.frame} (sheet {self.sheet + 1}): {self.rule}: {self.detail}: {self.text!r}"


def _justified(line: LaidOutLine) -> bool:
    return line.box is not None and line.box.style["text_align_all"] == "justify"


def _column_right(frame: LaidOutFrame, line: LaidOutLine) -> float:
    if frame.columns and line.column < len(frame.columns):
        x, _, width, _ = frame.columns[line.column]
        return x + width
    return frame.x + frame.width


def _break_problem(first: str, second: str) -> tuple[str, str] | None:
    """(rule, detail) when a break between two lines of a paragraph is wrong.

    The composer's own rules decide (:func:`clreq.break_problem`): what it
    may never do, the audit reports.
    """
    if not first or not second:
        return None
    text = first + second
    p = len(first)
    problem = clreq.break_problem(text, p)
    if problem is None:
        return None
    before, after = text[p - 1], text[p]
    if problem == clreq.LINE_START:
        return "line-start", f"line starts with {after!r}"
    if problem == clreq.LINE_END:
        return "line-end", f"line ends with {before!r}"
    if problem == clreq.INSEPARABLE_SPLIT:
        return "split", f"{before}{after} split"
    if problem == clreq.NUMBER_SPLIT:
        return "split", f"number split: {first[-4:]}|{second[:3]}"
    return "split", f"word split: {first[-6:]}|{second[:6]}"


def audit(document: Document, plan: Plan) -> list[Finding]:
    """Every typographic finding on the laid-out pages, frame by frame."""
    grid = plan.grid
    sections = {frame.name for frame in plan.of_kind(ContentKind.SECTION)}
    findings: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    reference: float | None = None
    for frame in frames(document):
        if (frame.sheet, frame.name) in seen or not frame.lines or not frame.flowing:
            continue
        seen.add((frame.sheet, frame.name))
        lines = frame.lines
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else None
            last_of_block = following is None or following.block != line.block
            first_of_block = index == 0 or lines[index - 1].block != line.block
            text = line.text.rstrip()
            if not text:
                continue
            if not last_of_block:
                if _justified(line):
                    gap = _column_right(frame, line) - content_right(line)
                    if abs(gap) > FLUSH_TOLERANCE:
                        findings.append(Finding("not-flush", frame.sheet, frame.name, text,
                                                f"ends {gap:+.2f} pt from the column edge"))
                problem = _break_problem(text, following.text.lstrip())
                if problem:
                    rule, detail = problem
                    findings.append(Finding(rule, frame.sheet, frame.name, text, detail))
            elif not first_of_block:
                letters = [c for c in text if not clreq.is_punctuation(c) and not c.isspace()]
                if len(letters) < 2:
                    findings.append(Finding("lone", frame.sheet, frame.name, text,
                                            "the paragraph's last line holds one character"))
            if frame.name in sections and line.height == grid.pitch:
                # Body lines sit on one baseline grid across the spread: the
                # first body line fixes its phase, every other must agree.
                phase = line.baseline % grid.pitch
                if reference is None:
                    reference = phase
                off = (phase - reference + grid.pitch / 2) % grid.pitch - grid.pitch / 2
                if abs(off) > GRID_TOLERANCE:
                    findings.append(Finding("off-grid", frame.sheet, frame.name, text,
                                            f"baseline {off:+.2f} pt off the grid"))
    return findings


_CODES = {
    "not-flush": Code.TYPOGRAPHY_NOT_FLUSH,
    "line-start": Code.TYPOGRAPHY_LINE_START,
    "line-end": Code.TYPOGRAPHY_LINE_END,
    "split": Code.TYPOGRAPHY_SPLIT,
    "lone": Code.TYPOGRAPHY_LONE,
    "off-grid": Code.TYPOGRAPHY_OFF_GRID,
}

_HINTS = {
    "not-flush": "a line the composer could not justify: look for a long unbreakable word or number",
    "line-start": "the composer should never do this: report it with the text",
    "line-end": "the composer should never do this: report it with the text",
    "split": "a word, number or address wider than the column must break somewhere: shorten it or widen "
             "the frame; anything else the composer should never do: report it with the text",
    "lone": "edit a word out or in, so the last line holds two characters or more",
    "off-grid": "something in the frame is not a whole number of rows tall",
}


@check("typography")
def typography_issues(build: Build) -> list[Diagnostic]:
    """The audit's findings as warnings (errors with --strict)."""
    return [
        finding(Severity.WARNING, _CODES[found.rule], f"{found.detail}: {found.text!r}",
                _HINTS[found.rule], found.frame, page_of(build, found.frame),
                {"rule": found.rule, "text": found.text})
        for found in audit(build.document, build.plan)
    ]
