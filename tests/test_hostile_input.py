"""Any string gives a valid record: empty, invisible, broken and odd input (issue 14)."""

from __future__ import annotations

import json

import pytest

import rulegov_nlp
from rulegov_nlp.corpus.validate import validate_record
from rulegov_nlp.textprep import looks_like_html, prepare

REPORT = (
    "某县司法局2023年法治政府建设情况报告\n"
    "2023年，我局围绕法治政府建设开展各项工作，现报告如下。\n"
    "一、主要举措\n"
    "依据《中华人民共和国行政处罚法》开展执法检查，全年开展法律咨询20余次。\n"
    "二、存在的不足\n"
    "执法人员培训还不够，部分制度落实不到位。\n"
    "三、下一步工作打算\n"
    "明年开展执法培训不少于12次，出庭应诉率达到100%。\n"
)


def valid_record(text: str, nlp) -> dict:
    """The record of ``text``, checked against the contract and strict JSON."""
    record = rulegov_nlp.extract(text, nlp=nlp)
    assert validate_record(record) == []
    json.dumps(record, allow_nan=False)
    return record


def spans(record: dict) -> list[tuple[str, str]]:
    return [(e["label"], record["text"][e["start"] : e["end"]]) for e in record["entities"]]


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\t", "\u200b\u200d\ufeff", "\ud800", "\udfff一", "\x00\x01\x1b", "\u0301\u0301", "\u2028"],
    ids=[
        "empty",
        "space",
        "blank-lines",
        "zero-width",
        "surrogate",
        "low-surrogate",
        "controls",
        "marks",
        "ls",
    ],
)
def test_nothing_to_find_gives_an_empty_valid_record(text, nlp):
    record = valid_record(text, nlp)
    assert record["entities"] == []
    assert record["text"] == text
    nlp(text)  # the pipeline itself never raises on a str


def test_lone_surrogate_is_replaced_with_the_offset_map_kept(nlp):
    text = "全年开展法律咨询\ud83420余次，县司法局\udc00负责。"
    prep = prepare(text)
    assert len(prep.text) == len(text) and "\ufffd" in prep.text
    record = valid_record(text, nlp)
    assert ("COMMITMENT", "20余次") in spans(record)
    assert ("PARTY", "县司法局") in spans(record)


def test_nlp_replaces_surrogates_one_for_one(nlp):
    doc = nlp("县司法局\ud800开展")
    assert doc.text == "县司法局\ufffd开展"


def test_combining_marks_do_not_remove_entities(nlp):
    plain = spans(valid_record(REPORT, nlp))
    marked_text = (
        REPORT.replace("行政", "行\u0301政")
        .replace("司法局", "司\u0300法局")
        .replace("20余次", "2\u03010余次")
    )
    marked = valid_record(marked_text, nlp)
    assert [label for label, _ in spans(marked)] == [label for label, _ in plain]
    assert ("COMMITMENT", "2\u03010余次") in spans(marked)


def test_line_separators_are_line_breaks(nlp):
    text = REPORT.replace("\n", "\u2028")
    assert prepare(text).text == prepare(REPORT).text
    assert [s["label"] for s in valid_record(text, nlp)["sections"]] == [
        s["label"] for s in valid_record(REPORT, nlp)["sections"]
    ]


def test_stray_br_does_not_make_a_plain_report_html(nlp):
    text = REPORT.replace("现报告如下。", "现报告如下。<br>")
    assert not looks_like_html(text)
    plain, with_br = valid_record(REPORT, nlp), valid_record(text, nlp)
    assert [s["label"] for s in with_br["sections"]] == [s["label"] for s in plain["sections"]]
    assert spans(with_br) == spans(plain)
    assert "<br>" not in prepare(text).text


def test_font_and_strong_fragment_is_html():
    fragment = "<font color=red>县司法局</font>开展<strong>法律咨询</strong>20余次"
    assert looks_like_html(fragment)
    assert prepare(fragment).text == "县司法局开展法律咨询20余次"


@pytest.mark.parametrize("opener", ["<script>", "<!--", "<style type='text/css'>"])
def test_unclosed_script_or_comment_is_dropped_to_the_end(opener, nlp):
    text = f"<p>全年开展法律咨询20余次。</p>{opener}县司法局开展普法活动30场"
    prep = prepare(text)
    assert "普法活动" not in prep.text
    assert spans(valid_record(text, nlp)) == [("COMMITMENT", "20余次")]


def test_closed_blocks_are_dropped_and_text_after_them_kept():
    text = "<p>第一段</p><script>var a = '<p>';</script><!-- 注释 --><p>第二段</p>"
    assert prepare(text).text.split() == ["第一段", "第二段"]


def commitments(record: dict) -> list[tuple[str, dict]]:
    return [
        (record["text"][e["start"] : e["end"]], e["attrs"])
        for e in record["entities"]
        if e["label"] == "COMMITMENT"
    ]


def test_a_value_too_large_for_a_float_is_null_and_flagged(nlp):
    text = "全年投入资金1" + "0" * 305 + "亿元。"
    record = valid_record(text, nlp)
    [(span, attrs)] = commitments(record)
    assert span.endswith("亿元") and attrs["value"] is None
    index = next(i for i, e in enumerate(record["entities"]) if e["label"] == "COMMITMENT")
    assert record["checks"]["value_flags"] == [{"entity": index, "reason": "not_finite"}]


def test_minus_sign_is_kept_and_not_glued_to_the_metric(nlp):
    record = valid_record("与上年相比，行政复议案件减少−3次。", nlp)
    [(span, attrs)] = commitments(record)
    assert span == "−3次" and attrs["value"] == -3.0
    assert not attrs["metric"].endswith("−")
    assert [f["reason"] for f in record["checks"]["value_flags"]] == ["negative"]


def test_rate_above_100_percent_is_kept_and_flagged(nlp):
    record = valid_record("行政机关负责人出庭应诉率1000%。", nlp)
    [(span, attrs)] = commitments(record)
    assert span == "1000%" and attrs["value"] == 1000.0
    assert [f["reason"] for f in record["checks"]["value_flags"]] == ["rate_above_100"]
    assert valid_record("行政机关负责人出庭应诉率100%。", nlp)["checks"]["value_flags"] == []


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_validate_rejects_nan_and_infinity(bad, nlp):
    record = valid_record("全年开展法律咨询20余次。", nlp)
    record["entities"][0]["attrs"]["value"] = bad
    assert any("not valid JSON" in p for p in validate_record(record))
    record = valid_record("全年开展法律咨询20余次。", nlp)
    record["sections"][0]["attrs"]["prob"] = bad
    assert any("not valid JSON" in p for p in validate_record(record))
