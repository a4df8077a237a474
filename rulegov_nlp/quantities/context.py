"""What the words around a quantity say: is it a commitment, and of what kind.

All functions work on the folded matching copy of ``doc.text`` (same length,
same offsets) and on plain character ranges, so they never depend on tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rulegov_nlp.patterns import alternation
from rulegov_nlp.quantities.lexicon import Lexicon
from rulegov_nlp.quantities.numerals import QuantityMatch

SENTENCE_END = "。;!?\n"
_SENTENCE_STOP = re.compile("[" + re.escape(SENTENCE_END) + "]")
CLAUSE_END = SENTENCE_END + ",:、"
_CSS_BEFORE = re.compile(r"[A-Za-z\-]\s*:\s*$")
_CODE_CHARS = set("0123456789.-/_@#=&·•") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_YEAR = re.compile(r"((?:19|20)\d{2})\s?年")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]{1,3}[部章]分?)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGITS = re.compile(r"\d+")
_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ('"', '"'))
_TITLES = (("《", "》"), ("〈", "〉"), ("〔", "〕"), ("[", "]"), ("【", "】"))


@dataclass(frozen=True)
class Ranges:
    """Sorted, non-overlapping character ranges with a fast overlap test."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, spans: list[tuple[int, int]]) -> Ranges:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        return cls(tuple(s for s, _ in merged), tuple(e for _, e in merged))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.ends[i] > start


# --- where numbers never count ---------------------------------------------------------------


def shield_ranges(text: str, law_spans: list[tuple[int, int]], quote_max: int) -> Ranges:
    """Titles in 《》, bracketed numbers 〔2023〕, short quoted slogans, and LAW spans."""
    spans = list(law_spans)
    for open_, close in _TITLES:
        spans.extend(_paired(text, open_, close, limit=200))
    for open_, close in _QUOTES:
        spans.extend(_paired(text, open_, close, limit=quote_max))
    return Ranges.of(spans)


def _paired(text: str, open_: str, close: str, limit: int) -> list[tuple[int, int]]:
    found = []
    pos = text.find(open_)
    while pos != -1:
        end = text.find(close, pos + 1)
        if end == -1:
            break
        if end - pos <= limit + 1 and "\n" not in text[pos:end]:
            found.append((pos, end + 1))
            pos = text.find(open_, end + 1)
        else:
            pos = text.find(open_, pos + 1)
    return found


def name_ranges(text: str, lex: Lexicon) -> Ranges:
    """Occurrences of slogans and names whose numbers are part of the name (四个意识)."""
    return Ranges.of([m.span() for m in lex.names_pattern.finditer(text)])


def rejection(qm: QuantityMatch, text: str, lex: Lexicon, shields: Ranges, names: Ranges) -> str | None:
    """Why this quantity is not a commitment, or None when it is one."""
    neg = lex.data["negatives"]
    if shields.overlaps(qm.start, qm.end):
        return "shielded"
    if names.overlaps(qm.start, qm.end):
        return "name"
    before = text[max(0, qm.start - 40) : qm.start]
    after = text[qm.end : qm.end + 12]
    reason = _before_reason(qm, text, before, lex)
    if reason:
        return reason
    if after.startswith(_derived(neg["after"], "tuple", tuple)):
        return "after"
    reason = _unit_reason(qm, text, after, lex)
    if reason:
        return reason
    reason = _number_reason(qm, text, after, lex)
    if reason:
        return reason
    lo = max(0, qm.start - int(neg["line_window"]))
    window = text[max(lo, text.rfind("\n", lo, qm.start) + 1) : qm.start]
    if ":" in window and lex.line_keyword_pattern.search(window):  # 索引号: a label and its colon
        return "metadata line"
    if ":" in before and lex.page_counter_pattern.search(before):  # 浏览次数: 12次
        return "page counter"
    return None  # a negative value (减少−3次) is kept and flagged in checks["value_flags"]


def _before_reason(qm: QuantityMatch, text: str, before: str, lex: Lexicon) -> str | None:
    neg = lex.data["negatives"]
    if before and before[-1] in _CODE_CHARS:
        return "code"
    if before.rstrip().endswith(":") and _CSS_BEFORE.search(before):
        return "css"
    if lex.before_pattern.search(before):
        return "time of day"
    for word in neg["before"] if before.endswith(_derived(neg["before"], "tuple", tuple)) else ():
        if before.endswith(word):
            unless = neg["before_unless"].get(word, "")
            if not (unless and len(before) > len(word) and before[-len(word) - 1] in unless):
                return "ordinal"
    num_first = text[qm.num_start] if qm.num_start < len(text) else ""
    if qm.chinese and num_first in "十百千万":
        head = text[max(0, qm.num_start - 2) : qm.num_start]
        if any(head.endswith(w) for w in neg["vague_before"]):
            return "vague"
    return None


