"""Doc -> record: the one place that knows the output contract (ANNOTATION.md).

Offsets are mapped from the cleaned Doc text back to the caller's original string;
sections are re-laid to cover the original from 0 to its end without gaps, so
text that cleaning removed (CSS junk, tags) belongs to the section around it.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from rulegov_nlp.checks import report_checks
from rulegov_nlp.spans import SECTION_GROUP, entities
from rulegov_nlp.textprep import PreparedText


def doc_to_record(
    doc: Doc, prepared: PreparedText | None = None, original: str | None = None, record_id: str | None = None
) -> dict[str, Any]:
    """The record for one report; ``prepared`` maps offsets back to ``original``."""
    original = doc.text if original is None else original
    ents = _entity_dicts(doc, prepared)
    sections = _section_dicts(doc, prepared, len(original))
    meta = dict(doc._.meta or {})
    record = {
        "id": record_id,
        "text": original,
        "entities": ents,
        "sections": sections,
        "meta": meta,
    }
    from rulegov_nlp.parties import commitments_by_party  # parties imports spans; keep import order light

    record["commitments_by_party"] = commitments_by_party(original, ents)
    record["checks"] = report_checks(record)
    return record


def _map_span(prepared: PreparedText | None, start: int, end: int) -> tuple[int, int]:
    return (start, end) if prepared is None else prepared.to_original(start, end)


def _entity_dicts(doc: Doc, prepared: PreparedText | None) -> list[dict[str, Any]]:
    spans = entities(doc)
    index_of = {(s.start_char, s.end_char): i for i, s in enumerate(spans) if s.label_ == "PARTY"}
    out = []
    for span in spans:
        attrs = dict(span._.attrs or {})
        if span.label_ == "COMMITMENT" and attrs.get("party") is not None:
            attrs["party"] = index_of.get(tuple(attrs["party"]))
        start, end = _map_span(prepared, span.start_char, span.end_char)
        out.append({"start": start, "end": end, "label": span.label_, "attrs": attrs})
    return out


def _section_dicts(doc: Doc, prepared: PreparedText | None, length: int) -> list[dict[str, Any]]:
    spans = list(doc.spans.get(SECTION_GROUP, []))
    if not spans:
        return []
    starts = [0] + [_map_boundary(prepared, s.start_char) for s in spans[1:]]
    ends = [*starts[1:], length]
    out = []
    for span, start, end in zip(spans, starts, ends, strict=True):
        attrs = {"heading": span._.heading, "prob": span._.section_prob}
        subs = [
            {
                **sub,
                "start": _map_boundary(prepared, sub["start"]),
                "end": _map_boundary(prepared, sub["end"]),
            }
            for sub in (span._.subsections or [])
        ]
        attrs["subsections"] = subs
        out.append({"start": start, "end": end, "label": span.label_, "attrs": attrs})
    return out


def _map_boundary(prepared: PreparedText | None, pos: int) -> int:
    return pos if prepared is None else prepared.boundary_to_original(pos)
