"""PARTY on report openings we wrote ourselves (benchmarks/party_openings/openings.jsonl):
a held-out check of names at every level, from ministries to townships, and of the organ
names in ordinary report sentences. Scored by ``rulegov_nlp.evaluate`` with PARTY's
extractor attributes, overall and per tier of reporting unit.

    python benchmarks/party_openings.py [--batch 1|2|3] [--errors N] [--json]

Batch 1 (ids h…) is the first set of openings; batch 2 (ids b2-…) was written before the second
round of rules and measured untouched, as a check on whether the rules generalise; batch 3
(ids b3-…) was written after session 6 and measured untouched the same way. Without
``--batch`` all are scored together and a line per batch is printed.

The gold is built from ``openings.src.txt`` by ``party_openings/build.py`` (run it after
editing the source); real reports are never copied here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import rulegov_nlp  # noqa: E402  (after the path insert)
from rulegov_nlp.corpus.records import read_records  # noqa: E402
from rulegov_nlp.evaluate import evaluate, match_exact  # noqa: E402

GOLD = ROOT / "benchmarks" / "party_openings" / "openings.jsonl"
ATTRS = ("type", "level", "place", "division_code", "canonical", "place_inferred")
TIERS = ("national", "province", "province-dept", "city", "city-dept", "county", "county-dept", "township")


def party_scores(gold: list[dict], pred: list[dict]) -> dict:
    return evaluate(gold, pred, scored_attrs={"PARTY": ATTRS})["labels"]["PARTY"]


def recall_by_entity_level(gold: list[dict], pred: list[dict]) -> dict[str, tuple[int, int]]:
    """Exact recall of gold spans grouped by their gold ``level``."""
    found, total = Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        gs = [e for e in g["entities"] if e["label"] == "PARTY"]
        ps = [e for e in p["entities"] if e["label"] == "PARTY"]
        hit = {gi for gi, _ in match_exact(gs, ps)}
        for i, e in enumerate(gs):
            total[e["attrs"]["level"]] += 1
            found[e["attrs"]["level"]] += i in hit
    return {lvl: (found[lvl], total[lvl]) for lvl in total}


def context(text: str, span: dict) -> str:
    left, right = text[max(0, span["start"] - 12) : span["start"]], text[span["end"] : span["end"] + 12]
    return f"{left}[{text[span['start'] : span['end']]}]{right}".replace("\n", " ")


def errors(gold: list[dict], pred: list[dict], limit: int) -> list[str]:
    lines = []
    for g, p in zip(gold, pred, strict=True):
        text = g["text"]
        gs = [e for e in g["entities"] if e["label"] == "PARTY"]
        ps = [e for e in p["entities"] if e["label"] == "PARTY"]
        pairs = match_exact(gs, ps)
        hit_g, hit_p = {a for a, _ in pairs}, {b for _, b in pairs}
        for i, e in enumerate(gs):
            if i not in hit_g:
                lines.append(f"FN {g['id']} {text[e['start'] : e['end']]}  | {context(text, e)}")
        for i, e in enumerate(ps):
            if i not in hit_p:
                lines.append(f"FP {g['id']} {text[e['start'] : e['end']]}  | {context(text, e)}")
        for gi, pi in pairs:
            ga, pa = gs[gi]["attrs"], ps[pi]["attrs"]
            wrong = [f"{k}={pa.get(k)!r} (gold {ga[k]!r})" for k in ATTRS if k in ga and ga[k] != pa.get(k)]
            if wrong:
                lines.append(f"AT {g['id']} {text[gs[gi]['start'] : gs[gi]['end']]}: {', '.join(wrong)}")
    return lines[:limit]


def row(name: str, n_docs: int, s: dict) -> str:
    e, o = s["exact"], s["overlap"]
    acc = "  ".join(
        f"{k[:5]}={c['accuracy']:.3f}" if c["accuracy"] is not None else f"{k[:5]}=  -  "
        for k, c in s["attrs"].items()
        if k != "place_inferred"
    )
    return (
        f"{name:<14} {n_docs:>3} {e['tp'] + e['fn']:>4}  {e['precision']:.3f} {e['recall']:.3f} {e['f1']:.3f}"
        f"   {o['precision']:.3f} {o['recall']:.3f} {o['f1']:.3f}   {acc}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--errors", type=int, default=0, help="print up to N span and attribute errors")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--batch", type=int, choices=(1, 2, 3), help="score one batch only")
    args = parser.parse_args()
    gold = [r for _, r in read_records([args.gold])]
    if args.batch:
        gold = [g for g in gold if g["meta"].get("batch", 1) == args.batch]
    pred = list(rulegov_nlp.extract_many([g["text"] for g in gold]))
    overall = party_scores(gold, pred)
    tiers = {}
    for tier in sorted(
        {g["meta"]["tier"] for g in gold}, key=lambda t: (t not in TIERS, TIERS.index(t) if t in TIERS else t)
    ):
        idx = [i for i, g in enumerate(gold) if g["meta"]["tier"] == tier]
        tiers[tier] = (len(idx), party_scores([gold[i] for i in idx], [pred[i] for i in idx]))
    batches = {}
    for b in sorted({g["meta"].get("batch", 1) for g in gold}):
        idx = [i for i, g in enumerate(gold) if g["meta"].get("batch", 1) == b]
        batches[b] = (len(idx), party_scores([gold[i] for i in idx], [pred[i] for i in idx]))
    by_level = recall_by_entity_level(gold, pred)
    if args.json:
        print(
            json.dumps(
                {
                    "overall": overall,
                    "tiers": {t: s for t, (_, s) in tiers.items()},
                    "batches": {str(b): s for b, (_, s) in batches.items()},
                    "recall_by_level": by_level,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    print(
        "PARTY on our report openings (exact P R F1 | overlap P R F1 | attribute accuracy on exact matches)"
    )
    print(f"{'tier':<14} {'doc':>3} {'gold':>4}  exact P R F1          overlap P R F1")
    print(row("all", len(gold), overall))
    if len(batches) > 1:
        for b, (n, s) in batches.items():
            print(row(f"batch {b}", n, s))
    for tier, (n, s) in tiers.items():
        print(row(tier, n, s))
    inferred = overall["attrs"]["place_inferred"]
    print(f"place_inferred accuracy {inferred['accuracy']:.3f} ({inferred['correct']}/{inferred['total']})")
    print(
        "exact recall by gold level: " + "  ".join(f"{k}={f}/{t}" for k, (f, t) in sorted(by_level.items()))
    )
    for line in errors(gold, pred, args.errors):
        print(line)


if __name__ == "__main__":
    main()
