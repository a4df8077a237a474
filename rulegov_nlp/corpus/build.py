"""Building corpus/{train,dev,test}.jsonl from the hand-written markup in corpus/src/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rulegov_nlp.corpus.markup import fill_quantity_attrs, read_markup_file
from rulegov_nlp.corpus.records import write_jsonl

SPLITS = ("train", "dev", "test")


def split_of(record_id: str) -> str:
    """The fixed split: id number ending in 3 -> dev, in 7 -> test, else train."""
    number = int(re.sub(r"\D", "", record_id) or 0)
    return {3: "dev", 7: "test"}.get(number % 10, "train")


def build_corpus(src_dir: Path = Path("corpus/src"), out_dir: Path = Path("corpus")) -> dict[str, int]:
    """Convert every markup file and write one JSONL file per split; returns record counts."""
    by_split: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for path in sorted(Path(src_dir).glob("*.txt")):
        record = fill_quantity_attrs(read_markup_file(path))
        record["meta"].setdefault("source", "written for the corpus")
        by_split[split_of(record["id"])].append(record)
    for split, records in by_split.items():
        records.sort(key=lambda r: r["id"])
        write_jsonl(Path(out_dir) / f"{split}.jsonl", records)
    return {split: len(records) for split, records in by_split.items()}
