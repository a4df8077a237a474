"""The gazetteer of known legal instruments and the name normalisation used to look them up.

Two package data files feed it:

* ``data/gazetteer.tsv`` - names, levels and statuses derived from the shared
  ``legal_instruments.tsv`` (LawRefBook/Laws snapshot) by :func:`derive_gazetteer`;
* ``data/extra_instruments.tsv`` - instruments that reports cite constantly but the
  source lacks (party regulations, the rule-of-law plans, repealed civil codes),
  with an explicit kind and optional aliases.

Names are compared through :func:`name_key`, which folds widths, traditional
characters, dashes, spaces, quotes and pinyin glosses, and drops the
中华人民共和国 prefix, so that 《行政处罚法》 and 中华人民共和国行政处罚法 meet.

Run ``python -m rulegov_nlp.laws.gazetteer SRC.tsv`` to rebuild ``data/gazetteer.tsv``.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rulegov_nlp.text.names import without_state_prefix
from rulegov_nlp.text.wordlists import read_table
from rulegov_nlp.textprep import PINYIN_GLOSS

# Source level -> kind of ANNOTATION.md.  "其他" has no fixed kind: the title decides.
LEVEL_KIND = {
    "宪法": "constitution",
    "法律": "law",
    "行政法规": "regulation",
    "监察法规": "regulation",
    "地方性法规": "regulation",
    "部门规章": "rule",
    "地方政府规章": "rule",
    "司法解释": "interpretation",
    "党内法规": "party",
    "规范性文件": "policy",
}

_DASHES = re.compile(r"\s*[\-—–－―‐‑‒~～〜]+\s*")
_DROP = re.compile(r"[\s《》〈〉“”\"'‘’「」『』]+")
_TRAILING_QUALIFIER = re.compile(r"(?:\([^()]*\)|\([^()]*$)$")


def fold(text: str, table: dict[int, int]) -> str:
    """Widths and traditional characters folded; offsets unchanged."""
    return text.translate(table)


def name_key(name: str, table: dict[int, int]) -> str:
    """The comparison key of an instrument name (not offset preserving)."""
    key = PINYIN_GLOSS.sub("", fold(name, table))
    key = _DASHES.sub("-", key)
    key = _DROP.sub("", key)
    return without_state_prefix(key)


def strip_qualifiers(key: str) -> str:
    """Drop trailing bracketed qualifiers: (2021年修正), (试行), (2021-2025年), a cut-off '(20'."""
    prev = None
    while prev != key:
        prev = key
        key = _TRAILING_QUALIFIER.sub("", key).rstrip()
    return key


@dataclass(frozen=True)
class Instrument:
    """A known instrument: official name, level, kind (None: decided by its title), status."""

    name: str
    level: str
    kind: str | None
    status: str | None
    aliases: tuple[str, ...] = field(default=())
    bare: bool = True


def parse_instruments(gazetteer_text: str, extras_text: str) -> list[Instrument]:
    """Extras first: their explicit kinds and aliases win over a derived row of the same key."""
    out: list[Instrument] = []
    for row in read_table(extras_text, "extra_instruments.tsv"):
        aliases = tuple(a for a in row.get("aliases", "").split("|") if a)
        out.append(
            Instrument(
                name=row["name"],
                level=row["level"],
                kind=row.get("kind") or LEVEL_KIND.get(row["level"]),
                status=row.get("status") or None,
                aliases=aliases,
                bare=row.get("bare", "yes") != "no",
            )
        )
    for row in read_table(gazetteer_text, "gazetteer.tsv"):
        out.append(
            Instrument(
                name=row["name"],
                level=row["level"],
                kind=LEVEL_KIND.get(row["level"]),
                status=row.get("status") or None,
            )
        )
    return out


# --- derivation of data/gazetteer.tsv ---------------------------------------------------------

DERIVED_HEADER = (
    "# Derived from shared/data/legal_instruments.tsv (LawRefBook/Laws snapshot, see its README)\n"
    "# by rulegov_nlp.laws.gazetteer.derive_gazetteer: keeps the facts only (name, level, status),\n"
    "# drops the category and source columns, skips rows without a name, keeps the source's order.\n"
)


def derive_gazetteer(src: Path, dst: Path) -> int:
    """Write the names-only package gazetteer from the shared source list; returns the row count."""
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    kept = [(r["name"].strip(), r["level"].strip(), r["status"].strip()) for r in rows if r["name"].strip()]
    with dst.open("w", encoding="utf-8", newline="") as fh:
        fh.write(DERIVED_HEADER)
        fh.write("name\tlevel\tstatus\n")
        for name, level, status in kept:
            fh.write(f"{name}\t{level}\t{status}\n")
    return len(kept)


if __name__ == "__main__":  # pragma: no cover - maintenance script
    source = Path(sys.argv[1])
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "data" / "gazetteer.tsv"
    print(f"{derive_gazetteer(source, target)} rows -> {target}")
