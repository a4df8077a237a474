"""Counts for the corpus datasheet: documents, characters, labels and sections per split."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rulegov_nlp.corpus.build import SPLITS
from rulegov_nlp.corpus.records import read_records


def corpus_stats(path: str | Path = "corpus") -> dict[str, dict[str, Any]]:
    """Per split: documents, characters, entity labels and attributes, sections, levels, years, kinds."""
    stats: dict[str, dict[str, Any]] = {}
    for split in SPLITS:
        file = Path(path) / f"{split}.jsonl"
        if not file.exists():
            continue
        records = [r for _, r in read_records([file])]
        ents = [e for r in records for e in r["entities"]]
        stats[split] = {
            "documents": len(records),
            "characters": sum(len(r["text"]) for r in records),
            "labels": dict(Counter(e["label"] for e in ents)),
            "law_kinds": dict(Counter(e["attrs"]["kind"] for e in ents if e["label"] == "LAW")),
            "commitment_kinds": dict(Counter(e["attrs"]["kind"] for e in ents if e["label"] == "COMMITMENT")),
            "party_types": dict(Counter(e["attrs"]["type"] for e in ents if e["label"] == "PARTY")),
            "sections": dict(Counter(s["label"] for r in records for s in r["sections"])),
            "levels": dict(Counter(r["meta"].get("level") for r in records)),
            "years": dict(sorted(Counter(r["meta"].get("year") for r in records).items(), key=str)),
            "doc_kinds": dict(Counter(r["meta"].get("kind", "report") for r in records)),
        }
    return stats