def _unit_reason(qm: QuantityMatch, text: str, after: str, lex: Lexicon) -> str | None:
    unit = qm.surface_unit
    if qm.suffixes:
        return None
    nxt = after[:1]
    if unit[-1] + nxt in lex.blocked_units:
        return "unit is a word"
    if unit in lex.end_only_units and nxt and _HAN.match(nxt):
        return "unit inside a word"
    if unit in ("日", "号") and text[max(0, qm.num_start - 3) : qm.num_start].rstrip().endswith("月"):
        return "date"
    return None


def _number_reason(qm: QuantityMatch, text: str, after: str, lex: Lexicon) -> str | None:
    q = qm.quantity
    neg = lex.data["negatives"]
    num_text = text[qm.num_start : qm.end]
    if qm.digit_string:
        return "digit string"
    if qm.bare_multiplier and not (q.approx or qm.prefix):
        return "bare multiplier"
    if q.unit == "年" or qm.surface_unit == "年":
        if q.value >= 100 or (q.value_max or 0) >= 100:
            return "calendar year"
        if any(after.startswith(w) for w in neg["year_after"]) or after[:1].isdigit():
            return "period or name"
        head = text[max(0, qm.start - 4) : qm.start] + (qm.prefix or "")
        if any(head.endswith(w) for w in neg["year_before"]):
            return "period"  # 近三年, 过去五年, 未来三年 frame the report; they measure no work
    if qm.chinese and num_text.startswith("一") and q.value == 1 and q.value_max is None:
        prev = text[qm.num_start - 1 : qm.num_start] if qm.num_start else ""
        if prev and prev in neg["article_before"]:
            return "article 一"
        if not (qm.prefix or qm.suffixes or qm.surface_unit in lex.verbal_units):
            return "article 一"
    digits = _DIGITS.match(num_text)
    if digits and not qm.chinese:
        run = digits.group(0)
        if len(run) > 1 and run.startswith("0") and not num_text[len(run) :].startswith("."):
            return "code"
        plain = "," not in num_text.split(qm.surface_unit)[0]
        if plain and len(run) > int(neg["max_plain_digits"]) and q.unit != "元":
            return "long number"
    return None


# --- sentence and clause ---------------------------------------------------------------------


MAX_CLAUSE = 200  # characters; the longest clause in corpus and realdev is 117
MAX_SENTENCE = 500  # characters either side of a number; the longest real sentence is 413
MAX_PARAGRAPH = 2000  # characters before a sentence; the longest real paragraph is 643
WINDOW_GRID = 64  # a cut-off window starts on a multiple of this: neighbours share it


def _window_floor(pos: int) -> int:
    """``pos`` rounded down to the window grid. A sentence or paragraph longer than its bound
    is cut on the grid, not at a fixed distance from each number, so that the numbers of a page
    without stops share their window and what is read from it once (real sentences and
    paragraphs are shorter than the bounds by more than the grid, and are never cut)."""
    return max(0, pos - pos % WINDOW_GRID)


