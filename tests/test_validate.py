"""The record validator reports every broken rule with file, record id and reason."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rulegov_nlp.cli import app
from rulegov_nlp.corpus.validate import validate_paths, validate_record
from tests.conftest import shared_path

GOOD = {
    "id": "ok",
    "text": "县司法局开展普法20余次。",
    "entities": [
        {"start": 0, "end": 4, "label": "PARTY", "attrs": {"type": "org"}},
        {
            "start": 8,
            "end": 12,
            "label": "COMMITMENT",
            "attrs": {"value": 20.0, "unit": "次", "approx": True, "comparator": None, "kind": "achieved"},
        },
    ],
    "sections": [{"start": 0, "end": 13, "label": "measures"}],
}


def broken(**changes):
    return {**json.loads(json.dumps(GOOD)), **changes}


def test_good_record_has_no_problem():
    assert validate_record(GOOD) == []


def test_each_error_is_reported():
    record = broken(
        entities=[
            {"start": 0, "end": 40, "label": "PARTY", "attrs": {"type": "org"}},  # out of range
            {"start": 0, "end": 3, "label": "ORG", "attrs": {}},  # unknown label
            {"start": 0, "end": 3, "label": "PARTY", "attrs": {"type": "person"}},  # bad type
            {"start": 1, "end": 4, "label": "PARTY", "attrs": {"type": "org"}},  # overlaps the previous
            {"start": 8, "end": 12, "label": "COMMITMENT", "attrs": {"kind": "promise", "comparator": "≥"}},
            {"start": 4, "end": 6, "label": "LAW", "attrs": {"kind": "statute"}},
        ],
        sections=[{"start": 0, "end": 5, "label": "measures"}, {"start": 7, "end": 13, "label": "appendix"}],
    )
    reasons = "\n".join(validate_record(record))
    for needle in (
        "out of range",
        "unknown label 'ORG'",
        "PARTY type 'person'",
        "overlap",
        "COMMITMENT kind 'promise'",
        "comparator '≥'",
        "LAW kind 'statute'",
        "gap between sections",
        "unknown label 'appendix'",
    ):
        assert needle in reasons, needle


def test_whitespace_edges_and_missing_keys():
    assert any(
        "whitespace" in p
        for p in validate_record(
            broken(
                entities=[{"start": 2, "end": 5, "label": "PARTY", "attrs": {"type": "org"}}],
                text="县委 开会",
            )
        )
    )
    assert "missing or non-string 'text'" in validate_record({"id": "x", "entities": []})


def test_paths_report_file_and_record_and_continue(tmp_path):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        json.dumps(GOOD, ensure_ascii=False)
        + "\n{not json\n"
        + json.dumps(broken(id="bad", sections=[]))[:-1]
        + ', "x": 1}\n'
        + json.dumps(
            broken(id="bad2", entities=[{"start": 5, "end": 2, "label": "LAW", "attrs": {"kind": "law"}}]),
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "b.json").write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    problems = validate_paths([tmp_path])
    assert [(p.path.endswith("a.jsonl:2"), p.record_id) for p in problems][0] == (True, "-")
    assert any(p.record_id == "bad2" and p.path.endswith("a.jsonl:4") for p in problems)
    assert len(problems) == 2


def test_cli_validate_exit_codes(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(broken(id="b", text="短")) + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1 and "out of range" in result.output


def test_realdev_gold_is_valid():
    assert validate_paths([shared_path("realdev")]) == []


def test_committed_corpus_is_valid():
    from tests.conftest import ROOT

    files = sorted((ROOT / "corpus").glob("*.jsonl"))
    assert files, "corpus/*.jsonl missing"
    assert validate_paths(files) == []
