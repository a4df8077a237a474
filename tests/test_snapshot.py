"""Every record of the corpus, the example, the seed and realdev is byte-identical to the golden
snapshot (tests/snapshots/records.json). A change that means to move records regenerates it with
``python tests/snapshot.py --update`` and commits the new hashes with the change."""

from __future__ import annotations

import json

import pytest

from tests.snapshot import GOLDEN, SHARED, snapshot


@pytest.fixture(scope="module")
def current(nlp) -> dict[str, dict[str, str]]:
    return snapshot(nlp)


@pytest.fixture(scope="module")
def golden() -> dict[str, dict[str, str]]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("group", ["corpus", "examples", "seeds", "realdev"])
def test_records_are_byte_identical(group, current, golden):
    if group in ("seeds", "realdev") and not (SHARED / group).exists():
        pytest.skip(f"../shared/{group} is absent in a fresh clone")
    assert set(current.get(group, {})) == set(golden[group]), "the set of snapshot texts changed"
    moved = sorted(key for key, digest in current[group].items() if golden[group][key] != digest)
    assert not moved, f"{len(moved)} {group} records changed: {moved[:20]}"
