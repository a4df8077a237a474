"""PARTY recognition on our own sentences: organs, offices, coordinations, exclusions."""

from __future__ import annotations

import pytest

from rulegov_nlp.parties.recognizer import PartyRecognizer, default_vocab
from rulegov_nlp.parties.state import default_state, place_party
from rulegov_nlp.record import commitments_by_party


@pytest.fixture(scope="module")
def rec():
    return PartyRecognizer(default_vocab())


def found(rec, text):
    return [(text[m.start : m.end], m.type) for m in rec.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推动青川镇人民政府依法行政。", [("青川镇人民政府", "org")]),
        ("在县委县政府的领导下", [("县委", "org"), ("县政府", "org")]),
        ("镇党委、政府高度重视", [("镇党委", "org"), ("政府", "org")]),
        ("县委依法治县办精心指导", [("县委依法治县办", "org")]),
        ("区政府主要负责同志带头学法", [("区政府主要负责同志", "role")]),
        ("行政机关负责人出庭应诉3次", [("行政机关负责人", "role")]),
        ("法律顾问提供咨询", [("法律顾问", "role")]),
        ("召开县政府常务会议", [("县政府", "org")]),
        ("柘阳市司法局开展检查", [("柘阳市司法局", "org")]),
        ("由岚溪县司法局牵头", [("岚溪县司法局", "org")]),
        ("各级党委（党组）中心组专题学法", [("各级党委（党组）中心组", "org")]),
        ("全乡领导干部参加培训", [("全乡领导干部", "role")]),
        ("安排常务副县长具体负责", [("常务副县长", "role")]),
        ("根据市委办公厅通知", [("市委办公厅", "org")]),
        ("成立了普法依法治理工作领导小组，", [("普法依法治理工作领导小组", "org")]),
        ("组织镇干部学法", [("镇干部", "role")]),
        ("召开政府常务会议", [("政府", "org")]),
        ("在省文化旅游厅指导下", [("省文化旅游厅", "org")]),
        ("岚溪区人民政府青萝街道办事处关于", [("岚溪区人民政府青萝街道办事处", "org")]),
        ("少数部门执法不规范", [("部门", "org")]),
        ("组织5名干部参加", [("干部", "role")]),
        ("基层派出所和基层执法人员", [("派出所", "org"), ("基层执法人员", "role")]),
        ("会同市委督查室检查", [("市委督查室", "org")]),
        ("制定修改省政府规章", [("省政府", "org")]),
        ("在縣委縣政府領導下", [("縣委", "org"), ("縣政府", "org")]),
        ("担任市委全面依法治市委员会主任", [("市委全面依法治市委员会", "org")]),
        ("区直部门（单位）领导干部述法", [("区直部门（单位）领导干部", "role")]),
        ("，枫溪司法所获评", [("枫溪司法所", "org")]),
        ("。法治宣传教育工作人员不足", [("法治宣传教育工作人员", "role")]),
        ("加强人民调解工作者队伍建设", [("人民调解工作者", "role")]),
        ("组织各村（社区）党总支书记、主任参加", [("各村（社区）党总支书记", "role"), ("主任", "role")]),
        (
            "青石镇党委政府第一责任人认真履职",
            [("青石镇党委", "org"), ("政府", "org"), ("第一责任人", "role")],
        ),
        # a verb before the organ is not part of its place name
        ("议题均报请并经过省司法厅审查", [("省司法厅", "org")]),
        ("案件依法移送县监委处理", [("县监委", "org")]),
        ("年内组建市行政复议局", [("市行政复议局", "org")]),
        ("将线索移交区纪委监委", [("区纪委监委", "org")]),
        ("二是力争全县行政机关负责人出庭", [("全县行政机关负责人", "role")]),
        ("每季度听取两次县司法局汇报", [("县司法局", "org")]),
        # units named by their field, with or without a place
        ("枫林区社会矛盾纠纷调处化解中心受理纠纷", [("枫林区社会矛盾纠纷调处化解中心", "org")]),
        ("镇农业综合行政执法中队开展巡查", [("镇农业综合行政执法中队", "org")]),
        ("法规科审核合同", [("法规科", "org")]),
        ("县劳动人事争议仲裁委员会立案", [("县劳动人事争议仲裁委员会", "org")]),
        ("东湖街便民服务站代办事项", [("东湖街便民服务站", "org")]),
        # the village party branch and committee
        ("组织村“两委”班子学法", [("村“两委”班子", "role")]),
        ("召开村两委会议", [("村两委", "org")]),
        # 生态环境部门 is not the ministry
        ("会同生态环境部门检查", [("生态环境部门", "org")]),  # a line of administration, not the ministry
        # workers named by domain and field; a short station name after a verb
        ("加强对交通运输行政执法人员的培训", [("交通运输行政执法人员", "role")]),
        ("联合青溪派出所开展宣传", [("青溪派出所", "org")]),
        ("，健全司法所工作机制", []),  # an organ modifying a mechanism is a concept (issue 13)
        # a term before a congress, a level before an office
        ("提请第六届县人大常委会审议", [("第六届县人大常委会", "org")]),
        ("省分管负责同志带头述法", [("省分管负责同志", "role")]),
        # party committees in a signature, local courts, direct units, branch secretaries
        ("中共青川镇委员会\n青川镇人民政府", [("中共青川镇委员会", "org"), ("青川镇人民政府", "org")]),
        ("中共柳塘村支部委员会", [("中共柳塘村支部委员会", "org")]),
        ("联合柳溪人民法庭调处纠纷", [("柳溪人民法庭", "org")]),
        ("督查乡直单位和各村", [("乡直单位", "org")]),
        ("组织12个村（社区）党组织书记述法", [("村（社区）党组织书记", "role")]),
        ("成立县法治政府建设示范创建工作领导小组，", [("县法治政府建设示范创建工作领导小组", "org")]),
        # pinyin glosses inside a name are read through
        (
            "市政府有關(guān)部門,市直有關(guān)單位:",
            [("市政府有關(guān)部門", "org"), ("市直有關(guān)單位", "org")],
        ),
        ("近日,國務(wù)院印發", [("國務(wù)院", "org")]),
        # department-level units and heads; a level before 各
        ("组织9个直属单位主要负责人述法", [("直属单位主要负责人", "role")]),
        ("分管副厅长具体负责", [("分管副厅长", "role")]),
        ("省各直属单位：", [("省各直属单位", "org")]),
        # a place holding a stop character, at the head of a title or signature line
        ("平和县人民政府关于2024年度法治政府建设情况的报告", [("平和县人民政府", "org")]),
        ("县委和镇政府高度重视", [("县委", "org"), ("镇政府", "org")]),
        # a name that modifies a system is a concept (法律顾问制度), with every name inside it
        ("坚持镇党委中心组学法制度", []),
        ("县司法局建立健全制度", [("县司法局", "org")]),  # the bureau acts on the system
        (
            "落实行政机关负责人出庭应诉制度，行政机关负责人出庭3次",
            [("行政机关负责人", "role")],
        ),
    ],
)
def test_patterns(rec, text, expected):
    assert found(rec, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我镇积极推进法治政府建设",
        "群众和企业满意度提升",
        "落实法律顾问制度",
        "学习《青川镇人民政府议事规则》",
        "加强公职律师队伍建设",
        "青川镇位于山区",
        "干部作风明显好转",
        "被中央媒体报道",
        "加强乡镇政府职能转变",
    ],
)
def test_exclusions(rec, text):
    assert found(rec, text) == []


