"""Scoring predicted records against gold records (the scorer behind `rulegov evaluate`).

Definitions (docs/evaluation.md repeats them):
- exact match: same label, start and end; each gold span matches at most one prediction,
  so a duplicated prediction is a false positive.
- overlap match: same label and at least one shared character; pairs are matched one to
  one greedily, largest overlap first.
- attribute accuracy: over exactly matched pairs whose gold carries the attribute.
- section char accuracy: share of characters whose predicted section label equals the gold
  one; section accuracy: share of gold sections with a predicted section of the same
  start, end and label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rulegov_nlp.corpus.records import RecordError, read_records
from rulegov_nlp.vocabulary import ENTITY_LABELS

SCORED_ATTRS = {
    "LAW": ("kind",),
    "COMMITMENT": ("value", "unit", "approx", "comparator", "kind"),
    "PARTY": ("type",),
}
Predictor = Callable[[list[str]], list[dict[str, Any]]]


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def _spans(record: dict[str, Any], label: str) -> list[dict[str, Any]]:
    return [e for e in record.get("entities", []) if e["label"] == label]


def match_exact(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """(gold index, pred index) pairs with identical offsets, each gold used once."""
    free: dict[tuple[int, int], list[int]] = {}
    for gi, g in enumerate(gold):
        free.setdefault((g["start"], g["end"]), []).append(gi)
    pairs = []
    for pi, p in enumerate(pred):
        slots = free.get((p["start"], p["end"]))
        if slots:
            pairs.append((slots.pop(0), pi))
    return pairs


def match_overlap(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans, largest overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if shared > 0:
                candidates.append((-shared, gi, pi))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def attr_equal(name: str, gold: Any, pred: Any) -> bool:
    if name in ("value", "value_max") and isinstance(gold, int | float) and isinstance(pred, int | float):
        return abs(gold - pred) <= 1e-6 * max(1.0, abs(gold))
    return gold == pred


class _Tally:
    """Counts accumulated over documents for one label."""

    def __init__(self, label: str, attrs: Sequence[str] | None = None):
        self.label = label
        self.exact = Counter()
        self.overlap = Counter()
        self.attrs = {a: Counter() for a in (SCORED_ATTRS[label] if attrs is None else attrs)}

    def add(self, gold: list[dict], pred: list[dict]) -> tuple[set[int], set[int]]:
        exact = match_exact(gold, pred)
        overlap = match_overlap(gold, pred)
        self.exact.update(tp=len(exact), fp=len(pred) - len(exact), fn=len(gold) - len(exact))
        self.overlap.update(tp=len(overlap), fp=len(pred) - len(overlap), fn=len(gold) - len(overlap))
        for gi, pi in exact:
            g_attrs, p_attrs = gold[gi].get("attrs", {}), pred[pi].get("attrs", {})
            for name, counter in self.attrs.items():
                if name in g_attrs:
                    counter["total"] += 1
                    counter["correct"] += attr_equal(name, g_attrs[name], p_attrs.get(name))
        return {g for g, _ in exact}, {p for _, p in exact}

    def result(self) -> dict[str, Any]:
        attrs = {
            name: {
                "correct": c["correct"],
                "total": c["total"],
                "accuracy": c["correct"] / c["total"] if c["total"] else None,
            }
            for name, c in self.attrs.items()
        }
        return {
            "exact": prf(self.exact["tp"], self.exact["fp"], self.exact["fn"]),
            "overlap": prf(self.overlap["tp"], self.overlap["fp"], self.overlap["fn"]),
            "attrs": attrs,
        }


def _char_labels(sections: list[dict], length: int) -> list[str | None]:
    labels: list[str | None] = [None] * length
    for s in sections:
        for i in range(max(0, s["start"]), min(length, s["end"])):
            labels[i] = s["label"]
    return labels


class _SectionTally:
    def __init__(self) -> None:
        self.chars = Counter()
        self.sections = Counter()
        self.confusion: dict[str, Counter] = {}
        self.docs = 0

    def add(self, gold: dict[str, Any], pred: dict[str, Any]) -> None:
        gold_secs = gold.get("sections") or []
        if not gold_secs:
            return
        self.docs += 1
        length = len(gold["text"])
        g_chars = _char_labels(gold_secs, length)
        p_chars = _char_labels(pred.get("sections") or [], length)
        for g, p in zip(g_chars, p_chars, strict=True):
            if g is None:
                continue
            self.chars["total"] += 1
            self.chars["correct"] += g == p
            self.confusion.setdefault(g, Counter())[p or "none"] += 1
        predicted = {(s["start"], s["end"], s["label"]) for s in pred.get("sections") or []}
        for s in gold_secs:
            self.sections["total"] += 1
            self.sections["correct"] += (s["start"], s["end"], s["label"]) in predicted

    def result(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "char_accuracy": self.chars["correct"] / self.chars["total"] if self.chars["total"] else None,
            "section_accuracy": (
                self.sections["correct"] / self.sections["total"] if self.sections["total"] else None
            ),
            "sections_correct": self.sections["correct"],
            "sections_total": self.sections["total"],
            "confusion": {g: dict(c) for g, c in sorted(self.confusion.items())},
        }


SCORED_META = ("year", "level")


def _meta_scores(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy of the grouping keys over gold records that state them."""
    scores = {}
    for name in SCORED_META:
        pairs = [
            (g.get("meta", {}).get(name), p.get("meta", {}).get(name))
            for g, p in zip(gold, pred, strict=True)
        ]
        pairs = [(g, p) for g, p in pairs if g is not None]
        correct = sum(g == p for g, p in pairs)
        scores[name] = {
            "correct": correct,
            "total": len(pairs),
            "accuracy": correct / len(pairs) if pairs else None,
        }
    return scores


