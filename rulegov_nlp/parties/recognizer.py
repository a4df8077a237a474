"""Finding organs and offices on plain text, from vocabulary files.

An organ is found by its head (人民政府, 司法局, 县委, …); its place name is then grown to
the left over CJK characters up to a stop character or stop word, and kept only when it
ends in a place suffix (镇, 县, 街道 …), so unseen place names of any length work.
Adjacent pieces join (县委 + 依法治县办), an organ followed by an office becomes one role
span (区政府 + 主要负责同志), and an elliptical 政府 after 、 counts (镇党委、政府).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

CJK = re.compile(r"[\u4e00-\u9fff]")
BRACKETED = re.compile(r"《[^《》]*》")
MAX_PLACE = 7
ORGAN_ENDINGS = tuple("委府局院办所组会厅部党")
VOCAB_FILES = (
    "organ_cores", "standalone_orgs", "roles", "roles_weak", "place_suffixes",
    "stop_left", "stop_chars", "exclusions", "join_prefixes", "bare_not_allowed",
)  # fmt: skip


def read_vocab(name: str) -> list[str]:
    text = resources.files("rulegov_nlp.parties").joinpath(f"data/{name}.txt").read_text("utf-8")
    return parse_vocab(text)


def parse_vocab(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def default_vocab() -> dict[str, list[str]]:
    return {name: read_vocab(name) for name in VOCAB_FILES}


@dataclass
class Match:
    start: int
    end: int
    type: str  # org | role


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class PartyRecognizer:
    """Organs (org) and offices (role) in a text, as character spans."""

    def __init__(self, vocab: dict[str, list[str]]):
        self.vocab = vocab
        # Half-width brackets are what the pipeline sees; keep both widths.
        orgs = vocab["organ_cores"] + vocab["standalone_orgs"]
        orgs += [w.replace("（", "(").replace("）", ")") for w in orgs]
        roles = vocab["roles"] + [w.replace("（", "(").replace("）", ")") for w in vocab["roles"]]
        self.org_re = re.compile(_alternation(orgs))
        self.role_re = re.compile(_alternation(roles))
        self.weak_roles = set(vocab["roles_weak"])
        self.place_suffixes = sorted(vocab["place_suffixes"], key=len, reverse=True)
        self.stop_words = sorted(vocab["stop_left"], key=len, reverse=True)
        self.stop_chars = set("".join(vocab["stop_chars"]))
        self.exclusion_re = re.compile(_alternation(vocab["exclusions"]))
        self.join_prefixes = tuple(vocab["join_prefixes"])
        self.bare_not_allowed = set(vocab["bare_not_allowed"])

    def find(self, text: str) -> list[Match]:
        blocked = [(m.start(), m.end()) for m in BRACKETED.finditer(text)]
        blocked += [(m.start(), m.end()) for m in self.exclusion_re.finditer(text)]
        orgs = [Match(self._place_start(text, m.start()), m.end(), "org") for m in self.org_re.finditer(text)]
        orgs = self._join(text, orgs)
        orgs = [m for m in orgs if text[m.start : m.end] not in self.bare_not_allowed]
        roles = [Match(m.start(), m.end(), "role") for m in self.role_re.finditer(text)]
        merged = self._attach_roles(text, orgs, roles)
        merged += self._elliptical(text, merged)
        kept = [m for m in merged if not any(s <= m.start and m.end <= e for s, e in blocked)]
        kept = [m for m in kept if not any(s < m.end and m.start < e and (m.end - m.start) < (e - s)
                                           for s, e in blocked)]  # fmt: skip
        return _longest_first(kept)

    def _place_start(self, text: str, head: int) -> int:
        """Grow a place name to the left of an organ head; head itself when there is none."""
        i = head
        while (
            i > 0 and head - i < MAX_PLACE and CJK.match(text[i - 1]) and text[i - 1] not in self.stop_chars
        ):
            i -= 1
        window = text[i:head]
        for word in self.stop_words:
            pos = window.rfind(word)
            if pos >= 0:
                window = window[pos + len(word) :]
        if any(w in window for w in ("法治", "政府", "法律", "依法")):
            return head
        if window and any(window.endswith(s) for s in self.place_suffixes):
            return head - len(window)
        # the head may open with the place suffix itself: 鱼岳 + 镇党委
        opens_with_suffix = any(text.startswith(s, head) for s in self.place_suffixes)
        if len(window) >= 2 and opens_with_suffix and not window.endswith(ORGAN_ENDINGS):
            return head - len(window)
        return head

    def _join(self, text: str, orgs: list[Match]) -> list[Match]:
        out: list[Match] = []
        for m in sorted(orgs, key=lambda m: (m.start, -m.end)):
            if out and m.start == out[-1].end and text[m.start : m.end].startswith(self.join_prefixes):
                out[-1] = Match(out[-1].start, m.end, "org")
            elif out and m.start < out[-1].end:
                if m.end > out[-1].end and m.start >= out[-1].start:
                    out[-1] = Match(out[-1].start, m.end, "org")
            else:
                out.append(m)
        return out

    def _attach_roles(self, text: str, orgs: list[Match], roles: list[Match]) -> list[Match]:
        by_end = {m.end: m for m in orgs}
        out = list(orgs)
        for r in roles:
            org = by_end.get(r.start) or next(
                (o for o in out if o.type == "org" and o.start < r.start < o.end < r.end), None
            )
            word = text[r.start : r.end]
            if org is not None:
                out.remove(org)
                by_end.pop(org.end, None)
                out.append(Match(org.start, r.end, "role"))
            elif word not in self.weak_roles:
                out.append(r)
        return out

    def _elliptical(self, text: str, found: list[Match]) -> list[Match]:
        """政府 / 人大 standing for the organ named just before: 镇党委、政府."""
        ends = {m.end for m in found if m.type == "org"}
        extra = []
        for m in re.finditer(r"[、和及与]?(政府|人大|政协)", text):
            if m.start() in ends:
                extra.append(Match(m.start(1), m.end(1), "org"))
        return extra


def _longest_first(matches: list[Match]) -> list[Match]:
    chosen: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


LEVEL_MARKS = (
    ("central", ("国务院", "中央", "全国")),
    ("province", ("省", "自治区")),
    ("city", ("市", "自治州", "州")),
    ("county", ("县", "区", "旗")),
    ("township", ("镇", "乡", "街道")),
    ("village", ("村", "社区")),
)


def level_of(name: str) -> str:
    """Administrative level from the first level mark in the name; unknown without one."""
    best = ("unknown", len(name) + 1)
    for level, marks in LEVEL_MARKS:
        for mark in marks:
            pos = name.find(mark)
            if 0 <= pos < best[1]:
                best = (level, pos)
    return best[0]
