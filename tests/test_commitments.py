"""The rulegov_commitments component on sentences we wrote, plus the seed and realdev checks."""

from __future__ import annotations

import json
from bisect import bisect_left

import pytest
import spacy

import rulegov_nlp.commitments.component  # noqa: F401  (registers the factory)
from rulegov_nlp.commitments.component import CommitmentComponent
from rulegov_nlp.pipeline import blank_pipeline
from rulegov_nlp.spans import EntityCandidate, add_entities, entities
from rulegov_nlp.textprep import prepare
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def cnlp():
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_commitments")
    return nlp


def marked(nlp, text: str) -> list[str]:
    return [s.text for s in entities(nlp(text), "COMMITMENT")]


def attrs_of(nlp, text: str, span_text: str) -> dict:
    spans = [s for s in entities(nlp(text), "COMMITMENT") if s.text == span_text]
    assert spans, [s.text for s in entities(nlp(text), "COMMITMENT")]
    return spans[0]._.attrs


def run_with(nlp, text: str, labelled: list[tuple[str, str]], sections: list[tuple[int, int, str]] = ()):
    """Run the component on a Doc that already has LAW/PARTY spans (by their text) and sections."""
    doc = nlp.make_doc(text)
    cands = [EntityCandidate(text.index(t), text.index(t) + len(t), label, {}) for t, label in labelled]
    doc, _ = add_entities(doc, cands)
    if sections:
        doc.spans["sections"] = [doc.char_span(s, e, label=lab) for s, e, lab in sections]
    return nlp.get_pipe("rulegov_commitments")(doc)


# --- the forms of the issue ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, span, value, unit",
    [
        ("镇政府全年召开两次专题会议。", "两次", 2.0, "次"),
        ("党委中心组集中学法十一次。", "十一次", 11.0, "次"),
        ("举办法治讲座二十余场。", "二十余场", 20.0, "场"),
        ("普法活动受众达1.2万人次。", "1.2万人次", 12000.0, "人次"),
        ("发放宣传资料3000余份。", "3000余份", 3000.0, "份"),
        ("行政复议案件按期办结率达到百分之九十五。", "百分之九十五", 95.0, "%"),
        ("群众满意率为98.5%。", "98.5%", 98.5, "%"),
        ("全年办理信访事项一百二十八件。", "一百二十八件", 128.0, "件"),
        ("为困难群众减免费用1,200元。", "1,200元", 1200.0, "元"),
        ("全年挽回经济损失3.5亿元。", "3.5亿元", 350000000.0, "元"),
        ("安排普法经费120万元。", "120万元", 1200000.0, "元"),
        ("审批时限压缩至3个工作日内。", "3个工作日内", 3.0, "工作日"),
        ("新增公职律师两名。", "两名", 2.0, "名"),
        ("聘请法律顾问3家次。", "3家次", 3.0, "家次"),
        ("培训执法人员200余人。", "200余人", 200.0, "人"),
        ("出庭应诉率连续四年保持百分之百。", "四年", 4.0, "年"),
        ("制定了八个方面的具体措施。", "八个", 8.0, "个"),
    ],
)
def test_forms(cnlp, sentence, span, value, unit):
    got = attrs_of(cnlp, sentence, span)
    assert (got["value"], got["unit"]) == (value, unit)


@pytest.mark.parametrize(
    "sentence, span, value_max",
    [
        ("每季度开展督查3至5次。", "3至5次", 5.0),
        ("每月走访3-5次。", "3-5次", 5.0),
        ("每周巡查三五次。", "三五次", 5.0),
    ],
)
def test_ranges(cnlp, sentence, span, value_max):
    got = attrs_of(cnlp, sentence, span)
    assert got["value_max"] == value_max and got["value"] == 3.0


@pytest.mark.parametrize(
    "sentence, span, approx, comparator",
    [
        ("全年开展学法不少于12次。", "不少于12次", False, "ge"),
        ("考核权重不低于5%。", "不低于5%", False, "ge"),
        ("参训率达到90%以上。", "90%以上", False, "ge"),
        ("受众超过3万人次。", "超过3万人次", False, "gt"),
        ("化解纠纷逾百起。", "逾百起", False, "gt"),
        ("办理时限不超过10个工作日。", "不超过10个工作日", False, "le"),
        ("败诉率控制在5%以内。", "5%以内", False, "le"),
        ("纠错率不足3%。", "不足3%", False, "lt"),
        ("接待群众近500人次。", "近500人次", True, None),
        ("发放资料约2万份。", "约2万份", True, None),
        ("参加人员80人左右。", "80人左右", True, None),
        ("调解纠纷20多起。", "20多起", True, None),
    ],
)
def test_bounds_and_approximation(cnlp, sentence, span, approx, comparator):
    got = attrs_of(cnlp, sentence, span)
    assert (got["approx"], got["comparator"]) == (approx, comparator)


