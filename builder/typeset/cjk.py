"""Chinese typesetting inside WeasyPrint's line layout (written for WeasyPrint 70.0).

Input: WeasyPrint laying out the lines of a paragraph in a Chinese-language
block. Output: the line boxes WeasyPrint would make, except that where lines
break, how wide each character is set and where extra space goes are decided
by the paragraph composer of :mod:`builder.typeset.clreq`.

WeasyPrint justifies by widening spaces only (``justify_line``), which leaves
Chinese columns ragged, and breaks lines one text box at a time by UAX #14.
This extension takes over at four points of ``weasyprint.layout.inline``, all
wrapped, none copied:

- ``get_next_linebox``: composes the whole paragraph once (cached) and tells
  the layout which composed line it is building;
- ``split_text_box``: remembers which text box is being split;
- ``split_first_line``: for a box of a composed paragraph, returns exactly
  the part of the box that belongs on the current line, shaped by a
  :class:`PlannedLayout` whose glyph advances carry the composer's spacing;
- ``justify_line``: leaves composed lines alone (they are already flush).

No character is inserted into the text: spacing lives in the glyph
positions, so the PDF's text reads as the source. Paragraphs the composer
does not handle (no Chinese, floats beside them, inline images, decorated
inline boxes) go through WeasyPrint unchanged.
"""

from __future__ import annotations

import bisect
import contextvars
import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout, _font_style_cache_key, can_break_text, get_log_attrs

from ..job import CJKSettings
from ..text import phrases
from . import clreq

LOGGER = logging.getLogger("broadsheet.cjk")

#: The WeasyPrint release this extension is written against (pinned in pyproject).
SUPPORTED_WEASYPRINT = "70.0"

#: Composed lines end this far (px) short of the measure, so that rounding in
#: Pango units never makes WeasyPrint see a line as overflowing.
EPSILON = 0.01

_settings: contextvars.ContextVar[CJKSettings | None] = contextvars.ContextVar("cjk_settings", default=None)
_current_line: contextvars.ContextVar[tuple[_Plan, clreq.Line] | None] = contextvars.ContextVar(
    "cjk_line", default=None)
_current_box: contextvars.ContextVar[tuple[boxes.TextBox, int] | None] = contextvars.ContextVar(
    "cjk_box", default=None)

_ORIGINAL: dict[str, object] = {}


class ExtensionError(RuntimeError):
    """The installed WeasyPrint is not the one this extension extends."""


# --- the composed paragraph ------------------------------------------------------


@dataclass
class _Run:
    box: boxes.TextBox
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class _Plan:
    """A paragraph's runs and its composed lines, by line start, per measure."""

    runs: list[_Run]
    par: clreq.Paragraph
    justify: bool
    indent: float
    settings: CJKSettings
    lines: dict[float, dict[int, clreq.Line]] = field(default_factory=dict)
    mismatches: int = 0

    def run_of(self, box: boxes.TextBox) -> _Run | None:
        for run in self.runs:
            if run.box is box:
                return run
        return None

    def line_at(self, offset: int, width: float) -> clreq.Line:
        by_start = self.lines.get(width)
        if by_start is None:
            by_start = self.lines[width] = {}
            self._compose(0, width, self.indent)
        if offset not in by_start:
            # WeasyPrint resumed where no composed line starts (or the measure
            # changed): compose the rest of the paragraph from here.
            self._compose(offset, width, 0.0)
        return by_start[offset]

    def _compose(self, offset: int, width: float, indent: float) -> None:
        par = self.par if offset == 0 else _tail(self.par, offset)
        first = width - indent - EPSILON
        lines = clreq.compose(par, first, width - EPSILON, self.justify, self.settings.han_latin_em)
        if len(lines) > 1 and sum(par.advance) <= width + EPSILON:
            # A box sized to its content (a flex item, a float, an inline
            # block) was measured without Han/Latin spaces; keep it one line.
            lines = clreq.compose(par, width + 1.0, width + 1.0, self.justify, 0.0)
        by_start = self.lines[width]
        for line in lines:
            if offset:
                line = clreq.Line(line.start + offset, line.end + offset, line.resume + offset, line.left,
                                  line.right, line.width, line.natural, line.measure, line.justified, line.last)
            by_start.setdefault(line.start, line)


def _tail(par: clreq.Paragraph, offset: int) -> clreq.Paragraph:
    return clreq.Paragraph(par.text[offset:], par.advance[offset:], par.em[offset:], par.half[offset:],
                           par.breaks[offset:], par.cluster_start[offset:], par.edges[offset:],
                           par.tracking[offset:], par.break_cost[offset:])