def test_levels():
    names = (
        "国务院",
        "省委",
        "云岭市司法局",
        "县委",
        "镇党委",
        "村委会",
        "法律顾问",
        "岚溪县人民政府青萝街道办事处",
    )
    assert [place_party(default_state(), n, None).level for n in names] == [
        "national", "province", "city", "county", "township", "village", "unknown", "township",
    ]  # fmt: skip


def test_commitments_by_party_is_still_importable_from_parties():
    from rulegov_nlp import parties

    assert parties.commitments_by_party is commitments_by_party


def test_commitments_by_party_rows():
    text = "法律顾问提供法律咨询20余次"
    ents = [
        {"start": 0, "end": 4, "label": "PARTY", "attrs": {"type": "role"}},
        {"start": 10, "end": 14, "label": "COMMITMENT",
         "attrs": {"value": 20.0, "unit": "次", "kind": "achieved", "metric": "法律咨询", "party": 0}},
    ]  # fmt: skip
    (row,) = commitments_by_party(text, ents)
    assert row["party"] == "法律顾问" and row["metric"] == "法律咨询" and row["value"] == 20.0
    assert row["party_index"] == 0 and row["unit"] == "次" and (row["start"], row["end"]) == (10, 14)


def test_commitments_by_party_without_party():
    ents = [{"start": 0, "end": 3, "label": "COMMITMENT", "attrs": {"value": 5.0, "party": None}},
            {"start": 4, "end": 6, "label": "LAW", "attrs": {}}]  # fmt: skip
    assert commitments_by_party("办结5件", ents)[0]["party"] is None
    ents[0]["attrs"]["party"] = 1  # not a PARTY entity
    assert commitments_by_party("办结5件", ents)[0]["party_index"] is None