def select_records(records: list[dict[str, Any]], subset: str | None) -> list[dict[str, Any]]:
    """A fixed part of a gold set, by a rule on the record id's number: ``a`` (even, and ids
    without a number) and ``b`` (odd) are the two development halves; ``from:N`` / ``below:N``
    cut by number (realdev ids from 200 up are the second batch)."""
    if not subset:
        return records

    def number(record: dict[str, Any]) -> int | None:
        digits = "".join(ch for ch in str(record.get("id", "")) if ch.isdigit())
        return int(digits) if digits else None

    kind, _, value = subset.partition(":")
    tests = {
        "a": lambda n: n is None or n % 2 == 0,
        "b": lambda n: n is not None and n % 2 == 1,
        "from": lambda n: n is not None and n >= int(value),
        "below": lambda n: n is not None and n < int(value),
    }
    if kind not in tests:
        raise ValueError(f"unknown subset {subset!r}: use a, b, from:N or below:N")
    return [r for r in records if tests[kind](number(r))]


def evaluate(
    gold: Sequence[dict[str, Any]],
    pred: Sequence[dict[str, Any]],
    errors: int = 0,
    scored_attrs: dict[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Scores for predicted records against gold records, paired by position.

    ``scored_attrs`` names the attributes to score per label where it differs from
    ``SCORED_ATTRS`` (a gold set that carries the extractor's extras, such as PARTY's level
    and place in benchmarks/party_openings)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold records but {len(pred)} predictions")
    scored_attrs = scored_attrs or {}
    tallies = {label: _Tally(label, scored_attrs.get(label)) for label in ENTITY_LABELS}
    sections = _SectionTally()
    examples: dict[str, dict[str, list]] = {label: {"fp": [], "fn": []} for label in ENTITY_LABELS}
    for g_rec, p_rec in zip(gold, pred, strict=True):
        for label, tally in tallies.items():
            g_spans, p_spans = _spans(g_rec, label), _spans(p_rec, label)
            g_hit, p_hit = tally.add(g_spans, p_spans)
            if errors:
                _collect(
                    examples[label]["fn"], g_rec, [s for i, s in enumerate(g_spans) if i not in g_hit], errors
                )
                _collect(
                    examples[label]["fp"], g_rec, [s for i, s in enumerate(p_spans) if i not in p_hit], errors
                )
        sections.add(g_rec, p_rec)
    labels = {label: t.result() for label, t in tallies.items()}
    micro = {
        kind: prf(*(sum(labels[lab][kind][k] for lab in ENTITY_LABELS) for k in ("tp", "fp", "fn")))
        for kind in ("exact", "overlap")
    }
    result = {
        "docs": len(gold),
        "labels": labels,
        "micro": micro,
        "sections": sections.result(),
        "meta": _meta_scores(gold, pred),
    }
    if errors:
        result["errors"] = examples
    return result


def _collect(bucket: list, record: dict[str, Any], spans: list[dict], limit: int) -> None:
    text = record["text"]
    for s in spans:
        if len(bucket) >= limit:
            return
        bucket.append(
            {
                "id": record.get("id"),
                "start": s["start"],
                "end": s["end"],
                "text": text[s["start"] : s["end"]],
                "context": text[max(0, s["start"] - 20) : s["end"] + 20].replace("\n", " "),
                "attrs": s.get("attrs", {}),
            }
        )


def pipeline_predictor(nlp) -> Predictor:
    from rulegov_nlp import extract_many

    return lambda texts: list(extract_many(texts, nlp=nlp))


def evaluate_paths(
    gold_paths: Iterable[str | Path],
    nlp=None,
    predictor: Predictor | None = None,
    errors: int = 0,
    subset: str | None = None,
) -> dict[str, Any]:
    """Run the pipeline (or ``predictor``) over gold record files/folders and score it."""
    gold = [record for _, record in read_records(gold_paths)]
    if not gold:  # scores over nothing would read as a perfect or empty result
        raise RecordError(", ".join(map(str, gold_paths)), "no gold records found (.jsonl/.json files)")
    gold = select_records(gold, subset)
    predictor = predictor or pipeline_predictor(nlp)
    pred = predictor([g["text"] for g in gold])
    result = evaluate(gold, pred, errors=errors)
    result["gold"] = [str(p) for p in gold_paths]
    return result


def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_report(result: dict[str, Any]) -> str:
    """A plain-text report of a result from :func:`evaluate`."""
    lines = [
        f"documents: {result['docs']}",
        "",
        "label        exact P/R/F1           overlap P/R/F1         n_gold",
    ]
    for label, r in [*result["labels"].items(), ("micro", result["micro"])]:
        e, o = r["exact"], r["overlap"]
        lines.append(
            f"{label:<12} {_pct(e['precision'])} {_pct(e['recall'])} {_pct(e['f1'])}    "
            f"{_pct(o['precision'])} {_pct(o['recall'])} {_pct(o['f1'])}    {e['tp'] + e['fn']}"
        )
    lines += ["", "attribute accuracy on exact matches"]
    for label, r in result["labels"].items():
        parts = [f"{n}={_pct(c['accuracy'])} ({c['correct']}/{c['total']})" for n, c in r["attrs"].items()]
        lines.append(f"  {label:<11} " + "  ".join(parts))
    s = result["sections"]
    lines += [
        "",
        f"sections ({s['docs']} docs): char accuracy {_pct(s['char_accuracy'])}, "
        f"section accuracy {_pct(s['section_accuracy'])} ({s['sections_correct']}/{s['sections_total']})",
    ]
    meta = result.get("meta") or {}
    if meta:
        lines.append(
            "meta: "
            + "  ".join(f"{n} {_pct(c['accuracy'])} ({c['correct']}/{c['total']})" for n, c in meta.items())
        )
    if s["confusion"]:
        cols = sorted({p for row in s["confusion"].values() for p in row})
        lines.append("  gold \\ pred  " + " ".join(f"{c[:8]:>8}" for c in cols))
        for g, row in s["confusion"].items():
            lines.append(f"  {g:<12} " + " ".join(f"{row.get(c, 0):>8}" for c in cols))
    for label, ex in result.get("errors", {}).items():
        for kind in ("fp", "fn"):
            for item in ex[kind]:
                lines.append(f"{label} {kind.upper()} [{item['id']}] {item['text']!r} … {item['context']}")
    return "\n".join(lines)
