"""The word lists behind COMMITMENT recognition, loaded from ``data/*.json``.

The lists are data, not code, so that a pipeline directory carries its own copy
(``to_disk``) and a user can extend units or slogans without touching Python.
One :class:`Lexicon` compiles them into the scanning pattern once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from rulegov_nlp.component import DataFile
from rulegov_nlp.component import read_package_data as read_files
from rulegov_nlp.patterns import NEVER, alternation
from rulegov_nlp.text.folding import subset_table, width_fold_table

DATA_FILES = ("units", "comparators", "negatives", "cues", "metric", "charfold")

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE_NUMBER = rf"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGITS}]+)?"


_NOTES = {
    "units": "measure words, their scales, and units blocked or allowed only at the end",
    "comparators": "words before or after a number that bound it (超过, 以上 …)",
    "negatives": "contexts that make a number no COMMITMENT (dates, ordinals, codes, names)",
    "cues": "words that make a number a target or an achievement",
    "metric": "what a number counts, from the words around it",
    "charfold": "characters folded before matching",
}
LEXICON_FILES = tuple(
    DataFile(f"{name}.json", "json", _NOTES[name], ("rulegov_nlp.commitments", f"data/{name}.json"))
    for name in DATA_FILES
)


def lexicon_data(files: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The lexicon's word lists (by list name) from the component's data files (by file name)."""
    return {name: files[f"{name}.json"] for name in DATA_FILES}


def read_package_data() -> dict[str, dict[str, Any]]:
    """The bundled word lists, one dict per data file."""
    return lexicon_data(read_files(LEXICON_FILES))


@dataclass
class Lexicon:
    """All word lists of the capability plus the patterns compiled from them."""

    data: dict[str, dict[str, Any]] = field(default_factory=read_package_data)

    # --- plain views -------------------------------------------------------------------
    @property
    def units(self) -> dict[str, str]:
        return self.data["units"]["units"]

    @property
    def scales(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.data["units"]["scales"].items()}

    @cached_property
    def blocked_units(self) -> frozenset[str]:
        return frozenset(self.data["units"]["blocked"])

    @cached_property
    def end_only_units(self) -> frozenset[str]:
        return frozenset(self.data["units"]["end_only"])

    @cached_property
    def verbal_units(self) -> frozenset[str]:
        return frozenset(self.data["units"]["verbal"])

    @cached_property
    def time_units(self) -> frozenset[str]:
        return frozenset(self.data["units"]["time"])

    @property
    def prefixes(self) -> dict[str, dict[str, Any]]:
        return self.data["comparators"]["prefix"]

    @property
    def suffixes(self) -> dict[str, dict[str, Any]]:
        return self.data["comparators"]["suffix"]

    @cached_property
    def fold_table(self) -> dict[int, str]:
        """The listed characters' folds, taken from the one folding table (resources/t2s.tsv and
        widths); a pipeline saved before lists were characters only has a ``fold`` map: its keys."""
        charfold = self.data["charfold"]
        chars = charfold["chars"] if "chars" in charfold else "".join(charfold["fold"])
        return {ord(k): v for k, v in subset_table(chars).items()}

    @cached_property
    def width_and_fold_table(self) -> dict[int, str]:
        """Widths folded (textprep), then the charfold map: one table, one pass."""
        widths = width_fold_table()
        table = {code: self.fold_table.get(target, chr(target)) for code, target in widths.items()}
        table.update(self.fold_table)
        return table

    # --- compiled patterns -------------------------------------------------------------
    @cached_property
    def quantity_pattern(self) -> re.Pattern[str]:
        """One pattern for every surface form of a quantity (see ``numerals``)."""
        comp = self.data["comparators"]
        # A number starts where a run of digits or numerals starts: retrying inside a long
        # run would rescan it from every position (quadratic on a page of digits).
        number = rf"(?:(?<![\d.])(?:{ARABIC_NUMBER})|(?<![{CN_NUMERAL_CHARS}])(?:{CHINESE_NUMBER}))"
        seps = alternation(comp["range_separators"])
        inner = alternation(comp["inner_approx"])
        scales = alternation(self.scales)
        units = alternation(self.units)
        suffixes = alternation(self.suffixes)
        prefixes = alternation(self.prefixes)
        counted = (  # a minus sign not after a digit (减少−3次) is part of the number
            rf"(?:(?<![\d.])(?P<sign>[-−]))?(?P<num>{number})(?:\s?(?P<sep>{seps})\s?(?P<num2>{number}))?"
            rf"(?P<inner>{inner})?(?P<scale>{scales})?(?P<inner2>{inner})?"
            rf"[ \u3000]?(?P<unit>{units})(?:/(?P<per>{units}))?"
        )
        percent_cn = rf"(?P<pct>百分之)(?P<pnum>{number})"
        return re.compile(
            rf"(?P<pre>{prefixes})?(?:{percent_cn}|{counted})(?P<suf>{suffixes})?(?P<suf2>{suffixes})?"
        )

    @cached_property
    def names_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(self.data["negatives"]["names"]))

    @cached_property
    def line_keyword_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"(?:{alternation(self.data['negatives']['line_keywords'])})\s*:")

    @cached_property
    def before_pattern(self) -> re.Pattern[str]:
        """The 'before_patterns' as one pattern: one search instead of one per pattern."""
        return _any_of(self.data["negatives"].get("before_patterns", []))

    @cached_property
    def page_counter_pattern(self) -> re.Pattern[str]:
        """A page counter label (浏览次数:) right before a number."""
        chrome = "|".join(re.escape(w) for w in self.data["negatives"]["chrome_before"])
        return re.compile(rf"(?:{chrome})[^\n]{{0,6}}:\s*$")

    @cached_property
    def future_pattern(self) -> re.Pattern[str]:
        """The 'future_patterns' as one pattern: one search instead of one per pattern."""
        return _any_of(self.data["cues"]["future_patterns"])

    def fold(self, text: str) -> str:
        """A same-length copy of ``text`` for matching: widths and traditional forms folded."""
        folded = text.translate(self.width_and_fold_table)
        return folded if len(folded) == len(text) else text


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does (never, for none)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or NEVER)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The bundled lexicon, built once per process."""
    return Lexicon()
