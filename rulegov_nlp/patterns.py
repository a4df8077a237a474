"""Regexes over word lists: one place for turning a vocabulary into a pattern.

Python's ``re`` tries the branches of a flat alternation one by one at every position; a
pattern shaped like a trie (shared prefixes factored out) rejects a position after one
character. Greedy optional tails make it leftmost-longest, like an alternation sorted
longest first: the words that match at one position are prefixes of each other, and the
trie tries them from the longest down, also when a following pattern forces backtracking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

NEVER = "(?!)"


def alternation(words: Iterable[str]) -> str:
    """A pattern string matching any of ``words`` (longest first); never matches when empty."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) if trie else NEVER


def trie_regex(words: Iterable[str]) -> re.Pattern[str]:
    """:func:`alternation` compiled."""
    return re.compile(alternation(words))


def _trie_pattern(node: dict) -> str:
    ends_here = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        literal = re.escape(ch)
        while len(child) == 1 and "" not in child:  # a single-child chain is one literal run
            (nxt,) = child.keys()
            literal += re.escape(nxt)
            child = child[nxt]
        branches.append(literal + _trie_pattern(child) if child and list(child) != [""] else literal)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


class WordStarts:
    """Where the words of one list start in a text, overlapping occurrences included: an
    Aho-Corasick automaton (pyahocorasick) reads the text once in C. A lookahead regex over
    the same list, ``(?=(?:a|b|…))``, gives the same positions at about five times the cost
    (0.023 s against 0.005 s for the 100 COMMITMENT verbs over the 118k-character corpus)."""

    def __init__(self, words: Iterable[str]) -> None:
        self._automaton: ahocorasick.Automaton | None = None
        automaton = ahocorasick.Automaton()
        for word in words:
            if word:
                automaton.add_word(word, len(word))
        if len(automaton):
            automaton.make_automaton()
            self._automaton = automaton

    def __call__(self, text: str) -> list[int]:
        """Sorted positions where one of the words starts, each once."""
        if self._automaton is None:
            return []
        return sorted({end - length + 1 for end, length in self._automaton.iter(text)})