# --- hard negatives --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年4月1日，镇政府召开会议。",
        "第一季度和上半年各项工作平稳推进。",
        "三年来，全镇法治建设成效明显。",
        "近三年，全镇法治建设成效明显。",
        "未来五年持续推进法治建设。",
        "近年来群众法治意识不断增强。",
        "召开市委全面依法治市委员会第四次会议。",
        "党委书记履行第一责任人职责。",
        "在全市考核中获得第3名。",
        "一是加强组织领导；二是完善制度建设。",
        "(三)深化普法宣传",
        "1.健全依法决策机制",
        "贯彻“十四五”规划，落实八五普法和七五普法任务。",
        "对照一规划两纲要，增强四个意识，做到两个维护。",
        "协调推进四个全面战略布局，坚持五个有机结合。",
        "开展法律六进活动，严格执行三重一大制度。",
        "全面推行双随机、一公开监管。",
        "印发《某县2023年度法治政府建设工作要点》的通知。",
        "转发某政办发〔2023〕5号文件。",
        "索引号: 0110/2024-00166 发布日期: 2024-03-20",
        "联系电话: 0712-6321234",
        "p.MsoNormal{line-height:150%;font-size:12pt;}",
        "line-height:150%;",
        "镇人民政府 2024320",
        "学习贯彻省委十二届五次全会精神。",
        "围绕“三个一”工作目标推进落实。",
        "数十次深入基层调研。",
        "办好两件大事。",
        "构建一个平台，推出一系列措施。",
        "再一次强调依法行政的重要性。",
        "推行最多跑一次改革。",
        "统筹推进千家万户的普法工作。",
        "落实每周三学法制度。",
        "会议于8点30分开始。",
        "庆祝建党100周年。",
        "全面完成三年行动计划。",
    ],
)
def test_hard_negatives(cnlp, sentence):
    assert marked(cnlp, sentence) == []


@pytest.mark.parametrize(
    "sentence, number, reason",
    [
        ("会议于8点30分开始。", "30分", "time of day"),
        ("召开第四次全体会议。", "四次", "ordinal"),
        ("全面完成三年行动计划。", "三年", "period or name"),
    ],
)
def test_rejected_numbers_keep_their_reason(cnlp, sentence, number, reason):
    doc = cnlp(sentence)
    found = [(doc.text[r.start : r.end], r.reason) for r in doc._.commitment_rejections]
    assert (number, reason) in found, found


def test_numbers_inside_law_spans_are_not_commitments(cnlp):
    text = "认真贯彻2021年修订的行政处罚法实施办法第3条规定，办理案件3件。"
    doc = run_with(cnlp, text, [("2021年修订的行政处罚法实施办法第3条", "LAW")])
    assert [s.text for s in entities(doc, "COMMITMENT")] == ["3件"]


def test_number_inside_title_brackets(cnlp):
    assert marked(cnlp, "学习《关于加强3项制度建设的意见》，组织培训3期。") == ["3期"]


def test_duration_of_work_is_a_commitment(cnlp):
    got = attrs_of(cnlp, "出庭应诉率连续三年保持全覆盖。", "三年")
    assert (got["value"], got["unit"]) == (3.0, "年")
    assert attrs_of(cnlp, "整改工作3个月内完成。", "3个月内")["comparator"] == "le"


def test_full_width_and_traditional_text(cnlp):
    assert marked(cnlp, "全年開展普法活動１２場，受眾兩萬餘人。") == ["１２場", "兩萬餘人"]


def test_counted_one_after_a_verb(cnlp):
    assert marked(cnlp, "向区人大常委会报告工作一次。") == ["一次"]
    assert marked(cnlp, "每季度至少听取一次汇报。") == ["一次"]


# --- kind ------------------------------------------------------------------------------------


def test_plans_section_makes_targets(cnlp):
    text = "一、主要成效\n全年开展普法活动12场。\n二、下一年工作安排\n全年开展普法活动15场。"
    cut = text.index("二、")
    doc = run_with(cnlp, text, [], [(0, cut, "measures"), (cut, len(text), "plans")])
    assert [(s.text, s._.kind) for s in entities(doc, "COMMITMENT")] == [
        ("12场", "achieved"),
        ("15场", "target"),
    ]


