"""Records as a typed ``datasets.Dataset`` and the documented ``Dataset.map`` recipe."""

from __future__ import annotations

import json

import pytest
from datasets import Dataset, Value

import rulegov_nlp
from rulegov_nlp.dataset import RECORD_SPEC, conform, extract_batch, record_features

TEXTS = [
    "柳溪镇人民政府2023年举办法治讲座5场，镇司法所调解纠纷18件。",
    "县市场监管局组织学习《中华人民共和国行政处罚法》，全年开展执法检查120余次。",
    "市政府法律顾问审核合同40份，出庭应诉率达到100%。",
    "区司法局将组织普法宣传不少于10场，并学习《治安管理法》。",
]


@pytest.fixture(scope="module")
def records(nlp):
    return list(rulegov_nlp.extract_many(TEXTS, nlp=nlp, ids=[f"t{i}" for i in range(len(TEXTS))]))


def test_to_dataset_has_typed_nested_features(records):
    ds = rulegov_nlp.to_dataset([*records, {"id": "bad.txt", "error": "binary input"}])
    assert ds.features == record_features()
    ent = ds.features["entities"].feature
    assert ent["attrs"]["value"] == Value("float64") and ent["attrs"]["known"] == Value("bool")
    assert ds.features["meta"]["year"] == Value("int64")
    assert ds.features["checks"]["section_shares"]["measures"] == Value("float64")
    assert len(ds) == len(records) + 1 and ds[-1]["error"] == "binary input" and ds[-1]["entities"] == []


def test_dataset_rows_keep_every_entity_and_attribute(records):
    ds = rulegov_nlp.to_dataset(records)
    for row, record in zip(ds, records, strict=True):
        assert row["text"] == record["text"]
        assert [(e["start"], e["end"], e["label"]) for e in row["entities"]] == [
            (e["start"], e["end"], e["label"]) for e in record["entities"]
        ]
        for got, ent in zip(row["entities"], record["entities"], strict=True):
            assert {k: got["attrs"][k] for k in ent["attrs"]} == ent["attrs"]


def test_keys_the_spec_does_not_declare_go_to_other():
    row = conform({"id": "x", "meta": {"year": 2024, "region_note": "新增"}}, RECORD_SPEC)
    assert row["meta"]["year"] == 2024 and json.loads(row["meta"]["other"]) == {"region_note": "新增"}
    assert row["entities"] == [] and row["checks"] is None


def test_map_with_two_processes_equals_extract_many(records):
    ds = Dataset.from_dict({"doc": [f"t{i}" for i in range(len(TEXTS))], "body": TEXTS})
    out = ds.map(
        extract_batch,
        batched=True,
        batch_size=2,
        num_proc=2,
        features=record_features(),
        remove_columns=ds.column_names,
        fn_kwargs={"text_column": "body", "id_column": "doc"},
    )
    assert out.features == record_features()
    assert out.to_list() == rulegov_nlp.to_dataset(records).to_list()
