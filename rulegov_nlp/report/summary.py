"""Corpus aggregates for the summary page, and their Altair (Vega-Lite) charts.

Aggregates are plain rows, computed on records only (gold, extracted or failed alike), so
the tables and the charts read the same numbers. Altair is imported only to build charts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from rulegov_nlp.report.view import (
    LABEL_COLORS,
    label_counts,
    record_checks,
    record_name,
    report_anchor,
    unknown_laws,
)
from rulegov_nlp.sections import LABELS as SECTION_LABELS

UNKNOWN = "unknown"
# Largest to smallest issuer (中央 → 省 → 市 → 县 → 乡镇 → 村), the order a reader expects;
# other levels (部门) follow by name, unknown comes last.
LEVEL_ORDER = ("central", "province", "city", "county", "township", "village")
KIND_COLORS = {"achieved": "#2a9d8f", "target": "#e9c46a", UNKNOWN: "#8d99ae"}
CHART_WIDTH = 380


def report_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per report: its grouping keys, completeness and counts, in input order."""
    rows = []
    for index, record in enumerate(records):
        meta = record.get("meta") or {}
        checks = record_checks(record)
        error = record.get("error")
        rows.append(
            {
                "anchor": report_anchor(index),
                "id": record_name(record, index),
                "title": meta.get("title"),
                "issuer": meta.get("issuer"),
                "year": str(meta["year"]) if meta.get("year") else UNKNOWN,
                "level": meta.get("level") or UNKNOWN,
                "status": "failed" if error else ("complete" if checks.get("complete") else "incomplete"),
                "missing": ", ".join(checks.get("missing_sections") or []),
                **label_counts(record.get("entities") or []),
                "misspellings": len(unknown_laws(record)[0]),
                "error": error,
            }
        )
    return rows