@pytest.mark.parametrize(
    "sentence, span, kind",
    [
        ("2024年，我局将组织执法培训不少于4期。", "不少于4期", "target"),
        ("力争行政复议纠错率控制在5%以内。", "5%以内", "target"),
        ("确保出庭应诉率达到100%。", "100%", "target"),
        ("计划全年开展普法宣传30场。", "30场", "target"),
        ("到2025年，法律顾问覆盖率达到100%。", "100%", "target"),
        ("将全县15个部门的行政许可事项统一划入审批局。", "15个", "achieved"),
        ("将法治建设纳入年度目标责任考核，权重提升至5%。", "5%", "achieved"),
        ("列入年度工作计划，对12个部门开展督察。", "12个", "achieved"),
        ("已完成年度计划的任务18项。", "18项", "achieved"),
        ("全年累计开展法治讲座8场。", "8场", "achieved"),
    ],
)
def test_kind_from_cues(cnlp, sentence, span, kind):
    assert attrs_of(cnlp, sentence, span)["kind"] == kind


def test_lead_in_sentence_makes_its_list_targets(cnlp):
    text = "一、存在的不足\n普法形式较为单一。\n下一步，我们将重点做好以下工作:\n一是开展普法活动30场;\n二是培训执法人员200人次。"
    kinds = {s.text: s._.kind for s in entities(cnlp(text), "COMMITMENT")}
    assert kinds == {"30场": "target", "200人次": "target"}


def test_plan_document_title_without_sections(cnlp):
    text = "某县2025年法治政府建设工作要点\n\n一、深化学法\n全年组织集中学法6次。"
    assert attrs_of(cnlp, text, "6次")["kind"] == "target"


# --- metric, year, party ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, span, metric",
    [
        ("法律顾问为重大决策提供法律咨询20余次，参与调解4次。", "20余次", "法律咨询"),
        ("全年开展16场普法宣传活动。", "16场", "普法宣传活动"),
        ("全年办理行政复议案件12件。", "12件", "行政复议案件"),
        ("行政机关负责人出庭应诉率为100%。", "100%", "行政机关负责人出庭应诉率"),
        ("组织执法人员参加业务培训4次。", "4次", "业务培训"),
        ("发放《民法典》《宪法》等宣传资料3000余份。", "3000余份", "宣传资料"),
        ("办理人大代表建议20件、政协委员提案15件。", "15件", "政协委员提案"),
    ],
)
def test_metric(cnlp, sentence, span, metric):
    assert attrs_of(cnlp, sentence, span)["metric"] == metric


def test_metric_leaves_out_the_subject_party(cnlp):
    text = "行政机关负责人出庭应诉3次，应诉率为100%。"
    doc = run_with(cnlp, text, [("行政机关负责人", "PARTY")])
    metrics = {s.text: s._.metric for s in entities(doc, "COMMITMENT")}
    assert metrics == {"3次": "出庭应诉", "100%": "应诉率"}


def test_year_from_clause_and_heading(cnlp):
    text = "一、2023年主要工作\n全年开展普法活动12场。2024年，组织培训3期。"
    cut = len(text)
    doc = run_with(cnlp, text, [], [(0, cut, "measures")])
    years = {s.text: s._.year for s in entities(doc, "COMMITMENT")}
    assert years == {"12场": 2023, "3期": 2024}


def test_year_is_none_without_one(cnlp):
    assert attrs_of(cnlp, "组织培训3期。", "3期")["year"] is None


def test_party_is_the_subject_of_the_clause(cnlp):
    text = "我镇法律顾问对重大决策提供审核意见，提供法律咨询20余次。行政机关负责人出庭应诉3次。"
    doc = run_with(cnlp, text, [("法律顾问", "PARTY"), ("行政机关负责人", "PARTY")])
    got = {s.text: s._.party for s in entities(doc, "COMMITMENT")}
    lawyer, head = text.index("法律顾问"), text.index("行政机关负责人")
    assert got == {"20余次": [lawyer, lawyer + 4], "3次": [head, head + 7]}


def test_party_skips_organs_after_the_verb(cnlp):
    text = "市委主要领导主持召开依法治市委员会会议2次。"
    doc = run_with(cnlp, text, [("市委主要领导", "PARTY"), ("依法治市委员会", "PARTY")])
    assert entities(doc, "COMMITMENT")[0]._.party == [0, 6]


