"""Where a number's sentence, clause and paragraph are, and the word lookups made in them.

Every function works on the folded matching copy of ``doc.text`` (same length, same offsets)
and on plain character ranges, so none depends on tokens. Windows are bounded (MAX_*), and
what is read from the whole text (stops, where words start) is read once per text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from rulegov_nlp.patterns import WordStarts, alternation
from rulegov_nlp.text.intervals import IntervalSet

SENTENCE_END = "。;!?\n"
_SENTENCE_STOP = re.compile("[" + re.escape(SENTENCE_END) + "]")
CLAUSE_END = SENTENCE_END + ",:、"


YEAR = re.compile(r"((?:19|20)\d{2})\s?年")


HAN = re.compile(r"[\u4e00-\u9fff]")


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


def mask(text: str, ranges: IntervalSet, lo: int, hi: int) -> str:
    """text[lo:hi] with shielded characters (titles, quotes) blanked, same length."""
    starts, ends = ranges.union_starts, ranges.union_ends  # sorted and disjoint
    first = max(0, bisect_right(ends, lo))
    pieces, pos = [], lo
    for i in range(first, len(starts)):  # no slice: a copy of the rest per call is quadratic
        s, e = starts[i], ends[i]
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


_STRIP_HEAD = re.compile(r"^(?:(?:19|20)\d{2}年度?|[\s\"‘’,]+)")
_STRIP_RANGE = re.compile(r"(?:由|从)[^由从]*(?:至|到)$")


_DERIVED: dict[tuple[int, str], tuple[object, Any]] = {}


def derived(source: Any, kind: str, build: Callable[[Any], Any]) -> Any:
    """``build(source)`` made once per lexicon word list or dict (the lexicon keeps them alive,
    and the identity check catches an id reused after a lexicon was replaced)."""
    key = (id(source), kind)
    hit = _DERIVED.get(key)
    if hit is None or hit[0] is not source:
        hit = _DERIVED[key] = (source, build(source))
    return hit[1]


def any_word(words: list[str], text: str, limit: int) -> bool:
    """Whether any of ``words`` occurs whole in text[:limit] (one regex scan)."""
    finder = derived(words, "any", lambda ws: re.compile(alternation(ws)) if ws else None)
    return finder is not None and finder.search(text, 0, limit) is not None


def may_occur(text: str, words: list[str], lo: int, hi: int) -> bool:
    """Whether one of ``words`` may occur in text[lo:hi]: False when none starts there, read
    from the text's index of where the words start (one scan per text), so that the search in
    the window, and its cost per number, is spent only where a word is."""
    starts = word_starts(text, words)
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def word_starts(text: str, words: list[str]) -> list[int]:
    """Sorted positions where one of ``words`` starts in ``text``, found once per text and
    list (the last text's positions are kept per list: several lists are asked per number)."""
    hit = _WORD_STARTS.get(id(words))
    if hit is None or hit[0] is not text or hit[1] is not words:
        hit = (text, words, derived(words, "starts", WordStarts)(text))
        _WORD_STARTS[id(words)] = hit  # one tuple replaced at once: threads read a whole entry
    return hit[2]


# the last text's word starts, by word list
_WORD_STARTS: dict[int, tuple[str, list[str], list[int]]] = {}


def word_set(words: list[str]) -> frozenset[str]:
    return derived(words, "set", frozenset)


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


def present_words(words: list[str], text: str) -> list[str]:
    """The words of a list whose first character occurs in ``text`` (in no particular order):
    the only ones a search can find. Saves a search per word on short clauses."""
    index = derived(words, "first_char", first_char_index)
    return [w for ch in set(text) for w in index.get(ch, ())]


def first_char_index(words: list[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for w in words:
        if w:
            index.setdefault(w[0], []).append(w)
    return index


def strip_phrase(phrase: str, words: dict, *, links: bool = True) -> str:
    """A phrase without its leading years, quotes and lead words and its trailing link words."""
    lead_re = lead_pattern(words)
    link_words = derived(words["link"], "by_length", by_length_tuple)
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
                (w for w in by_length(words["lead"]) if phrase.startswith(w) and len(phrase) > len(w)), None
            )
            if w:
                phrase, changed = phrase[len(w) :].strip(), True
    return phrase.strip('"‘’()、 ')


def lead_pattern(words: dict) -> re.Pattern[str]:
    """The compiled lead-prefix pattern (longest first) of the metric word lists."""
    return derived(words["lead"], "prefix", lambda ws: re.compile(f"(?:{alternation(ws)})"))


def by_length(words: list[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def by_length_tuple(words: list[str]) -> tuple[str, ...]:
    """Longest first, as a tuple: ``str.endswith`` tests them all in one call."""
    return tuple(w for w in by_length(words) if w)
