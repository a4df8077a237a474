"""The annotated corpus: loading as a ``datasets.DatasetDict`` and conversion to spaCy DocBins.

Attributes differ per label, so each entity's ``attrs`` is stored as a JSON string in
the dataset (``json.loads`` it back); everything else is typed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rulegov_nlp.corpus.build import SPLITS
from rulegov_nlp.corpus.records import read_records

FEATURES_SPEC = {
    "id": "string",
    "text": "string",
    "entities": [{"start": "int32", "end": "int32", "label": "string", "attrs": "string"}],
    "sections": [{"start": "int32", "end": "int32", "label": "string"}],
    "meta": "string",
}


def features():
    from datasets import Features, Value

    def build(spec):
        if isinstance(spec, str):
            return Value(spec)
        if isinstance(spec, list):
            return [build(spec[0])]
        return {k: build(v) for k, v in spec.items()}

    return Features(build(FEATURES_SPEC))


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(record.get("id")),
        "text": record["text"],
        "entities": [
            {
                "start": e["start"],
                "end": e["end"],
                "label": e["label"],
                "attrs": json.dumps(e.get("attrs", {}), ensure_ascii=False),
            }
            for e in record["entities"]
        ],
        "sections": [
            {"start": s["start"], "end": s["end"], "label": s["label"]} for s in record.get("sections", [])
        ],
        "meta": json.dumps(record.get("meta", {}), ensure_ascii=False),
    }


def load(path: str | Path = "corpus"):
    """The corpus splits (train/dev/test.jsonl present in ``path``) as a DatasetDict."""
    from datasets import Dataset, DatasetDict

    path = Path(path)
    splits = {}
    for split in SPLITS:
        file = path / f"{split}.jsonl"
        if file.exists():
            rows = [to_row(r) for _, r in read_records([file])]
            splits[split] = Dataset.from_list(rows, features=features())
    if not splits:
        raise FileNotFoundError(f"no train/dev/test.jsonl in {path}")
    return DatasetDict(splits)


def to_docbin(records: Iterable[dict[str, Any]], nlp):
    """Gold records as spaCy Docs (entities and sections) in a DocBin."""
    from spacy.tokens import DocBin

    from rulegov_nlp.spans import SECTION_GROUP, EntityCandidate, add_entities, char_spans

    docbin = DocBin(store_user_data=True)
    for record in records:
        doc = nlp.make_doc(record["text"])
        sections = record.get("sections", [])
        doc, section_spans = char_spans(doc, [(s["start"], s["end"], s["label"]) for s in sections])
        doc.spans[SECTION_GROUP] = section_spans
        doc, _ = add_entities(
            doc,
            [
                EntityCandidate(e["start"], e["end"], e["label"], e.get("attrs", {}))
                for e in record["entities"]
            ],
        )
        docbin.add(doc)
    return docbin