def paragraph_start(text: str, pos: int) -> int:
    """Start of the line (paragraph) holding ``pos``, read at most MAX_PARAGRAPH back: a
    text without line breaks would otherwise make every number read all text before it."""
    lo = _window_floor(pos - MAX_PARAGRAPH)
    return max(lo, text.rfind("\n", lo, pos) + 1)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): delimited by 。;!? and line breaks, and read at most
    MAX_SENTENCE characters either side (text without stops stays linear). The last answer
    is kept: kind, year and party each ask it for the same number."""
    global _LAST_BOUNDS
    last_text, last_start, last_end, bounds = _LAST_BOUNDS
    if last_text is text and last_start == start and last_end == end:
        return bounds
    bounds = _sentence_bounds(text, start, end)
    _LAST_BOUNDS = (text, start, end, bounds)
    return bounds


_LAST_BOUNDS: tuple[str | None, int, int, tuple[int, int]] = (None, 0, 0, (0, 0))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    stops = _sentence_stops(text)
    i = bisect_left(stops, start) - 1  # the last stop before start
    j = bisect_left(stops, end)  # the first stop at or after end
    s0 = stops[i] + 1 if i >= 0 else 0
    s1 = stops[j] if j < len(stops) else len(text)
    return max(s0, _window_floor(start - MAX_SENTENCE)), min(s1, end + MAX_SENTENCE)


@lru_cache(maxsize=8)
def _sentence_stops(text: str) -> list[int]:
    """Positions of the sentence delimiters (a text's hash is cached, so lookups are cheap)."""
    return [m.start() for m in _SENTENCE_STOP.finditer(text)]


def clause_start(text: str, start: int, delimiters: str = SENTENCE_END + ",:") -> int:
    """Start of the comma clause that ends at ``start`` (a comma between digits is not a
    delimiter). A clause is read at most MAX_CLAUSE characters back, so text without
    punctuation (a page of numbers) stays linear."""
    lo = max(0, start - MAX_CLAUSE)
    stops = _delimiter_positions(text, delimiters, ",")
    i = bisect_left(stops, start) - 1  # the last delimiter before start
    return stops[i] + 1 if i >= 0 and stops[i] >= lo else lo


def clause_end(text: str, end: int, delimiters: str = CLAUSE_END) -> int:
    """End of the clause that starts at ``end``: the next delimiter not between digits
    (3、5 is one number list), read at most MAX_CLAUSE characters ahead."""
    hi = min(len(text), end + MAX_CLAUSE)
    stops = _delimiter_positions(text, delimiters, delimiters)
    i = bisect_left(stops, end)  # the first delimiter at or after end
    return stops[i] if i < len(stops) and stops[i] < hi else hi


@lru_cache(maxsize=16)
def _delimiter_positions(text: str, delimiters: str, not_between_digits: str) -> list[int]:
    """Positions of ``delimiters`` in ``text``, except those of ``not_between_digits`` that
    stand between two digits (1,200), found once per text: a clause is then one bisection
    instead of a character loop per number (back-to-back numbers were slow)."""
    found = re.finditer("[" + re.escape(delimiters) + "]", text)
    return [
        m.start() for m in found if not (m.group() in not_between_digits and _between_digits(text, m.start()))
    ]


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


# --- kind ------------------------------------------------------------------------------------


def find_cue(words: list[str], text: str, cues: dict, limit: int | None = None) -> int | None:
    """Position just after the rightmost valid cue word that ends by ``limit``, or None."""
    best = None
    limit = len(text) if limit is None else limit
    if not _any_word(words, text, limit):
        return None  # one scan for all words: the common case near dense numbers
    for word in words:
        pos = text.find(word, 0, limit)
        while pos != -1:
            if _is_cue(text, pos, word, cues):
                end = pos + len(word)
                best = end if best is None else max(best, end)
            pos = text.find(word, pos + 1, limit)
    return best


def _is_cue(text: str, pos: int, word: str, cues: dict) -> bool:
    prev = text[pos - 1] if pos > 0 else ""
    nxt = text[pos + len(word) : pos + len(word) + 1]
    if (prev and prev in cues["blocked_before"].get(word, "")) or (
        nxt and nxt in cues["blocked_after"].get(word, "")
    ):
        return False
    if word == "将":  # 将A纳入B means 把, not the future
        rest = text[pos + 1 : clause_end(text, pos + 1, SENTENCE_END + ",")]
        future = any(rest.startswith(w) for w in cues["future_after_jiang"])
        return future and not any(v in rest for v in cues["disposal_verbs"])
    return True


def mask(text: str, ranges: Ranges, lo: int, hi: int) -> str:
    """text[lo:hi] with shielded characters (titles, quotes) blanked, same length."""
    first = max(0, bisect_right(ranges.ends, lo))  # ranges are sorted and disjoint
    pieces, pos = [], lo
    for i in range(first, len(ranges.starts)):  # no slice: a copy of the rest per call is quadratic
        s, e = ranges.starts[i], ranges.ends[i]
        if s >= hi:
            break
        a, b = max(s, lo), min(e, hi)
        if b > a:
            pieces += [text[pos:a], "□" * (b - a)]
            pos = b
    if not pieces:
        return text[lo:hi]
    pieces.append(text[pos:hi])
    return "".join(pieces)


def has_past(text: str, cues: dict) -> bool:
    """Whether a marker of done work (已, 累计, 了) occurs in ``text``."""
    if not _any_word(cues["past"], text, len(text)):
        return False
    for word in cues["past"]:
        pos = text.find(word)
        while pos != -1:
            prev = text[pos - 1] if pos > 0 else ""
            nxt = text[pos + len(word) : pos + len(word) + 1]
            blocked = (prev and prev in cues["past_blocked"].get(word, "")) or (
                nxt and nxt in cues["past_blocked_after"].get(word, "")
            )
            if not blocked:
                return True
            pos = text.find(word, pos + 1)
    return False


def kind_from_cues(
    text: str,
    qm: QuantityMatch,
    lex: Lexicon,
    report_year: int | None,
    shields: Ranges,
    memo: dict[tuple[int, int], bool] | None = None,
) -> str:
    """'target' when the sentence before the number promises or plans, else 'achieved'
    (``memo``: one dict per text, so that numbers of one sentence read its paragraph once)."""
    cues = lex.data["cues"]
    s0, s1 = sentence_bounds(text, qm.start, qm.end)
    cue_end = None
    if may_occur(text, cues["target"], s0, qm.start):  # the cue is read with what follows it
        sentence = mask(text, shields, s0, s1)
        before = sentence[: qm.start - s0]
        cue_end = find_cue(cues["target"], sentence, cues, limit=len(before))
    else:
        before = mask(text, shields, s0, qm.start)
    if cue_end is not None and not has_past(before[cue_end:], cues):
        return "target"
    if may_occur(text, cues["past"], s0, qm.start) and has_past(before, cues):
        return "achieved"
    if lex.future_pattern.search(before):
        return "target"
    line_start = paragraph_start(text, s0)
    key = (line_start, s0)
    promised = memo.get(key) if memo is not None else None
    if promised is None:
        promised = _paragraph_promises(text, line_start, s0, lex, report_year, shields)
        if memo is not None:
            memo[key] = promised
    if promised:
        return "target"
    if report_year:
        years = [int(y) for y in _YEAR.findall(before)]
        if years and years[-1] > report_year:
            return "target"
    return "achieved"


def _paragraph_promises(
    text: str, line_start: int, s0: int, lex: Lexicon, report_year: int | None, shields: Ranges
) -> bool:
    """Whether the paragraph before the sentence at ``s0``, its heading or the lead-in above it
    announce plans, which makes the sentence's numbers targets."""
    cues = lex.data["cues"]
    paragraph = mask(text, shields, line_start, s0)
    if find_cue(cues["paragraph_target"], paragraph, cues) is not None:
        return True
    first = paragraph.split("。")[0]
    if first != paragraph and _SUBHEADING.match(first) and _plans_heading(first, cues):
        return True  # 四、2024年工作安排。一是…
    colon = paragraph.find(":")
    if colon != -1 and _announces_plans(paragraph[:colon], lex, report_year):
        return True  # 我局将重点抓好以下工作:一是…;二是…
    if _plans_heading(nearest_heading(text, line_start), cues):
        return True
    return _lead_in_promises(text, line_start, lex, shields, report_year)


_SUBHEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[、.](?!\d)|第[一二三四五六七八九十]{1,3}部分)"
)


