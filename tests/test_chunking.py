"""Reports longer than the pipeline's max_length: read in pieces, one record (issue 14).

The pipeline's ``max_length`` is lowered for these tests so that a few kilobytes stand for
megabytes; the same code runs at spaCy's 1,000,000 characters.
"""

from __future__ import annotations

import json

import pytest

import rulegov_nlp
from rulegov_nlp.chunking import split_prepared
from rulegov_nlp.corpus.validate import validate_record
from rulegov_nlp.textprep import prepare

REPORT = (
    "某县司法局2023年法治政府建设情况报告\n"
    "2023年，我局围绕法治政府建设开展各项工作，现报告如下。\n"
    "一、2023年主要举措\n"
    "（一）规范执法。县司法局依据《中华人民共和国行政处罚法》开展执法检查18次，办理案件11件。\n"
    "（二）普法宣传。全年开展法律咨询20余次，发放宣传资料4500余份。\n"
    "二、存在的不足\n"
    "执法人员培训还不够，部分制度落实不到位。\n"
    "三、领导班子带头推进依法行政情况\n"
    "县委书记带头学法，主持召开专题会议3次。\n"
    "四、下一步工作打算\n"
    "明年开展执法培训不少于12次，出庭应诉率达到100%。\n"
)


def entity_keys(record: dict) -> list[tuple]:
    return [
        (e["start"], e["end"], e["label"], json.dumps(e["attrs"], sort_keys=True)) for e in record["entities"]
    ]


@pytest.fixture
def small_nlp(nlp, monkeypatch):
    """The bundled pipeline with a max_length of one and a half reports."""
    monkeypatch.setattr(nlp, "max_length", int(len(REPORT) * 1.5))
    return nlp


def test_long_report_gives_the_entities_and_sections_of_one_doc(nlp):
    text = (REPORT + "\n") * 8
    whole = rulegov_nlp.extract(text, nlp=nlp)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nlp, "max_length", int(len(REPORT) * 1.5))
        pieces = rulegov_nlp.extract(text, nlp=nlp)
    assert validate_record(pieces) == []
    assert entity_keys(pieces) == entity_keys(whole)
    assert [(s["start"], s["end"], s["label"]) for s in pieces["sections"]] == [
        (s["start"], s["end"], s["label"]) for s in whole["sections"]
    ]
    assert pieces["meta"] == whole["meta"]
    assert pieces["checks"] == whole["checks"]


def test_a_party_index_points_into_the_whole_record(small_nlp):
    record = rulegov_nlp.extract((REPORT + "\n") * 5, nlp=small_nlp)
    text = record["text"]
    linked = [
        e["attrs"]["party"] for e in record["entities"] if e["label"] == "COMMITMENT" and e["attrs"]["party"]
    ]
    assert linked
    assert all(record["entities"][i]["label"] == "PARTY" for i in linked)
    assert {text[record["entities"][i]["start"] : record["entities"][i]["end"]] for i in linked} >= {
        "县司法局"
    }


def test_one_paragraph_longer_than_a_piece_is_cut_at_sentence_ends(small_nlp):
    sentence = "县司法局开展法律咨询20余次。"
    text = sentence * (2 * small_nlp.max_length // len(sentence))
    record = rulegov_nlp.extract(text, nlp=small_nlp)
    assert validate_record(record) == []
    found = [text[e["start"] : e["end"]] for e in record["entities"] if e["label"] == "COMMITMENT"]
    assert found == ["20余次"] * text.count(sentence)


def test_html_page_beyond_max_length_maps_offsets_to_the_page(small_nlp):
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in REPORT.splitlines()) * 4 + "</body></html>"
    record = rulegov_nlp.extract(page, nlp=small_nlp)
    assert validate_record(record) == []
    assert [page[e["start"] : e["end"]] for e in record["entities"] if e["label"] == "COMMITMENT"].count(
        "20余次"
    ) == 4


def test_pieces_are_bounded_and_cover_the_prepared_text():
    prepared = prepare((REPORT + "\n") * 30 + "无标点的长段落" * 500)
    pieces = split_prepared(prepared, 1000)
    assert all(len(p.text) <= 1000 for p in pieces)
    assert "".join(p.text for p in pieces) == prepared.text
    starts = [p.boundary_to_original(0) for p in pieces]
    assert starts == sorted(starts) and starts[0] == 0
    assert pieces[-1].original_length == prepared.original_length
