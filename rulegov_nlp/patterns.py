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
