"""Character folding: full-width forms to half-width, traditional characters to simplified.

Rules and word lists are written in simplified characters and half-width punctuation;
reports from Hong Kong and Taiwan mirrors arrive in traditional ones. Every fold is one
code point to one code point, so a folded copy keeps every offset. The one
traditional->simplified table is ``resources/t2s.tsv``; the components fold with it (the
COMMITMENT lexicon with a chosen subset of it), none keeps a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rulegov_nlp.text.wordlists import package_text, read_pairs

T2S_FILE = "t2s.tsv"  # in rulegov_nlp.resources


def width_fold_table() -> dict[int, int]:
    """Full-width ASCII (and the ideographic space) to half-width, one code point each."""
    table = {0xFF01 + i: 0x21 + i for i in range(94)}
    table[0x3000] = 0x20
    return table


def package_t2s_text() -> str:
    """The packaged traditional->simplified table (resources/t2s.tsv)."""
    return package_text("rulegov_nlp.resources", T2S_FILE)


def parse_t2s(text: str, source: str = T2S_FILE) -> dict[int, int]:
    """The traditional->simplified table: one ``繁<TAB>简`` pair a line, '#' comments."""
    return {ord(trad): ord(simp) for trad, simp in read_pairs(text, source).items()}


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, int]:
    """The packaged traditional->simplified table, read once per process."""
    return parse_t2s(package_t2s_text())


def char_table(t2s_text: str) -> dict[int, int]:
    """Widths and a traditional->simplified table in one map (for ``str.translate``)."""
    table = width_fold_table()
    table.update(parse_t2s(t2s_text))
    return table


@lru_cache(maxsize=1)
def package_char_table() -> dict[int, int]:
    """Widths and the packaged traditional->simplified table, built once per process."""
    table = width_fold_table()
    table.update(t2s_table())
    return table


def fold_chars(text: str) -> str:
    """Widths and traditional characters folded with the packaged table; offsets unchanged."""
    return text.translate(package_char_table())


def subset_table(chars: Iterable[str]) -> dict[str, str]:
    """The folds of the given characters only, taken from the packaged tables (a character
    neither table folds is an error: the list names a fold that does not exist)."""
    full = package_char_table()
    out = {}
    for ch in chars:
        if ord(ch) not in full:
            raise ValueError(f"{ch!r} has no fold in the width or {T2S_FILE} table")
        out[ch] = chr(full[ord(ch)])
    return out
