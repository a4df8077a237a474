"""Record snapshots: a SHA-256 of every record the pipeline makes for the corpus, the example,
the seed and realdev, so that a refactor can show it changed no record byte.

Hashes, not records, are kept: realdev and the seed may not be copied into the project.
When a change is meant to change records, regenerate the golden file and commit it with
the change (the diff then names every record that moved):

    python tests/snapshot.py --update
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLDEN = ROOT / "tests" / "snapshots" / "records.json"


def sources(shared: Path = SHARED) -> Iterator[tuple[str, str, str]]:
    """(group, key, text) of every snapshot text; the ../shared groups only when present."""
    from rulegov_nlp.corpus.records import read_records

    for name, record in read_records(sorted((ROOT / "corpus").glob("*.jsonl"))):
        yield "corpus", str(record.get("id") or name), record["text"]
    for path in sorted((ROOT / "examples").glob("*.txt")):
        yield "examples", path.name, path.read_text(encoding="utf-8")
    for path in sorted((shared / "seeds").glob("*.txt")):
        yield "seeds", path.name, path.read_text(encoding="utf-8")
    for path in sorted((shared / "realdev").glob("*.json")):
        yield "realdev", path.name, json.loads(path.read_text(encoding="utf-8"))["text"]


def record_hash(record: dict) -> str:
    """SHA-256 of the record as the CLI writes it (keys sorted, so key order is not compared)."""
    data = json.dumps(record, ensure_ascii=False, sort_keys=True, allow_nan=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def snapshot(nlp=None, shared: Path = SHARED) -> dict[str, dict[str, str]]:
    """Group -> key -> record hash, for the current code."""
    import rulegov_nlp

    nlp = nlp or rulegov_nlp.load()
    out: dict[str, dict[str, str]] = {}
    for group, key, text in sources(shared):
        out.setdefault(group, {})[key] = record_hash(rulegov_nlp.extract(text, nlp=nlp, record_id=key))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="rewrite the golden file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    current = snapshot()
    if args.update:
        if not (SHARED / "realdev").exists():
            sys.exit("../shared is absent: the golden file would lose its realdev and seed hashes")
        GOLDEN.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN} ({sum(map(len, current.values()))} records)")
        return
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    moved = [
        f"{g}/{k}" for g, keys in current.items() for k, h in keys.items() if golden.get(g, {}).get(k) != h
    ]
    print("\n".join(moved) or "all records identical")
    sys.exit(1 if moved else 0)


if __name__ == "__main__":
    main()
