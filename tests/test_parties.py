"""PARTY recognition on our own sentences: organs, offices, coordinations, exclusions."""

from __future__ import annotations

import pytest

from rulegov_nlp.parties import commitments_by_party
from rulegov_nlp.parties.recognizer import PartyRecognizer, default_vocab, level_of


@pytest.fixture(scope="module")
def rec():
    return PartyRecognizer(default_vocab())


def found(rec, text):
    return [(text[m.start : m.end], m.type) for m in rec.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推动青川镇人民政府依法行政。", [("青川镇人民政府", "org")]),
        ("在县委县政府的领导下", [("县委", "org"), ("县政府", "org")]),
        ("镇党委、政府高度重视", [("镇党委", "org"), ("政府", "org")]),
        ("县委依法治县办精心指导", [("县委依法治县办", "org")]),
        ("区政府主要负责同志带头学法", [("区政府主要负责同志", "role")]),
        ("行政机关负责人出庭应诉3次", [("行政机关负责人", "role")]),
        ("法律顾问提供咨询", [("法律顾问", "role")]),
        ("召开县政府常务会议", [("县政府", "org")]),
        ("柘阳市司法局开展检查", [("柘阳市司法局", "org")]),
    ],
)
def test_patterns(rec, text, expected):
    assert found(rec, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我镇积极推进法治政府建设",
        "群众和企业满意度提升",
        "落实法律顾问制度",
        "学习《青川镇人民政府议事规则》",
    ],
)
def test_exclusions(rec, text):
    assert found(rec, text) == []


def test_levels():
    assert [level_of(n) for n in ("国务院", "省委", "云岭市司法局", "县委", "镇党委", "村委会", "法律顾问")] == [
        "central", "province", "city", "county", "township", "village", "unknown",
    ]  # fmt: skip


def test_commitments_by_party_rows():
    text = "法律顾问提供法律咨询20余次"
    ents = [
        {"start": 0, "end": 4, "label": "PARTY", "attrs": {"type": "role"}},
        {"start": 10, "end": 14, "label": "COMMITMENT",
         "attrs": {"value": 20.0, "unit": "次", "kind": "achieved", "metric": "法律咨询", "party": 0}},
    ]  # fmt: skip
    (row,) = commitments_by_party(text, ents)
    assert row["party"] == "法律顾问" and row["metric"] == "法律咨询" and row["value"] == 20.0


def test_component_round_trip(tmp_path):
    from rulegov_nlp.pipeline import blank_pipeline

    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_parties")
    nlp.to_disk(tmp_path / "p")
    import spacy

    again = spacy.load(tmp_path / "p")
    text = "镇党委、政府召开会议"
    doc_a, doc_b = nlp(text), again(text)
    assert (
        [e.text for e in doc_a.spans["entities"]]
        == [e.text for e in doc_b.spans["entities"]]
        == ["镇党委", "政府"]
    )
