"""Kind: 'target' when the words before a number promise or plan, else 'achieved'."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from rulegov_nlp.commitments.clauses import (
    SENTENCE_END,
    YEAR,
    any_word,
    clause_end,
    mask,
    may_occur,
    paragraph_start,
    sentence_bounds,
)
from rulegov_nlp.commitments.lexicon import Lexicon
from rulegov_nlp.commitments.numerals import QuantityMatch
from rulegov_nlp.text.headings import SUBHEADING, TOP_HEADING
from rulegov_nlp.text.intervals import IntervalSet

# --- kind ------------------------------------------------------------------------------------


def find_cue(words: list[str], text: str, cues: dict, limit: int | None = None) -> int | None:
    """Position just after the rightmost valid cue word that ends by ``limit``, or None."""
    best = None
    limit = len(text) if limit is None else limit
    if not any_word(words, text, limit):
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


def has_past(text: str, cues: dict) -> bool:
    """Whether a marker of done work (已, 累计, 了) occurs in ``text``."""
    if not any_word(cues["past"], text, len(text)):
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
    shields: IntervalSet,
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
        years = [int(y) for y in YEAR.findall(before)]
        if years and years[-1] > report_year:
            return "target"
    return "achieved"


def _paragraph_promises(
    text: str, line_start: int, s0: int, lex: Lexicon, report_year: int | None, shields: IntervalSet
) -> bool:
    """Whether the paragraph before the sentence at ``s0``, its heading or the lead-in above it
    announce plans, which makes the sentence's numbers targets."""
    cues = lex.data["cues"]
    paragraph = mask(text, shields, line_start, s0)
    if find_cue(cues["paragraph_target"], paragraph, cues) is not None:
        return True
    first = paragraph.split("。")[0]
    if first != paragraph and SUBHEADING.match(first) and _plans_heading(first, cues):
        return True  # 四、2024年工作安排。一是…
    colon = paragraph.find(":")
    if colon != -1 and _announces_plans(paragraph[:colon], lex, report_year):
        return True  # 我局将重点抓好以下工作:一是…;二是…
    if _plans_heading(nearest_heading(text, line_start), cues):
        return True
    return _lead_in_promises(text, line_start, lex, shields, report_year)


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
        bool(line) and bool(SUBHEADING.match(line)) and len(line) <= 40 and not re.search(r"[。;]|,$", line)
    )


@lru_cache(maxsize=1024)
def nearest_heading(text: str, line_start: int, max_lines: int = 40) -> str | None:
    """The closest heading line (numbered and short) above ``line_start``, within ``max_lines``."""
    return next((line for _, _, line in _lines_above(text, line_start, max_lines) if _is_heading(line)), None)


def _lines_above(text: str, line_start: int, max_lines: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped text) of the lines above ``line_start``, nearest first, at most
    ``max_lines``; a line too long to be a heading or a lead-in ends the walk."""
    end = line_start - 1
    for _ in range(max_lines):
        start = _line_start(text, end) if end > 0 else None
        if start is None:
            return
        yield start, end, text[start:end].strip()
        end = start - 1


def _line_start(text: str, end: int) -> int | None:
    """Start of the line that ends at ``end``; None for a line longer than MAX_PARAGRAPH
    (no heading or lead-in is that long, and reading on would make text without line
    breaks quadratic)."""
    start = paragraph_start(text, end)
    return start if start == 0 or text[start - 1] == "\n" else None


def _lead_in_promises(
    text: str, line_start: int, lex: Lexicon, shields: IntervalSet, report_year: int | None
) -> bool:
    """A paragraph above (before any heading) that announces plans and ends with a colon:
    "下一步，我们将重点抓好以下工作：" makes the list below it targets."""
    for start, end, line in _lines_above(text, line_start, 15):
        if _is_heading(line):
            return False
        if line.endswith(":"):
            return _announces_plans(mask(text, shields, start, end).rstrip()[:-1], lex, report_year)
    return False


def _announces_plans(lead: str, lex: Lexicon, report_year: int | None) -> bool:
    """Whether the last sentence of ``lead`` (text before a colon) announces plans."""
    cues = lex.data["cues"]
    sentence = lead[max(lead.rfind(ch) for ch in "。;!?") + 1 :]
    if _plans_heading(sentence, cues) and SUBHEADING.match(sentence):
        return True
    if find_cue([*cues["target"], *cues["paragraph_target"]], sentence, cues) is not None:
        return not has_past(sentence, cues)
    years = [int(y) for y in YEAR.findall(sentence)]
    return bool(report_year and years and years[-1] > report_year)


def plans_ranges_from_headings(text: str, lex: Lexicon) -> IntervalSet:
    """Fallback when no section labels exist: a top-level heading naming plans opens a plans region."""
    words = lex.data["cues"]["plans_headings"]
    spans = []
    heads = [m for m in re.finditer(r"(?m)^[^\n]*$", text) if TOP_HEADING.match(m.group(0))]
    for i, m in enumerate(heads):
        line = m.group(0).split("。")[0]
        if len(line) <= 60 and any(w in line for w in words) and _plans_heading(line, lex.data["cues"]):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            spans.append((m.start(), end))
    return IntervalSet(spans)
