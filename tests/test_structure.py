"""Headings and top-level units on documents we write, including damaged ones."""

from __future__ import annotations

import itertools

import pytest

from rulegov_nlp.pipeline import blank_pipeline
from rulegov_nlp.structure import StructureFinder, _load_rules

HEADER = "首页 > 政务公开\n发布日期:2024年03月02日\n\n松林镇2023年度法治政府建设情况报告\n\n"
PREAMBLE = "2023年,松林镇在县委、县政府领导下,扎实推进法治政府建设各项工作,现报告如下。\n\n"


@pytest.fixture(scope="module")
def finder():
    return StructureFinder(_load_rules())


def blocks(finder, text):
    return [(u.block, text[u.start : u.start + 4]) for u in finder.find(text)]


def layout_ok(units, text):
    assert units[0].start == 0 and units[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(units))


@pytest.mark.parametrize(
    "marks",
    [
        ("一、", "二、", "三、"),
        ("第一部分 ", "第二部分 ", "第三部分 "),
        ("(一)", "(二)", "(三)"),
        ("1.", "2.", "3."),
        ("一、", "、", "四、"),  # a lost numeral and a skipped number
    ],
)
def test_heading_styles_and_damage(finder, marks):
    body = "".join(
        f"{m}工作情况{i}\n开展了多项工作,取得一定成效,群众满意度持续提升。\n" for i, m in enumerate(marks)
    )
    text = HEADER + PREAMBLE + body
    units = finder.find(text)
    layout_ok(units, text)
    assert [u.block for u in units] == ["header", "preamble", "heading", "heading", "heading"]
    assert units[2].heading.startswith(marks[0].strip())


def test_subsections_and_signature_block(finder):
    text = (
        HEADER
        + PREAMBLE
        + "一、主要举措\n(一)加强学法。组织学法4次,效果良好。\n(二)规范执法。开展检查9次,问题整改到位。\n"
        "二、存在的不足\n执法力量仍显薄弱,需要进一步加强人员配备和培训工作。\n松林镇人民政府\n2024年3月1日\n网站地图 | 联系我们\n"
    )
    units = finder.find(text)
    layout_ok(units, text)
    assert [u.block for u in units][-1] == "end"
    assert text[units[-1].start :].startswith("松林镇人民政府")
    subs = units[2].subsections
    assert [s["heading"][:3] for s in subs] == ["(一)", "(二)"]


def test_text_without_headings(finder):
    text = "今年以来,本局认真落实法治政府建设要求,依法履职,开展普法活动多次,执法规范化水平持续提高。"
    units = finder.find(text)
    assert [u.block for u in units] == ["preamble"]
    assert (units[0].start, units[0].end) == (0, len(text))


def test_component_writes_contiguous_sections():
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_structure")
    text = HEADER + PREAMBLE + "一、主要举措\n开展工作。\n二、下一步打算\n继续努力。\n"
    doc = nlp(text)
    spans = list(doc.spans["sections"])
    assert spans[0].start_char == 0 and spans[-1].end_char == len(text)
    assert spans[2]._.heading == "一、主要举措"
