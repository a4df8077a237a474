"""Doc -> record: the one place that knows the output contract (ANNOTATION.md).

Offsets are mapped from the cleaned Doc text back to the caller's original string;
sections are re-laid to cover the original from 0 to its end without gaps, so
text that cleaning removed (CSS junk, tags) belongs to the section around it; junk removed
right before the end block (signature, date, page noise) belongs to the end block.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

from rulegov_nlp.checks import report_checks
from rulegov_nlp.spans import SECTION_GROUP, entities, span_values, token_bounds
from rulegov_nlp.textprep import PreparedText


def doc_to_record(
    doc: Doc, prepared: PreparedText | None = None, original: str | None = None, record_id: str | None = None
) -> dict[str, Any]:
    """The record for one report; ``prepared`` maps offsets back to ``original``."""
    original = doc.text if original is None else original
    return assemble_record(record_id, original, *record_parts(doc, prepared, original))


def record_parts(
    doc: Doc, prepared: PreparedText | None, original: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Entities, sections (covering ``original``) and meta of a Doc, in original offsets."""
    return _entity_dicts(doc, prepared), _section_dicts(doc, prepared, original), dict(doc._.meta or {})


def assemble_record(
    record_id: str | None,
    original: str,
    ents: list[dict[str, Any]],
    sections: list[dict[str, Any]],
    meta: dict[str, Any],
) -> dict[str, Any]:
    """The record from its parts in original offsets, with what is derived from them
    (commitments by party, checks); also used to join the pieces of a long report."""
    record = {
        "id": record_id,
        "text": original,
        "entities": ents,
        "sections": sections,
        "meta": meta,
    }
    record["commitments_by_party"] = commitments_by_party(original, ents)
    record["checks"] = report_checks(record)
    return record


def commitments_by_party(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per COMMITMENT of a record: who (PARTY text and index), what, how much."""
    rows = []
    for ent in entities:
        if ent.get("label") != "COMMITMENT":
            continue
        attrs = ent.get("attrs") or {}
        index = attrs.get("party")
        party = entities[index] if isinstance(index, int) and 0 <= index < len(entities) else None
        if party is not None and party.get("label") != "PARTY":
            party = None
        rows.append(
            {
                "party": text[party["start"] : party["end"]] if party else None,
                "party_index": index if party else None,
                "metric": attrs.get("metric"),
                "value": attrs.get("value"),
                "value_max": attrs.get("value_max"),
                "unit": attrs.get("unit"),
                "kind": attrs.get("kind"),
                "start": ent["start"],
                "end": ent["end"],
            }
        )
    return rows


def _map_span(prepared: PreparedText | None, start: int, end: int) -> tuple[int, int]:
    return (start, end) if prepared is None else prepared.to_original(start, end)


def _entity_dicts(doc: Doc, prepared: PreparedText | None) -> list[dict[str, Any]]:
    spans = entities(doc)
    bounds = _char_bounds(doc, spans)
    labels = [span.label_ for span in spans]
    index_of = {b: i for i, (b, label) in enumerate(zip(bounds, labels, strict=True)) if label == "PARTY"}
    out = []
    for span, label, (start, end) in zip(spans, labels, bounds, strict=True):
        attrs = dict(span._.attrs or {})
        if label == "COMMITMENT" and attrs.get("party") is not None:
            attrs["party"] = index_of.get(tuple(attrs["party"]))
        start, end = _map_span(prepared, start, end)
        out.append({"start": start, "end": end, "label": label, "attrs": attrs})
    return out


def _char_bounds(doc: Doc, spans: list[Span]) -> list[tuple[int, int]]:
    """(start_char, end_char) of each span, read from the token offsets in one array
    (``Span.start_char`` builds a Token on every access)."""
    if not spans:
        return []
    starts, lengths = (column.tolist() for column in token_bounds(doc))
    return [(starts[s.start], starts[s.end - 1] + lengths[s.end - 1]) for s in spans]


def _section_dicts(doc: Doc, prepared: PreparedText | None, original: str) -> list[dict[str, Any]]:
    spans = list(doc.spans.get(SECTION_GROUP, []))
    if not spans:
        return []
    bounds = [(s.start_char, s.end_char) for s in spans]
    headings = span_values(doc, "heading", bounds)
    starts = [0] + [_map_boundary(prepared, start) for start, _ in bounds[1:]]
    first_heading = next((i for i, h in enumerate(headings) if h is not None), len(spans))
    for i in range(first_heading + 1, len(spans)):
        # a section without a heading after one with a heading: signature, date, page noise
        if headings[i] is None and prepared is not None:
            starts[i] = _take_removed_junk(prepared, original, bounds[i][0], starts[i])
    ends = [*starts[1:], len(original)]
    parts = zip(
        spans,
        starts,
        ends,
        headings,
        span_values(doc, "section_prob", bounds),
        span_values(doc, "subsections", bounds),
        strict=True,
    )
    out = []
    for span, start, end, heading, prob, subsections in parts:
        attrs = {"heading": heading, "prob": prob}
        subs = [
            {
                **sub,
                "start": _map_boundary(prepared, sub["start"]),
                "end": _map_boundary(prepared, sub["end"]),
            }
            for sub in (subsections or [])
        ]
        attrs["subsections"] = subs
        out.append({"start": start, "end": end, "label": span.label_, "attrs": attrs})
    return out


def _take_removed_junk(prepared: PreparedText, original: str, clean_pos: int, start: int) -> int:
    """Move an end block's start back over text that cleaning removed just before it (a
    style block or script between the last paragraph and the signature): the first
    non-space original character after the last kept non-space character."""
    clean = prepared.text
    k = clean_pos - 1
    while k >= 0 and clean[k].isspace():
        k -= 1
    pos = prepared.ends[k] if k >= 0 else 0
    while pos < start and original[pos].isspace():
        pos += 1
    return min(pos, start)


def _map_boundary(prepared: PreparedText | None, pos: int) -> int:
    return pos if prepared is None else prepared.boundary_to_original(pos)


def error_record(record_id: str | None, text: object, error: str) -> dict[str, Any]:
    """The record of a report that failed, so that a batch keeps one record per input: every
    key present and empty, ``error`` saying why ("ExceptionType: message"). Lone surrogates,
    which cannot be written as UTF-8, are kept as U+FFFD (one for one, offsets unchanged)."""
    kept = _SURROGATE.sub("\ufffd", text) if isinstance(text, str) else ""
    return {
        "id": record_id,
        "text": kept,
        "entities": [],
        "sections": [],
        "meta": {},
        "commitments_by_party": [],
        "checks": {},
        "error": error,
    }


_SURROGATE = re.compile("[\ud800-\udfff]")
