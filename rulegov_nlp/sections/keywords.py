"""The section keyword tables (``data/keywords.json``) and what is read with them.

They label units without a trained model, are features of the model, and tell the checks
which mandated items a heading names; the tables are data so that all three read one copy.
"""

from __future__ import annotations

from rulegov_nlp.component import DataFile, read_package_file
from rulegov_nlp.structure import Unit

KEYWORDS_FILE = DataFile(
    "keywords.json",
    "json",
    "section types a heading names, and subsection headings naming a mandated item",
    ("rulegov_nlp.sections", "data/keywords.json"),
)

Rules = tuple[tuple[str, tuple[str, ...]], ...]


def _rules(table: list[list]) -> Rules:
    return tuple((label, tuple(words)) for label, words in table)


_TABLES = read_package_file(KEYWORDS_FILE)
FALLBACK_RULES: Rules = _rules(_TABLES["fallback"])
SUBSECTION_ITEMS: Rules = _rules(_TABLES["subsection_items"])


def items_named(heading: str, rules: Rules = FALLBACK_RULES) -> list[str]:
    """Section types a heading names, in the order it names them:
    存在问题和下一步打算 -> [shortcomings, plans]."""
    found = []
    for label, words in rules:
        positions = [heading.find(w) for w in words if w in heading]
        if positions:
            found.append((min(positions), label))
    return [label for _, label in sorted(found)]


def combined_label(heading: str | None, label: str) -> str:
    """A section headed with both shortcomings and plans takes the one it names first."""
    if label not in ("shortcomings", "plans") or not heading:
        return label
    named = [n for n in items_named(heading) if n in ("shortcomings", "plans")]
    return named[0] if len(named) == 2 else label


def fallback_label(unit: Unit) -> str:
    """Labels without a trained model: block kind, then heading keywords."""
    if unit.block in ("header", "preamble"):
        return unit.block
    if unit.block == "end":
        return "other"
    heading = unit.heading or ""
    return next((lab for lab, words in FALLBACK_RULES if any(w in heading for w in words)), "measures")
