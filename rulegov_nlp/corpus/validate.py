"""Checking records against the annotation contract, reporting every problem."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rulegov_nlp.corpus.records import RecordError, iter_file, record_files
from rulegov_nlp.vocabulary import (
    COMMITMENT_KINDS,
    COMPARATORS,
    DIVISION_LEVELS,
    DOCUMENT_KINDS,
    ENTITY_LABELS,
    LAW_KINDS,
    PARTY_LEVELS,
    PARTY_TYPES,
    SECTION_LABELS,
)


@dataclass(frozen=True)
class Problem:
    path: str
    record_id: str
    reason: str


def validate_record(record: dict[str, Any]) -> list[str]:
    """Reasons why one record breaks the contract (empty when it is valid)."""
    problems = _shape_problems(record) + _non_finite_problems(record)
    if problems:
        return problems
    text = record["text"]
    for i, ent in enumerate(record["entities"]):
        problems.extend(f"entity {i}: {p}" for p in _entity_problems(ent, text))
    problems.extend(_overlap_problems(record["entities"]))
    problems.extend(_meta_problems(record.get("meta")))
    problems.extend(_section_problems(record.get("sections") or [], len(text)))
    return problems


def _shape_problems(record: dict[str, Any]) -> list[str]:
    problems = []
    if not isinstance(record.get("text"), str):
        problems.append("missing or non-string 'text'")
    if not isinstance(record.get("entities"), list):
        problems.append("missing or non-list 'entities'")
    if "sections" in record and not isinstance(record["sections"], list):
        problems.append("'sections' is not a list")
    if "id" not in record:
        problems.append("missing 'id'")
    return problems


def _offsets_problems(item: dict[str, Any], length: int) -> list[str]:
    start, end = item.get("start"), item.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return ["start/end must be integers"]
    if not 0 <= start < end <= length:
        return [f"offsets [{start}, {end}) out of range for text of length {length}"]
    return []


def _entity_problems(ent: dict[str, Any], text: str) -> list[str]:
    problems = _offsets_problems(ent, len(text))
    label, attrs = ent.get("label"), ent.get("attrs", {})
    if label not in ENTITY_LABELS:
        problems.append(f"unknown label {label!r}")
    if not isinstance(attrs, dict):
        return [*problems, "attrs must be an object"]
    if not problems:
        span = text[ent["start"] : ent["end"]]
        if span != span.strip():
            problems.append(f"span {span!r} starts or ends with whitespace")
        if "span_text" in ent and ent["span_text"] != span:
            problems.append(f"span_text {ent['span_text']!r} differs from text {span!r}")
    if label == "LAW" and attrs.get("kind") not in LAW_KINDS:
        problems.append(f"LAW kind {attrs.get('kind')!r} not in {sorted(LAW_KINDS)}")
    if label == "PARTY" and attrs.get("type") not in PARTY_TYPES:
        problems.append(f"PARTY type {attrs.get('type')!r} not in {sorted(PARTY_TYPES)}")
    if label == "PARTY":
        problems.extend(_party_problems(attrs))
    if label == "COMMITMENT":
        problems.extend(_commitment_problems(attrs))
    return problems


def _party_problems(attrs: dict[str, Any]) -> list[str]:
    """The extractor's placement attributes, where present (gold keeps only ``type``)."""
    problems = []
    if "level" in attrs and attrs["level"] not in PARTY_LEVELS:
        problems.append(f"PARTY level {attrs['level']!r} not in {sorted(PARTY_LEVELS)}")
    if attrs.get("division_code") is not None and not _is_division_code(attrs["division_code"]):
        problems.append(f"PARTY division_code {attrs['division_code']!r} is not 12 digits")
    if "place_inferred" in attrs and not isinstance(attrs["place_inferred"], bool):
        problems.append(f"PARTY place_inferred {attrs['place_inferred']!r} is not a boolean")
    for name in ("place", "canonical"):
        if attrs.get(name) is not None and not isinstance(attrs[name], str):
            problems.append(f"PARTY {name} {attrs[name]!r} is not a string")
    return problems


