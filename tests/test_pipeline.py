"""End to end on the bundled pipeline: offsets, serialization round trip, record shape."""

from __future__ import annotations

import json

import pytest
import spacy

import rulegov_nlp
from rulegov_nlp.corpus.validate import validate_record
from rulegov_nlp.pipeline import COMPONENTS
from tests.conftest import ROOT

EXAMPLE = (ROOT / "examples" / "qingchuan_town_2023.txt").read_text(encoding="utf-8")


def assert_offsets_valid(record: dict, text: str) -> None:
    assert record["text"] == text
    for ent in record["entities"]:
        span = text[ent["start"] : ent["end"]]
        assert span and span == span.strip(), ent
    if record["sections"]:
        assert record["sections"][0]["start"] == 0
        assert record["sections"][-1]["end"] == len(text)
        for a, b in zip(record["sections"], record["sections"][1:], strict=False):
            assert a["end"] == b["start"]


def test_pipeline_has_every_component(nlp):
    assert list(COMPONENTS) == [n for n in nlp.pipe_names if n.startswith("rulegov_")]
    assert nlp.tokenizer.segmenter == "pkuseg"


def test_example_record_is_valid_and_complete(nlp):
    record = rulegov_nlp.extract(EXAMPLE, nlp=nlp)
    assert_offsets_valid(record, EXAMPLE)
    assert validate_record({**record, "id": "x"}) == []
    texts = {(e["label"], EXAMPLE[e["start"] : e["end"]]) for e in record["entities"]}
    assert ("LAW", "中华人民共和国行政处罚法") in texts
    assert ("COMMITMENT", "30余次") in texts
    assert ("PARTY", "县委依法治县办") in texts
    assert record["meta"]["year"] == 2023 and record["meta"]["level"] == "township"
    assert record["checks"]["missing_sections"] == []
    unknown = {u["text"]: u["suggestion"] for u in record["checks"]["unknown_laws"]}
    assert unknown.get("治安管理法") == "治安管理处罚法"
    assert "150%" not in {EXAMPLE[e["start"] : e["end"]] for e in record["entities"]}


def test_messy_input_offsets_map_to_the_original(nlp):
    messy = "\ufeff" + EXAMPLE.replace("\n", "\r\n").replace("100%", "１００％").replace("(", "（")
    record = rulegov_nlp.extract(messy, nlp=nlp)
    assert_offsets_valid(record, messy)
    assert any(messy[e["start"] : e["end"]] == "１００％" for e in record["entities"])


def test_html_input_offsets_map_to_the_original(nlp):
    body = "".join(f"<p>{line}</p>\n" for line in EXAMPLE.splitlines() if line.strip())
    html = f"<html><head><style>p{{line-height:150%}}</style></head><body>{body}</body></html>"
    record = rulegov_nlp.extract(html, nlp=nlp)
    for ent in record["entities"]:
        assert "<" not in html[ent["start"] : ent["end"]]
    laws = [html[e["start"] : e["end"]] for e in record["entities"] if e["label"] == "LAW"]
    assert "中华人民共和国行政处罚法" in laws


def test_seed_offsets(nlp, seed_text):
    record = rulegov_nlp.extract(seed_text, nlp=nlp)
    assert_offsets_valid(record, seed_text)


def test_to_disk_then_spacy_load_gives_identical_output(nlp, tmp_path):
    nlp.to_disk(tmp_path / "copy")
    reloaded = spacy.load(tmp_path / "copy")
    a = rulegov_nlp.extract(EXAMPLE, nlp=nlp)
    b = rulegov_nlp.extract(EXAMPLE, nlp=reloaded)
    assert json.dumps(a, ensure_ascii=False, sort_keys=True) == json.dumps(
        b, ensure_ascii=False, sort_keys=True
    )


def test_pickled_pipeline_gives_identical_output(nlp):
    """Worker processes started with "spawn" (macOS, Windows) receive the pipeline pickled."""
    import pickle

    nlp(EXAMPLE)  # lazily built recognisers and caches exist before pickling
    copy = pickle.loads(pickle.dumps(nlp))
    a = rulegov_nlp.extract(EXAMPLE, nlp=nlp)
    b = rulegov_nlp.extract(EXAMPLE, nlp=copy)
    assert json.dumps(a, ensure_ascii=False, sort_keys=True) == json.dumps(
        b, ensure_ascii=False, sort_keys=True
    )


