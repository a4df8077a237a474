"""Responsible parties: organs and offices (recogniser, the state's structure, component)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """``commitments_by_party`` is a record-level function and lives in ``rulegov_nlp.record``;
    it stays importable from here, loaded on first use (record imports the checks)."""
    if name == "commitments_by_party":
        from rulegov_nlp.record import commitments_by_party

        return commitments_by_party
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
