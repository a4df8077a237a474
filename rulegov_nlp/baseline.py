"""A plain baseline scored by the same evaluator: 《》 regex, number+unit regex, keyword sections.

It exists so docs/evaluation.md can show what the pipeline adds over the obvious.
"""

from __future__ import annotations

import re
from typing import Any

from rulegov_nlp.text.brackets import title_pattern
from rulegov_nlp.text.headings import BASELINE_HEADING

_LAW = title_pattern(2, 80)
_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_COMMITMENT = re.compile(
    _NUM + r"(?:万|亿)?(?:余|多)?(?:%|人次|次|项|件|场|人|个|份|条|家|起|批|期|篇|户|元|万元|名|部)"
)
_SECTION_KEYWORDS = (
    ("shortcomings", ("不足", "问题", "差距")),
    ("leadership", ("第一责任人", "主要负责人")),
    ("plans", ("下一步", "计划", "打算", "思路", "安排")),
)


def baseline_extract(text: str) -> dict[str, Any]:
    ents = [{"start": m.start(1), "end": m.end(1), "label": "LAW", "attrs": {}} for m in _LAW.finditer(text)]
    ents += [
        {"start": m.start(), "end": m.end(), "label": "COMMITMENT", "attrs": {}}
        for m in _COMMITMENT.finditer(text)
    ]
    return {"text": text, "entities": ents, "sections": _keyword_sections(text)}


def _keyword_sections(text: str) -> list[dict[str, Any]]:
    heads = list(BASELINE_HEADING.finditer(text))
    if not heads:
        return [{"start": 0, "end": len(text), "label": "measures"}]
    sections = [{"start": 0, "end": heads[0].start(), "label": "preamble"}] if heads[0].start() > 0 else []
    for m, nxt in zip(heads, [*heads[1:], None], strict=True):
        heading = m.group(0)
        label = next(
            (lab for lab, words in _SECTION_KEYWORDS if any(w in heading for w in words)), "measures"
        )
        sections.append({"start": m.start(), "end": nxt.start() if nxt else len(text), "label": label})
    return sections


def baseline_predictor(texts: list[str]) -> list[dict[str, Any]]:
    return [baseline_extract(t) for t in texts]
