"""Report-level checks a reviewing office asks first: missing parts, wrong citations."""

from __future__ import annotations

from typing import Any

from rulegov_nlp.sections.keywords import SUBSECTION_ITEMS, items_named
from rulegov_nlp.vocabulary import BODY_LABELS, MANDATED_SECTIONS


def missing_sections(labels: list[str], sections: list[dict[str, Any]] | None = None) -> list[str]:
    """Mandated parts (督察工作规定) that no section carries. With the sections, a part also
    counts when a heading names it next to its own label (三、存在问题和下一步打算 covers
    shortcomings and plans) or a subsection is headed with it (（二）存在的问题)."""
    present = set(labels)
    for section in sections or []:
        present.update(covered_items(section))
    return [label for label in MANDATED_SECTIONS if label not in present]


def covered_items(section: dict[str, Any]) -> set[str]:
    """Mandated parts a section covers beyond its label, read from its headings."""
    if section["label"] not in MANDATED_SECTIONS:
        return set()
    attrs = section.get("attrs") or {}
    in_heading = set(items_named(attrs.get("heading") or ""))
    named = in_heading if section["label"] in in_heading else set()
    for sub in attrs.get("subsections") or []:
        named.update(items_named(sub.get("heading") or "", SUBSECTION_ITEMS))
    return named & set(MANDATED_SECTIONS)


def section_shares(sections: list[dict[str, Any]]) -> dict[str, float]:
    """Each label's share of the report body (header and trailing matter excluded)."""
    body = [s for s in sections if s["label"] in BODY_LABELS]
    total = sum(s["end"] - s["start"] for s in body)
    shares = dict.fromkeys(BODY_LABELS, 0.0)
    for s in body:
        shares[s["label"]] += (s["end"] - s["start"]) / total if total else 0.0
    return {k: round(v, 4) for k, v in shares.items()}


def law_check_reason(attrs: dict[str, Any]) -> str | None:
    """Why a LAW needs a second look: ``misspelling`` when it links to no known name but one
    scores close (治安管理法 → 治安管理处罚法), ``not_in_catalogue`` when nothing does (a
    local policy the gazetteer lacks), None when it links."""
    if attrs.get("known") is not False:
        return None
    return "misspelling" if attrs.get("suggestion") else "not_in_catalogue"


def unknown_laws(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Cited instruments that link to no known name, with the closest known one; the keys
    are the entity's own (``suggestion_score``) and ``reason`` separates misspellings."""
    text = record["text"]
    rows = []
    for ent in record["entities"]:
        attrs = ent["attrs"]
        reason = law_check_reason(attrs) if ent["label"] == "LAW" else None
        if reason:
            rows.append(
                {
                    "text": text[ent["start"] : ent["end"]],
                    "start": ent["start"],
                    "end": ent["end"],
                    "reason": reason,
                    "suggestion": attrs.get("suggestion"),
                    "suggestion_score": attrs.get("suggestion_score"),
                }
            )
    return rows


# Units whose amounts can be negative: a share (增长−3%) and money (a deficit); a count of
# cases, people or days cannot.
SIGNED_UNITS = ("%", "元")


def value_flags(record: dict[str, Any]) -> list[dict[str, Any]]:
    """COMMITMENT values a reader should check, kept as found: a value too large for a float
    (written as null), a rate (…率) above 100%, a negative count."""
    flags = []
    for i, ent in enumerate(record["entities"]):
        attrs = ent["attrs"]
        if ent["label"] != "COMMITMENT":
            continue
        value = attrs.get("value")
        if value is None:
            flags.append({"entity": i, "reason": "not_finite"})
        elif attrs.get("unit") == "%" and value > 100 and "率" in (attrs.get("metric") or ""):
            flags.append({"entity": i, "reason": "rate_above_100"})
        elif value < 0 and not str(attrs.get("unit")).endswith(SIGNED_UNITS):
            flags.append({"entity": i, "reason": "negative"})
    return flags


def report_checks(record: dict[str, Any]) -> dict[str, Any]:
    labels = [s["label"] for s in record["sections"]]
    missing = missing_sections(labels, record["sections"]) if labels else list(MANDATED_SECTIONS)
    return {
        "missing_sections": missing,
        "complete": bool(labels) and not missing,
        "section_shares": section_shares(record["sections"]),
        "unknown_laws": unknown_laws(record),
        "value_flags": value_flags(record),
    }