_PLANS: weakref.WeakKeyDictionary[boxes.LineBox, _Plan | None] = weakref.WeakKeyDictionary()


def _leaves(box: boxes.Box) -> Iterator[boxes.Box]:
    for child in box.children:
        if isinstance(child, boxes.InlineBox):
            yield child
            yield from _leaves(child)
        else:
            yield child


def _plain_inline(box: boxes.InlineBox) -> bool:
    style = box.style
    return all(
        not getattr(style[f"{kind}_{side}"], "value", style[f"{kind}_{side}"])
        for kind in ("margin", "padding") for side in ("left", "right")
    ) and not style["border_left_width"] and not style["border_right_width"]


def _eligible(linebox: boxes.LineBox) -> list[boxes.TextBox] | None:
    style = linebox.style
    lang = (style["lang"] or "").lower()
    if not (lang.startswith("zh") or lang.startswith("ja")):
        return None
    if style["direction"] != "ltr":
        return None
    texts = []
    for leaf in _leaves(linebox):
        if isinstance(leaf, boxes.InlineBox):
            if not _plain_inline(leaf):
                return None
            continue
        if not isinstance(leaf, boxes.TextBox) or not leaf.is_in_normal_flow():
            return None
        s = leaf.style
        if s["white_space"] != "normal" or s["word_spacing"] or s["font_size"] <= 0 or "\n" in leaf.text:
            return None
        texts.append(leaf)
    text = "".join(t.text for t in texts)
    if not any(clreq.is_ideographic(c) for c in text):
        return None
    return texts


def _plan(linebox: boxes.LineBox, settings: CJKSettings) -> _Plan | None:
    if linebox in _PLANS:
        return _PLANS[linebox]
    leaves = _eligible(linebox)
    plan = None
    if leaves:
        runs, start = [], 0
        advance: list[float] = []
        em: list[float] = []
        half: list[tuple[float, float] | None] = []
        clusters: list[bool] = []
        tracking: list[float] = []
        for leaf in leaves:
            runs.append(_Run(leaf, start, leaf.text))
            start += len(leaf.text)
            widths, starts = _measure(leaf.text, untracked(leaf.style))
            advance += widths
            spacing = leaf.style["letter_spacing"]
            tracking += [0.0 if spacing == "normal" else float(spacing)] * len(leaf.text)
            clusters += starts
            size = leaf.style["font_size"]
            em += [size] * len(leaf.text)
            key = _font_style_cache_key(leaf.style, include_size=True)
            half += [_half(char, key, leaf.style) if char in clreq.COMPRESSIBLE else None for char in leaf.text]
        text = "".join(run.text for run in runs)
        lang = linebox.style["lang"]
        attrs = get_log_attrs(text, lang)
        breaks = [bool(attrs[i].is_line_break) for i in range(len(text) + 1)]
        edges = [True] * (len(text) + 1)
        for run in runs[1:]:
            p = run.start
            if 0 < p < len(text):
                edges[p] = can_break_text(text[p - 1] + text[p], lang)
        costs = phrase_costs(text) if _breaks_at_phrases(linebox.style) else []
        par = clreq.Paragraph(text, advance, em, half, breaks, clusters, edges, tracking, costs)
        justify = linebox.style["text_align_all"] == "justify"
        plan = _Plan(runs, par, justify, float(linebox.text_indent or 0), settings)
    _PLANS[linebox] = plan
    return plan


#: What a break costs the composer (one line costs 1) by phrase quality, for
#: display text that breaks at phrases (CSS ``--cjk-break: phrases``, in the
#: spirit of CSS Text 4 ``word-break: auto-phrase``): nothing between
#: phrases, more between words of a phrase, most inside a quotation or a word.
PHRASE_COSTS = {
    phrases.Quality.PAUSE: 0.0,
    phrases.Quality.PHRASE: 0.5,
    phrases.Quality.WORD: 3.0,
    phrases.Quality.BOUND: 8.0,
    phrases.Quality.QUOTED: 20.0,
    phrases.Quality.INSIDE: 40.0,
    phrases.Quality.NEVER: 40.0,
}


def _breaks_at_phrases(style) -> bool:  # noqa: ANN001 - a WeasyPrint style
    try:
        value = style["__cjk_break"]  # the custom property --cjk-break (computed on demand)
    except KeyError:
        return False
    return any(getattr(token, "value", None) == "phrases" for token in value or ())