def test_extract_many_matches_extract(nlp):
    texts = [EXAMPLE, "县司法局开展普法活动12场。"]
    many = list(rulegov_nlp.extract_many(texts, nlp=nlp, ids=["a", "b"]))
    assert [r["id"] for r in many] == ["a", "b"]
    assert many[0]["entities"] == rulegov_nlp.extract(EXAMPLE, nlp=nlp)["entities"]


def test_extract_many_in_worker_processes_matches_one_process(nlp):
    texts = [EXAMPLE, "县司法局开展普法活动12场。", "镇党委、政府召开专题会议3次。"]
    one = list(rulegov_nlp.extract_many(texts, nlp=nlp, ids=["a", "b", "c"]))
    two = list(rulegov_nlp.extract_many(texts, nlp=nlp, ids=["a", "b", "c"], n_process=2, batch_size=1))
    assert two == one


def test_doc_ents_are_aligned_spans(nlp):
    doc = nlp("依据《中华人民共和国行政处罚法》办理案件20余件。")
    assert {(e.text, e.label_) for e in doc.ents} >= {
        ("中华人民共和国行政处罚法", "LAW"),
        ("20余件", "COMMITMENT"),
    }
    law = next(e for e in doc.ents if e.label_ == "LAW")
    assert law._.canonical == "中华人民共和国行政处罚法"


def test_end_block_takes_the_junk_removed_before_it(nlp):
    """A style block cleaning removed between the last paragraph and the signature belongs
    to the end block (other), not to the plans section before it."""
    text = (
        "松林镇2023年度法治政府建设情况报告\n\n2023年,松林镇扎实推进法治政府建设,现报告如下。\n\n"
        "一、主要举措\n组织学法4次,效果良好。\n二、下一步工作计划\n力争培训执法人员100人次。\n\n"
        ".TRS_Editor P{margin-top:0px;font-family:宋体;}\n松林镇人民政府\n2024年3月1日\n"
    )
    record = rulegov_nlp.extract(text, nlp=nlp)
    last = record["sections"][-1]
    assert last["label"] == "other" and text[last["start"] :].startswith(".TRS_Editor")
    assert record["sections"][-2]["label"] == "plans"


@pytest.mark.parametrize(("width", "footer"), [(22, "— {} —"), (30, "第 {} 页"), (36, "- {} -")])
def test_hard_wrapped_text_reads_like_the_original(nlp, width, footer):
    """Text copied from a PDF: paragraphs hard-wrapped at one width, page numbers between
    lines. Entities (read without the line breaks) and sections are those of the original."""
    import textwrap

    original = EXAMPLE
    lines = [piece for para in original.split("\n") for piece in (textwrap.wrap(para, width) or [""])]
    wrapped = "\n".join(
        line + (f"\n{footer.format(i // 15)}" if i % 15 == 0 else "") for i, line in enumerate(lines, 1)
    )

    def view(text):
        record = rulegov_nlp.extract(text, nlp=nlp)
        ents = sorted((e["label"], text[e["start"] : e["end"]].replace("\n", "")) for e in record["entities"])
        return ents, [s["label"] for s in record["sections"]]

    assert view(wrapped) == view(original)


def test_parse_reads_an_html_page_as_its_text_with_offsets_back(nlp):
    import rulegov_nlp

    html = (
        "<html><head><style>.x{color:red}</style></head><body><p>县司法局开展普法活动</p>"
        "<p>全年12场。</p></body></html>"
    )
    doc = rulegov_nlp.parse(html, nlp=nlp)
    assert "<" not in doc.text and "color" not in doc.text
    party = next(s for s in doc.spans["entities"] if s.label_ == "PARTY")
    start, end = doc._.offset_map.to_original(party.start_char, party.end_char)
    assert html[start:end] == "县司法局"
