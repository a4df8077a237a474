"""One record as HTML: the report's own characters with entities highlighted and section bands.

Highlighting works on characters and record offsets, never on tokens, so no space is put
between pkuseg tokens (spaCy's span renderer writes "镇党委 理论 学习"). Records from any
source are shown: gold records without checks or attrs, and failed ones with only an error.
"""

from __future__ import annotations

import heapq
import html
import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from rulegov_nlp.checks import report_checks
from rulegov_nlp.textprep import looks_like_html, prepare
from rulegov_nlp.vocabulary import ENTITY_LABELS

# One colour per label, for our view and for displaCy (style="ent" and style="span").
LABEL_COLORS = {"LAW": "#ffd166", "COMMITMENT": "#8ecae6", "PARTY": "#b8e986"}
DISPLACY_OPTIONS: dict[str, Any] = {"spans_key": "entities", "colors": dict(LABEL_COLORS)}

SECTION_NAMES = {
    "header": "header 标题与元数据",
    "preamble": "preamble 导语",
    "measures": "measures 主要举措",
    "shortcomings": "shortcomings 存在的不足",
    "leadership": "leadership 第一责任人履职",
    "plans": "plans 下一步打算",
    "other": "other 其他",
}


@dataclass
class Band:
    """A stretch of the text under one section label."""

    label: str
    heading: str | None
    prob: float | None
    html: Markup


@dataclass
class ReportView:
    """What the report template needs for one record."""

    anchor: str
    record_id: str
    meta: list[tuple[str, str]]
    bands: list[Band]
    counts: dict[str, int]
    missing_sections: list[str]
    complete: bool | None
    misspelled: list[dict[str, Any]]
    not_in_catalogue: list[dict[str, Any]]
    error: str | None = None
    from_html: bool = False


class RenderedReport:
    """One report's view; Jupyter shows it through ``_repr_html_``, ``str()`` gives the HTML."""

    def __init__(self, fragment: str):
        self.html = fragment

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def render(doc_or_record: Any) -> RenderedReport:
    """The one-report view of a spaCy Doc, a record dict or a report text, for a notebook."""
    record = as_record(doc_or_record)
    fragment = (
        templates().get_template("notebook.html").render(view=report_view(record, 0), colors=LABEL_COLORS)
    )
    return RenderedReport(fragment)


def as_record(obj: Any) -> dict[str, Any]:
    """A record from a record dict, a Doc (offsets into ``doc.text``) or a report text."""
    if isinstance(obj, dict):
        return obj
    if isinstance(obj, str):
        from rulegov_nlp import extract

        return extract(obj)
    from spacy.tokens import Doc

    if isinstance(obj, Doc):
        from rulegov_nlp.record import doc_to_record

        return doc_to_record(obj)
    raise TypeError(f"expected a Doc, a record dict or a report text, got {type(obj).__name__}")


@lru_cache(maxsize=1)
def templates():
    """The Jinja2 environment over the package's templates (autoescaped HTML)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("rulegov_nlp.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_view(record: dict[str, Any], index: int) -> ReportView:
    """Everything shown for one record; missing keys (gold or failed records) show as absent."""
    checks = record_checks(record)
    misspelled, not_in_catalogue = unknown_laws(record)
    shown = readable(record)
    text, entities = shown.get("text") or "", shown.get("entities") or []
    return ReportView(
        anchor=report_anchor(index),
        record_id=record_name(record, index),
        meta=meta_items(record.get("meta") or {}),
        bands=bands(text, shown.get("sections") or [], entities),
        counts=label_counts(entities),
        missing_sections=list(checks.get("missing_sections") or []),
        complete=checks.get("complete"),
        misspelled=misspelled,
        not_in_catalogue=not_in_catalogue,
        error=record.get("error"),
        from_html=shown is not record,
    )


def readable(record: dict[str, Any]) -> dict[str, Any]:
    """The record as a reader should see it: an HTML source becomes the text the pipeline read
    (tags, scripts and portal CSS removed, entities decoded), with entity and section offsets
    moved onto it through textprep's offset map. Other records are returned as they are."""
    text = record.get("text") or ""
    if not looks_like_html(text):
        return record
    prepared = prepare(text)

    def moved(item: dict[str, Any]) -> dict[str, Any]:
        start = bisect_left(prepared.starts, item["start"])
        return {**item, "start": start, "end": max(start, bisect_right(prepared.ends, item["end"]))}

    return {
        **record,
        "text": prepared.text,
        "entities": [moved(e) for e in record.get("entities") or []],
        "sections": [moved(s) for s in record.get("sections") or []],
    }


def report_anchor(index: int) -> str:
    return f"report-{index}"


def record_name(record: dict[str, Any], index: int) -> str:
    """The record's id, or its place in the input for records without one."""
    return str(record.get("id") or f"report {index + 1}")