def phrase_costs(text: str) -> list[float]:
    """The cost of a break before each character of display text, by phrase quality."""
    return [PHRASE_COSTS[quality] for quality in phrases.qualities(text)]


# --- measuring with Pango ----------------------------------------------------------


def untracked(style):  # noqa: ANN001, ANN201 - WeasyPrint styles
    """The style without letter-spacing: the composer sets tracking itself.

    CSS ``letter-spacing`` on composed text is read as tracking and added
    between characters by the composer (never after a line's last one);
    Pango must not add it a second time.
    """
    if style["letter_spacing"] == "normal":
        return style
    copy = style.copy()
    copy["letter_spacing"] = "normal"
    return copy


def _byte_to_char(text: str) -> dict[int, int]:
    table, position = {}, 0
    for index, char in enumerate(text):
        table[position] = index
        position += len(char.encode())
    table[position] = len(text)
    return table


def _glyphs(line) -> Iterator[tuple[object, int, int]]:  # noqa: ANN001 - cffi pointers
    """(glyph info, byte offset of its cluster, index in its run) for every glyph of a line."""
    run = line.runs
    while run != ffi.NULL:
        item = run.data.item
        glyphs = run.data.glyphs
        for index in range(glyphs.num_glyphs):
            yield glyphs.glyphs[index], item.offset + glyphs.log_clusters[index], index
        run = run.next


_MEASURES: dict[tuple[str, str], tuple[list[float], list[bool]]] = {}