def _plans_heading(line: str | None, cues: dict) -> bool:
    """A heading about next year's plans that is not also about shortcomings (问题和下一步打算)."""
    if not line:
        return False
    return any(w in line for w in cues["plans_headings"]) and not any(
        w in line for w in cues["shortcoming_words"]
    )


def _is_heading(line: str) -> bool:
    """A short numbered line that does not end like a sentence."""
    return (
        bool(line) and bool(_SUBHEADING.match(line)) and len(line) <= 40 and not re.search(r"[。;]|,$", line)
    )


@lru_cache(maxsize=1024)
def nearest_heading(text: str, line_start: int, max_lines: int = 40) -> str | None:
    """The closest heading line (numbered and short) above ``line_start``, within ``max_lines``."""
    end = line_start - 1
    for _ in range(max_lines):
        start = _line_start(text, end) if end > 0 else None
        if start is None:
            return None
        line = text[start:end].strip()
        if _is_heading(line):
            return line
        end = start - 1
    return None


def _line_start(text: str, end: int) -> int | None:
    """Start of the line that ends at ``end``; None for a line longer than MAX_PARAGRAPH
    (no heading or lead-in is that long, and reading on would make text without line
    breaks quadratic)."""
    start = paragraph_start(text, end)
    return start if start == 0 or text[start - 1] == "\n" else None


def _lead_in_promises(
    text: str, line_start: int, lex: Lexicon, shields: Ranges, report_year: int | None
) -> bool:
    """A paragraph above (before any heading) that announces plans and ends with a colon:
    "下一步，我们将重点抓好以下工作：" makes the list below it targets."""
    end = line_start - 1
    for _ in range(15):
        start = _line_start(text, end) if end > 0 else None
        if start is None:
            return False
        line = text[start:end].strip()
        if _is_heading(line):
            return False
        if line.endswith(":"):
            return _announces_plans(mask(text, shields, start, end).rstrip()[:-1], lex, report_year)
        end = start - 1
    return False


def _announces_plans(lead: str, lex: Lexicon, report_year: int | None) -> bool:
    """Whether the last sentence of ``lead`` (text before a colon) announces plans."""
    cues = lex.data["cues"]
    sentence = lead[max(lead.rfind(ch) for ch in "。;!?") + 1 :]
    if _plans_heading(sentence, cues) and _SUBHEADING.match(sentence):
        return True
    if find_cue([*cues["target"], *cues["paragraph_target"]], sentence, cues) is not None:
        return not has_past(sentence, cues)
    years = [int(y) for y in _YEAR.findall(sentence)]
    return bool(report_year and years and years[-1] > report_year)


