"""Headings and top-level units on documents we write, including damaged ones."""

from __future__ import annotations

import itertools

import pytest

from rulegov_nlp.pipeline import blank_pipeline
from rulegov_nlp.structure import StructureFinder, package_rules

HEADER = "首页 > 政务公开\n发布日期:2024年03月02日\n\n松林镇2023年度法治政府建设情况报告\n\n"
PREAMBLE = "2023年,松林镇在县委、县政府领导下,扎实推进法治政府建设各项工作,现报告如下。\n\n"


@pytest.fixture(scope="module")
def finder():
    return StructureFinder(package_rules())


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


NOTICE = (
    "柘县政办发〔2024〕9号\n柘县人民政府办公室关于印发柘县法治政府建设实施方案的通知\n"
    "各乡镇人民政府,县政府各部门:\n"
    "《柘县法治政府建设实施方案》已经县政府同意,现印发给你们,请认真贯彻执行。\n"
    "柘县人民政府办公室\n2024年4月8日\n柘县法治政府建设实施方案\n"
)
NEWS_LEAD = (
    "我市印发法治政府建设实施方案\n来源:云桥日报 2024-03-02 09:15\n"
    "近日,市委办公室、市政府办公室印发了《云桥市法治政府建设实施方案》,并发出通知,要求各地结合实际认真贯彻落实。\n"
    "《云桥市法治政府建设实施方案》全文如下。\n"
)


@pytest.mark.parametrize(
    ("wrapper", "opening"),
    [
        (NOTICE, "为深入推进依法行政,结合我县实际,制定本方案。"),  # an issuing notice
        (NEWS_LEAD, "为全面建设法治政府,根据有关规定,结合本市实际,制定本方案。"),  # a news lead-in
    ],
)
def test_wrapper_of_an_issued_plan_belongs_to_the_header(finder, wrapper, opening):
    text = wrapper + opening + "\n一、总体要求\n坚持依法行政。\n二、主要任务\n规范执法。\n"
    units = finder.find(text)
    layout_ok(units, text)
    assert [u.block for u in units][:2] == ["header", "preamble"]
    assert units[1].start == len(wrapper)


def test_salutation_opens_the_body(finder):
    text = (
        "岚江区委全面依法治区委员会:\n"
        "2024年,青萝街道坚持以习近平法治思想为指导,扎实推进法治建设。现将有关情况报告如下:\n"
        "一、主要工作\n开展普法活动12场。\n二、下一步打算\n继续推进。\n"
    )
    units = finder.find(text)
    assert [u.block for u in units] == ["preamble", "heading", "heading"]
    # page chrome that ends in a colon is not a salutation
    chrome = "松林镇2023年度法治政府建设情况报告\n字号:[大 中 小] 分享到:\n" + text.split("\n", 1)[1]
    assert [u.block for u in finder.find(chrome)][:2] == ["header", "preamble"]
    assert finder.find(chrome)[1].start == chrome.index("2024年")


def test_bullet_headings_head_numbered_items(finder):
    text = (
        "柏溪县2024年法治政府建设情况报告\n"
        "2024年,柏溪县深入推进依法行政,法治政府建设取得新成效,现将有关情况报告如下。\n"
        "- 坚持高位推动,压实法治建设责任\n(一)强化理论武装。组织学法6次。\n(二)完善制度机制。出台制度3项。\n"
        "- 存在的问题和不足\n(一)执法力量不足。部分乡镇执法人员偏少。\n"
    )
    units = finder.find(text)
    assert [u.block for u in units] == ["header", "preamble", "heading", "heading"]
    assert units[2].heading.startswith("- 坚持") and len(units[2].subsections) == 2
    # a bullet list that heads no numbered items stays inside its section
    plain = text.replace("(一)强化", "强化").replace("(一)执法", "执法")
    assert "heading" not in [u.block for u in finder.find(plain.replace("(二)完善", "完善"))]


def test_traditional_characters_are_folded_for_the_rules(finder):
    text = (
        "錦川市人民政府辦公室關於印發實施方案的通知\n各縣(市)區人民政府:\n"
        "《錦川市實施方案》已經市政府同意,現印發給你們,請認真貫徹執行。\n錦川市人民政府辦公室\n2019年4月2日\n"
        "為深入推進依法行政,結合我市實際,制定本實施方案。\n一、總體要求\n依法行政。\n二、主要任務\n規範執法。\n"
    )
    units = finder.find(text)
    assert [u.block for u in units][:2] == ["header", "preamble"]
    assert text[units[1].start :].startswith("為深入") and units[2].heading == "一、總體要求"