def test_party_is_none_without_party_spans(cnlp):
    assert attrs_of(cnlp, "法律顾问提供法律咨询20余次。", "20余次")["party"] is None


# --- pipeline behaviour ----------------------------------------------------------------------


def test_existing_commitments_are_kept_unless_overwrite(cnlp):
    doc = cnlp.make_doc("开展普法活动12场。")
    doc, _ = add_entities(doc, [EntityCandidate(6, 9, "COMMITMENT", {"value": 12.0})])
    doc = cnlp.get_pipe("rulegov_commitments")(doc)
    assert [s._.attrs for s in entities(doc, "COMMITMENT")] == [{"value": 12.0}]


def test_serialization_round_trip(tmp_path):
    nlp = blank_pipeline(None, None)
    comp = nlp.add_pipe("rulegov_commitments")
    comp.lexicon.data["units"]["units"]["盏"] = "盏"
    comp.lexicon = type(comp.lexicon)(comp.lexicon.data)
    assert [s.text for s in entities(nlp("安装路灯12盏。"), "COMMITMENT")] == ["12盏"]
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "rulegov_commitments" / "units.json").exists()
    loaded = spacy.load(tmp_path / "pipe")
    assert [s.text for s in entities(loaded("安装路灯12盏。"), "COMMITMENT")] == ["12盏"]


def test_initialize_resets_to_package_data():
    comp = CommitmentComponent()
    comp.lexicon.data["units"]["units"]["盏"] = "盏"
    comp.initialize()
    assert "盏" not in comp.lexicon.units


# --- acceptance on the shared material (skipped in a fresh clone) ------------------------------


def _predict(nlp, raw: str) -> dict[tuple[int, int], dict]:
    prep = prepare(raw)
    doc = nlp(prep.text)
    return {prep.to_original(s.start_char, s.end_char): s._.attrs for s in entities(doc, "COMMITMENT")}


def test_seed_report(cnlp, seed_text, seed_gold):
    got = _predict(cnlp, seed_text)
    gold = {(e["start"], e["end"]): e["attrs"] for e in seed_gold["entities"] if e["label"] == "COMMITMENT"}
    assert set(got) == set(gold)
    for key, g in gold.items():
        a = got[key]
        assert (a["value"], a["unit"], a["approx"], a["kind"]) == (
            g["value"],
            g["unit"],
            g["approx"],
            "achieved",
        )
    assert not any(seed_text[s:e].endswith("150%") for s, e in got)


def test_realdev_exact_span_f1():
    folder = shared_path("realdev")
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_commitments")
    tp = fp = fn = value_ok = kind_ok = 0
    for path in sorted(folder.glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        prep = prepare(rec["text"])
        doc = nlp.make_doc(prep.text)
        doc.spans["sections"] = [
            doc.char_span(
                bisect_left(prep.starts, s["start"]), bisect_left(prep.starts, s["end"]), label=s["label"]
            )
            for s in rec["sections"]
        ]
        doc = nlp.get_pipe("rulegov_commitments")(doc)
        got = {prep.to_original(s.start_char, s.end_char): s._.attrs for s in entities(doc, "COMMITMENT")}
        gold = {(e["start"], e["end"]): e["attrs"] for e in rec["entities"] if e["label"] == "COMMITMENT"}
        for key, attrs in got.items():
            if key in gold:
                tp += 1
                value_ok += attrs["value"] == gold[key]["value"]
                kind_ok += attrs["kind"] == gold[key]["kind"]
            else:
                fp += 1
        fn += len(set(gold) - set(got))
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    assert f1 >= 0.93 and value_ok / max(1, tp) >= 0.98 and kind_ok / max(1, tp) >= 0.95


def test_pinyin_glosses_are_read_through():
    """Glossed characters (余(yú)) inside a quantity, and the party link, map back to the text."""
    import rulegov_nlp

    text = "縣司法局審查合(hé)同12份(fèn),開展普法宣傳20余(yú)次。"
    record = rulegov_nlp.extract(text)
    rows = [
        (text[r["start"] : r["end"]], r["party"], r["metric"], r["value"])
        for r in record["commitments_by_party"]
    ]
    assert rows == [("12份", "縣司法局", "合同", 12.0), ("20余(yú)次", "縣司法局", "普法宣传", 20.0)]
