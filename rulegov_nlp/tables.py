"""Records → tidy tables: the shapes analysts load in pandas, Excel, DuckDB or Spark.

One table set per batch of records (docs/tables.md lists every column):

* ``reports``: one row per report, failed ones included (with their ``error``);
* ``entities``: one row per entity, each label's attributes in typed, prefixed columns
  (``law_kind`` and ``commitment_kind`` never merge);
* ``sections``: one row per top-level section;
* ``commitments``: one row per COMMITMENT with its linked party's text, level and place;
* ``laws_to_check``: unknown LAW names, ``reason`` = ``misspelling`` or ``not_in_catalogue``.

Every column has an explicit nullable dtype (``string``, ``Int64``, ``Float64``,
``boolean``), so a table of one report has the same schema as a table of ten thousand and
Parquet shards written separately concatenate as is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rulegov_nlp.checks import BODY_LABELS, law_check_reason
from rulegov_nlp.vocabulary import ENTITY_LABELS

if TYPE_CHECKING:  # pandas loads on first use: `rulegov --help` stays quick
    import pandas as pd

TABLE_NAMES = ("reports", "entities", "sections", "commitments", "laws_to_check")
LIST_JOIN = ";"  # missing sections and warnings are joined into one cell, null when none
# Lone surrogates (a file name in an unknown encoding, a bad decoder upstream) cannot be
# stored as UTF-8 in Arrow strings: cells holding one get U+FFFD instead, one for one.
SURROGATES = re.compile("[\ud800-\udfff]")

# Each label's attributes and their dtypes; entity columns are f"{label.lower()}_{key}".
ENTITY_ATTRIBUTES: dict[str, dict[str, str]] = {
    "LAW": {
        "kind": "string",
        "canonical": "string",
        "known": "boolean",
        "status": "string",
        "suggestion": "string",
        "suggestion_canonical": "string",
        "suggestion_score": "Float64",
    },
    "COMMITMENT": {
        "value": "Float64",
        "value_max": "Float64",
        "unit": "string",
        "approx": "boolean",
        "comparator": "string",
        "kind": "string",
        "metric": "string",
        "year": "Int64",
        "party": "Int64",
    },
    "PARTY": {
        "type": "string",
        "level": "string",
        "place": "string",
        "division_code": "string",
        "place_inferred": "boolean",
        "canonical": "string",
    },
}
# A COMMITMENT's ``party`` is an index into ``entities``: the column says so.
RENAMED_ATTRIBUTES = {("COMMITMENT", "party"): "party_index"}
PARTY_COLUMNS_IN_COMMITMENTS = ("text", "type", "level", "place", "division_code")

SPAN_COLUMNS = {"start": "Int64", "end": "Int64"}


def attribute_column(label: str, key: str) -> str:
    """The entities-table column of one label's attribute (LAW kind → ``law_kind``)."""
    return f"{label.lower()}_{RENAMED_ATTRIBUTES.get((label, key), key)}"


def _entity_schema() -> dict[str, str]:
    schema = {"report_id": "string", "entity_index": "Int64", **SPAN_COLUMNS, "text": "string"}
    schema["label"] = "string"
    for label, attributes in ENTITY_ATTRIBUTES.items():
        for key, dtype in attributes.items():
            schema[attribute_column(label, key)] = dtype
    schema["other_attrs"] = "string"  # JSON of attributes this version does not know, else null
    return schema


def _commitment_schema() -> dict[str, str]:
    schema = {"report_id": "string", "entity_index": "Int64", **SPAN_COLUMNS, "text": "string"}
    for key, dtype in ENTITY_ATTRIBUTES["COMMITMENT"].items():
        schema[attribute_column("COMMITMENT", key).removeprefix("commitment_")] = dtype
    for key in PARTY_COLUMNS_IN_COMMITMENTS:
        schema[f"party_{key}"] = "string"
    return schema


SCHEMAS: dict[str, dict[str, str]] = {
    "reports": {
        "id": "string",
        "path": "string",
        "title": "string",
        "issuer": "string",
        "issuer_division_code": "string",
        "issuer_division_name": "string",
        "issuer_division_level": "string",
        "year": "Int64",
        "level": "string",
        "kind": "string",
        "complete": "boolean",
        "missing_sections": "string",
        **{f"share_{label}": "Float64" for label in BODY_LABELS},
        **{f"n_{label.lower()}": "Int64" for label in ENTITY_LABELS},
        "n_sections": "Int64",
        "n_misspellings": "Int64",
        "n_not_in_catalogue": "Int64",
        "n_chars": "Int64",
        "error": "string",
        "warnings": "string",
    },
    "entities": _entity_schema(),
    "sections": {
        "report_id": "string",
        "section_index": "Int64",
        **SPAN_COLUMNS,
        "label": "string",
        "heading": "string",
        "prob": "Float64",
    },
    "commitments": _commitment_schema(),
    "laws_to_check": {
        "report_id": "string",
        "entity_index": "Int64",
        **SPAN_COLUMNS,
        "text": "string",
        "reason": "string",
        "kind": "string",
        "suggestion": "string",
        "suggestion_canonical": "string",
        "suggestion_score": "Float64",
    },
}


