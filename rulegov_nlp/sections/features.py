"""What the section model reads of a unit: character n-grams of its text and structural features.

Text: character 1-3-grams (TF-IDF) over the heading and the start of the body. Structure:
block kind from the structure component, first unit or not, whether the document is a plan
rather than a report, a heading naming a later year, heading keywords. Relative position is
left out on purpose: real texts are often cut off, so "last unit" says nothing about the
signature block.
"""

from __future__ import annotations

import re

import numpy as np

from rulegov_nlp.document_kind import is_plan_document
from rulegov_nlp.sections.keywords import FALLBACK_RULES
from rulegov_nlp.structure import Unit
from rulegov_nlp.text.folding import fold_chars

BLOCKS = ("header", "preamble", "heading", "end")
BODY_CHARS = 160
WHITESPACE = re.compile(r"\s\s+")
YEAR = re.compile(r"(20\d\d)\s*年")
VECTORIZER_CONFIG = {"analyzer": "char", "ngram_range": (1, 3), "min_df": 2, "sublinear_tf": True}


def unit_text(text: str, unit: Unit) -> str:
    """Heading twice and the body's opening, in simplified characters."""
    heading = fold_chars(unit.heading or "")
    body = fold_chars(text[unit.start : unit.end].strip()[:BODY_CHARS])
    return f"{heading} {heading} {body}"


def year_feature(text: str) -> int | None:
    """The year the shipped model was fitted with for "a heading names a later year": the first
    20XX年 of the opening 300 characters. It is a model input, not the report's year (that is
    ``meta.year``); reading ``meta.year`` here moves the section probabilities of 6 of the 140
    snapshot records, so the switch waits for the next re-fit of the model."""
    m = YEAR.search(text[:300])
    return int(m.group(1)) if m else None


def structural_features(text: str, units: list[Unit], plan: bool | None = None) -> np.ndarray:
    """Block kind, first unit, plan document, a heading naming a later year, heading keywords
    (``plan``: :func:`is_plan_document`, when the caller has it already). Units of the same
    block and heading share a row: reports repeat headings (一、) by the thousand."""
    plan = float(is_plan_document(text, units) if plan is None else plan)
    year = year_feature(text)
    memo: dict[tuple[str, str | None], list[float]] = {}
    rows = []
    for unit in units:
        key = (unit.block, unit.heading)
        if key not in memo:
            memo[key] = _unit_row(unit, year, plan)
        rows.append(memo[key])
    features = np.asarray(rows, dtype=float)
    if units:
        features[0, FIRST_COLUMN] = 1.0
    return features


FIRST_COLUMN = len(BLOCKS)
KEYWORD_PATTERNS = tuple(re.compile("|".join(map(re.escape, words))) for _, words in FALLBACK_RULES)


def _unit_row(unit: Unit, year: int | None, plan: float) -> list[float]:
    """The features of a unit that is not the first one."""
    block = [float(unit.block == b) for b in BLOCKS]
    heading = unit.heading or ""
    years = [int(y) for y in YEAR.findall(heading)]
    future = float(bool(year and any(y > year for y in years)))
    keywords = [float(bool(pattern.search(heading))) for pattern in KEYWORD_PATTERNS]
    return [*block, 0.0, plan, plan * (unit.block == "heading"), future, *keywords]


PAD = 0x110000  # not a code point: fills n-grams shorter than three characters
BASE = 0x110001


def gram_keys(text: str, low: int, high: int) -> np.ndarray:
    """One integer per character n-gram occurrence (n in low..high <= 3), the n-grams
    scikit-learn's ``analyzer="char"`` makes: a gram padded to three code points read as a
    number in base 0x110001. Counting integers in numpy beats counting strings in Python."""
    return unit_gram_keys([text], low, high)[1]


def unit_gram_keys(texts: list[str], low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
    """The keys of :func:`gram_keys` of many texts in one numpy pass, and the index of the
    text each key comes from: one pass over all units of a report instead of one per unit
    (no n-gram runs from one text into the next)."""
    normal = [WHITESPACE.sub(" ", text.lower()) for text in texts]
    codes = np.frombuffer("".join(normal).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(normal)), [len(text) for text in normal])
    owners, parts = [], []
    for n in range(low, high + 1):
        m = len(codes) - n + 1
        if m <= 0:
            continue
        key = codes[:m].copy()
        for j in (1, 2):
            key = key * BASE + (codes[j : j + m] if j < n else PAD)
        inside = owner[:m] == owner[n - 1 : n - 1 + m]
        owners.append(owner[:m][inside])
        parts.append(key[inside])
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(owners), np.concatenate(parts)


def gram_key(gram: str) -> int:
    """The key :func:`gram_keys` gives to one n-gram of at most three characters."""
    codes = [ord(ch) for ch in gram] + [PAD] * (3 - len(gram))
    return (codes[0] * BASE + codes[1]) * BASE + codes[2]