def looks_like_plan_document(text: str, lex: Lexicon, max_lines: int = 12) -> bool:
    """A plan document (工作要点, 实施方案) by its title lines, when no report word is among them."""
    cues = lex.data["cues"]
    lines = [ln.strip() for ln in text[:3000].split("\n") if ln.strip()][:max_lines]
    titles = [
        ln for ln in lines if len(ln) <= 80 and not re.search(r"[。,;]", ln) and not _SUBHEADING.match(ln)
    ]
    if any(w in ln for ln in titles for w in cues["report_titles"]):
        return False
    return any(w in ln for ln in titles for w in cues["plan_titles_in_text"])


def plans_ranges_from_headings(text: str, lex: Lexicon) -> Ranges:
    """Fallback when no section labels exist: a top-level heading naming plans opens a plans region."""
    words = lex.data["cues"]["plans_headings"]
    spans = []
    heads = [m for m in re.finditer(r"(?m)^[^\n]*$", text) if _HEADING.match(m.group(0))]
    for i, m in enumerate(heads):
        line = m.group(0).split("。")[0]
        if len(line) <= 60 and any(w in line for w in words) and _plans_heading(line, lex.data["cues"]):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            spans.append((m.start(), end))
    return Ranges.of(spans)


# --- metric ----------------------------------------------------------------------------------


def metric(text: str, qm: QuantityMatch, lex: Lexicon, party_spans: list[tuple[int, int]]) -> str | None:
    """The thing counted: the noun phrase after the unit, else the object of the clause's verb."""
    words = lex.data["metric"]
    time_unit = qm.surface_unit in lex.time_units or qm.quantity.unit in lex.time_units
    phrase = "" if time_unit else _right_phrase(text, qm, words, lex)
    if not phrase:
        start = clause_start(text, qm.start)
        phrase = _left_phrase(text, start, qm.start, words, party_spans, rate=qm.quantity.unit == "%")
        # 累计开展20余次: a bare light verb; the activity is named in the clause before
        if phrase in words["light_verbs"] or len(phrase) < 2:
            prev_end = start - 1
            s0, _ = sentence_bounds(text, qm.start, qm.end)
            prev_start = clause_start(text, prev_end)
            if prev_end > s0 and not _has_quantity(text[prev_start:prev_end], lex):
                prev = _left_phrase(text, prev_start, prev_end, words, party_spans, rate=False)
                phrase = prev if len(prev) >= 2 else phrase
    if not phrase and time_unit:  # 连续三年获评先进: a duration is named by what lasted
        phrase = _right_phrase(text, qm, {**words, "verbs": []}, lex)
    return _shorten(phrase, int(words["max_len"])) or None


def _has_quantity(text: str, lex: Lexicon) -> bool:
    """A number with a unit that is not the start of a word (周三组织 is not one)."""
    for m in lex.quantity_pattern.finditer(text):
        unit = m.group("unit")
        nxt = text[m.end() : m.end() + 1]
        if not unit or unit[-1] + nxt not in lex.blocked_units:
            return True
    return False


def _shorten(phrase: str, max_len: int) -> str:
    """Keep a long phrase's head: a list by its first item, else after its last 的, else its end."""
    phrase = phrase.strip("、,:; ")
    if phrase.count("“") != phrase.count("”"):
        phrase = phrase.strip("“”")
    if "》" in phrase:  # 发放《A》《B》等宣传资料: the titles are examples, the head follows them
        tail = phrase.rsplit("》", 1)[-1].lstrip("等")
        phrase = tail if len(tail) >= 2 else phrase
    if "、" not in phrase:
        phrase = phrase.rstrip("等")
    if len(phrase) <= max_len:
        return phrase
    if "、" in phrase:
        first, last = phrase.split("、")[0], phrase.split("、")[-1]
        if phrase.endswith("等") and 2 <= len(first) < max_len:
            return first + "等"  # 学习宪法法律、党内法规…等11次
        if 2 <= len(last) <= max_len:
            return last  # 开展宪法、民法典…主题宣传: the last item carries the head
    tail = phrase.rsplit("的", 1)[-1]
    if "的" in phrase and 2 <= len(tail) <= max_len:
        return tail
    return phrase[-max_len:]


_BRACKETED = re.compile(r"\([^()]*\)")


