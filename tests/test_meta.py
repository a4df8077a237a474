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