def _measure(text: str, style) -> tuple[list[float], list[bool]]:  # noqa: ANN001 - WeasyPrint style
    """Natural advance of every character (px) and whether it starts a cluster."""
    key = (text, _font_style_cache_key(style, include_size=True))
    if key in _MEASURES:
        return _MEASURES[key]
    layout = Layout(style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    table = _byte_to_char(text)
    advance = [0.0] * len(text)
    starts = [False] * len(text)
    for glyph, byte, _ in _glyphs(line):
        index = table.get(byte)
        if index is not None and index < len(text):
            advance[index] += glyph.geometry.width * FROM_UNITS
            starts[index] = True
    layout.deactivate()
    if len(_MEASURES) > 20_000:
        _MEASURES.clear()
    _MEASURES[key] = (advance, starts)
    return advance, starts


_HALVES: dict[tuple[str, str], tuple[float, float] | None] = {}


def _half(char: str, key: str, style) -> tuple[float, float] | None:  # noqa: ANN001 - WeasyPrint style
    """How a full-width mark is set half-width: (left trim, right change) in px.

    Uses the font's ``halt`` feature where it has one; otherwise trims the
    blank half that the glyph's ink leaves (a quarter each side when centred).
    None when the mark is not full width in this font. Cached by font key.
    """
    if (char, key) not in _HALVES:
        _HALVES[(char, key)] = _measure_half(char, style)
    return _HALVES[(char, key)]


def _measure_half(char: str, style) -> tuple[float, float] | None:  # noqa: ANN001
    size = style["font_size"]
    plain = Layout(style)
    plain.set_text(char)
    line, _ = plain.get_first_line()
    glyph = next(iter(_glyphs(line)))[0]
    advance = glyph.geometry.width * FROM_UNITS
    ink = ffi.new("PangoRectangle *")
    pango.pango_layout_line_get_extents(line, ink, ffi.NULL)
    ink_left, ink_right = ink.x * FROM_UNITS, (ink.x + ink.width) * FROM_UNITS
    plain.deactivate()
    if advance < 0.9 * size:
        return None

    halted = Layout(style)
    attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    pango.pango_attr_list_insert(attrs, pango.pango_attr_font_features_new(b"halt 1"))
    pango.pango_layout_set_attributes(halted.layout, attrs)
    halted.set_text(char)
    line, _ = halted.get_first_line()
    glyph = next(iter(_glyphs(line)))[0]
    half_advance = glyph.geometry.width * FROM_UNITS
    offset = glyph.geometry.x_offset * FROM_UNITS
    halted.deactivate()
    if half_advance < advance - 0.01 * size:
        left = -offset
        return left, half_advance - advance + left
    middle = advance / 2
    if ink_right <= middle + 0.05 * size:
        return 0.0, -middle
    if ink_left >= middle - 0.05 * size:
        return middle, 0.0
    return advance / 4, -advance / 4


# --- the layout that carries the composer's spacing ---------------------------------


class PlannedLayout(Layout):
    """A WeasyPrint layout whose glyphs are moved as the composer decided.

    ``edits`` maps a character index of the layout's text to (left, right):
    the glyph moves ``left`` to the left and its advance changes by
    ``right - left``. ``target`` is the width the composer planned for the
    text: shaping a line's part alone can differ from shaping it in the whole
    paragraph by a kern at the cut, and the last glyph takes the difference so
    that the line still ends flush. Applied each time Pango lays the text out
    again, at layout and at drawing.
    """

    def __init__(self, style, edits: dict[int, tuple[float, float]],  # noqa: ANN001
                 target: float | None = None) -> None:
        self.edits = edits
        self.target = target
        self._edited_line: int | None = None
        super().__init__(style)

    def setup(self, style) -> None:  # noqa: ANN001
        super().setup(untracked(style))

    def set_text(self, text: str, justify: bool = False) -> None:
        super().set_text(text, justify)
        # Drawing switches single-paragraph mode on; doing it now keeps Pango
        # from laying the text out again (and dropping the edits) then.
        pango.pango_layout_set_single_paragraph_mode(self.layout, True)
        self._edited_line = None

    def get_first_line(self):  # noqa: ANN201 - WeasyPrint's signature
        line, index = super().get_first_line()
        address = int(ffi.cast("uintptr_t", line))
        if self._edited_line != address:
            _apply_edits(line, self.text, self.edits)
            if self.target is not None:
                glyphs = [glyph for glyph, _, _ in _glyphs(line)]
                difference = self.target - sum(glyph.geometry.width for glyph in glyphs) * FROM_UNITS
                if glyphs and abs(difference) > 0.001:
                    glyphs[-1].geometry.width += round(difference * TO_UNITS)
            self._edited_line = address
        return line, index

    def width(self) -> float:
        """The set width of the first line: the sum of its glyph advances."""
        line, _ = self.get_first_line()
        return sum(glyph.geometry.width for glyph, _, _ in _glyphs(line)) * FROM_UNITS


def _apply_edits(line, text: str, edits: dict[int, tuple[float, float]]) -> None:  # noqa: ANN001
    """Move and widen the glyphs of a Pango line as ``edits`` say.

    An edit of a character that does not start a glyph cluster (the second
    of two characters shaped as one glyph) goes to the cluster it belongs
    to: its left trim to the cluster's first glyph, its right change to the
    cluster's last.
    """
    table = _byte_to_char(text)
    clusters: dict[int, list] = {}
    for glyph, byte, _ in _glyphs(line):
        start = table.get(byte)
        if start is not None:
            clusters.setdefault(start, []).append(glyph)
    starts = sorted(clusters)
    for char, (left, right) in edits.items():
        position = bisect.bisect_right(starts, char) - 1
        if position < 0:
            continue
        glyphs = clusters[starts[position]]
        if left:
            glyphs[0].geometry.x_offset -= round(left * TO_UNITS)
            glyphs[0].geometry.width -= round(left * TO_UNITS)
        if right:
            glyphs[-1].geometry.width += round(right * TO_UNITS)


def _set_part(text: str, style, edits: dict[int, tuple[float, float]], target: float):  # noqa: ANN001, ANN202
    """Shape ``text`` as one line with ``edits``; WeasyPrint's metrics tuple parts."""
    layout = PlannedLayout(style, edits, target)
    layout.set_text(text)
    width = layout.width()
    line, _ = layout.get_first_line()
    logical = ffi.new("PangoRectangle *")
    pango.pango_layout_line_get_extents(line, ffi.NULL, logical)
    height = logical.height * FROM_UNITS
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    layout.deactivate()
    return layout, width, height, baseline


# --- the hooks ----------------------------------------------------------------------------


def _offset(box: boxes.Box, skip_stack: dict | None) -> int:
    """Character offset in a paragraph's text of a WeasyPrint skip stack."""
    if not skip_stack:
        return 0
    (index, child_skip), = skip_stack.items()
    if isinstance(box, boxes.TextBox):
        return len(box.text.encode()[:index].decode(errors="ignore"))
    children = box.children
    total = sum(_length(child) for child in children[:index])
    if index < len(children):
        total += _offset(children[index], child_skip)
    return total


def _length(box: boxes.Box) -> int:
    if isinstance(box, boxes.TextBox):
        return len(box.text)
    return sum(_length(child) for child in getattr(box, "children", ()))


def _get_next_linebox(context, linebox, position_y, bottom_space, skip_stack, containing_block,  # noqa: ANN001, ANN202
                      *args):
    original = _ORIGINAL["get_next_linebox"]
    settings = _settings.get()
    if settings is None or context.excluded_shapes:
        return original(context, linebox, position_y, bottom_space, skip_stack, containing_block, *args)
    plan = _plan(linebox, settings)
    skipped = inline.skip_first_whitespace(linebox, skip_stack)
    if plan is None or skipped == "continue":
        return original(context, linebox, position_y, bottom_space, skip_stack, containing_block, *args)
    offset = _offset(linebox, skipped)
    line = plan.line_at(offset, containing_block.width)
    token = _current_line.set((plan, line))
    try:
        result = original(context, linebox, position_y, bottom_space, skip_stack, containing_block, *args)
    finally:
        _current_line.reset(token)
    _, resume_at = result
    resumed = len(plan.par.text) if resume_at is None else _offset(linebox, resume_at)
    if resumed != line.resume:
        plan.mismatches += 1
        LOGGER.debug("line at %d resumed at %d, composed to resume at %d", offset, resumed, line.resume)
    return result


def _split_text_box(context, box, available_width, skip, is_line_start=True):  # noqa: ANN001, ANN202
    token = _current_box.set((box, skip or 0))
    try:
        return _ORIGINAL["split_text_box"](context, box, available_width, skip, is_line_start)
    finally:
        _current_box.reset(token)


def _split_first_line(text, style, context, max_width, justification_spacing,  # noqa: ANN001, ANN202
                      is_line_start=True, minimum=False):
    original = _ORIGINAL["split_first_line"]
    current, part = _current_line.get(), _current_box.get()
    if current is None or part is None or minimum:
        return original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    plan, line = current
    box, skip = part
    run = plan.run_of(box)
    if run is None:
        return original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    start = run.start + len(box.text.encode()[:skip].decode(errors="ignore"))
    if start >= line.end:
        # This box belongs to the next line: report it wider than the room
        # left, so that WeasyPrint ends the line before it.
        layout, length, resume, width, height, baseline = original(
            text, style, context, None, justification_spacing, is_line_start, minimum)
        return layout, length, resume, max(width, (max_width or 0) + 1000.0), height, baseline
    cut = min(run.end, line.end) - start
    part_text = text[:cut]
    edits = {i - start: adjustment for i, adjustment in line.adjustments().items() if start <= i < start + cut}
    target = sum(plan.par.advance[start:start + cut]) + sum(right - left for left, right in edits.values())
    layout, width, height, baseline = _set_part(part_text, style, edits, target)
    length = len(part_text.encode())
    if start + cut >= run.end or line.resume >= run.end:
        resume = None
    else:
        resume = len(text[: line.resume - start].encode())
    return layout, length, resume, width, height, baseline


def _justify_line(context, line, extra_width):  # noqa: ANN001, ANN202
    if _current_line.get() is not None:
        return None  # composed lines are set flush already
    return _ORIGINAL["justify_line"](context, line, extra_width)


_HOOKS = {
    "get_next_linebox": _get_next_linebox,
    "split_text_box": _split_text_box,
    "split_first_line": _split_first_line,
    "justify_line": _justify_line,
}


def check_weasyprint() -> None:
    """Fail loudly unless the installed WeasyPrint is the one this extends."""
    if weasyprint.__version__ != SUPPORTED_WEASYPRINT:
        raise ExtensionError(
            f"builder.typeset.cjk extends WeasyPrint {SUPPORTED_WEASYPRINT}'s line layout; "
            f"WeasyPrint {weasyprint.__version__} is installed. Pin weasyprint=={SUPPORTED_WEASYPRINT} "
            "or port the extension (tests/typeset/test_cjk_hooks.py shows what it relies on).")
    missing = [name for name in _HOOKS if not callable(getattr(inline, name, None))]
    if missing:
        raise ExtensionError(f"weasyprint.layout.inline lacks {', '.join(missing)}")


def install() -> None:
    """Wrap WeasyPrint's line layout functions (once; idempotent)."""
    if _ORIGINAL:
        return
    check_weasyprint()
    for name, hook in _HOOKS.items():
        _ORIGINAL[name] = getattr(inline, name)
        setattr(inline, name, hook)


def uninstall() -> None:
    """Put WeasyPrint's own functions back (for side-by-side measurements)."""
    for name, original in _ORIGINAL.items():
        setattr(inline, name, original)
    _ORIGINAL.clear()


@contextmanager
def active(settings: CJKSettings | None) -> Iterator[None]:
    """Compose Chinese paragraphs with ``settings`` while the block runs.

    With None, WeasyPrint lays out text on its own (the hooks pass through).
    """
    install()
    token = _settings.set(settings)
    try:
        yield
    finally:
        _settings.reset(token)