def _right_phrase(text: str, qm: QuantityMatch, words: dict, lex: Lexicon) -> str:
    end = clause_end(text, qm.end, SENTENCE_END + ",:")
    right = text[qm.end : end]
    nested = lex.quantity_pattern.match(right)  # 8大类123家中介机构: the noun follows the next quantity
    if nested and nested.start() == 0:
        right = right[nested.end() :]
    right = _BRACKETED.sub("", right) if "(" in right else right
    if not right or not _HAN.match(right[0]):
        return ""
    cut = len(right)
    m = re.search(r"[\dA-Za-z(]", right)
    if m:
        cut = m.start()
    for w in _present(words["stop_after"], right):
        pos = right.find(w)
        if 0 < pos < cut:
            cut = pos
    for v in _present(words["verbs"], right):  # a verb with an object after it ends the noun phrase
        pos = right.find(v)  # (…决策提供审核意见)
        if 0 < pos < cut and pos + len(v) < len(right):
            cut = pos
    phrase = right[:cut].strip()
    opening_verbs = _present(words["verbs"], phrase[:1])  # one character: in list order
    starts_with_verb = any(phrase.startswith(v) for v in opening_verbs if len(v) > 1)
    verb = next((v for v in opening_verbs if phrase.startswith(v)), "")
    if starts_with_verb and cut == len(right) and len(phrase) > len(verb) + 1:
        return phrase  # 参加2次学习贯彻…会议: the whole activity
    if starts_with_verb or len(phrase) < 2 or any(phrase.startswith(w) for w in words["link"]):
        return ""
    return phrase


def _left_phrase(
    text: str, start: int, end: int, words: dict, party_spans: list[tuple[int, int]], rate: bool
) -> str:
    """The object after the last work verb of text[start:end], PARTY names left out."""
    # …建议227件、政协委员提案233件: start after the previous quantity (the last listed number;
    # a deque of one keeps it while the matches are run through in C)
    listed = _LIST_MARK.search(text, start, end) is not None
    last = deque(_LISTED_NUMBER.finditer(text, start, end), maxlen=1) if listed else ()
    last_number = last[0] if last else None
    if last_number is not None:
        rest = _strip(text[last_number.end() : end], words)
        if len(rest) >= 2:
            start = last_number.end()
        else:  # 投入资金1,200元和3.5亿元: both amounts share the metric before the first
            end = last_number.start()
            end -= len(re.match(r"[\d.,至到~\-—]*", text[start:end][::-1]).group(0))
    left = text[start:end]
    parties = [(ps - start, pe - start) for ps, pe in spans_within(party_spans, start, end)]
    verbs = (
        [v for v in _present(words["verbs"], left) if len(v) > 1 and v in left]
        if may_occur(text, words["verbs"], start, end)
        else []
    )
    quoted = {i - start for a, b in _quote_spans(left, start) for i in range(a, b)} if verbs else set()
    covered = _covered(left, verbs)
    ends = sorted(
        {
            p + len(v)
            for v in verbs
            for p in _all_positions(left, v)
            if p not in quoted and p - 1 not in covered
        },
        reverse=True,
    )
    found = []
    for pos in ends:
        obj = _strip(_drop_parties(left, pos, parties, words), words)
        if len(obj) >= 2 and obj not in _as_set(words["verbs"]):
            found.append(obj)
    # a bare head noun (活动) or a rate's last syllable is read with the verb before it (集体学法活动)
    for obj in found:
        if len(obj) >= 3 and not (rate and not _RATE_END.search(obj)):
            return obj
    if found and not rate:
        return found[0]
    whole = _strip(_drop_parties(left, 0, parties, words), words)
    return whole if len(whole) >= 2 else _strip(left, words)


def _drop_parties(left: str, pos: int, parties: list[tuple[int, int]], words: dict) -> str:
    """left[pos:] without the PARTY names (and list marks) at its start, unless they name the organ of
    a meeting (委员会会议 keeps its organ)."""
    cur = pos
    while True:
        skip = cur
        while skip < len(left) and left[skip] in " 、和及与,":
            skip += 1
        hit = next(((s, e) for s, e in parties if s == skip), None)
        if hit is None:
            break
        rest = left[hit[1] :]
        meeting = any(rest.startswith(w) for w in words["event_nouns"]) or (
            any(rest.rstrip("等").endswith(w) for w in words["event_nouns"]) and len(rest) <= 6
        )
        if meeting or len(_strip(rest, words)) <= 2:  # 人大代表建议, 政协委员提案: the PARTY's own items
            break
        cur = hit[1]
    return left[cur:]


_LIST_MARK = re.compile("[、,和及]")
_LISTED_NUMBER = re.compile(r"\d+(?:\.\d+)?[^\d、,]{0,3}[、,和及]")  # 227件、: an item of a list
_RATE_END = re.compile(r"(?:率|比|比例|权重|占比|度|面)$")


