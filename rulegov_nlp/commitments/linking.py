"""Year and PARTY of a number: the last year named before it, and the subject of its clause."""

from __future__ import annotations

import re
from bisect import bisect_left

from rulegov_nlp.commitments.clauses import (
    YEAR,
    clause_start,
    derived,
    sentence_bounds,
    spans_within,
    strip_phrase,
    word_starts,
)
from rulegov_nlp.commitments.lexicon import Lexicon
from rulegov_nlp.commitments.numerals import QuantityMatch
from rulegov_nlp.patterns import alternation
from rulegov_nlp.text.intervals import IntervalSet

# --- year and party --------------------------------------------------------------------------


def year_of(
    text: str, qm: QuantityMatch, shields: IntervalSet, heading: tuple[int, int] | None
) -> int | None:
    """The last year named before the number in its sentence, else in its section heading."""
    s0, _ = sentence_bounds(text, qm.start, qm.end)
    for lo, hi in ((s0, qm.start), heading or (0, 0)):
        if text.find("年", lo, hi) == -1:  # no 年, no year (one C scan before the pattern's)
            continue
        years = [
            int(m.group(1)) for m in YEAR.finditer(text, lo, hi) if not shields.overlaps(m.start(), m.end())
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
    return strip_phrase(clause, words, links=False).startswith(derived(words["verbs"], "tuple", tuple))


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
    starts = word_starts(text, _long_verbs(lex))
    i = bisect_left(starts, tail) - 1
    return starts[i] if i >= 0 and starts[i] >= lo else None


def _longest_verb(lex: Lexicon) -> int:
    return derived(lex.data["metric"]["verbs"], "longest", lambda verbs: max(map(len, verbs), default=0))


def _long_verbs(lex: Lexicon) -> list[str]:
    """The work verbs of two characters or more (one list per lexicon)."""
    return derived(lex.data["metric"]["verbs"], "long", lambda verbs: [v for v in verbs if len(v) >= 2])


def _verb_finder(lex: Lexicon) -> re.Pattern:
    """A lookahead over the long verbs: where one starts, and (group 1) where it ends."""
    return derived(_long_verbs(lex), "finder", lambda verbs: re.compile(f"(?=({alternation(verbs)}))"))
