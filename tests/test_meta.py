"""Portal metadata: fields the page states, nulls for the rest, nothing guessed."""

from __future__ import annotations

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
