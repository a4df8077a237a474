"""Plan or report: the one detector of what kind of document a text is.

A plan (工作要点, 实施方案 …) holds promises only, so every number in it is a target and its
numbered body is its arrangements; a report tells the year. The metadata component decides
this once per document (``doc._.meta["kind"]``) from the structure component's units; section
typing and COMMITMENT kind read it from there. The words are package data
(``resources/document_kind.json``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from rulegov_nlp.structure import Unit
from rulegov_nlp.text.brackets import title_pattern
from rulegov_nlp.text.folding import fold_chars
from rulegov_nlp.text.wordlists import package_text
from rulegov_nlp.vocabulary import DOCUMENT_KINDS

REPORT, PLAN = DOCUMENT_KINDS
QUOTED_TITLE = title_pattern(4, 80)  # the document a wrapping notice issues: 《…》


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    data = json.loads(package_text("rulegov_nlp.resources", "document_kind.json"))
    return {key: re.compile("(" + "|".join(words) + ")") for key, words in data.items() if key != "_doc"}


def document_kind(text: str, units: list[Unit] | None = None) -> str:
    """``"plan"`` or ``"report"`` (see :func:`is_plan_document`)."""
    return PLAN if is_plan_document(text, units) else REPORT


def is_plan_document(text: str, units: list[Unit] | None = None) -> bool:
    """A plan rather than a report: by its title lines, by the plan a wrapping notice or news
    lead-in issues, or by a preamble that announces the plan (``units``: the structure
    component's; without them the first 600 characters are the header)."""
    words = _patterns()
    header = units[0] if units and units[0].block == "header" else None
    top = fold_chars(text[header.start : header.end] if header else text[:600])
    titles = [ln.strip() for ln in top.split("\n") if 4 <= len(ln.strip()) <= 80][:8]
    titles = [t for t in titles if not t.endswith("。")]
    if header and words["wrapper"].search(top):
        titles += QUOTED_TITLE.findall(top)
    if any(words["report_titles"].search(t) for t in titles):
        return False
    if any(words["plan_titles"].search(t) for t in titles):
        return True
    preamble = next((u for u in units or [] if u.block == "preamble"), None)
    if preamble is None:
        return False
    opening = fold_chars(text[preamble.start : preamble.end][:600])
    return bool(words["plan_preamble"].search(opening)) and not words["report_preamble"].search(opening)
