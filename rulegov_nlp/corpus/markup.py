"""Inline markup for writing annotated reports by hand.

Writing character offsets by hand is error-prone, so corpus reports are written
as plain text with inline markers (see ``corpus/README.md``) and converted to
records by :func:`parse_markup`. Marker syntax::

    #meta {"id": "c001", "level": "township", "year": 2023}   (first line)
    ⟦S:measures⟧             a top-level section starts here
    ⟦L:law|行政处罚法⟧         LAW with its kind
    ⟦P:org|镇党委⟧             PARTY with its type (org | role)
    ⟦C|20余次⟧                COMMITMENT, kind from the section (plans -> target)
    ⟦C:target|不少于12次⟧      COMMITMENT with an explicit kind
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rulegov_nlp.vocabulary import COMMITMENT_KINDS, LAW_KINDS, PARTY_TYPES, SECTION_LABELS

MARKER = re.compile(r"⟦(?P<tag>[SLPC])(?::(?P<arg>[a-z_]+))?(?:\|(?P<body>[^⟦⟧]*))?⟧")


class MarkupError(ValueError):
    """A marker that cannot be turned into a valid annotation."""


def parse_markup(source: str) -> dict[str, Any]:
    """Turn one marked-up report into a record (COMMITMENT attrs filled later)."""
    first, _, body = source.partition("\n")
    if not first.startswith("#meta "):
        raise MarkupError("first line must be '#meta {json}'")
    meta = json.loads(first[len("#meta ") :])
    record_id = meta.pop("id")
    text_parts: list[str] = []
    entities: list[dict[str, Any]] = []
    section_starts: list[tuple[int, str]] = []
    pos = 0
    length = 0
    for m in MARKER.finditer(body):
        text_parts.append(body[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        tag, arg, inner = m.group("tag"), m.group("arg"), m.group("body")
        if tag == "S":
            if arg not in SECTION_LABELS:
                raise MarkupError(f"{record_id}: unknown section label {arg!r}")
            section_starts.append((length, arg))
            continue
        if not inner:
            raise MarkupError(f"{record_id}: empty {tag} marker at {length}")
        entities.append(_entity(record_id, tag, arg, length, inner))
        text_parts.append(inner)
        length += len(inner)
    text_parts.append(body[pos:])
    text = "".join(text_parts)
    if "⟦" in text or "⟧" in text:
        raise MarkupError(f"{record_id}: unbalanced marker near {text.find('⟦')}")
    sections = _sections(record_id, section_starts, len(text))
    _fill_commitment_kinds(entities, sections)
    return {"id": record_id, "text": text, "entities": entities, "sections": sections, "meta": meta}


def _entity(record_id: str, tag: str, arg: str | None, start: int, inner: str) -> dict[str, Any]:
    end = start + len(inner)
    if tag == "L":
        if arg not in LAW_KINDS:
            raise MarkupError(f"{record_id}: LAW kind {arg!r} at {start}")
        return {"start": start, "end": end, "label": "LAW", "attrs": {"kind": arg}}
    if tag == "P":
        if arg not in PARTY_TYPES:
            raise MarkupError(f"{record_id}: PARTY type {arg!r} at {start}")
        return {"start": start, "end": end, "label": "PARTY", "attrs": {"type": arg}}
    if arg is not None and arg not in COMMITMENT_KINDS:
        raise MarkupError(f"{record_id}: COMMITMENT kind {arg!r} at {start}")
    return {"start": start, "end": end, "label": "COMMITMENT", "attrs": {"kind": arg}}


def _sections(record_id: str, starts: list[tuple[int, str]], length: int) -> list[dict[str, Any]]:
    if not starts or starts[0][0] != 0:
        raise MarkupError(f"{record_id}: the first section marker must open the text")
    bounds = [s for s, _ in starts[1:]] + [length]
    return [{"start": s, "end": e, "label": lab} for (s, lab), e in zip(starts, bounds, strict=True)]


def _fill_commitment_kinds(entities: list[dict[str, Any]], sections: list[dict[str, Any]]) -> None:
    for ent in entities:
        if ent["label"] != "COMMITMENT" or ent["attrs"]["kind"]:
            continue
        label = next(s["label"] for s in sections if s["start"] <= ent["start"] < s["end"])
        ent["attrs"]["kind"] = "target" if label == "plans" else "achieved"


def fill_quantity_attrs(record: dict[str, Any]) -> dict[str, Any]:
    """Add value/unit/approx/comparator to gold COMMITMENTs with the library's parser.

    The writer checks each parsed value when reviewing the built corpus; a span the
    parser cannot read is an error in the markup, not a silent gap.
    """
    from rulegov_nlp.commitments.numerals import parse_quantity

    for ent in record["entities"]:
        if ent["label"] != "COMMITMENT":
            continue
        span_text = record["text"][ent["start"] : ent["end"]]
        q = parse_quantity(span_text)
        if q is None:
            raise MarkupError(f"{record['id']}: cannot read quantity {span_text!r} at {ent['start']}")
        ent["attrs"] = {**q.as_attrs(), "kind": ent["attrs"]["kind"]}
    return record


def read_markup_file(path: Path) -> dict[str, Any]:
    return parse_markup(path.read_text(encoding="utf-8"))