def misspellings(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each (misspelling, suggestion) pair with how often it occurs and in which reports."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for index, record in enumerate(records):
        for item in unknown_laws(record)[0]:
            row = found.setdefault(
                (item["text"], item["suggestion"]),
                {"text": item["text"], "suggestion": item["suggestion"], "score": item["score"], "count": 0,
                 "reports": {}},
            )  # fmt: skip
            row["count"] += 1
            row["reports"][report_anchor(index)] = record_name(record, index)
    return sorted(found.values(), key=lambda r: (-r["count"], r["text"]))


def cited_laws(records: list[dict[str, Any]], top: int = 20) -> list[dict[str, Any]]:
    """The most-cited instruments by canonical name (the cited text where none is known)."""
    citations: Counter[str] = Counter()
    reports: defaultdict[str, set[int]] = defaultdict(set)
    for index, record in enumerate(records):
        text = record.get("text") or ""
        for e in record.get("entities") or []:
            if e["label"] == "LAW":
                name = (e.get("attrs") or {}).get("canonical") or text[e["start"] : e["end"]]
                citations[name] += 1
                reports[name].add(index)
    return [
        {"law": name, "citations": n, "reports": len(reports[name])} for name, n in citations.most_common(top)
    ]


def commitments_by_metric(records: list[dict[str, Any]], top: int = 15) -> list[dict[str, Any]]:
    """COMMITMENT counts per metric and kind (achieved vs target) for the most frequent metrics,
    and those without a metric."""
    counts: Counter[tuple[str, str]] = Counter()
    for record in records:
        for e in record.get("entities") or []:
            if e["label"] == "COMMITMENT":
                attrs = e.get("attrs") or {}
                counts[(attrs.get("metric") or UNKNOWN, attrs.get("kind") or UNKNOWN)] += 1
    totals: Counter[str] = Counter()
    for (metric, _), n in counts.items():
        totals[metric] += n
    kept = {
        metric for metric, _ in Counter({m: n for m, n in totals.items() if m != UNKNOWN}).most_common(top)
    }
    kept.add(UNKNOWN)  # counted for the chart's note, not drawn
    return [
        {"metric": metric, "kind": kind, "count": n, "total": totals[metric]}
        for (metric, kind), n in sorted(counts.items())
        if metric in kept
    ]


def section_share_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each report's share of its body per section label (checks.section_shares)."""
    rows = []
    for index, record in enumerate(records):
        shares = record_checks(record).get("section_shares") or {}
        rows.extend(
            {"report": record_name(record, index), "label": label, "share": share}
            for label, share in shares.items()
        )
    return rows


def chart_specs(records: list[dict[str, Any]]) -> dict[str, dict[str, Any] | None]:
    """Vega-Lite specs by chart name; None where the corpus has nothing to draw."""
    import altair as alt

    rows = report_rows(records)
    charts = {
        "completeness": _completeness_chart(alt, rows),
        "laws": _laws_chart(alt, cited_laws(records)),
        "misspellings": _misspellings_chart(alt, misspellings(records)),
        "commitments": _commitments_chart(alt, commitments_by_metric(records)),
        "sections": _sections_chart(alt, section_share_rows(records)),
    }
    return {name: chart.to_dict() if chart is not None else None for name, chart in charts.items()}


def completeness_cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per (level, year): how many reports, how many complete, and the share complete."""
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        cells[(row["level"], row["year"])][row["status"]] += 1
    out = []
    for (level, year), counts in cells.items():
        total = sum(counts.values())
        out.append(
            {"level": level, "year": year, "reports": total, "complete": counts["complete"],
             "failed": counts["failed"], "share": counts["complete"] / total,
             "label": f"{counts['complete']}/{total}"}
        )  # fmt: skip
    return out


def _completeness_chart(alt, rows: list[dict[str, Any]]):
    if not rows:
        return None
    cells = completeness_cells(rows)
    present = {c["level"] for c in cells}
    levels = [level for level in LEVEL_ORDER if level in present]
    levels += sorted(present - {*levels, UNKNOWN}) + ([UNKNOWN] if UNKNOWN in present else [])
    base = alt.Chart(alt.Data(values=cells), title="Complete reports / all reports").encode(
        x=alt.X("year:O", title="year", sort="ascending"),
        y=alt.Y("level:N", title="level", sort=levels),
        tooltip=["level:N", "year:O", "reports:Q", "complete:Q", "failed:Q"],
    )
    squares = base.mark_rect(stroke="#fff").encode(
        color=alt.Color("share:Q", title="complete", scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"),
                        legend=alt.Legend(format="%")),
    )  # fmt: skip
    counts = base.mark_text(fontSize=13).encode(text="label:N")
    return (squares + counts).properties(width=CHART_WIDTH - 60, height=34 * len(levels))


def _laws_chart(alt, rows: list[dict[str, Any]]):
    if not rows:
        return None
    return (
        alt.Chart(alt.Data(values=rows), title="Most-cited laws (canonical name)")
        .mark_bar(color=LABEL_COLORS["LAW"], stroke="#b08900")
        .encode(
            x=alt.X("citations:Q", title="citations"),
            y=alt.Y("law:N", title=None, sort="-x"),
            tooltip=["law:N", "citations:Q", "reports:Q"],
        )
        .properties(width=CHART_WIDTH - 160)
    )


def _misspellings_chart(alt, rows: list[dict[str, Any]]):
    if not rows:
        return None
    data = [
        {"pair": f"{r['text']} → {r['suggestion']}", "count": r["count"], "score": r["score"]} for r in rows
    ]
    return (
        alt.Chart(alt.Data(values=data), title="Misspelled laws → suggestion")
        .mark_bar(color="#e76f51")
        .encode(
            x=alt.X("count:Q", title="occurrences", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("pair:N", title=None, sort="-x"),
            tooltip=["pair:N", "count:Q", "score:Q"],
        )
        .properties(width=CHART_WIDTH - 160)
    )


def _commitments_chart(alt, rows: list[dict[str, Any]]):
    named = [r for r in rows if r["metric"] != UNKNOWN]
    if not named:
        return None
    unnamed = sum(r["count"] for r in rows if r["metric"] == UNKNOWN)
    title = alt.Title(
        "Commitments by metric: achieved vs target",
        subtitle=f"{unnamed} commitment(s) without a metric not shown" if unnamed else "",
    )
    return (
        alt.Chart(alt.Data(values=named), title=title)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="commitments", stack="zero"),
            y=alt.Y("metric:N", title=None, sort=alt.EncodingSortField("total", order="descending")),
            color=alt.Color("kind:N", title="kind", scale=_scale(KIND_COLORS)),
            tooltip=["metric:N", "kind:N", "count:Q"],
        )
        .properties(width=CHART_WIDTH - 160)
    )


def _sections_chart(alt, rows: list[dict[str, Any]]):
    if not rows:
        return None
    order = [label for label in SECTION_LABELS if any(r["label"] == label for r in rows)]
    return (
        alt.Chart(alt.Data(values=rows), title="Section shares of the report body")
        .mark_boxplot(extent="min-max", color="#577590")
        .encode(
            x=alt.X("share:Q", title="share of body", axis=alt.Axis(format="%")),
            y=alt.Y("label:N", title=None, sort=order),
        )
        .properties(width=CHART_WIDTH - 100)
    )


def _scale(colors: dict[str, str]):
    import altair as alt

    return alt.Scale(domain=list(colors), range=list(colors.values()))
