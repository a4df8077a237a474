"""Metric: the thing a number counts, read from the noun after its unit or the object of the
clause's verb."""

from __future__ import annotations

import re
from collections import deque

from rulegov_nlp.commitments.clauses import (
    HAN,
    SENTENCE_END,
    clause_end,
    clause_start,
    may_occur,
    present_words,
    sentence_bounds,
    spans_within,
    strip_phrase,
    word_set,
)
from rulegov_nlp.commitments.filters import QUOTES
from rulegov_nlp.commitments.lexicon import Lexicon
from rulegov_nlp.commitments.numerals import QuantityMatch
from rulegov_nlp.text.brackets import paired

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
    if not right or not HAN.match(right[0]):
        return ""
    cut = len(right)
    m = re.search(r"[\dA-Za-z(]", right)
    if m:
        cut = m.start()
    for w in present_words(words["stop_after"], right):
        pos = right.find(w)
        if 0 < pos < cut:
            cut = pos
    for v in present_words(words["verbs"], right):  # a verb with an object after it ends the noun phrase
        pos = right.find(v)  # (…决策提供审核意见)
        if 0 < pos < cut and pos + len(v) < len(right):
            cut = pos
    phrase = right[:cut].strip()
    opening_verbs = present_words(words["verbs"], phrase[:1])  # one character: in list order
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
        rest = strip_phrase(text[last_number.end() : end], words)
        if len(rest) >= 2:
            start = last_number.end()
        else:  # 投入资金1,200元和3.5亿元: both amounts share the metric before the first
            end = last_number.start()
            end -= len(re.match(r"[\d.,至到~\-—]*", text[start:end][::-1]).group(0))
    left = text[start:end]
    parties = [(ps - start, pe - start) for ps, pe in spans_within(party_spans, start, end)]
    verbs = (
        [v for v in present_words(words["verbs"], left) if len(v) > 1 and v in left]
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
        obj = strip_phrase(_drop_parties(left, pos, parties, words), words)
        if len(obj) >= 2 and obj not in word_set(words["verbs"]):
            found.append(obj)
    # a bare head noun (活动) or a rate's last syllable is read with the verb before it (集体学法活动)
    for obj in found:
        if len(obj) >= 3 and not (rate and not _RATE_END.search(obj)):
            return obj
    if found and not rate:
        return found[0]
    whole = strip_phrase(_drop_parties(left, 0, parties, words), words)
    return whole if len(whole) >= 2 else strip_phrase(left, words)


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
        if (
            meeting or len(strip_phrase(rest, words)) <= 2
        ):  # 人大代表建议, 政协委员提案: the PARTY's own items
            break
        cur = hit[1]
    return left[cur:]


_LIST_MARK = re.compile("[、,和及]")
_LISTED_NUMBER = re.compile(r"\d+(?:\.\d+)?[^\d、,]{0,3}[、,和及]")  # 227件、: an item of a list
_RATE_END = re.compile(r"(?:率|比|比例|权重|占比|度|面)$")


def _quote_spans(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    for open_, close in (*QUOTES[:1], ('"', '"')):
        spans.extend((a + offset, b + offset) for a, b in paired(text, open_, close, limit=40))
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
