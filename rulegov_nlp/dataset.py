"""Records as a Hugging Face ``datasets.Dataset`` with typed features, and the batch function
for ``Dataset.map(…, batched=True, num_proc=N)``.

A Features struct is one type for every row, so each entity's ``attrs`` is the union of the
labels' attributes (tables.ENTITY_ATTRIBUTES: LAW rows have null ``value``, COMMITMENT rows
null ``canonical``…). Keys this version does not know are kept as JSON in ``other``, never
dropped. The corpus loader (rulegov_nlp.corpus) keeps gold ``attrs`` as JSON instead: gold
records carry only ``kind``/``type``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rulegov_nlp.checks import BODY_LABELS
from rulegov_nlp.tables import ENTITY_ATTRIBUTES

OTHER = "other"  # JSON of the keys a struct does not declare, else null
VALUE_TYPES = {"string": "string", "Int64": "int64", "Float64": "float64", "boolean": "bool"}


def _entity_attrs_spec() -> dict[str, str]:
    spec: dict[str, str] = {}
    for attributes in ENTITY_ATTRIBUTES.values():
        for key, dtype in attributes.items():
            if spec.setdefault(key, dtype) != dtype:
                raise TypeError(f"attribute {key!r} has two types: {spec[key]} and {dtype}")
    return {**spec, OTHER: "string"}


SPAN = {"start": "Int64", "end": "Int64", "label": "string"}
SUBSECTION = {"start": "Int64", "end": "Int64", "heading": "string", "level": "string"}
META_KEYS = ("title", "issuer", "level", "index_no", "doc_no", "topic", "published", "written", "validity")
RECORD_SPEC: dict[str, Any] = {
    "id": "string",
    "path": "string",
    "text": "string",
    "error": "string",
    "warnings": ["string"],
    "meta": {
        **dict.fromkeys(META_KEYS, "string"),
        "year": "Int64",
        "issuer_division": {"code": "string", "level": "string", "name": "string"},
        OTHER: "string",
    },
    "entities": [{**SPAN, "attrs": _entity_attrs_spec()}],
    "sections": [
        {
            **SPAN,
            "attrs": {
                "heading": "string",
                "prob": "Float64",
                "subsections": [{**SUBSECTION, OTHER: "string"}],
            },
        }
    ],
    "commitments_by_party": [
        {
            "party": "string",
            "party_index": "Int64",
            "metric": "string",
            "value": "Float64",
            "value_max": "Float64",
            "unit": "string",
            "kind": "string",
            "start": "Int64",
            "end": "Int64",
        }
    ],
    "checks": {
        "missing_sections": ["string"],
        "complete": "boolean",
        "section_shares": dict.fromkeys(BODY_LABELS, "Float64"),
        "unknown_laws": [
            {
                "text": "string",
                "start": "Int64",
                "end": "Int64",
                "reason": "string",
                "suggestion": "string",
                "suggestion_score": "Float64",
            }
        ],
        OTHER: "string",
    },
}


def record_features():
    """The ``datasets.Features`` of a record (RECORD_SPEC)."""
    from datasets import Features, List, Value

    def build(spec):
        if isinstance(spec, str):
            return Value(VALUE_TYPES[spec])
        if isinstance(spec, list):
            return List(build(spec[0]))
        return {key: build(value) for key, value in spec.items()}

    return Features(build(RECORD_SPEC))


def conform(value: Any, spec: Any) -> Any:
    """``value`` shaped to ``spec``: declared keys (missing ones null), the rest in ``other``."""
    if isinstance(spec, list):
        return [conform(item, spec[0]) for item in value or []]
    if not isinstance(spec, dict):
        return value
    if value is None:
        return None
    out = {key: conform(value.get(key), sub) for key, sub in spec.items() if key != OTHER}
    if OTHER in spec:
        extra = {key: item for key, item in value.items() if key not in spec}
        out[OTHER] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    return out


def to_dataset(records: Iterable[dict[str, Any]]):
    """Records (from ``extract``/``extract_many`` or a .jsonl file) as a typed Dataset."""
    from datasets import Dataset

    rows = [conform(record, RECORD_SPEC) for record in records]
    return Dataset.from_list(rows, features=record_features())


def extract_batch(
    batch: dict[str, list[Any]], text_column: str = "text", id_column: str | None = None
) -> dict[str, list[Any]]:
    """``Dataset.map(extract_batch, batched=True, num_proc=N, features=record_features(),
    remove_columns=ds.column_names)``: the records of a batch as columns. Each process loads
    the pipeline once (``rulegov_nlp``'s cached default pipeline) and reuses it."""
    from rulegov_nlp import extract_many

    texts = batch[text_column]
    ids = [str(i) for i in batch[id_column]] if id_column else None
    rows = [conform(record, RECORD_SPEC) for record in extract_many(texts, ids=ids)]
    return {key: [row[key] for row in rows] for key in RECORD_SPEC}
