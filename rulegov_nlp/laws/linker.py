"""Linking a mention to a known instrument: exact keys first, fuzzy suggestions for the rest.

Exact lookup goes through :func:`~rulegov_nlp.laws.gazetteer.name_key` (widths, traditional
characters, dashes, the 中华人民共和国 prefix) and then the same key without trailing
qualifiers ((2021年修正), (修改), (试行)). Only names that do not link are compared by
rapidfuzz, and only with known names of the same head word (a misspelt 法 is another 法),
so a local plan is never "corrected" into the national one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from rulegov_nlp.laws.gazetteer import Instrument, name_key, strip_qualifiers
from rulegov_nlp.text.names import without_state_prefix

# A jurisdiction at the start of a name: 吉林省…, 南昌县…, 上城区…, 四季青街道…
_JURISDICTION = re.compile(r"^[^\s(]{1,8}?(?:自治区|自治州|自治县|省|市|县|区|州|盟|旗|镇|乡|街道)")


@dataclass(frozen=True)
class Suggestion:
    """The closest known instrument for an unknown name."""

    instrument: Instrument
    score: float


class Linker:
    """Name keys of every known instrument, built once."""

    def __init__(self, instruments: list[Instrument], table: dict[int, int], head_of) -> None:
        self.table = table
        self.exact: dict[str, Instrument] = {}
        for inst in instruments:
            for name in (inst.name, *inst.aliases):
                self.exact.setdefault(name_key(name, table), inst)
        base_groups: dict[str, list[Instrument]] = {}
        for key, inst in self.exact.items():
            base_groups.setdefault(strip_qualifiers(key), []).append(inst)
        # A base key links only when it names one instrument (刑法修正案（七） vs （八） do not).
        self.base = {
            key: insts[0]
            for key, insts in base_groups.items()
            if key not in self.exact and len({i.name for i in insts}) == 1
        }
        self.by_head: dict[str, list[tuple[str, Instrument]]] = {}
        for key, inst in self.exact.items():
            if inst.name.startswith(("最高人民法院", "最高人民检察院")):
                continue  # interpretations are never what a misspelt short name meant
            head = head_of(strip_qualifiers(key))
            if head:
                self.by_head.setdefault(head, []).append((key, inst))
        self.keys_by_head = {head: [key for key, _ in pairs] for head, pairs in self.by_head.items()}
        self._suggest = lru_cache(maxsize=4096)(self._suggest_uncached)

    def __getstate__(self) -> dict:
        """Picklable (spawned worker processes): the suggestion cache is rebuilt, not copied."""
        state = dict(self.__dict__)
        state.pop("_suggest", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._suggest = lru_cache(maxsize=4096)(self._suggest_uncached)

    def link(self, name: str) -> Instrument | None:
        """The known instrument a written name stands for, or None."""
        key = name_key(name, self.table)
        inst = self.exact.get(key)
        if inst is None:
            base = strip_qualifiers(key)
            inst = self.exact.get(base) or self.base.get(base)
        return inst

    def suggest(self, name: str, head: str | None, cutoff: float) -> Suggestion | None:
        """Closest known name with the same head word, when it scores at least ``cutoff``."""
        if not head:
            return None
        return self._suggest(strip_qualifiers(name_key(name, self.table)), head, cutoff)

    def _suggest_uncached(self, key: str, head: str, cutoff: float) -> Suggestion | None:
        choices = self.by_head.get(head, [])
        keys = self.keys_by_head.get(head, [])
        m = _JURISDICTION.match(key)
        if m:
            choices = [c for c in choices if c[0].startswith(m.group(0))]
            keys = [c[0] for c in choices]
        if not choices or len(key) < 3:
            return None
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff * 100)
        if best is None:
            return None
        _, score, index = best
        return Suggestion(choices[index][1], round(score / 100, 3))


def suggestion_attrs(sugg: Suggestion | None) -> dict:
    """The suggestion fields of an unknown mention's attrs."""
    if sugg is None:
        return {"suggestion": None, "suggestion_canonical": None, "suggestion_score": None}
    return {
        "suggestion": without_state_prefix(sugg.instrument.name),
        "suggestion_canonical": sugg.instrument.name,
        "suggestion_score": sugg.score,
    }
