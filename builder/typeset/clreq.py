"""Chinese line composition by rule: classes, breaks, spacing, a paragraph composer.

Input: a paragraph as characters with their natural advances (as the font
shapes them), the advance each punctuation mark has when set half-width, the
break opportunities the Unicode line-breaking algorithm gives, and the
measure. Output: :class:`Line` objects — where each line starts and ends and,
per character, how much to take off its left and add to its right — such that:

- justified lines end flush with the measure; extra space goes between CJK
  characters and at Han/Latin boundaries, never inside a Latin word or number;
- no line starts or ends with a character that UAX #14 and CSS Text 3
  ``line-break: strict`` keep from there in Chinese (closing marks, 、，。；：！？,
  small kana, 々, …, ％ ℃; opening marks, ￥ ＄), nor with what clreq adds (／
  or a lone — at the start, ／ or / at the end); —— and …… are not split; a
  number keeps its unit and a Latin word holds together (clreq, GB level).
  The composer's own classes decide, from the Unicode Line_Break property
  (the ``uniseg`` package), whatever opportunities the renderer offers;
- adjacent full-width marks are compressed (。” ），); an opening mark at line
  start and a mark at line end are set half-width (GB/T 15834 §5.1.10);
- a quarter em (a setting) separates Han from Western letters and digits
  (not from half-width katakana, symbols or full-width forms);
- compressing punctuation to take one more character (push-in) is preferred to
  stretching the line (push-out);
- the last line of a paragraph never holds a lone character (孤字);
- display text may carry a cost for breaking at each position (its phrase
  boundaries, from :mod:`builder.text.phrases`): a subhead then wraps between
  phrases rather than inside a word or a quotation.

Pure Python: the WeasyPrint extension in :mod:`builder.typeset.cjk` feeds it
and applies its decisions; the audit in :mod:`builder.check.typography` uses
its character classes.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass, field

from uniseg.linebreak import line_break as unicode_line_break

# --- character classes (clreq §3.1, GB/T 15834) ---------------------------------

OPENING = frozenset("“‘（《〈「『【〔［｛〖〘〚")
CLOSING = frozenset("”’）》〉」』】〕］｝〗〙〛")
STOPS = frozenset("。，、．")  # 句号 逗号 顿号: set at the left of their square
PAUSES = frozenset("：；！？")  # in Simplified Chinese fonts also left-set
MIDDLE_DOTS = frozenset("·・‧")
INSEPARABLE = frozenset("…—⋯―")
#: full-width marks with a blank half that can be compressed
COMPRESSIBLE = OPENING | CLOSING | STOPS | PAUSES
#: characters that may follow a number as its magnitude (860.3亿元: 亿, then 元)
MAGNITUDES = frozenset("十百千万亿兆")

HAN, LATIN, SPACE, OPEN, CLOSE, STOP, PAUSE, MIDDLE, INSEP, OTHER = (
    "han", "latin", "space", "open", "close", "stop", "pause", "middle", "insep", "other")


@functools.cache
def char_class(char: str) -> str:
    """The class of a character for line composition."""
    if char in OPENING:
        return OPEN
    if char in CLOSING:
        return CLOSE
    if char in STOPS:
        return STOP
    if char in PAUSES:
        return PAUSE
    if char in MIDDLE_DOTS:
        return MIDDLE
    if char in INSEPARABLE:
        return INSEP
    if char in " \u00a0\u3000":
        return SPACE
    if is_ideographic(char):
        return HAN
    category = unicodedata.category(char)
    if category[0] == "L" and unicodedata.east_asian_width(char) == "H":
        return HAN  # half-width katakana (and Hangul): kana for breaking and justifying
    if category[0] in "LN" or char in "%+-./&'_#$@":
        return LATIN
    return OTHER


def is_ideographic(char: str) -> bool:
    """Han ideographs, kana, and full-width forms: characters set on the square."""
    code = ord(char)
    if unicodedata.east_asian_width(char) in ("W", "F") and unicodedata.category(char)[0] in "LNS":
        return True
    return 0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x3FFFF or 0xF900 <= code <= 0xFAFF


@functools.cache
def is_western(char: str) -> bool:
    """A Latin, Greek or Cyrillic letter or a European digit: what the Han/Latin space sets off.

    Not half-width katakana, not full-width Latin (set on the square), not
    symbols: "5G" gets the space, "ｶﾀｶﾅ", "％" and "/" do not.
    """
    return char.isalnum() and unicodedata.name(char, "").startswith(("LATIN ", "GREEK ", "CYRILLIC ", "DIGIT "))


def is_punctuation(char: str) -> bool:
    """Whether a character is punctuation for the lone-character rule."""
    return char_class(char) in (OPEN, CLOSE, STOP, PAUSE, MIDDLE, INSEP) or unicodedata.category(char)[0] == "P"


def _closing_like(kind: str) -> bool:
    return kind in (CLOSE, STOP, PAUSE)


# --- line-start and line-end prohibitions (UAX #14, CSS Text 3 §5.2 strict, clreq) -----

#: Unicode Line_Break classes a line never starts with: UAX #14 prohibits a
#: break before them (LB6 BK CR LF NL; LB7 SP ZW; LB9 CM ZWJ; LB11 WJ; LB12a
#: GL; LB13 CL CP EX IS SY; LB21 BA HY NS; LB22 IN), and CSS ``line-break:
#: strict`` adds CJ (small kana, ー: treated as NS) and PO (suffixes such as
#: ％ ℃ ‰ ° after an ideograph or a number: LB23a, LB25; breaks before them
#: only in ``loose``).
NO_START_CLASSES = frozenset({"BK", "CR", "LF", "NL", "SP", "ZW", "CM", "ZWJ", "WJ", "GL", "CL", "CP", "EX",
                              "IS", "SY", "BA", "HY", "NS", "IN", "CJ", "PO"})
#: Unicode Line_Break classes a line never ends with: UAX #14 prohibits a
#: break after them (LB8a ZWJ; LB11 WJ; LB12 GL; LB14 OP; LB21 BB), and PR,
#: prefixes such as ￥ ＄ ± that belong to the number or ideograph after them
#: (LB23a, LB24, LB25; CSS allows breaks after them only in ``loose``).
NO_END_CLASSES = frozenset({"ZWJ", "WJ", "GL", "OP", "BB", "PR"})
#: Never at the start of a line beyond UAX #14 (clreq, GB/T 15834): the
#: 间隔号 · (class AI), the 连接号 ～ (ID) and the full-width solidus ／ (ID).
#: Every other clreq mark (、，。：；！？ ” 》 々 ー ％ …) is in a class above.
CLREQ_NOT_AT_START = MIDDLE_DOTS | frozenset("～／")
#: Never at the end of a line beyond UAX #14 (clreq, GB/T 15834): both solidi.
CLREQ_NOT_AT_END = frozenset("／/")
#: Dashes that may not start a line alone (a 连接号 —); the 破折号 —— may.
LONE_DASHES = frozenset("—―")

#: Why a break is forbidden (:func:`break_problem`).
LINE_START, LINE_END, INSEPARABLE_SPLIT, NUMBER_SPLIT, WORD_SPLIT = (
    "line-start", "line-end", "inseparable", "number", "word")


@functools.cache
def line_break_class(char: str) -> str:
    """The Unicode Line_Break property of a character (UAX #14: CL, OP, ID, ...).

    As UAX #14 LB1 resolves SA (Southeast Asian): combining marks to CM,
    letters to AL. CJ is kept (strict treats it as NS, normal as ID).
    """
    kind = str(unicode_line_break(char))
    if kind == "SA":
        return "CM" if unicodedata.category(char) in ("Mn", "Mc") else "AL"
    return kind


@functools.cache
def never_starts_line(char: str) -> bool:
    """Whether no line may start with ``char`` (Chinese text, ``line-break: strict``).

    Quotation marks (class QU) go by their direction: a closing one never
    starts a line, an opening one may (clreq; UAX #14 LB19a in East Asian text).
    """
    if char in CLREQ_NOT_AT_START or char in CLOSING or char in STOPS or char in PAUSES:
        return True
    kind = line_break_class(char)
    if kind == "QU":
        return unicodedata.category(char) != "Pi"
    return kind in NO_START_CLASSES


@functools.cache
def never_ends_line(char: str) -> bool:
    """Whether no line may end with ``char`` (Chinese text, ``line-break: strict``)."""
    if char in CLREQ_NOT_AT_END or char in OPENING:
        return True
    kind = line_break_class(char)
    if kind == "QU":
        return unicodedata.category(char) != "Pf"
    return kind in NO_END_CLASSES


def break_problem(text: str, p: int) -> str | None:
    """The rule that forbids a line break before ``text[p]``, or None.

    The composer's own rules, whatever break opportunities the renderer
    offers: :data:`LINE_START` (the next line would start with a mark that may
    not start one, or a lone dash), :data:`LINE_END`, :data:`INSEPARABLE_SPLIT`
    (—— or …… split), :data:`NUMBER_SPLIT` (a number, or a number and its
    unit), :data:`WORD_SPLIT` (inside a Latin word, number or address).
    """
    before, after = text[p - 1], text[p]
    kb, ka = char_class(before), char_class(after)
    if kb == INSEP and ka == INSEP:
        return INSEPARABLE_SPLIT
    if never_starts_line(after) or (after in LONE_DASHES and text[p + 1:p + 2] != after):
        return LINE_START
    if never_ends_line(before):
        return LINE_END
    if _in_number_with_unit(text, p):
        return NUMBER_SPLIT
    if kb == LATIN and ka == LATIN:
        return WORD_SPLIT
    return None


# --- the paragraph ----------------------------------------------------------------


@dataclass
class Paragraph:
    """What the composer needs to know about a paragraph.

    ``advance[i]`` is the natural advance of character ``i``; ``half[i]`` its
    (left trim, right change) when set half-width, or None when it cannot be
    compressed; ``em[i]`` the font size it is set in; ``breaks[p]`` whether
    the text may break before character ``p`` (UAX #14 as Pango gives it);
    ``edges[p]`` is False where the renderer itself would not break (at the
    edge of two text boxes): no rule may add a break there.
    """

    text: str
    advance: list[float]
    em: list[float]
    half: list[tuple[float, float] | None]
    breaks: list[bool]
    cluster_start: list[bool] = field(default_factory=list)
    edges: list[bool] = field(default_factory=list)
    #: tracking after each character (CSS letter-spacing), px
    tracking: list[float] = field(default_factory=list)
    #: extra cost of a break before character ``p`` (display text breaking at
    #: phrase boundaries: high inside a word, nothing between phrases)
    break_cost: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.text)
        if not self.tracking:
            self.tracking = [0.0] * n
        if not self.break_cost:
            self.break_cost = [0.0] * (n + 1)
        if not self.cluster_start:
            self.cluster_start = [True] * n
        if not self.edges:
            self.edges = [True] * (n + 1)
        self.kinds = [char_class(c) for c in self.text]


@dataclass(frozen=True)
class Line:
    """One composed line.

    Characters ``start`` to ``end`` (exclusive) are drawn; ``resume`` is where
    the next line starts (after any spaces the break swallows). ``left[i]``
    and ``right[i]`` (indexed from ``start``) are what to take off the left of
    a character (its glyph moves left as much) and add to its right (negative
    to take off); ``width`` is the line's set width.
    """

    start: int
    end: int
    resume: int
    left: tuple[float, ...]
    right: tuple[float, ...]
    width: float
    natural: float
    measure: float
    justified: bool
    last: bool

    def adjustments(self) -> dict[int, tuple[float, float]]:
        """Per paragraph index: (left, right) where either is not zero."""
        return {self.start + i: (trim, add) for i, (trim, add) in enumerate(zip(self.left, self.right))
                if trim or add}


# --- break rules --------------------------------------------------------------------


def legal_breaks(par: Paragraph) -> list[bool]:
    """Where a line may end: before character ``p`` for ``p`` in 1..n-1.

    Starts from the renderer's opportunities (UAX #14 as Pango gives them)
    and removes every break :func:`break_problem` forbids, so that the
    composer's classes decide even where the renderer would allow a break.
    Breaks between CJK text and a quotation mark, which UAX #14 treats as
    ambiguous, are added back when both sides are CJK.
    """
    text, kinds = par.text, par.kinds
    n = len(text)
    legal = [False] * (n + 1)
    legal[n] = True
    for p in range(1, n):
        before, after = text[p - 1], text[p]
        kb, ka = kinds[p - 1], kinds[p]
        allowed = par.breaks[p]
        # UAX #14 keeps quotation marks to both neighbours; in Chinese text a
        # line may break before an opening quote and after a closing one.
        if not allowed and kb in (HAN, CLOSE, STOP, PAUSE) and ka == OPEN and after in "“‘":
            allowed = True
        if not allowed and kb == CLOSE and before in "”’" and ka in (HAN, OPEN):
            allowed = True
        legal[p] = allowed and par.cluster_start[p] and par.edges[p] and break_problem(text, p) is None
    return legal


def _in_number_with_unit(text: str, p: int) -> bool:
    """A break before ``p`` would split a number from its unit or itself."""
    before, after = text[p - 1], text[p]
    if before.isdigit() and (after.isdigit() or after in ".%‰" or is_ideographic(after)):
        return True
    if before in ".," and p >= 2 and text[p - 2].isdigit() and after.isdigit():
        return True
    # 860.3亿|元: a magnitude after a number takes the next character with it.
    if before in MAGNITUDES and p >= 2 and (text[p - 2].isdigit() or text[p - 2] == ".") and is_ideographic(after):
        return True
    return False


# --- spacing rules ------------------------------------------------------------------


def pair_compression(par: Paragraph) -> list[bool]:
    """Characters set half-width because of the mark next to them (clreq 3.1.6).

    Two adjacent full-width marks leave a half em of blank between them, not
    a whole one: 。” and ），compress the first, “《 the second, ”“ the first.
    """
    kinds = par.kinds
    compressed = [False] * len(kinds)
    for i in range(len(kinds) - 1):
        a, b = kinds[i], kinds[i + 1]
        if par.half[i] is not None and _closing_like(a) and (_closing_like(b) or b == OPEN):
            compressed[i] = True
        elif par.half[i + 1] is not None and a == OPEN and b == OPEN:
            compressed[i + 1] = True
    return compressed


def han_latin_gaps(par: Paragraph, space_em: float) -> list[float]:
    """Extra space after character ``i`` where Han meets a Latin letter or digit.

    Only Han characters and kana on one side and Western letters and digits
    (:func:`is_western`) on the other: "/文", "%的", "￥128" and half-width
    katakana stay tight.
    """
    kinds = par.kinds
    gaps = [0.0] * len(kinds)
    if space_em <= 0:
        return gaps
    text = par.text
    han = [kind == HAN and is_ideographic(char) and unicodedata.category(char) in ("Lo", "Lm")
           for kind, char in zip(kinds, text)]
    for i in range(len(kinds) - 1):
        if han[i] and is_western(text[i + 1]):
            gaps[i] = space_em * par.em[i]
        elif is_western(text[i]) and han[i + 1]:
            gaps[i] = space_em * par.em[i + 1]
    return gaps


def stretchable(par: Paragraph) -> list[bool]:
    """Whether justification may add space after character ``i``.

    Not inside a Latin word or a number, not inside —— or ……, and not
    inside a cluster of characters shaped as one.
    """
    kinds, text = par.kinds, par.text
    out = [False] * len(kinds)
    for i in range(len(kinds) - 1):
        a, b = kinds[i], kinds[i + 1]
        if not par.cluster_start[i + 1]:
            continue
        if a == LATIN and b == LATIN:
            continue
        if a == INSEP and b == INSEP and text[i] == text[i + 1]:
            continue
        if a in (LATIN, OTHER) and b in (LATIN, OTHER):
            continue
        out[i] = True
    return out


# --- the composer ---------------------------------------------------------------------

#: Cost of stretching: per line, STRETCH × (space added per gap / em)².
STRETCH = 100.0
#: Cost of pushing in: per line, PUSH_IN × (width taken by compression / em)².
PUSH_IN = 0.5
#: Each line costs this much: fewer lines is better (favours push-in).
LINE = 1.0
#: Beyond compressing punctuation a line may be tightened by this much per gap
#: (in em), at a high cost: only to avoid a lone character.
SQUEEZE_LIMIT = 0.06
SQUEEZE = 400.0
LONE = 10_000.0
UNJUSTIFIABLE = 2_000.0
#: Lines shorter than the measure by more than this many em are not tried
#: (except a paragraph's last): stretching them would cost more than any
#: alternative. If nothing else fits, the emergency breaker still sets them.
SHORT_LINE = 6.0
#: A shortfall this small (px) is rounding, not a squeeze.
ROUNDING = 0.05
#: Cost of a break inside a word or number wider than the measure: as few as
#: possible, each one worse than stretching a line noticeably.
OVERLONG_BREAK = 50.0


def _prefix(values: list[float]) -> list[float]:
    out = [0.0]
    for value in values:
        out.append(out[-1] + value)
    return out


def compose(par: Paragraph, first_measure: float, measure: float, justify: bool = True,
            han_latin_em: float = 0.25) -> list[Line]:
    """Break a paragraph into lines by the rules above, best total first.

    A dynamic programme over the legal break points (Knuth–Plass in spirit):
    every line costs what it stretches, compresses or squeezes, plus one; a
    last line with a lone character costs more than anything it could avoid.
    """
    n = len(par.text)
    if n == 0:
        return []
    legal = legal_breaks(par)
    # A word or number longer than the measure may break inside itself, at a
    # cost; everything else in the paragraph keeps the rules.
    forced = overlong_breaks(par, legal, min(first_measure, measure))
    for p in forced:
        legal[p] = True
    paired = pair_compression(par)
    # Han/Latin space and tracking both go after a character, never at a line's end.
    gaps = [g + t for g, t in zip(han_latin_gaps(par, han_latin_em), par.tracking)]
    can_stretch = stretchable(par)

    # Effective advance with pair compression and Han/Latin space folded in.
    advance = []
    shrink = []
    for i in range(n):
        width = par.advance[i] + gaps[i]
        half = par.half[i]
        if paired[i] and half:
            width += half[1] - half[0]
        advance.append(width)
        # What compressing this mark mid-line would give back.
        shrink.append(half[0] - half[1] if half and not paired[i] else 0.0)
    adv_sum = _prefix(advance)
    shrink_sum = _prefix(shrink)
    stretch_sum = _prefix([1.0 if s else 0.0 for s in can_stretch])
    is_space = [k == SPACE for k in par.kinds]
    em = max(par.em) if par.em else 1.0

    def trimmed_end(a: int, b: int) -> int:
        end = b
        while end > a and is_space[end - 1]:
            end -= 1
        return end

    def start_trim(a: int, end: int) -> float:
        half = par.half[a]
        if par.kinds[a] == OPEN and half and not paired[a] and end > a:
            return half[0] - half[1]
        return 0.0

    def end_trim(a: int, end: int) -> float:
        last = end - 1
        half = par.half[last]
        if last >= a and _closing_like(par.kinds[last]) and half and not paired[last]:
            return half[0] - half[1]
        return 0.0

    def line_metrics(a: int, b: int) -> tuple[int, float, float, int]:
        """(end, natural width, shrinkable, stretchable gaps) of a line a..b."""
        end = trimmed_end(a, b)
        if end == a:
            return end, 0.0, 0.0, 0
        natural = adv_sum[end] - adv_sum[a] - gaps[end - 1]  # no Han/Latin space at the line end
        head, tail = start_trim(a, end), end_trim(a, end)
        natural -= head + tail
        inner = shrink_sum[end] - shrink_sum[a]
        if head:
            inner -= shrink[a]
        if tail and end - 1 != a:
            inner -= shrink[end - 1]
        stretch = int(stretch_sum[end - 1] - stretch_sum[a]) if end - 1 > a else 0
        return end, natural, max(0.0, inner), stretch

    def lone(a: int, end: int) -> bool:
        return sum(1 for c in par.text[a:end] if not is_punctuation(c) and not c.isspace()) < 2

    def cost(a: int, b: int, width: float, metrics: tuple[int, float, float, int]) -> float:
        end, natural, inner, stretch = metrics
        if end == a:
            return math.inf
        last = b == n
        gap = width - natural
        total = LINE
        if gap >= 0:
            if not last and justify:
                if stretch:
                    total += STRETCH * (gap / stretch / em) ** 2
                elif gap > 0.5:
                    total += UNJUSTIFIABLE
            elif not justify and not last:
                total += (gap / em) ** 2 * 0.5
        else:
            need = -gap
            if need <= inner + ROUNDING:
                total += PUSH_IN * (need / em) ** 2
            else:
                squeeze = (need - inner) / max(1, stretch)
                if squeeze > SQUEEZE_LIMIT * em:
                    return math.inf
                total += PUSH_IN * (inner / em) ** 2 + SQUEEZE * (squeeze / em) ** 2 + 1.0
        if last and a > 0 and lone(a, end):
            total += LONE
        if not last:
            total += par.break_cost[b] + (OVERLONG_BREAK if b in forced else 0.0)
        return total

    best = [math.inf] * (n + 1)
    back = [-1] * (n + 1)
    best[0] = 0.0
    candidates = [p for p in range(1, n + 1) if legal[p]]
    for index, a in enumerate([0] + candidates[:-1]):
        if best[a] == math.inf:
            continue
        width = first_measure if a == 0 else measure
        for b in candidates[index:]:
            metrics = line_metrics(a, b)
            _, natural, inner, stretch = metrics
            if natural - inner - SQUEEZE_LIMIT * em * max(1, stretch) > width + em:
                break  # too long, and lines only get longer from here
            if b < n and natural < width - SHORT_LINE * em:
                continue  # far too short to justify; a later break is better
            c = cost(a, b, width, metrics)
            if c == math.inf:
                continue
            if best[a] + c < best[b]:
                best[b] = best[a] + c
                back[b] = a
    if best[n] == math.inf:
        return _emergency(par, first_measure, measure, legal, justify)

    bounds = []
    b = n
    while b > 0:
        a = back[b]
        bounds.append((a, b))
        b = a
    bounds.reverse()
    return [_set_line(par, a, b, first_measure if a == 0 else measure, b == n, justify, paired, gaps,
                      can_stretch, line_metrics) for a, b in bounds]


def overlong_breaks(par: Paragraph, legal: list[bool], measure: float) -> set[int]:
    """Breaks inside the words and numbers that are wider than ``measure`` on their own.

    Between two legal breaks lies an unbreakable run (a Latin word, a number
    with its unit, a URL). Where a run is wider than the measure no line can
    hold it, so it may break between any two of its characters that the
    line-start and line-end rules allow (never before ``.`` or ``/``, never
    after ``/``); the rest of the paragraph keeps every rule.
    """
    text, n = par.text, len(par.text)
    widths = _prefix(par.advance)
    forced: set[int] = set()
    start = 0
    for end in range(1, n + 1):
        if not legal[end]:
            continue
        if widths[end] - widths[start] > measure:
            for p in range(start + 1, end):
                if (par.cluster_start[p] and par.edges[p]
                        and break_problem(text, p) in (WORD_SPLIT, NUMBER_SPLIT)):
                    forced.add(p)
        start = end
    return forced


def _emergency(par: Paragraph, first_measure: float, measure: float, legal: list[bool],
               justify: bool) -> list[Line]:
    """No way to set the paragraph by the rules: break wherever text fits.

    A last resort (a run of marks wider than the measure, say): the line
    overflows rather than losing text, and the audit reports it.
    """
    lines = []
    n = len(par.text)
    a = 0
    while a < n:
        width = first_measure if a == 0 else measure
        b, total = a + 1, par.advance[a]
        while b < n and total + par.advance[b] <= width:
            total += par.advance[b]
            b += 1
        lines.append(Line(a, b, b, (0.0,) * (b - a), (0.0,) * (b - a), total, total, width, False, b == n))
        a = b
    return lines


def _set_line(par: Paragraph, a: int, b: int, width: float, last: bool, justify: bool, paired: list[bool],
              gaps: list[float], can_stretch: list[bool], line_metrics) -> Line:
    """Decide every character's left trim and right change on one line."""
    end, natural, inner, stretch = line_metrics(a, b)
    count = end - a
    left = [0.0] * count
    right = [0.0] * count
    for i in range(a, end):
        half = par.half[i]
        if paired[i] and half:
            left[i - a] += half[0]
            right[i - a] += half[1]
        if i < end - 1:
            right[i - a] += gaps[i]
    # Line start and line end marks half-width.
    if par.kinds[a] == OPEN and par.half[a] and not paired[a]:
        left[0] += par.half[a][0]
        right[0] += par.half[a][1]
    tail = end - 1
    if _closing_like(par.kinds[tail]) and par.half[tail] and not paired[tail] and not (
            tail == a and par.kinds[a] == OPEN):
        left[-1] += par.half[tail][0]
        right[-1] += par.half[tail][1]
    gap = width - natural
    justified = False
    if gap < 0:
        need = -gap
        # Push in: compress the marks of the line, all by the same share.
        candidates = [i for i in range(a + 1, end - 1) if par.half[i] and not paired[i]]
        if par.kinds[a] != OPEN and par.half[a] and not paired[a] and a < end - 1:
            candidates.insert(0, a)
        share = min(1.0, need / inner) if inner > 0 else 0.0
        for i in candidates:
            trim, change = par.half[i]
            left[i - a] += trim * share
            right[i - a] += change * share
        rest = need - inner * share
        if rest > 1e-9:
            targets = [i for i in range(a, end - 1) if can_stretch[i]] or list(range(a, end - 1))
            for i in targets:
                right[i - a] -= rest / len(targets)
        justified = True
    elif justify and not last and gap > 0:
        targets = [i for i in range(a, end - 1) if can_stretch[i]]
        for i in targets:
            right[i - a] += gap / len(targets)
        justified = bool(targets)
    set_width = sum(par.advance[a:end]) + sum(right) - sum(left)
    resume = b
    return Line(a, end, resume, tuple(left), tuple(right), set_width, natural, width, justified, last)