def label_counts(entities: list[dict[str, Any]]) -> dict[str, int]:
    return {label: sum(e["label"] == label for e in entities) for label in ENTITY_LABELS}


def record_checks(record: dict[str, Any]) -> dict[str, Any]:
    """The record's checks, computed for records that have none (gold files); none for failures."""
    if record.get("checks"):
        return record["checks"]
    if record.get("error") or "text" not in record:
        return {}
    return report_checks(
        {**record, "sections": record.get("sections") or [], "entities": record.get("entities") or []}
    )


def unknown_laws(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The check's unknown laws split in two: misspellings (a close known name is suggested) and
    names simply not in the catalogue (mostly local policies), each with text, suggestion, score."""
    rows = [
        {
            "text": u["text"],
            "suggestion": u.get("suggestion"),
            "score": u.get("suggestion_score", u.get("score")),
        }
        for u in record_checks(record).get("unknown_laws") or []
    ]
    return [r for r in rows if r["suggestion"]], [r for r in rows if not r["suggestion"]]


def meta_items(meta: dict[str, Any]) -> list[tuple[str, str]]:
    return [(key, str(value)) for key, value in shown_items(meta)]


def shown_items(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    """Keys that have a value; a nested dict (meta ``issuer_division``) as ``key: value`` pairs."""
    items = []
    for key, value in mapping.items():
        if value is None or value in ("", [], {}):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
        items.append((key, value))
    return items


def bands(text: str, sections: list[dict[str, Any]], entities: list[dict[str, Any]]) -> list[Band]:
    """Section bands that cover the whole text; text before the first section gets a band of its own."""
    starts = sorted(sections, key=lambda s: s["start"])
    cuts: list[tuple[int, dict[str, Any] | None]] = [(s["start"], s) for s in starts]
    if not cuts or cuts[0][0] > 0:
        cuts.insert(0, (0, None))
    out = []
    for n, (start, section) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(text)
        attrs = (section or {}).get("attrs") or {}
        label = section["label"] if section else "text"
        out.append(
            Band(label, attrs.get("heading"), attrs.get("prob"), highlighted(text, start, end, entities))
        )
    return out


def highlighted(text: str, start: int, end: int, entities: list[dict[str, Any]]) -> Markup:
    """``text[start:end]`` escaped, each entity in a ``<mark>``; overlapping ones nest.

    The text is cut at every entity edge; each piece is wrapped in the marks of the entities
    that cover it (longest outside), so a nested PARTY inside a LAW keeps both colours.
    """
    inside = sorted(
        (e["start"], e["end"], i) for i, e in enumerate(entities) if e["start"] < end and e["end"] > start
    )
    cuts = sorted({start, end, *(max(start, s) for s, _, _ in inside), *(min(end, e) for _, e, _ in inside)})
    opening = {i: _mark_open(i, entities[i], entity_title(text, entities[i], entities)) for *_, i in inside}
    active: list[tuple[int, int, int]] = []  # heap of (end, start, index) of the entities covering the piece
    parts, n = [], 0
    for a, b in itertools.pairwise(cuts):
        while n < len(inside) and inside[n][0] <= a:
            heapq.heappush(active, (inside[n][1], inside[n][0], inside[n][2]))
            n += 1
        while active and active[0][0] <= a:
            heapq.heappop(active)
        covering = sorted(active, key=lambda item: (item[1] - item[0], -item[2]))  # longest outside
        parts.extend(opening[i] for *_, i in covering)
        parts.append(html.escape(text[a:b], quote=False))
        parts.append("</mark>" * len(covering))
    return Markup("".join(parts))


def _mark_open(index: int, ent: dict[str, Any], title: str) -> str:
    """The opening tag; a LAW that links to no known name (未收录或笔误) also gets class ``unknown``."""
    unknown = " unknown" if ent["label"] == "LAW" and (ent.get("attrs") or {}).get("known") is False else ""
    label = html.escape(ent["label"])
    return f'<mark class="ent ent-{label}{unknown}" data-ent="{index}" title="{html.escape(title)}">'


def entity_title(text: str, ent: dict[str, Any], entities: list[dict[str, Any]]) -> str:
    """The hover text: label, the entity's characters and its attributes that have a value.

    A COMMITMENT's ``party`` is an index into ``entities``; the party's own text is shown.
    """
    lines = [f"{ent['label']}  {text[ent['start'] : ent['end']]}"]
    for key, value in shown_items(ent.get("attrs") or {}):
        if key == "party" and isinstance(value, int) and 0 <= value < len(entities):
            party = entities[value]
            value = f"{text[party['start'] : party['end']]} (#{value})"
        lines.append(f"{key}: {value}")
    return "\n".join(lines)