def test_component_round_trip(tmp_path):
    from rulegov_nlp.pipeline import blank_pipeline

    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_parties")
    nlp.to_disk(tmp_path / "p")
    import spacy

    again = spacy.load(tmp_path / "p")
    text = "镇党委、政府召开会议"
    doc_a, doc_b = nlp(text), again(text)
    assert (
        [e.text for e in doc_a.spans["entities"]]
        == [e.text for e in doc_b.spans["entities"]]
        == ["镇党委", "政府"]
    )


def test_saved_vocabulary_is_used(tmp_path):
    from rulegov_nlp.pipeline import blank_pipeline

    nlp = blank_pipeline(None, None)
    comp = nlp.add_pipe("rulegov_parties")
    comp.to_disk(tmp_path / "c")
    assert (tmp_path / "c" / "roles.txt").exists()
    with (tmp_path / "c" / "roles.txt").open("a", encoding="utf-8") as fh:
        fh.write("督导员\n")
    comp.from_disk(tmp_path / "c")
    doc = nlp("督导员到场")
    assert [(e.text, e._.type) for e in doc.spans["entities"]] == [("督导员", "role")]


def test_one_engine_for_equal_vocabularies(nlp, tmp_path):
    """The metadata component (package lists) and the parties component (the pipeline's copy)
    share one recogniser; an edited copy gets its own."""
    from rulegov_nlp.meta import default_unit_reader

    shipped = nlp.get_pipe("rulegov_parties").engine
    assert default_unit_reader().recognizer is shipped
    comp = nlp.get_pipe("rulegov_parties")
    comp.to_disk(tmp_path / "c")
    with (tmp_path / "c" / "roles.txt").open("a", encoding="utf-8") as fh:
        fh.write("督导员\n")
    from rulegov_nlp.pipeline import blank_pipeline

    edited = blank_pipeline(None, None).add_pipe("rulegov_parties").from_disk(tmp_path / "c")
    assert edited.engine is not shipped


def test_seed_report_parties(seed_text, seed_gold):
    """Acceptance: every organ and office of the seed report, no self-reference or bare place."""
    import rulegov_nlp

    record = rulegov_nlp.extract(seed_text)
    got = {(e["start"], e["end"]) for e in record["entities"] if e["label"] == "PARTY"}
    gold = {(e["start"], e["end"]) for e in seed_gold["entities"] if e["label"] == "PARTY"}
    assert gold <= got
    names = {seed_text[s:e] for s, e in got}
    assert {"县委", "县政府", "县委依法治县办", "镇党委", "法律顾问", "行政机关负责人"} <= names
    assert not names & {"我镇", "鱼岳镇"}
    rows = {(r["party"], seed_text[r["start"] : r["end"]]) for r in record["commitments_by_party"]}
    assert {("法律顾问", "14项"), ("法律顾问", "20余次"), ("行政机关负责人", "3次")} <= rows