def test_run_in_items_are_the_lowest_level(finder):
    text = (
        HEADER
        + PREAMBLE
        + "一、主要举措\n(一)加强学法。一是健全制度,出台规定3项;二是强化培训,组织学法4次。\n"
        "三是严格考核,纳入年度考评。但是仍有不足;总是统一是非标准。\n二、存在的不足\n执法力量不足。\n"
    )
    units = finder.find(text)
    subs = units[2].subsections
    assert [(s["level"], s["heading"]) for s in subs] == [
        ("paren", "(一)加强学法。一是健全制度,出台规定3项;二是强化培训,组织学法4次。"),
        ("run_in", "一是健全制度"),
        ("run_in", "二是强化培训"),
        ("run_in", "三是严格考核"),
    ]
    assert [u.block for u in units] == ["header", "preamble", "heading", "heading"]  # never top level
    assert (
        all(a["end"] == b["start"] for a, b in itertools.pairwise(subs)) and subs[-1]["end"] == units[2].end
    )


def test_seed_report_sections(seed_text, seed_gold):
    """Acceptance: the seed's sections, exact at its headings and signature, nothing missing."""
    import rulegov_nlp

    record = rulegov_nlp.extract(seed_text)
    got = [(s["start"], s["end"], s["label"]) for s in record["sections"]]
    assert got == [(s["start"], s["end"], s["label"]) for s in seed_gold["sections"]]
    assert [lab for _, _, lab in got] == [
        "header", "preamble", "measures", "shortcomings", "leadership", "plans", "other",
    ]  # fmt: skip
    assert record["checks"]["missing_sections"] == []


@pytest.mark.parametrize(
    "marks", [("（一）", "（二）", "（三）"), ("（1）", "(2)", "（3）"), ("1．", "2．", "4．")]
)
def test_full_width_and_mixed_brackets(finder, marks):
    body = "".join(
        f"{m}工作情况{i}\n开展了多项工作,取得一定成效,群众满意度持续提升。\n" for i, m in enumerate(marks)
    )
    units = finder.find(HEADER + PREAMBLE + body)
    assert [u.block for u in units] == ["header", "preamble", "heading", "heading", "heading"]


def test_headings_run_into_their_paragraph(finder):
    body = (
        "一、强化组织领导。镇党委召开专题会议4次,研究部署法治建设工作,压实各方责任。\n"
        "二、存在的不足。执法力量仍显薄弱,部分干部法治意识不强,需要进一步加强培训。\n"
        "三、下一步打算。继续抓好学法用法,推进严格规范公正文明执法。\n"
    )
    text = HEADER + PREAMBLE + body
    units = finder.find(text)
    assert [u.block for u in units] == ["header", "preamble", "heading", "heading", "heading"]
    assert units[3].heading.startswith("二、存在的不足") and text[units[3].start :].startswith("二、")


def test_prose_with_chrome_words_is_not_page_noise(finder):
    """备案审查, 打印 or 分享 inside the last paragraph are prose, not page chrome."""
    text = (
        HEADER + PREAMBLE + "一、主要举措\n组织学法4次,效果良好。\n"
        "二、下一步工作打算\n一是规范性文件备案审查率保持100%;二是打印并分享执法指引,推动执法规范。\n"
        "松林镇人民政府\n2024年3月1日\n(此件公开发布)\n"
    )
    units = finder.find(text)
    layout_ok(units, text)
    assert text[units[-2].start :].startswith("二、下一步工作打算")
    assert units[-1].block == "end" and text[units[-1].start :].startswith("松林镇人民政府")


@pytest.mark.parametrize(
    "junk",
    [
        ".TRS_Editor P{font-family:宋体;line-height:1.5;}",
        "var share_title = document.title; // 分享到微信",
        "附件:法治政府建设重点任务分工表(略)",
        "主办:松林镇人民政府办公室 承办:松林镇党政办",
    ],
)
def test_page_junk_after_the_last_section_is_the_end_block(finder, junk):
    text = (
        HEADER
        + PREAMBLE
        + "一、主要举措\n组织学法4次,效果良好。\n二、工作计划\n力争培训执法人员100人次。\n"
        + junk
        + "\n"
    )
    units = finder.find(text)
    assert units[-1].block == "end" and text[units[-1].start :].startswith(junk[:6])
