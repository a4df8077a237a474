"""Finding LAW mentions in report text: titles in 《》 and bare names from the gazetteer.

Everything works on the *folded* text (half-width, simplified characters): folding is one
code point for one code point, so its offsets are the Doc's offsets.

* Titles: every 《…》 (nesting-aware, so 《…〈纲要〉实施方案》 is one title) is judged by its
  head word (``title_types.tsv``) and the rejection patterns (``title_rejects.tsv``); a title
  that links to the gazetteer is always accepted. A 《 left open at the end of a cut-off text
  still yields its title.
* Bare names: one compiled trie regex over every known name and alias (leftmost-longest),
  with boundary checks so that 网络安全法治 or 罪刑法定 yield nothing while 宪法法律 yields 宪法.
* A long accepted title repeated without brackets (a document's own title line) is marked too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rulegov_nlp.laws.gazetteer import (
    Instrument,
    fold,
    name_key,
    parse_instruments,
    strip_qualifiers,
)
from rulegov_nlp.laws.linker import Linker, suggestion_attrs
from rulegov_nlp.patterns import trie_regex
from rulegov_nlp.text.brackets import INNER_TITLE, Title, scan_titles, strip_span
from rulegov_nlp.text.folding import package_char_table
from rulegov_nlp.text.intervals import IntervalSet, non_overlapping
from rulegov_nlp.text.names import without_state_prefix
from rulegov_nlp.text.wordlists import read_table
from rulegov_nlp.textprep import find_through_glosses


@dataclass(frozen=True)
class Mention:
    """A LAW found on the text, before overlap resolution."""

    start: int
    end: int
    attrs: dict[str, Any]
    priority: int  # 0: a title in 《》, 1: bare name or repeated title, 2: bare back-reference


@dataclass
class TitleRules:
    """Head words that make a title an instrument, and patterns that make it none."""

    types: list[tuple[re.Pattern, str, bool]]
    rejects: list[tuple[re.Pattern, str]]
    party_issuer: re.Pattern
    judicial_issuer: re.Pattern
    forwarding: re.Pattern
    draft_words: re.Pattern
    _cache: dict[str, tuple[int | None, str | None]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, types_text: str, rejects_text: str, rules: dict[str, Any]) -> TitleRules:
        types = [
            (re.compile(f"(?:{row['pattern']})$"), row["kind"], row["party_check"] == "yes")
            for row in read_table(types_text, "title_types.tsv")
        ]
        rejects = [
            (re.compile(row["pattern"]), row["reason"])
            for row in read_table(rejects_text, "title_rejects.tsv")
        ]
        return cls(
            types=types,
            rejects=rejects,
            party_issuer=re.compile(rules["party_issuer"]),
            judicial_issuer=re.compile(rules["judicial_issuer"]),
            forwarding=re.compile(rules["forwarding"]),
            draft_words=re.compile(rules["draft_words"]),
        )

    def head(self, base: str) -> int | None:
        """Index of the head-word row the (qualifier-free) name ends with."""
        return self._typed(base)[0]

    def kind(self, base: str) -> str | None:
        """Kind from the head word; party or court issuers make rules party rules or interpretations."""
        return self._typed(base)[1]

    def _typed(self, base: str) -> tuple[int | None, str | None]:
        hit = self._cache.get(base)
        if hit is None:
            hit = (None, None)
            for i, (pattern, kind, party_check) in enumerate(self.types):
                if pattern.search(base):
                    if party_check and self.judicial_issuer.search(base):
                        kind = "interpretation"  # 最高人民法院关于…的规定 is a judicial interpretation
                    elif party_check and self.party_issuer.search(base):
                        kind = "party"
                    hit = (i, kind)
                    break
            if len(self._cache) < 100_000:
                self._cache[base] = hit
        return hit

    def is_generic(self, base: str) -> bool:
        """A bare head word such as 纲要 or 条例: a short back-reference."""
        return any(p.fullmatch(base) for p, _, _ in self.types) or len(base) <= 2

    def rejection(self, base: str) -> str | None:
        """Why a title is not an instrument, or None."""
        for pattern, reason in self.rejects:
            if pattern.search(base):
                return reason
        m = self.forwarding.match(base)
        if m:
            inner = strip_qualifiers(m.group(1))
            return self.rejection(inner)
        return None

    def undraft(self, base: str) -> str:
        return strip_qualifiers(self.draft_words.sub("", base))


class LawRecognizer:
    """All LAW mentions of a text, with their attributes. Built once from the data files."""

    def __init__(self, data: dict[str, Any], fuzzy_cutoff: float = 0.75) -> None:
        """``data``: the component's data files by name, TSV files as text, the rules parsed."""
        self.data = data
        self.fuzzy_cutoff = fuzzy_cutoff
        rules = data["recognizer_rules.json"]
        self.table = package_char_table()  # resources/t2s.tsv: the one folding table
        self.rules = TitleRules.from_data(data["title_types.tsv"], data["title_rejects.tsv"], rules)
        self.instruments = parse_instruments(data["gazetteer.tsv"], data["extra_instruments.tsv"])
        self.linker = Linker(self.instruments, self.table, self.rules.head)
        self.abbreviation = re.compile(rules["abbreviation"])
        self.cued_law = re.compile(rules["cued_law"])
        self.backref_re = re.compile("|".join(map(re.escape, rules["backref_words"])))
        self.backref_allow = set(rules["backref_allow_before"])
        self.follower_block = re.compile(rules["bare_follower_block"])
        self.local_prefix = set(rules["local_prefix_chars"])
        self.local_ok = set(rules["local_prefix_ok_before"])
        self.unclosed_line_max = int(rules["unclosed_line_max"])
        self.cut_title_min = int(rules["cut_title_min"])
        self.title_max = int(rules["title_max"])
        self.propagate_min = int(rules["propagate_min_length"])
        self.surfaces = self._bare_surfaces(rules["bare_min_length"], set(rules["bare_short_allowed"]))
        self.bare_re = trie_regex(self.surfaces)

    # --- public ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping LAW mentions of ``text`` in document order. Pinyin glosses
        (行政處(chǔ)罰法) are read through: names are found on the text without them."""
        return find_through_glosses(text, self._find)

    def _find(self, text: str) -> list[Mention]:
        folded = fold(text, self.table)
        mentions: list[Mention] = []
        regions: list[tuple[int, int]] = []
        for title in scan_titles(folded, self.title_max):
            judged = self._judge_title(text, folded, title)
            mentions.extend(judged)
            if title.closed or judged:  # a rejected 《 left open hides nothing
                regions.append(title.region)
        zones = IntervalSet(regions)
        mentions.extend(self._bare(folded, zones))
        mentions.extend(self._cued(text, folded, zones))
        mentions.extend(self._repeats(folded, mentions, zones))
        chosen = resolve_overlaps(mentions)
        chosen = resolve_overlaps([*chosen, *self._backrefs(folded, chosen, zones)])
        return self._resolve_abbreviations(folded, chosen)

    def attrs_for_name(self, name: str, *, truncated: bool = False) -> dict[str, Any] | None:
        """Attributes of a title's inside, or None when it is not an instrument."""
        key = name_key(name, self.table)
        base = strip_qualifiers(key)
        if not base:
            return None
        inst = self.linker.link(name)
        if inst is not None:
            return self.known_attrs(inst)
        if self.rules.rejection(base):
            return None
        undrafted = self.rules.undraft(base)
        kind = self.rules.kind(undrafted)
        if kind is None and self.rules.forwarding.match(base):
            kind = "policy"
        if kind is None and truncated:
            kind = "policy" if base.startswith("关于") else "unknown"
        if kind is None:
            return None
        sugg = None
        if not self.rules.is_generic(undrafted):
            sugg = self.linker.suggest(name, self.rules.head(undrafted), self.fuzzy_cutoff)
        return {"kind": kind, "canonical": None, "known": False, "status": None, **suggestion_attrs(sugg)}

    def known_attrs(self, inst: Instrument) -> dict[str, Any]:
        """Attributes of a mention that links: kind from the level, or from the title when unsure."""
        head_kind = self.rules.kind(strip_qualifiers(name_key(inst.name, self.table)))
        kind = inst.kind or head_kind or "unknown"
        if kind in ("law", "regulation") and head_kind == "policy":
            kind = "policy"  # NPC or State Council 决定/通知 filed among the laws
        return {
            "kind": kind,
            "canonical": inst.name,
            "known": True,
            "status": inst.status,
            **suggestion_attrs(None),
        }

    # --- titles ---------------------------------------------------------------------------

    def _judge_title(self, text: str, folded: str, title: Title) -> list[Mention]:
        inner = text[title.start : title.end]
        if not title.closed and not title.at_text_end:
            # a 《 left open inside a line: only a short name with a clear head word counts
            if len(inner) > self.unclosed_line_max:
                return []
            base = strip_qualifiers(name_key(inner, self.table))
            if self.rules.kind(base) is None:
                return []
        cut = title.at_text_end and not title.closed
        if cut and len(inner.strip()) < self.cut_title_min and self.linker.link(inner) is None:
            return []  # 《行政争, 《文化: the text was cut before the name was (a name is 宪法 or longer)
        attrs = self.attrs_for_name(inner, truncated=cut)
        if attrs is not None:
            return [Mention(title.start, title.end, attrs, 0)]
        if title.closed:  # a rejected title may still cite an instrument: 《关于〈X法〉…的报告》
            return self._nested(text, folded, title)
        return []

    def _nested(self, text: str, folded: str, title: Title) -> list[Mention]:
        out = []
        for m in INNER_TITLE.finditer(folded, title.start, title.end):
            s, e = strip_span(text, m.start(1), m.end(1))
            attrs = self.attrs_for_name(text[s:e])
            if attrs is not None and attrs["kind"] != "unknown":
                out.append(Mention(s, e, attrs, 0))
        return out

    # --- bare names -----------------------------------------------------------------------

    def _bare_surfaces(self, min_length: int, short_ok: set[str]) -> dict[str, Instrument]:
        surfaces: dict[str, Instrument] = {}
        for inst in self.instruments:
            if not inst.bare:
                continue
            for name in (inst.name, *inst.aliases):
                for form in {name, fold(name, self.table)}:
                    for surface in (form, without_state_prefix(form)):
                        if "《" in surface or "〈" in surface:
                            continue
                        if len(surface) < min_length and surface not in short_ok:
                            continue
                        surfaces.setdefault(surface, inst)
        return surfaces

    def _bare(self, folded: str, zones: IntervalSet) -> Iterable[Mention]:
        for m in self.bare_re.finditer(folded):
            s, e = m.span()
            if zones.overlaps(s, e):
                continue
            inst = self.surfaces[m.group(0)]
            attrs = self.known_attrs(inst)
            if not self._bare_ok(folded, s, e, attrs["kind"]):
                continue
            yield Mention(s, e, attrs, 1)

    def _bare_ok(self, folded: str, s: int, e: int, kind: str) -> bool:
        if folded[e - 1] == "法" and self.follower_block.match(folded, e):
            return False  # 网络安全法治, 罪刑法定, 审计法院: a longer word, not the law
        if kind in ("regulation", "rule") and s > 0 and folded[s - 1] in self.local_prefix:
            # 某某市优化营商环境条例 is the city's own regulation, not the national one
            return s > 1 and folded[s - 2] in self.local_ok
        return True

    def _cued(self, text: str, folded: str, zones: IntervalSet) -> Iterable[Mention]:
        """新修订的X法 / 新出台的X法: a law even when the gazetteer does not know X法."""
        for m in self.cued_law.finditer(folded):
            s, e = m.span(1)
            name = folded[s:e]
            if zones.overlaps(s, e) or any(c in name for c in "和及与等的、"):
                continue
            if self.rules.kind(name) != "law":
                continue
            attrs = self.attrs_for_name(text[s:e])
            if attrs is not None:
                yield Mention(s, e, attrs, 1)

    def _backrefs(self, folded: str, chosen: list[Mention], zones: IntervalSet) -> Iterable[Mention]:
        """A bare 纲要 that points back to a 纲要 the report has cited by its full title."""
        referents = [
            m
            for m in chosen
            if m.end - m.start > 2 and strip_qualifiers(folded[m.start : m.end]).endswith("纲要")
        ]
        if not referents:
            return
        for m in self.backref_re.finditer(folded):
            s, e = m.span()
            prev = folded[s - 1] if s > 0 else "\n"
            if _is_ideograph(prev, 0) and prev not in self.backref_allow:
                continue  # 两纲要, 本纲要, 建设纲要: not a pointer to the cited one
            if zones.overlaps(s, e):
                continue
            before = [r for r in referents if r.end <= s]
            ref = before[-1] if before else referents[0]
            yield Mention(s, e, dict(ref.attrs), 2)

    # --- repeated titles and abbreviations ------------------------------------------------

    def _repeats(self, folded: str, mentions: list[Mention], zones: IntervalSet) -> Iterable[Mention]:
        """A long accepted title written again without brackets (a document's title line)."""
        seen: set[str] = set()
        for men in mentions:
            if men.priority != 0 or men.end - men.start < self.propagate_min:
                continue
            needle = folded[men.start : men.end]
            if needle in seen:
                continue
            seen.add(needle)
            pos = folded.find(needle)
            while pos >= 0:
                end = pos + len(needle)
                # a following ideograph means a longer name or phrase: leave it alone
                if not zones.overlaps(pos, end) and not _is_ideograph(folded, end):
                    yield Mention(pos, end, dict(men.attrs), 1)
                pos = folded.find(needle, end)

    def _resolve_abbreviations(self, folded: str, chosen: list[Mention]) -> list[Mention]:
        """(以下简称《纲要》): the short title inherits the full one's link."""
        if "简称" not in folded:
            return chosen
        ends = [m.end for m in chosen]
        defined: dict[str, Mention] = {}
        for m in self.abbreviation.finditer(folded):
            i = bisect.bisect_right(ends, m.start()) - 1
            if i < 0 or m.start() - chosen[i].end > 40:
                continue
            referent = chosen[i]
            if referent.start <= m.start(1) < referent.end + 40 and referent.attrs.get("known") is not None:
                defined.setdefault(m.group(1), referent)
        if not defined:
            return chosen
        out = []
        for men in chosen:
            ref = defined.get(folded[men.start : men.end])
            if ref is not None and ref is not men and men.end - men.start < ref.end - ref.start:
                keep = {k: ref.attrs[k] for k in ("kind", "canonical", "known", "status")}
                men = Mention(men.start, men.end, {**men.attrs, **keep}, men.priority)
            out.append(men)
        return out


# --- helpers ------------------------------------------------------------------------------


def _is_ideograph(text: str, i: int) -> bool:
    return i < len(text) and "\u4e00" <= text[i] <= "\u9fff"


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Titles first, then longer bare mentions; no two LAW spans overlap."""
    return non_overlapping(sorted(mentions, key=lambda m: (m.priority, -(m.end - m.start), m.start)))
