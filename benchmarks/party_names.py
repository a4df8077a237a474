"""PARTY on names generated from the state-structure lists: the per-class table for the
closing note of issue 13, and the failures grouped by pattern.

    python benchmarks/party_names.py [--model models/rulegov_zh] [--examples 5] [--json]

The cases are those of ``tests/test_parties_generated.py`` (``tests/party_frames.py``:
central organs and short forms in five frames each, every province's usual organs, a seeded
sample of prefecture, county and township organs), then three sets extracted one sentence
at a time: places opening with a stop character, places in no list, elliptical organs
placed by the reporting unit (an error there is a failure row). Recall is exact span; level, place,
code and type accuracy are among exactly found names; "all right" is the share of the
class's names with span and every attribute right (what the test asserts >= 0.98).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.party_frames import (  # noqa: E402  (after the path insert)
    CLASSES,
    FRAMES,
    SPAN_FAILURES,
    Case,
    ClassScore,
    concept_sentences,
    describe,
    extract_each,
    generated_cases,
    inferred_cases,
    outcome,
    parties,
    score,
    stop_initial_cases,
    unlisted_cases,
)

ATTRIBUTES = ("type", "level", "place", "division_code", "canonical")


def class_row(cls: str, s: ClassScore) -> dict[str, object]:
    row: dict[str, object] = {"class": cls, "names": s.total, "exact": s.exact, "recall": round(s.recall, 4)}
    row.update({f"{key}_acc": round(s.attribute_accuracy(key), 4) for key in ATTRIBUTES[:4]})
    row["all_right"] = round(s.attr_accuracy, 4)
    return row


def frame_rows(cases: list[Case], records: list[dict]) -> list[dict[str, object]]:
    """Exact recall per sentence frame, over all classes: where in a sentence names are lost."""
    rows = []
    for frame in FRAMES:
        pairs = [(c, r) for c, r in zip(cases, records, strict=True) if c.frame == frame.key]
        exact = sum(outcome(c, r) not in SPAN_FAILURES for c, r in pairs)
        rows.append({"frame": frame.key, "names": len(pairs), "recall": round(exact / max(len(pairs), 1), 4)})
    return rows


def grouped_failures(scores: dict[str, ClassScore], examples: int) -> dict[str, dict[str, list[str]]]:
    """Per class, failures by ``outcome / pattern``, most frequent first, a few examples each."""
    out: dict[str, dict[str, list[str]]] = {}
    for cls in scores:
        groups: dict[str, list[str]] = defaultdict(list)
        for case, record in scores[cls].failures:
            groups[f"{outcome(case, record)} / {case.pattern}"].append(describe(case, record))
        ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))
        out[cls] = {f"{key} ({len(lines)})": lines[:examples] for key, lines in ordered}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="pipeline directory (default: the bundled one)")
    parser.add_argument("--examples", type=int, default=5, help="examples per failure group")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args()

    import rulegov_nlp

    nlp = rulegov_nlp.load(args.model)
    cases = generated_cases()
    records = list(rulegov_nlp.extract_many([c.text for c in cases], nlp=nlp, batch_size=256))
    scores = score(cases, records)
    frames = frame_rows(cases, records)
    # names opening with a stop character and places in no list, one sentence at a time
    # (a sentence that raises is a failure of its own)
    for cls, extra in (
        ("stop_initial", stop_initial_cases()),
        ("unlisted", unlisted_cases()),
        ("inferred", inferred_cases()),
    ):
        scores[cls] = score(extra, extract_each(nlp, [c.text for c in extra]))[cls]
    concepts = concept_sentences()
    concept_records = rulegov_nlp.extract_many(concepts, nlp=nlp, batch_size=256)
    marked = [
        {"text": t, "party": [t[e["start"] : e["end"]] for e in parties(r)]}
        for t, r in zip(concepts, concept_records, strict=True)
        if parties(r)
    ]
    rows = [class_row(cls, scores[cls]) for cls in (*CLASSES, "stop_initial", "unlisted", "inferred")]
    failures = grouped_failures(scores, args.examples)
    if args.json:
        concept_summary = {"sentences": len(concepts), "marked": marked}
        summary = {"classes": rows, "frames": frames, "concepts": concept_summary, "failures": failures}
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    header = (
        "class",
        "names",
        "exact",
        "recall",
        "type_acc",
        "level_acc",
        "place_acc",
        "division_code_acc",
        "all_right",
    )
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[h]) for h in header))
    print("\nframe | names | recall")
    for row in frames:
        print(f"{row['frame']} | {row['names']} | {row['recall']}")
    print(f"\nconcept sentences: {len(concepts)}, marked PARTY: {len(marked)}")
    for m in marked:
        print(f"  {m['text']!r} -> {m['party']}")
    for cls, groups in failures.items():
        if groups:
            print(f"\n## {cls}: {len(scores[cls].failures)} failures")
        for key, lines in groups.items():
            print(f"- {key}")
            for line in lines:
                print(f"    {line}")


if __name__ == "__main__":
    main()
