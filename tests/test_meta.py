"""Portal metadata: fields the page states, nulls for the rest, nothing guessed."""

from __future__ import annotations

import pytest

from rulegov_nlp.meta import MetadataReader, level_from_name, package_field_labels, report_year

PAGE = (
    "首页 > 政务公开\n索 引 号：QX-0012/2024-00031    文      号：\n"
    "发布机构：溪南县司法局    主题分类：司法\n发布日期：2024-02-27    有效性：有效\n\n"
    "溪南县司法局2023年度法治政府建设情况报告\n\n2023年，我局……\n"
)


def test_fields_read_and_missing_ones_null():
    meta = MetadataReader(package_field_labels()).read(PAGE)
    assert meta["index_no"] == "QX-0012/2024-00031"
    assert meta["doc_no"] is None and meta["written"] is None
    assert meta["issuer"] == "溪南县司法局"
    assert meta["published"] == "2024-02-27" and meta["validity"] == "有效"
    assert meta["title"] == "溪南县司法局2023年度法治政府建设情况报告"
    assert meta["year"] == 2023 and meta["level"] == "department"


def test_no_metadata_block():
    meta = MetadataReader(package_field_labels()).read("今年以来，全镇上下共同努力。")
    assert all(v is None for v in meta.values())


def test_level_and_year_helpers():
    assert level_from_name("青川镇人民政府") == "township"
    assert level_from_name("云岭市人民政府") == "city"
    assert report_year("关于2021年度法治政府建设情况的报告") == 2021
    assert report_year(None) is None


def test_plan_or_report_is_decided_once_in_meta(nlp):
    """meta.kind comes from the metadata component; section typing and COMMITMENT kind read it."""
    plan = "云桥市2025年法治政府建设工作要点\n\n一、总体要求\n全年组织集中学法6次。\n二、重点任务\n开展普法宣传20场。\n"
    report = "云桥市2024年法治政府建设情况报告\n\n一、主要举措\n全年组织集中学法6次。\n"
    doc = nlp(plan)
    assert doc._.meta["kind"] == "plan"
    assert nlp(report)._.meta["kind"] == "report"
    kinds = {s.text: s._.attrs["kind"] for s in doc.spans["entities"] if s.label_ == "COMMITMENT"}
    assert kinds == {"6次": "target", "20场": "target"}
    assert {s.label_ for s in doc.spans["sections"] if s._.heading} == {"plans"}


# The year reported on, from every place a report states it: frames of our own, filled with
# years in digits and in Chinese numerals.
YEAR_FRAMES = [
    ("{y}年度法治政府建设情况报告\n\n一年来，县司法局认真履行职责。", 0),
    ("市应急管理局关于{y}年法治政府建设工作情况的报告\n\n一年来，我局认真贯彻落实。", 0),
    ("法治政府建设年度报告\n\n{y}年，镇党委、镇政府高度重视法治建设。", 0),
    ("法治政府建设年度报告\n\n一年来，区政府深入推进依法行政。\n\n某区人民政府\n{y1}年2月10日", -1),
    ("法治政府建设工作总结\n\n今年以来，街道党工委高度重视。\n\n{y}年12月20日", 0),
    ("法治政府建设年度报告\n发布时间：{y1}-03-02 10:00\n\n一年来，局党组高度重视。", -1),
]


@pytest.mark.parametrize(
    "frame, shift, numerals",
    [
        (frame, shift, numerals)
        for frame, shift in YEAR_FRAMES
        for numerals in ("digits", "chinese")
        if numerals == "digits" or "-" not in frame  # a portal's date field is written in digits
    ],
)
@pytest.mark.parametrize("year", [2016, 2020, 2023])
def test_year_reported_on(nlp, frame, shift, year, numerals):
    def written(y: int) -> str:
        return str(y) if numerals == "digits" else "".join("〇一二三四五六七八九"[int(d)] for d in str(y))

    text = frame.format(y=written(year), y1=written(year + 1))
    expected = year + 1 + shift if "{y1}" in frame else year
    assert nlp(text)._.meta["year"] == expected


def test_a_plans_year_is_the_year_it_was_issued(nlp):
    text = "县司法局法治宣传工作要点\n成文日期：2024-03-02\n\n一、加强普法。开展宣传20次。"
    meta = nlp(text)._.meta
    assert (meta["kind"], meta["year"]) == ("plan", 2024)
