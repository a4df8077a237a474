"""Numbers that are not commitments, and why: titles, slogans, ordinals, dates, codes, CSS,
metadata lines and page counters (the reasons are kept on ``doc._.commitment_rejections``)."""

from __future__ import annotations

import re

from rulegov_nlp.commitments.clauses import HAN, derived
from rulegov_nlp.commitments.lexicon import Lexicon
from rulegov_nlp.commitments.numerals import QuantityMatch
from rulegov_nlp.text.brackets import paired
from rulegov_nlp.text.intervals import IntervalSet

_CSS_BEFORE = re.compile(r"[A-Za-z\-]\s*:\s*$")
_CODE_CHARS = set("0123456789.-/_@#=&·•") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


_DIGITS = re.compile(r"\d+")
QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ('"', '"'))
_TITLES = (("《", "》"), ("〈", "〉"), ("〔", "〕"), ("[", "]"), ("【", "】"))


# --- where numbers never count ---------------------------------------------------------------


def shield_ranges(text: str, law_spans: list[tuple[int, int]], quote_max: int) -> IntervalSet:
    """Titles in 《》, bracketed numbers 〔2023〕, short quoted slogans, and LAW spans."""
    spans = list(law_spans)
    for open_, close in _TITLES:
        spans.extend(paired(text, open_, close, limit=200))
    for open_, close in QUOTES:
        spans.extend(paired(text, open_, close, limit=quote_max))
    return IntervalSet(spans)


def name_ranges(text: str, lex: Lexicon) -> IntervalSet:
    """Occurrences of slogans and names whose numbers are part of the name (四个意识)."""
    return IntervalSet([m.span() for m in lex.names_pattern.finditer(text)])


def rejection(
    qm: QuantityMatch, text: str, lex: Lexicon, shields: IntervalSet, names: IntervalSet
) -> str | None:
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
    if after.startswith(derived(neg["after"], "tuple", tuple)):
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
    for word in neg["before"] if before.endswith(derived(neg["before"], "tuple", tuple)) else ():
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
    if unit in lex.end_only_units and nxt and HAN.match(nxt):
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
