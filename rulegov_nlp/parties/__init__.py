"""Responsible parties: organs and offices, and the commitments tied to them."""

from __future__ import annotations

from typing import Any


def commitments_by_party(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per COMMITMENT of a record: who (PARTY text and index), what, how much."""
    rows = []
    for ent in entities:
        if ent.get("label") != "COMMITMENT":
            continue
        attrs = ent.get("attrs") or {}
        index = attrs.get("party")
        party = entities[index] if isinstance(index, int) and 0 <= index < len(entities) else None
        if party is not None and party.get("label") != "PARTY":
            party = None
        rows.append(
            {
                "party": text[party["start"] : party["end"]] if party else None,
                "party_index": index if party else None,
                "metric": attrs.get("metric"),
                "value": attrs.get("value"),
                "value_max": attrs.get("value_max"),
                "unit": attrs.get("unit"),
                "kind": attrs.get("kind"),
                "start": ent["start"],
                "end": ent["end"],
            }
        )
    return rows