def _quote_spans(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    for open_, close in (*_QUOTES[:1], ('"', '"')):
        spans.extend((a + offset, b + offset) for a, b in _paired(text, open_, close, limit=40))
    return spans


def _covered(text: str, words: list[str]) -> set[int]:
    """Positions inside occurrences of longer words (so 学 in 学习 is not a verb of its own)."""
    out: set[int] = set()
    for w in words:
        for p in _all_positions(text, w):
            out.update(range(p, p + len(w) - 1))
    return out


def _all_positions(text: str, word: str) -> list[int]:
    out, pos = [], text.find(word)
    while pos != -1:
        out.append(pos)
        pos = text.find(word, pos + 1)
    return out


_STRIP_HEAD = re.compile(r"^(?:(?:19|20)\d{2}年度?|[\s\"‘’,]+)")
_STRIP_RANGE = re.compile(r"(?:由|从)[^由从]*(?:至|到)$")


_DERIVED: dict[tuple[int, str], tuple[object, Any]] = {}


def _derived(source: Any, kind: str, build: Callable[[Any], Any]) -> Any:
    """``build(source)`` made once per lexicon word list or dict (the lexicon keeps them alive,
    and the identity check catches an id reused after a lexicon was replaced)."""
    key = (id(source), kind)
    hit = _DERIVED.get(key)
    if hit is None or hit[0] is not source:
        hit = _DERIVED[key] = (source, build(source))
    return hit[1]


def _any_word(words: list[str], text: str, limit: int) -> bool:
    """Whether any of ``words`` occurs whole in text[:limit] (one regex scan)."""
    finder = _derived(words, "any", lambda ws: re.compile(alternation(ws)) if ws else None)
    return finder is not None and finder.search(text, 0, limit) is not None


def may_occur(text: str, words: list[str], lo: int, hi: int) -> bool:
    """Whether one of ``words`` may occur in text[lo:hi]: False when none starts there, read
    from the text's index of where the words start (one scan per text), so that the search in
    the window, and its cost per number, is spent only where a word is."""
    starts = _match_starts(text, _derived(words, "lookahead", _lookahead_finder))
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def _lookahead_finder(words: list[str]) -> re.Pattern[str]:
    """Every position where one of ``words`` starts (a lookahead finds overlapping words)."""
    return re.compile(f"(?=(?:{alternation(words)}))")


def _as_set(words: list[str]) -> frozenset[str]:
    return _derived(words, "set", frozenset)


# one entry: the span list of the Doc being processed and its starts, replaced as one tuple
# (threads sharing the pipeline each read a consistent pair)
_LAST_SPAN_STARTS: tuple[list | None, list[int]] = (None, [])


def spans_within(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans (sorted by start) that lie inside [lo, hi), found by bisection."""
    global _LAST_SPAN_STARTS
    cached, starts = _LAST_SPAN_STARTS
    if cached is not spans:
        starts = [s for s, _ in spans]
        _LAST_SPAN_STARTS = (spans, starts)
    first, stop = bisect_left(starts, lo), bisect_left(starts, hi)
    return [sp for sp in spans[first:stop] if sp[1] <= hi]


def _present(words: list[str], text: str) -> list[str]:
    """The words of a list whose first character occurs in ``text`` (in no particular order):
    the only ones a search can find. Saves a search per word on short clauses."""
    index = _derived(words, "first_char", _first_char_index)
    return [w for ch in set(text) for w in index.get(ch, ())]


def _first_char_index(words: list[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for w in words:
        if w:
            index.setdefault(w[0], []).append(w)
    return index


def _strip(phrase: str, words: dict, *, links: bool = True) -> str:
    """A phrase without its leading years, quotes and lead words and its trailing link words."""
    lead_re = _lead_pattern(words)
    link_words = _derived(words["link"], "by_length", _by_length_tuple)
    phrase = phrase.strip()
    changed = True
    while changed and phrase:
        changed = False
        phrase = _STRIP_HEAD.sub("", phrase)
        if phrase.endswith(("至", "到")):
            phrase = _STRIP_RANGE.sub("", phrase)
        if links and phrase.endswith(link_words):  # the longest link word that ends the phrase
            cut = next(w for w in link_words if phrase.endswith(w))
            phrase, changed = phrase[: -len(cut)].strip(), True
        m = lead_re.match(phrase)
        if m and m.end() < len(phrase):
            phrase, changed = phrase[m.end() :].strip(), True
        elif m:  # the longest lead word is the whole phrase: a shorter one may still apply
            w = next(
                (w for w in _by_length(words["lead"]) if phrase.startswith(w) and len(phrase) > len(w)), None
            )
            if w:
                phrase, changed = phrase[len(w) :].strip(), True
    return phrase.strip('"‘’()、 ')


def _lead_pattern(words: dict) -> re.Pattern[str]:
    """The compiled lead-prefix pattern (longest first) of the metric word lists."""
    return _derived(words["lead"], "prefix", lambda ws: re.compile(f"(?:{alternation(ws)})"))


def _by_length(words: list[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def _by_length_tuple(words: list[str]) -> tuple[str, ...]:
    """Longest first, as a tuple: ``str.endswith`` tests them all in one call."""
    return tuple(w for w in _by_length(words) if w)


# --- year and party --------------------------------------------------------------------------


def year_of(text: str, qm: QuantityMatch, shields: Ranges, heading: tuple[int, int] | None) -> int | None:
    """The last year named before the number in its sentence, else in its section heading."""
    s0, _ = sentence_bounds(text, qm.start, qm.end)
    for lo, hi in ((s0, qm.start), heading or (0, 0)):
        if text.find("年", lo, hi) == -1:  # no 年, no year (one C scan before the pattern's)
            continue
        years = [
            int(m.group(1)) for m in _YEAR.finditer(text, lo, hi) if not shields.overlaps(m.start(), m.end())
        ]
        if years:
            return years[-1]
    return None


def link_party(
    text: str,
    qm: QuantityMatch,
    parties: list[tuple[int, int]],
    lex: Lexicon,
    heading: tuple[int, int] | None,
) -> tuple[int, int] | None:
    """The PARTY that is the subject of the clause: the nearest one before the verb that precedes the
    number. A comma clause with its own subject keeps to it; one that opens with a verb (提供法律咨询20余次)
    shares the subject of its sentence, else of its section heading."""
    s0, _ = sentence_bounds(text, qm.start, qm.end)
    c0 = clause_start(text, qm.start)
    objects = "对为向给与和及同"
    cands = [
        (s, e) for s, e in spans_within(parties, s0, qm.start) if not (s > s0 and text[s - 1] in objects)
    ]
    own = [c for c in cands if c[0] >= c0]
    if own:  # the verb is looked for only when the clause has a PARTY of its own
        verb_pos = _last_verb(text, c0, qm.start, lex)
        subjects = [c for c in own if verb_pos is None or c[1] <= verb_pos]
        if subjects:
            return subjects[-1]
    in_head = spans_within(parties, heading[0], heading[1]) if heading and not cands else []
    if not (cands or in_head) or not _opens_with_verb(text[c0 : qm.start], lex):
        return None
    if cands:
        return _before_verb(text, cands, s0, qm.start, lex)
    return in_head[0]


def _before_verb(text: str, cands: list[tuple[int, int]], lo: int, hi: int, lex: Lexicon) -> tuple[int, int]:
    verb_pos = _last_verb(text, lo, hi, lex)
    before_verb = [c for c in cands if verb_pos is not None and c[1] <= verb_pos]
    return (before_verb or cands)[-1]


def _opens_with_verb(clause: str, lex: Lexicon) -> bool:
    """Whether a clause starts (after openers such as 全年) with a work verb: its subject is elsewhere."""
    words = lex.data["metric"]
    return _strip(clause, words, links=False).startswith(_derived(words["verbs"], "tuple", tuple))


def _last_verb(text: str, lo: int, hi: int, lex: Lexicon) -> int | None:
    """Start of the last work verb (two characters or more) in text[lo:hi]. Verbs that
    start more than the longest verb before ``hi`` end before it: they are read from the
    text's verb index; only the last few positions are searched within the window."""
    finder = _verb_finder(lex)
    tail = max(lo, hi - _longest_verb(lex))
    last = None
    for m in finder.finditer(text, tail, hi):
        if m.end(1) <= hi:
            last = m.start()
    if last is not None:
        return last
    starts = _match_starts(text, finder)
    i = bisect_left(starts, tail) - 1
    return starts[i] if i >= 0 and starts[i] >= lo else None


@lru_cache(maxsize=16)
def _match_starts(text: str, finder: re.Pattern) -> list[int]:
    """Where ``finder`` matches in the whole text (one scan per text and finder)."""
    return [m.start() for m in finder.finditer(text)]


def _longest_verb(lex: Lexicon) -> int:
    return _derived(lex.data["metric"]["verbs"], "longest", lambda verbs: max(map(len, verbs), default=0))


def _verb_finder(lex: Lexicon) -> re.Pattern:
    """A lookahead over all verbs: every position where one starts (built once per lexicon)."""
    return _derived(
        lex.data["metric"]["verbs"],
        "finder",
        lambda verbs: re.compile(f"(?=({alternation(v for v in verbs if len(v) >= 2)}))"),
    )
