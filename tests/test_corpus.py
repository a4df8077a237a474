"""The committed corpus loads with `datasets`, converts to DocBins, and its datasheet counts are right."""

from __future__ import annotations

import json

from rulegov_nlp.corpus import load, to_docbin
from rulegov_nlp.corpus.build import build_corpus, split_of
from rulegov_nlp.corpus.markup import parse_markup
from rulegov_nlp.corpus.stats import corpus_stats
from rulegov_nlp.pipeline import blank_pipeline
from tests.conftest import ROOT


def test_load_gives_typed_splits():
    from datasets import DatasetDict

    data = load(ROOT / "corpus")
    assert isinstance(data, DatasetDict)
    assert set(data) == {"train", "dev", "test"}
    row = data["train"][0]
    assert isinstance(json.loads(row["entities"][0]["attrs"]), dict)
    assert data["train"].features["entities"].feature["start"].dtype == "int32"


def test_stats_match_files():
    stats = corpus_stats(ROOT / "corpus")
    assert set(stats) == {"train", "dev", "test"}
    for split, s in stats.items():
        lines = (ROOT / "corpus" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        assert s["documents"] == len(records)
        assert s["characters"] == sum(len(r["text"]) for r in records)
        for label in ("LAW", "PARTY", "COMMITMENT"):
            n = sum(e["label"] == label for r in records for e in r["entities"])
            assert s["labels"].get(label, 0) == n
        assert sum(s["sections"].values()) == sum(len(r["sections"]) for r in records)
        assert sum(s["years"].values()) == sum(s["levels"].values()) == len(records)
        assert all(split_of(r["id"]) == split for r in records)
    assert sum(s["documents"] for s in stats.values()) >= 60


def test_split_rule():
    assert [split_of(x) for x in ("c003", "c007", "c010", "c013")] == ["dev", "test", "train", "dev"]


def test_markup_build_roundtrip(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "c101.txt").write_text(
        '#meta {"id": "c101", "level": "county", "year": 2022}\n'
        "⟦S:measures⟧一、主要举措\n⟦P:org|县司法局⟧依据《⟦L:law|中华人民共和国行政处罚法⟧》开展执法⟦C|12次⟧。\n"
        "⟦S:plans⟧二、下一步打算\n确保培训⟦C|不少于4次⟧。\n",
        encoding="utf-8",
    )
    assert build_corpus(src, tmp_path) == {"train": 1, "dev": 0, "test": 0}
    (record,) = [json.loads(x) for x in (tmp_path / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    by_label = {e["label"]: e for e in record["entities"] if e["label"] != "COMMITMENT"}
    assert record["text"][by_label["LAW"]["start"] : by_label["LAW"]["end"]] == "中华人民共和国行政处罚法"
    target = [e for e in record["entities"] if e["label"] == "COMMITMENT"][1]
    assert target["attrs"]["kind"] == "target" and target["attrs"]["comparator"] == "ge"
    assert record["sections"][-1]["end"] == len(record["text"])


def test_markup_rejects_bad_kinds():
    import pytest

    from rulegov_nlp.corpus.markup import MarkupError

    with pytest.raises(MarkupError):
        parse_markup('#meta {"id": "x"}\n⟦S:measures⟧⟦L:statute|宪法⟧')


def test_docbin_keeps_entities_and_sections():
    nlp = blank_pipeline(None, None)
    record = json.loads((ROOT / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    docbin = to_docbin([record], nlp)
    (doc,) = list(docbin.get_docs(nlp.vocab))
    assert len(doc.spans["entities"]) == len(record["entities"])
    assert len(doc.spans["sections"]) == len(record["sections"])