def build_tables(records: Iterable[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """The table set of some records, one DataFrame per name in ``TABLE_NAMES``."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
    for record in records:
        for name, table_rows in record_rows(record).items():
            rows[name].extend(table_rows)
    return {name: frame(name, rows[name]) for name in TABLE_NAMES}


def frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows of one table as a DataFrame with the documented columns and dtypes."""
    import pandas as pd

    # Arrow-backed strings on every pandas version: what Parquet stores, and a surrogate
    # fails here, not halfway through a CSV file.
    dtypes = {c: pd.StringDtype("pyarrow") if t == "string" else t for c, t in SCHEMAS[name].items()}
    try:
        return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
    except UnicodeEncodeError:
        clean = [{k: _without_surrogates(v) for k, v in row.items()} for row in rows]
        return pd.DataFrame(clean, columns=list(dtypes)).astype(dtypes)


def _without_surrogates(value: Any) -> Any:
    return SURROGATES.sub("\ufffd", value) if isinstance(value, str) else value


def record_rows(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one record contributes to each table (a failed record: its reports row)."""
    entities = [entity_row(record, i) for i in range(len(record.get("entities") or []))]
    commitments = [commitment_row(row, entities) for row in entities if row["label"] == "COMMITMENT"]
    laws = [law_row(record, row) for row in entities if row["label"] == "LAW"]
    return {
        "reports": [report_row(record)],
        "entities": entities,
        "sections": [section_row(record, i) for i in range(len(record.get("sections") or []))],
        "commitments": commitments,
        "laws_to_check": [row for row in laws if row is not None],
    }


def report_row(record: dict[str, Any]) -> dict[str, Any]:
    """Grouping keys, completeness, shares and counts of one report; parts a failed record
    lacks stay null, so a failure is never read as "no entities found"."""
    meta = record.get("meta") or {}
    division = meta.get("issuer_division") or {}
    checks = record.get("checks") or {}
    shares = checks.get("section_shares") or {}
    entities = record.get("entities")
    reasons = [_law_reason(e) for e in entities or []]
    text = record.get("text")
    row = {
        "id": record.get("id"),
        "path": record.get("path") or record.get("id"),
        "title": meta.get("title"),
        "issuer": meta.get("issuer"),
        "issuer_division_code": division.get("code"),
        "issuer_division_name": division.get("name"),
        "issuer_division_level": division.get("level"),
        "year": meta.get("year"),
        "level": meta.get("level"),
        "kind": meta.get("kind"),
        "complete": checks.get("complete"),
        "missing_sections": _joined(checks.get("missing_sections")),
        **{f"share_{label}": shares.get(label) for label in BODY_LABELS},
        **{
            f"n_{label.lower()}": _count(entities, lambda e, x=label: e["label"] == x)
            for label in ENTITY_LABELS
        },
        "n_sections": None if record.get("sections") is None else len(record["sections"]),
        "n_misspellings": None if entities is None else reasons.count("misspelling"),
        "n_not_in_catalogue": None if entities is None else reasons.count("not_in_catalogue"),
        "n_chars": None if text is None else len(text),
        "error": record.get("error"),
        "warnings": _joined(record.get("warnings")),
    }
    return row


def entity_row(record: dict[str, Any], index: int) -> dict[str, Any]:
    """One entity with its text and its label's attributes in their own columns."""
    ent = record["entities"][index]
    label = ent["label"]
    attrs = dict(ent.get("attrs") or {})
    known = ENTITY_ATTRIBUTES.get(label, {})
    row = {
        "report_id": record.get("id"),
        "entity_index": index,
        "start": ent["start"],
        "end": ent["end"],
        "text": record["text"][ent["start"] : ent["end"]],
        "label": label,
    }
    for key in known:
        row[attribute_column(label, key)] = attrs.pop(key, None)
    row["other_attrs"] = json.dumps(attrs, ensure_ascii=False, sort_keys=True) if attrs else None
    return row


def commitment_row(row: dict[str, Any], entities: list[dict[str, Any]]) -> dict[str, Any]:
    """A COMMITMENT's entities row without prefixes, plus its party's text, type, level, place."""
    out = {key: row[key] for key in ("report_id", "entity_index", "start", "end", "text")}
    for key in ENTITY_ATTRIBUTES["COMMITMENT"]:
        column = attribute_column("COMMITMENT", key)
        out[column.removeprefix("commitment_")] = row[column]
    party_index = row[attribute_column("COMMITMENT", "party")]
    party = entities[party_index] if party_index is not None and party_index < len(entities) else None
    for key in PARTY_COLUMNS_IN_COMMITMENTS:
        column = "text" if key == "text" else attribute_column("PARTY", key)
        out[f"party_{key}"] = party[column] if party else None
    return out


def law_row(record: dict[str, Any], row: dict[str, Any]) -> dict[str, Any] | None:
    """The laws_to_check row of an entities row, or None when the name needs no look."""
    reason = _law_reason(record["entities"][row["entity_index"]])
    if reason is None:
        return None
    out = {key: row[key] for key in ("report_id", "entity_index", "start", "end", "text")}
    out["reason"] = reason
    for key in ("kind", "suggestion", "suggestion_canonical", "suggestion_score"):
        out[key] = row[attribute_column("LAW", key)]
    return out


def section_row(record: dict[str, Any], index: int) -> dict[str, Any]:
    section = record["sections"][index]
    attrs = section.get("attrs") or {}
    return {
        "report_id": record.get("id"),
        "section_index": index,
        "start": section["start"],
        "end": section["end"],
        "label": section["label"],
        "heading": attrs.get("heading"),
        "prob": attrs.get("prob"),
    }


def _law_reason(ent: dict[str, Any]) -> str | None:
    return law_check_reason(ent.get("attrs") or {}) if ent["label"] == "LAW" else None


def _count(items: list[dict[str, Any]] | None, keep) -> int | None:
    return None if items is None else sum(1 for item in items if keep(item))


def _joined(values: list[str] | None) -> str | None:
    return LIST_JOIN.join(values) if values else None


def read_csv_table(path, name: str) -> pd.DataFrame:
    """A table written as CSV, read back with its documented dtypes (CSV stores none)."""
    import pandas as pd

    return pd.read_csv(path, dtype=SCHEMAS[name], encoding="utf-8-sig", keep_default_na=False, na_values=[""])
