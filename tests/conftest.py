"""Shared fixtures: the bundled pipeline (loaded once) and the optional ../shared material."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when a fresh clone has none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent in a fresh clone)")
    return path


@pytest.fixture(scope="session")
def nlp():
    import rulegov_nlp

    return rulegov_nlp.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    files = sorted(shared_path("seeds").glob("*.txt"))
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(shared_path("realdev", "seed.json").read_text(encoding="utf-8"))
