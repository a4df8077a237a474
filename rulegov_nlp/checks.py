"""Report-level checks a reviewing office asks first: missing parts, wrong citations."""

from __future__ import annotations

from typing import Any

MANDATED_SECTIONS = ("measures", "shortcomings", "leadership", "plans")
BODY_LABELS = ("preamble", *MANDATED_SECTIONS)


def missing_sections(labels: list[str]) -> list[str]:
    """Mandated parts (督察工作规定) that no section carries."""
    present = set(labels)
    return [label for label in MANDATED_SECTIONS if label not in present]


def section_shares(sections: list[dict[str, Any]]) -> dict[str, float]:
    """Each label's share of the report body (header and trailing matter excluded)."""
    body = [s for s in sections if s["label"] in BODY_LABELS]
    total = sum(s["end"] - s["start"] for s in body)
    shares = dict.fromkeys(BODY_LABELS, 0.0)
    for s in body:
        shares[s["label"]] += (s["end"] - s["start"]) / total if total else 0.0
    return {k: round(v, 4) for k, v in shares.items()}


def unknown_laws(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Cited instruments that link to no known name, with the closest known one."""
    text = record["text"]
    rows = []
    for ent in record["entities"]:
        attrs = ent["attrs"]
        if ent["label"] == "LAW" and attrs.get("known") is False:
            rows.append(
                {
                    "text": text[ent["start"] : ent["end"]],
                    "start": ent["start"],
                    "end": ent["end"],
                    "suggestion": attrs.get("suggestion"),
                    "score": attrs.get("suggestion_score"),
                }
            )
    return rows


def report_checks(record: dict[str, Any]) -> dict[str, Any]:
    labels = [s["label"] for s in record["sections"]]
    return {
        "missing_sections": missing_sections(labels) if labels else list(MANDATED_SECTIONS),
        "complete": bool(labels) and not missing_sections(labels),
        "section_shares": section_shares(record["sections"]),
        "unknown_laws": unknown_laws(record),
    }
