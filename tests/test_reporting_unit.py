"""The reporting unit, year and level read from what a report says about itself (our sentences)."""

from __future__ import annotations

import pytest

from rulegov_nlp.meta import default_unit_reader, opening_year


@pytest.fixture(scope="module")
def reader():
    return default_unit_reader()


@pytest.mark.parametrize(
    ("text", "title", "name", "level", "division"),
    [
        ("2022年，云梦县坚持依法行政。", None, "云梦县", "county", ("420923000000", "county")),
        ("2022年，在市委、市政府的坚强领导下，市应急管理局认真履职。", None, "市应急管理局", "department", None),
        ("2021年，我局坚持以习近平法治思想为指导。", None, "我局", "department", None),
        ("2021年，我市坚持依法行政。", None, "我市", "city", None),
        ("", "海关总署关于2023年法治政府建设情况的报告", "海关总署", "department", (None, "national")),
        ("", "关于安庆市2020年度法治政府建设情况的报告", "安庆市", "city", ("340800000000", "city")),
        ("北京市西城区人民政府广安门内街道办事处\n2020年法治政府建设年度报告\n", None,
         "北京市西城区人民政府广安门内街道办事处", "township", ("110102017000", "township")),
        ("区委、区政府：\n2023年，金龙街道深入推进依法行政。", None, "金龙街道", "township", None),
    ],
)  # fmt: skip
def test_unit(reader, text, title, name, level, division):
    unit = reader.read(text, title, None)
    assert (unit.name, unit.level) == (name, level)
    got = (unit.division["code"], unit.division["level"]) if unit.division else None
    if division is not None:
        assert got == division


@pytest.mark.parametrize(
    ("head", "year"),
    [
        ("2023年，镇党委坚持…", 2023),
        ("根据《法治政府建设实施纲要（2021—2025年）》要求，现将2022年工作报告如下", 2022),
        ("发布时间：2024-03-01\n2023年度法治政府建设情况", 2023),
        ("没有年份", None),
    ],
)
def test_opening_year(head, year):
    assert opening_year(head) == year


@pytest.mark.parametrize("organ", ["人大常委会", "人民法院", "人民检察院"])
def test_congress_court_and_procuratorate_report_as_departments(nlp, organ):
    """meta.level: a congress's standing committee, a court and a procuratorate are not
    governments: their reports are `department` (ANNOTATION.md), placed at their county.
    Counties of the list, one in every 500."""
    from rulegov_nlp.parties.state import default_state

    state = default_state()
    counties = [
        d for code in sorted(state._rows)[::500] if (d := state.division(code)) and d.level == "county"
    ]
    assert len(counties) > 5
    for county in counties:
        text = f"{county.name}{organ}2023年法治建设工作报告\n\n2023年，在县委的坚强领导下，依法履行职责。"
        meta = nlp(text)._.meta
        assert meta["level"] == "department", county.name
        assert meta["issuer_division"]["name"] == county.name