def _meta_problems(meta: Any) -> list[str]:
    """``kind``: report or plan, when present; ``issuer_division``: {"code", "level", "name"} or null."""
    kind = meta.get("kind") if isinstance(meta, dict) else None
    problems = (
        [] if kind is None or kind in DOCUMENT_KINDS else [f"meta kind {kind!r} not in {DOCUMENT_KINDS}"]
    )
    division = meta.get("issuer_division") if isinstance(meta, dict) else None
    if division is None:
        return problems
    if not isinstance(division, dict) or set(division) != {"code", "level", "name"}:
        return [*problems, "meta issuer_division must be an object with code, level and name"]
    if division["level"] not in DIVISION_LEVELS:
        problems.append(f"meta issuer_division level {division['level']!r} not in {sorted(DIVISION_LEVELS)}")
    if division["code"] is not None and not _is_division_code(division["code"]):
        problems.append(f"meta issuer_division code {division['code']!r} is not 12 digits")
    return problems


def _is_division_code(code: Any) -> bool:
    return isinstance(code, str) and len(code) == 12 and code.isdigit()


def _commitment_problems(attrs: dict[str, Any]) -> list[str]:
    problems = []
    if attrs.get("kind") not in COMMITMENT_KINDS:
        problems.append(f"COMMITMENT kind {attrs.get('kind')!r} not achieved/target")
    for key in ("value", "value_max"):
        problems.extend(_number_problems(key, attrs))
    if attrs.get("comparator") is not None and attrs["comparator"] not in COMPARATORS:
        problems.append(f"COMMITMENT comparator {attrs.get('comparator')!r} not ge/gt/le/lt/null")
    if "approx" in attrs and not isinstance(attrs["approx"], bool):
        problems.append(f"COMMITMENT approx {attrs['approx']!r} is not a boolean")
    return problems


def _number_problems(key: str, attrs: dict[str, Any]) -> list[str]:
    """A COMMITMENT number or null (a value too large for a float is written as null)."""
    value = attrs.get(key)
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return []
    return [f"COMMITMENT {key} {value!r} is not a number"]


def _non_finite_problems(item: Any, path: str = "record") -> list[str]:
    """NaN and Infinity anywhere in the record: Python's json writes and reads them, but
    they are not JSON and other readers reject the whole file."""
    if isinstance(item, float) and not math.isfinite(item):
        return [f"{path} is {item!r}, not valid JSON"]
    if isinstance(item, dict):
        return [p for key, value in item.items() for p in _non_finite_problems(value, f"{path}.{key}")]
    if isinstance(item, list):
        return [p for i, value in enumerate(item) for p in _non_finite_problems(value, f"{path}[{i}]")]
    return []


def _overlap_problems(ents: list[dict[str, Any]]) -> list[str]:
    problems = []
    by_label: dict[str, list[tuple[int, int]]] = {}
    for ent in ents:
        if isinstance(ent.get("start"), int) and isinstance(ent.get("end"), int):
            by_label.setdefault(ent.get("label"), []).append((ent["start"], ent["end"]))
    for label, spans in by_label.items():
        spans.sort()
        for (s1, e1), (s2, e2) in itertools.pairwise(spans):
            if s2 < e1:
                problems.append(f"{label} spans [{s1}, {e1}) and [{s2}, {e2}) overlap")
    return problems


def _section_problems(sections: list[dict[str, Any]], length: int) -> list[str]:
    if not sections:
        return []
    problems = []
    for i, sec in enumerate(sections):
        problems.extend(f"section {i}: {p}" for p in _offsets_problems(sec, length))
        if sec.get("label") not in SECTION_LABELS:
            problems.append(f"section {i}: unknown label {sec.get('label')!r}")
    ordered = sorted(
        (s for s in sections if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)),
        key=lambda s: s["start"],
    )
    if ordered and ordered[0]["start"] != 0:
        problems.append(f"sections start at {ordered[0]['start']}, not 0")
    for a, b in itertools.pairwise(ordered):
        if b["start"] < a["end"]:
            problems.append(f"sections [{a['start']}, {a['end']}) and [{b['start']}, {b['end']}) overlap")
        elif b["start"] > a["end"]:
            problems.append(f"gap between sections at [{a['end']}, {b['start']})")
    if ordered and ordered[-1]["end"] != length:
        problems.append(f"sections end at {ordered[-1]['end']}, not at the text end {length}")
    return problems


def validate_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in every record of the given files and folders."""
    problems: list[Problem] = []
    try:
        files = record_files(paths)
    except RecordError as exc:
        return [Problem(exc.source, "-", exc.reason)]
    for path in files:
        for source, item in iter_file(path):
            if isinstance(item, RecordError):
                problems.append(Problem(item.source, "-", item.reason))
                continue
            rid = str(item.get("id", "-"))
            problems.extend(Problem(source, rid, reason) for reason in validate_record(item))
    return problems
