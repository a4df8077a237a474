"""The rulegov_laws component: LAW spans, kinds, links and suggestions on sentences we wrote."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest
import spacy

import rulegov_nlp.component as component_base
from rulegov_nlp.component import read_package_data
from rulegov_nlp.laws.component import DATA_FILES, LawsComponent
from rulegov_nlp.laws.gazetteer import derive_gazetteer, name_key
from rulegov_nlp.pipeline import blank_pipeline
from rulegov_nlp.spans import entities
from rulegov_nlp.text.folding import width_fold_table
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def law_nlp():
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_laws")
    return nlp


def found(nlp, text: str) -> list[str]:
    return [span.text for span in entities(nlp(text), "LAW")]


def one(nlp, text: str) -> dict:
    spans = entities(nlp(text), "LAW")
    assert len(spans) == 1, [s.text for s in spans]
    return {"text": spans[0].text, **spans[0]._.attrs}


# --- titles in 《》 -----------------------------------------------------------------------------


def test_title_span_excludes_brackets_and_links(law_nlp):
    got = one(law_nlp, "镇政府组织干部学习《中华人民共和国行政处罚法》。")
    assert got["text"] == "中华人民共和国行政处罚法"
    assert got["kind"] == "law" and got["known"] is True
    assert got["canonical"] == "中华人民共和国行政处罚法" and got["status"] == "现行有效"
    assert got["suggestion"] is None and got["suggestion_score"] is None


def test_version_qualifier_belongs_to_the_title(law_nlp):
    got = one(law_nlp, "对标《法治政府建设实施纲要（2021—2025年）》逐项推进。")
    assert got["text"] == "法治政府建设实施纲要（2021—2025年）"
    assert got["canonical"] == "法治政府建设实施纲要（2021—2025年）" and got["kind"] == "policy"


@pytest.mark.parametrize(
    "written",
    [
        "法治政府建设实施纲要(2021-2025年)",
        "法治政府建设实施纲要（2021－2025年）",
        "法治政府建设实施纲要(2021 — 2025 年)",
    ],
)
def test_width_and_dash_variants_link(law_nlp, written):
    got = one(law_nlp, f"贯彻《{written}》。")
    assert got["text"] == written
    assert got["canonical"] == "法治政府建设实施纲要（2021—2025年）"


def test_nested_title_marks_only_the_outer(law_nlp):
    text = "制定《南岭省贯彻落实〈法治政府建设实施纲要（2021—2025年）〉实施方案》。"
    got = one(law_nlp, text)
    assert got["text"] == "南岭省贯彻落实〈法治政府建设实施纲要（2021—2025年）〉实施方案"
    assert got["kind"] == "policy" and got["known"] is False
    assert found(law_nlp, "依据《关于印发《东湖县行政执法公示办法》的通知》执行。") == [
        "关于印发《东湖县行政执法公示办法》的通知"
    ]


@pytest.mark.parametrize("sep", ["", "、", "和", "及"])
def test_runs_of_titles(law_nlp, sep):
    assert found(law_nlp, f"宣传《宪法》{sep}《民法典》{sep}《行政许可法》等法律。") == [
        "宪法",
        "民法典",
        "行政许可法",
    ]


def test_short_back_references_are_law(law_nlp):
    text = "按照《纲要》和《条例》要求推进。"
    spans = entities(law_nlp(text), "LAW")
    assert [(s.text, s._.kind, s._.known) for s in spans] == [
        ("纲要", "policy", False),
        ("条例", "regulation", False),
    ]


def test_abbreviation_inherits_the_link(law_nlp):
    text = "落实《法治政府建设实施纲要（2021—2025年）》（以下简称《纲要》），对照《纲要》自查。"
    spans = entities(law_nlp(text), "LAW")
    assert [s.text for s in spans] == ["法治政府建设实施纲要（2021—2025年）", "纲要", "纲要"]
    assert all(s._.canonical == "法治政府建设实施纲要（2021—2025年）" for s in spans)


def test_bare_back_reference_to_a_cited_outline(law_nlp):
    text = "县政府对照《法治政府建设实施纲要（2021—2025年）》开展评估，确保纲要任务落地。完成一规划两纲要。"
    spans = entities(law_nlp(text), "LAW")
    assert [s.text for s in spans] == ["法治政府建设实施纲要（2021—2025年）", "纲要"]
    assert spans[1]._.canonical == "法治政府建设实施纲要（2021—2025年）"
    assert found(law_nlp, "确保纲要任务落地。") == []  # nothing to point back to


def test_cut_off_title_at_text_end(law_nlp):
    assert found(law_nlp, "本年度制定了《东湖县法治政府建设实施方案(20") == ["东湖县法治政府建设实施方案(20"]
    got = one(law_nlp, "出台《关于加强基层执法队伍建设的意")
    assert got["kind"] == "policy"


@pytest.mark.parametrize(
    "name", ["中华人民共和国行政复议法", "关于加强法治政府建设的意见", "优化营商环境条例"]
)
@pytest.mark.parametrize("kept", [1, 2, 3])
def test_title_cut_before_its_name_is_no_law(law_nlp, name, kept):
    """A text cut a few characters after 《 (《行政, 《关于) names no instrument: every cut shorter
    than the shortest name that is not a known one."""
    assert found(law_nlp, f"认真贯彻落实《{name[:kept]}") == []


def test_short_known_name_cut_at_text_end_is_kept(law_nlp):
    assert found(law_nlp, "组织学习《宪法") == ["宪法"]


def test_bracket_left_open_in_a_line(law_nlp):
    assert found(law_nlp, "组织学习《东湖县行政执法公示办法\n下一段") == ["东湖县行政执法公示办法"]
    # an open 《 before prose hides nothing: the bare names inside still count
    assert found(law_nlp, "组织学习《宪法、民法典等法律\n下一段") == ["宪法", "民法典"]


def test_repeated_document_title_line_is_marked(law_nlp):
    text = "印发《东湖县行政执法质量提升实施方案》的通知\n各乡镇：\n东湖县行政执法质量提升实施方案\n为了……"
    assert found(law_nlp, text) == ["东湖县行政执法质量提升实施方案", "东湖县行政执法质量提升实施方案"]


def test_traditional_characters_and_pinyin_glosses(law_nlp):
    got = one(law_nlp, "《法治政府建設(shè)實施綱要(2021-2025年)》全文如下")
    assert got["canonical"] == "法治政府建设实施纲要（2021—2025年）"


# --- bare mentions ----------------------------------------------------------------------------


def test_bare_short_names_link_to_full_names(law_nlp):
    text = "学习行政处罚法和民法典，遵守宪法法律。"
    spans = entities(law_nlp(text), "LAW")
    assert [(s.text, s._.canonical) for s in spans] == [
        ("行政处罚法", "中华人民共和国行政处罚法"),
        ("民法典", "中华人民共和国民法典"),
        ("宪法", "中华人民共和国宪法"),
    ]
    assert [s._.kind for s in spans] == ["law", "law", "constitution"]


@pytest.mark.parametrize("cue", ["新修订的", "新", "修订后的"])
def test_revision_cues_stay_outside_the_span(law_nlp, cue):
    assert found(law_nlp, f"组织学习{cue}行政复议法。") == ["行政复议法"]


def test_cued_unknown_law_is_marked_with_a_suggestion(law_nlp):
    got = one(law_nlp, "干部对新出台的行政复议条法理解不深。")
    assert got["text"] == "行政复议条法" and got["known"] is False and got["kind"] == "law"
    assert found(law_nlp, "对新修订的法律法规学习不够。") == []


def test_names_inside_longer_phrases(law_nlp):
    got = one(law_nlp, "各部门学习贯彻行政复议法实施条例。")
    assert got["text"] == "行政复议法实施条例" and got["kind"] == "regulation"
    assert got["canonical"] == "中华人民共和国行政复议法实施条例"


@pytest.mark.parametrize("text", ["开展宪法宣传周活动。", "围绕国家宪法日开展宣传。", "组织宪法宣誓仪式。"])
def test_constitution_inside_event_names(law_nlp, text):
    assert found(law_nlp, text) == ["宪法"]


def test_constitution_variants(law_nlp):
    spans = entities(law_nlp("学习宪法修正案，参观五四宪法历史资料陈列馆。"), "LAW")
    assert [(s.text, s._.kind) for s in spans] == [
        ("宪法修正案", "constitution"),
        ("五四宪法", "constitution"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "推进法治政府建设，严格规范公正文明执法。",
        "清理法律法规、党内法规和规范性文件。",
        "备案审查地方性法规规章。",
        "加强网络安全法治宣传，坚持罪刑法定原则，落实审计法定职责。",
        "发挥公司法务作用，提供劳动法律服务。",
        "学习习近平法治思想。",
        "某某市优化营商环境条例施行一周年。",  # a city's own regulation, not the national one
    ],
)
def test_no_bare_false_positives(law_nlp, text):
    assert found(law_nlp, text) == []


def test_local_prefix_allows_whole_jurisdiction_words(law_nlp):
    assert found(law_nlp, "全省优化营商环境条例宣传月启动。") == ["优化营商环境条例"]


def test_unknown_bare_names_are_not_marked(law_nlp):
    assert found(law_nlp, "学习治安管理法和道路交通法。") == []


# --- rejected titles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "东湖县2023年法治政府建设情况报告",
        "政府工作报告",
        "关于全县行政执法案卷评查情况的通报",
        "2024年全县法治政府建设工作要点",
        "东湖县2024年普法工作计划",
        "东湖县法治政府建设示范创建工作方案",
        "重点任务分工方案",
        "东湖县司法局2024年度法治建设工作安排",
        "东湖县2016年度依法行政工作安排意见",
        "行政许可事项清单（2024年版）",
        "合法性审查事项目录清单",
        "法治日报",
        "人民日报",
        "习近平法治思想学习纲要",
        "习近平法治思想学习问答",
        "今日说法",
        "焦点访谈",
        "在全县法治工作会议上的讲话",
        "物业服务合同",
        "东湖县与西山县法治协作框架协议",
        "青石镇2023年平安建设挂牌整治工作实施方案",
        "关于印发青石镇2023年度内部审计工作计划的通知",
        "关于印发〈2024年普法工作要点〉的通知",
        "政府建设行动计划（2024—2026年）",
        "法律法规",
        "党内法规",
        "规范性文件",
        "",
    ],
)
def test_rejected_titles(law_nlp, title):
    assert found(law_nlp, f"认真学习《{title}》。") == []


# --- borderline titles decided in ANNOTATION.md -------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("东湖县法治政府建设实施方案", "policy"),
        ("提升行政执法质量三年行动实施方案（2024—2026年）", "policy"),
        ("东湖县机构改革实施方案", "policy"),
        ("东湖县人民政府常务会议议事规则", "rule"),
        ("东湖县司法局合同管理制度", "rule"),
        ("东湖县行政执法工作程序", "rule"),
        ("东湖县行政处罚裁量基准", "rule"),
        ("东湖县人民政府关于加强行政规范性文件管理的通知", "policy"),
        ("东湖县人民政府办公室关于公布取消的证明事项目录（第一批）的通知", "policy"),
        ("关于印发〈东湖县行政执法公示办法〉的通知", "policy"),
        ("关于深化东湖县综合行政执法改革的实施意见", "policy"),
        ("市场准入负面清单（2022年版）", "policy"),
        ("青石镇党委议事规则", "party"),
        ("中共东湖县委全面依法治县委员会工作规则", "party"),
        ("县委全面依法治县委员会办公室工作细则", "party"),
        ("中国共产党东湖县委员会工作规则", "party"),
        ("南岭省优化营商环境条例", "regulation"),
        ("南岭省实施〈中华人民共和国森林法〉办法", "regulation"),
        ("东湖市重大行政决策程序规定", "rule"),
        ("东湖县领导干部学法用法清单制度（试行）", "rule"),
        ("最高人民法院关于审理某类行政案件若干问题的解释", "interpretation"),
        ("不动产登记法（草案）", "law"),
        ("关于进一步优化营商环境的若干措施", "policy"),
        ("东湖县行政执法案卷评查指引", "policy"),
        ("东湖县行政处罚自由裁量标准", "rule"),
        ("东湖县人民政府关于禁止燃放烟花爆竹的通告", "policy"),
        ("最高人民法院关于某类案件适用法律问题的批复", "interpretation"),
        ("东湖县人民政府关于同意设立某某工业园区的批复", "policy"),
    ],
)
def test_accepted_titles_and_kinds(law_nlp, title, kind):
    got = one(law_nlp, f"制定《{title}》。")
    assert got["text"] == title and got["kind"] == kind


def test_rejected_outer_title_keeps_its_cited_instrument(law_nlp):
    assert found(law_nlp, "报送《关于〈行政处罚法〉执行情况的报告》。") == ["行政处罚法"]


# --- linking, statuses and suggestions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical", "kind", "status"),
    [
        ("法治政府建设与责任落实督察工作规定", "法治政府建设与责任落实督察工作规定", "party", "现行有效"),
        (
            "党政主要负责人履行推进法治建设第一责任人职责规定",
            "党政主要负责人履行推进法治建设第一责任人职责规定",
            "party",
            "现行有效",
        ),
        ("法治中国建设规划（2020—2025年）", "法治中国建设规划（2020—2025年）", "policy", "现行有效"),
        ("法治社会建设实施纲要（2020—2025年）", "法治社会建设实施纲要（2020—2025年）", "policy", "现行有效"),
        ("法治政府建设实施纲要（2015—2020年）", "法治政府建设实施纲要（2015—2020年）", "policy", None),
        ("法治政府建设实施纲要", "法治政府建设实施纲要", "policy", None),
        ("中国共产党章程", "中国共产党章程", "party", "现行有效"),
        ("合同法", "中华人民共和国合同法", "law", "已废止"),
        ("物权法", "中华人民共和国物权法", "law", "已废止"),
        ("婚姻法", "中华人民共和国婚姻法", "law", "已废止"),
        ("保密法", "中华人民共和国保守国家秘密法", "law", "现行有效"),
        ("中华人民共和国行政处罚法（2021年修订）", "中华人民共和国行政处罚法", "law", "现行有效"),
        ("土地管理法(修改)", "中华人民共和国土地管理法", "law", "现行有效"),
        ("重大行政决策程序暂行条例", "重大行政决策程序暂行条例", "regulation", "现行有效"),
        ("政府信息公开条例", "中华人民共和国政府信息公开条例", "regulation", "现行有效"),
        ("优化营商环境条例", "优化营商环境条例", "regulation", "现行有效"),
        ("生产安全事故应急条例", "生产安全事故应急条例", "regulation", "现行有效"),
        ("自然灾害救助条例", "自然灾害救助条例", "regulation", "现行有效"),
        ("地震安全性评价管理条例", "地震安全性评价管理条例", "regulation", "现行有效"),
        ("土地管理法实施条例", "中华人民共和国土地管理法实施条例", "regulation", "现行有效"),
        ("宪法", "中华人民共和国宪法", "constitution", "现行有效"),
        ("宪法修正案", "中华人民共和国宪法修正案", "constitution", "现行有效"),
        ("五四宪法", "中华人民共和国宪法（1954年）", "constitution", "已失效"),
        ("民法典", "中华人民共和国民法典", "law", "现行有效"),
        ("国家安全法", "中华人民共和国国家安全法", "law", "现行有效"),
        ("反间谍法", "中华人民共和国反间谍法", "law", "现行有效"),
        ("安全生产法", "中华人民共和国安全生产法", "law", "现行有效"),
        ("农村土地承包法", "中华人民共和国农村土地承包法", "law", "现行有效"),
        ("森林法", "中华人民共和国森林法", "law", "现行有效"),
        ("矿产资源法", "中华人民共和国矿产资源法", "law", "现行有效"),
        ("消防法", "中华人民共和国消防法", "law", "现行有效"),
        (
            "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见",
            "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见",
            "policy",
            "现行有效",
        ),
    ],
)
def test_known_instruments_link(law_nlp, written, canonical, kind, status):
    got = one(law_nlp, f"全镇干部认真学习《{written}》。")
    assert (got["text"], got["canonical"], got["kind"], got["status"], got["known"]) == (
        written,
        canonical,
        kind,
        status,
        True,
    )


@pytest.mark.parametrize(
    ("written", "short", "full"),
    [
        ("犯有组织犯罪法", "反有组织犯罪法", "中华人民共和国反有组织犯罪法"),
        ("治安管理法", "治安管理处罚法", "中华人民共和国治安管理处罚法"),
        ("道路交通法", "道路交通安全法", "中华人民共和国道路交通安全法"),
    ],
)
def test_misspelt_titles_get_suggestions(law_nlp, written, short, full):
    got = one(law_nlp, f"在集市宣传《{written}》。")
    assert got["text"] == written and got["known"] is False and got["canonical"] is None
    assert got["kind"] == "law" and got["status"] is None
    assert got["suggestion"] == short and got["suggestion_canonical"] == full
    assert 0.75 <= got["suggestion_score"] <= 1.0


def test_local_instruments_get_no_national_suggestion(law_nlp):
    got = one(law_nlp, "落实《北湖区法治政府建设实施纲要（2021—2025年）》。")
    assert got["known"] is False and got["suggestion"] is None


def test_name_key_folds_prefix_width_and_traditional():
    table = LawsComponent(blank_pipeline(None, None)).recognizer.table
    assert name_key("中华人民共和国行政处罚法", table) == name_key("行政处罚法", table)
    assert name_key("法治政府建設實施綱要（2021－2025年）", table) == "法治政府建设实施纲要(2021-2025年)"
    assert chr(0xFF08) not in "（".translate(width_fold_table())


# --- serialization --------------------------------------------------------------------------------


def test_to_disk_from_disk_round_trip(law_nlp, tmp_path, monkeypatch):
    text = "学习《纲要》、宪法和《治安管理法》，落实《东湖县法治政府建设实施方案》。"
    before = [(s.start_char, s.end_char, s._.attrs) for s in entities(law_nlp(text), "LAW")]
    law_nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "rulegov_laws" / "gazetteer.tsv").exists()

    def no_package_data(file):
        raise AssertionError("a saved pipeline must not read the package data")

    monkeypatch.setattr(component_base, "read_package_file", no_package_data)
    loaded = spacy.load(tmp_path / "pipe")
    after = [(s.start_char, s.end_char, s._.attrs) for s in entities(loaded(text), "LAW")]
    assert after == before and len(after) == 4


def test_initialize_reloads_package_data():
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_laws", config={"fuzzy_cutoff": 0.9})
    nlp.initialize()
    assert found(nlp, "宣传《宪法》") == ["宪法"]
    assert one(nlp, "宣传《治安管理法》")["suggestion"] is None  # 0.83 < 0.9


# --- shared material (skipped in a fresh clone) ------------------------------------------------------


def test_package_gazetteer_is_derived_from_the_shared_list(tmp_path):
    source = shared_path("data", "legal_instruments.tsv")
    derive_gazetteer(source, tmp_path / "g.tsv")
    assert (tmp_path / "g.tsv").read_text(encoding="utf-8") == read_package_data(DATA_FILES)["gazetteer.tsv"]


def test_seed_report_laws_exactly(law_nlp, seed_text, seed_gold):
    from rulegov_nlp.textprep import prepare

    prepared = prepare(seed_text)
    doc = law_nlp(prepared.text)
    got = {prepared.to_original(s.start_char, s.end_char): s._.attrs for s in entities(doc, "LAW")}
    gold = {(e["start"], e["end"]) for e in seed_gold["entities"] if e["label"] == "LAW"}
    assert set(got) == gold
    unknown = sorted((a["suggestion"], a["known"]) for a in got.values() if not a["known"])
    assert unknown == [("反有组织犯罪法", False), ("治安管理处罚法", False), ("道路交通安全法", False)]


def test_realdev_law_f1(law_nlp):
    folder = shared_path("realdev")
    recognizer = law_nlp.get_pipe("rulegov_laws").recognizer
    tp = fp = fn = kind_ok = 0
    for path in sorted(glob.glob(str(Path(folder) / "*.json"))):
        if path.endswith("seed.json"):
            continue
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        gold = {(e["start"], e["end"]): e["attrs"]["kind"] for e in record["entities"] if e["label"] == "LAW"}
        pred = {(m.start, m.end): m.attrs["kind"] for m in recognizer.find(record["text"])}
        tp += len(gold.keys() & pred.keys())
        fp += len(pred.keys() - gold.keys())
        fn += len(gold.keys() - pred.keys())
        kind_ok += sum(pred[k] == gold[k] for k in gold.keys() & pred.keys())
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95 and kind_ok / tp >= 0.9


def test_pinyin_glosses_are_read_through(nlp):
    import rulegov_nlp

    text = "學習行政處(chǔ)罰法和《中華人民共和國行政許可法(fǎ)》。"
    record = rulegov_nlp.extract(text, nlp=nlp)
    laws = [
        (text[e["start"] : e["end"]], e["attrs"]["canonical"])
        for e in record["entities"]
        if e["label"] == "LAW"
    ]
    assert laws == [
        ("行政處(chǔ)罰法", "中华人民共和国行政处罚法"),
        ("中華人民共和國行政許可法(fǎ)", "中华人民共和国行政许可法"),
    ]
