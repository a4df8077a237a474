"""Word-list patterns: the trie pattern finds what a longest-first alternation finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from rulegov_nlp.patterns import WordStarts, alternation, trie_regex

WORDS = st.lists(st.text(alphabet="法治政府局", min_size=1, max_size=4), max_size=12)
TEXT = st.text(alphabet="法治政府局。", max_size=30)


@given(WORDS, TEXT)
def test_same_matches_as_sorted_alternation(words, text):
    flat = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))))
    trie = trie_regex(words)
    if words:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


@given(WORDS, TEXT)
def test_same_matches_with_a_following_pattern(words, text):
    """Backtracking into the word list tries the same words in the same order."""
    if not words:
        return
    flat = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    a = re.compile(f"(?:{alternation(words)})局")
    b = re.compile(f"(?:{flat})局")
    assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def test_empty_list_never_matches():
    assert trie_regex([]).search("任何文字") is None
    assert trie_regex(["", ""]).search("任何文字") is None


@given(st.lists(st.text(alphabet="法治政府局", max_size=4), max_size=12), TEXT)
def test_word_starts_are_where_a_lookahead_finds_a_word(words, text):
    """The Aho-Corasick fast path gives the positions of its reference, a lookahead regex
    over the same list (overlapping occurrences and empty words included)."""
    reference = re.compile(f"(?=(?:{alternation(words)}))")
    assert WordStarts(words)(text) == [m.start() for m in reference.finditer(text)]
