"""PARTY classes of names (issue 13), each filled into sentence frames of our own.

Each class is built from the project's lists (the department grammar, the rule words) or
from names we wrote, and every name is checked in every frame of its class, so a rule
serves the class and not one sentence.
"""

from __future__ import annotations

import itertools

import pytest

from rulegov_nlp.parties.recognizer import PartyRecognizer, default_vocab
from rulegov_nlp.parties.state import default_state, place_party, unit_head
from rulegov_nlp.text.wordlists import grouped


@pytest.fixture(scope="module")
def rec():
    return PartyRecognizer(default_vocab())


def spans(rec, text):
    return [text[m.start : m.end] for m in rec.find(text)]


def check(rec, frames, names):
    """Every name in every frame comes out as exactly one span, itself."""
    wrong = []
    for frame, name in itertools.product(frames, names):
        text = frame.format(name=name)
        got = spans(rec, text)
        if got != [name]:
            wrong.append(f"{text} -> {got}")
    assert not wrong, f"{len(wrong)} of {len(frames) * len(names)}:\n" + "\n".join(wrong[:20])


VOCAB = default_vocab()
WORDS = grouped(VOCAB["rule_words"])
LINES = VOCAB["dept_functions"][::9] + VOCAB["dept_system_stems"][::3]  # a spread of both lists

# --- scope words belong to the span -------------------------------------------------------

SCOPE_FRAMES = (
    "组织{name}参加法治专题培训。",
    "督促{name}按期完成整改任务。",
    "会议通报了{name}落实情况。",
    "由{name}负责日常督办工作。",
)
SCOPED_COLLECTIVES = [
    scope + head
    for scope in WORDS["scope_words"]
    for head in WORDS["collective_heads"]
    if head != "部门" or scope == "各"  # 相关部门, 有关部门 are listed organs already
]
LEVELLED_COLLECTIVES = [
    level + scope + head
    for level in ("省直", "市直", "县直", "区直", "县区", "政府系统")
    for scope in ("各", "有关", "相关")
    for head in ("单位", "部门")
]
LINE_COLLECTIVES = [line + head for line in LINES for head in WORDS["line_heads"]] + [
    "全省各级" + line + "主管部门" for line in LINES
]
SCOPED_ROLES = [
    "相关工作人员",
    "有关工作人员",
    "相关科室负责人",
    "各股室负责人",
    "有关部级干部",
    "有关厅级干部",
]
LINE_ROLES = [line + "干部" for line in LINES] + ["全国" + line + "党员干部" for line in LINES]


@pytest.mark.parametrize(
    "names",
    [SCOPED_COLLECTIVES, LEVELLED_COLLECTIVES, LINE_COLLECTIVES, SCOPED_ROLES, LINE_ROLES],
    ids=["scoped_collectives", "levelled_collectives", "line_collectives", "scoped_roles", "line_roles"],
)
def test_scope_words_belong_to_the_span(rec, names):
    check(rec, SCOPE_FRAMES, names)


def test_staff_of_the_reports_own_line(rec):
    check(rec, SCOPE_FRAMES, ["系统干部职工", "系统工作人员"])


@pytest.mark.parametrize("organ", ["省直各单位", "县区有关部门", "市直单位"])
@pytest.mark.parametrize("office", sorted(WORDS["own_organ_roles"]))
def test_an_office_naming_its_own_organ_stays_apart(rec, organ, office):
    """省直各单位 | 行政机关负责人: the office already names its organ."""
    text = f"按月通报{organ}{office}出庭应诉情况。"
    assert spans(rec, text) == [organ, office]


# --- leaders named through their organ ----------------------------------------------------

LEADER_FRAMES = (
    "协助{name}研究部署年度重点工作。",
    "按照{name}要求，抓好整改落实。",
    "{name}带队赴基层开展专题调研。",
)
LEADER_ORGANS = ["区委", "县委", "市政府", "区政府", "镇党委", "国务院", "省政府", "市人大常委会"]
LEADER_NAMES = [organ + leader for organ in LEADER_ORGANS for leader in ("领导", "领导同志")] + [
    place + "领导" for place in ("区", "县", "市", "省")
]
PORTFOLIO_OFFICES = [
    "分管" + field + "工作" + office
    for field in ("法制", "政法", "司法", "安全生产", "教育")
    for office in ("副市长", "副县长", "副区长", "副镇长", "副局长")
]


@pytest.mark.parametrize("names", [LEADER_NAMES, PORTFOLIO_OFFICES], ids=["leaders", "portfolio"])
def test_leaders_named_through_their_organ_are_one_role(rec, names):
    check(rec, LEADER_FRAMES, names)


@pytest.mark.parametrize("organ", LEADER_ORGANS)
@pytest.mark.parametrize(
    "frame",
    [
        "在{organ}领导下，扎实推进法治建设。",
        "在{organ}的坚强领导下，各项工作取得成效。",
        "坚持{organ}领导、政府负责、部门协同的工作格局。",
        "始终坚持{organ}领导。",
        "工作进展顺利，{organ}领导和支持是关键。",
    ],
)
def test_leadership_is_not_an_office(rec, organ, frame):
    """在区委领导下, 党委领导、政府负责: 领导 is leadership there; the organ stays alone."""
    assert spans(rec, frame.format(organ=organ)) == [organ]


# --- an organ that opens a law's name, and an office that modifies a plan or audit ---------

LAW_ORGANS = ["村民委员会", "城市居民委员会", "人民法院", "人民检察院", "国务院", "全国人民代表大会"]
LAW_FRAMES = (
    "推动修改完善{organ}{ending}。",
    "认真学习{organ}{ending}，提升依法履职能力。",
)


@pytest.mark.parametrize("ending", WORDS["law_name_endings"])
@pytest.mark.parametrize("organ", LAW_ORGANS)
def test_an_organ_opening_a_law_name_is_not_a_party(rec, organ, ending):
    """村民委员会组织法 written without 《》: the organ is inside the law's name."""
    for frame in LAW_FRAMES:
        assert spans(rec, frame.format(organ=organ, ending=ending)) == []


@pytest.mark.parametrize("organ", ["县司法局", "区人民法院", "镇党委", "市人民检察院"])
def test_organising_is_not_a_law_name(rec, organ):
    """县司法局组织法治讲座: 组织 + 法治, the organ acts."""
    assert spans(rec, f"{organ}组织法治讲座。") == [organ]
    assert spans(rec, f"{organ}组织法官和检察官座谈。") == [organ]


CONCEPT_OFFICES = ["领导干部", "党员干部", "国家工作人员", "党政主要负责同志", "行政执法人员"]


@pytest.mark.parametrize("office", CONCEPT_OFFICES)
@pytest.mark.parametrize(
    "frame",
    [
        "开展单位预算审计和{office}经济责任审计。",
        "制定{office}年度述职述法工作方案。",
        "完善{office}宪法知识测试评价制度。",
    ],
)
def test_an_office_modifying_a_plan_audit_or_system_is_a_concept(rec, office, frame):
    assert spans(rec, frame.format(office=office)) == []


@pytest.mark.parametrize("office", ["领导干部", "部门主要负责人", "国家工作人员", "行政执法人员"])
def test_an_office_that_undergoes_an_audit_is_a_party(rec, office):
    """市审计局对12名领导干部开展经济责任审计: a verb between, the office is its object."""
    assert spans(rec, f"区审计局对3名{office}开展经济责任审计。") == ["区审计局", office]


# --- bodies named as they are set up, and bodies with a quoted brand ----------------------

CREATED_NAMES = [
    "国家地质灾害防治研究院",
    "青岚新区经济技术开发区联合管委会",
    "枫林湖生态旅游区管理委员会",
    "市政府法律顾问团",
    "青禾街道重大行政处罚案件集体审议领导小组",
    "柘阳县优化营商环境专项整治工作领导小组",
]
CREATED_FRAMES = (
    "年内成立{name}，统筹推进相关工作。",
    "组建{name}，推动改革落地。",
    "今年设立{name}，明确职责分工。",
)


def test_bodies_named_as_they_are_set_up(rec):
    check(rec, CREATED_FRAMES, CREATED_NAMES)


BRAND_NAMES = [
    f"{level}“{brand}”{kind}{head}"
    for level, brand, kind in (("", "枫林议事", "特色"), ("镇", "一站通", ""), ("", "暖心和事", "诉源治理"))
    for head in WORDS["brand_heads"]
]
BRAND_FRAMES = (
    "建成{name}，就地化解矛盾纠纷。",
    "成立全市首家{name}，群众满意度明显提升。",
    "今年以来，{name}有效运行。",
)


def test_bodies_with_a_quoted_brand_name(rec):
    check(rec, BRAND_FRAMES, BRAND_NAMES)


# (调解中心 is also a working unit named by its field, found by that rule)
@pytest.mark.parametrize("head", [h for h in WORDS["brand_heads"] if h != "调解中心"])
def test_generic_bodies_counted_are_not_named(rec, head):
    """新建“枫林议事”工作室12个: a kind counted, not one body."""
    assert spans(rec, f"新建“枫林议事”{head}12个。") == []


# --- words cut inside: a member of a committee, a body of office holders -------------------


@pytest.mark.parametrize("organ", ["政法委", "党工委"])
def test_a_member_of_a_committee(rec, organ):
    """镇长、政法委员: the committee's member, not the committee."""
    text = f"镇长、{organ}员和其他班子成员任副组长。"
    assert spans(rec, text) == ["镇长", organ + "员", "班子成员"]


@pytest.mark.parametrize("role", ["法律顾问", "政府法律顾问", "人大代表", "市政府法律顾问"])
def test_a_body_of_office_holders(rec, role):
    """法律顾问团: a group of office holders, a role as 领导班子 is (ANNOTATION.md)."""
    check(rec, ("截至年底，{name}参与审查合同12件。", "组建{name}，为重大决策把关。"), [role + "团"])
    assert [m.type for m in rec.find(f"组建{role}团，为重大决策把关。")] == ["role"]


@pytest.mark.parametrize("office", ["人大代表", "政协委员", "干部"])
def test_a_region_glued_to_its_deputies(rec, office):
    check(rec, ("召开居民代表会议，{name}参加。",), ["地区" + office])


# --- organs of several levels at once; organs and offices named by kind --------------------

LEVEL_PAIRS = ["县乡", "市县", "省市县", "区镇", "市区"]
COUNT_WORDS = {2: "两", 3: "三"}


@pytest.mark.parametrize("levels", LEVEL_PAIRS)
@pytest.mark.parametrize("organ", ["政府", "党委政府", "人民政府", "人民法院"])
def test_organs_of_several_levels_at_once(rec, levels, organ):
    """县乡两级政府: the organs of both levels, one span; not for a group of workers."""
    name = f"{levels}{COUNT_WORDS[len(levels)]}级{organ}"
    check(rec, ("{name}主动报告年度法治建设情况。", "推动{name}依法履职。"), [name])
    assert spans(rec, f"改革后，{levels}{COUNT_WORDS[len(levels)]}级执法队伍整合到位。") == ["执法队伍"]


KIND_ORGANS = ["国家部委", "议事协调机构", "支部", "处室", "工委", "牵头单位", "责任单位", "配合单位"]
KIND_FRAMES = (
    "逐项明确{name}和完成时限。",
    "会议要求，{name}要压实工作责任。",
)


def test_organs_named_by_kind(rec):
    check(rec, KIND_FRAMES, KIND_ORGANS)


@pytest.mark.parametrize("unit", WORDS["task_units"])
def test_a_task_unit_as_a_field_label_is_not_a_party(rec, unit):
    """（牵头单位：县司法局）: the label names a field; the organ after it is the party."""
    assert spans(rec, f"落实到位。（{unit}：县司法局）") == ["县司法局"]


@pytest.mark.parametrize("organ", ["厅机关", "局机关"])
def test_a_departments_divisions_join_its_organ(rec, organ):
    assert spans(rec, f"组织16个{organ}处室和8个直属单位开展述法。") == [organ + "处室", "直属单位"]


@pytest.mark.parametrize("line", ["教育", "卫生健康", "国有资产监督管理", "交通运输", "司法"])
def test_a_working_committee_for_a_line_of_work(rec, line):
    text = f"在市委、市政府和市委{line}工委的领导下推进工作。"
    assert spans(rec, text) == ["市委", "市政府", f"市委{line}工委"]


@pytest.mark.parametrize("office", ["主任", "局长", "所长", "书记"])
def test_an_office_holding_a_meeting(rec, office):
    """主任办公会: the office that holds the meeting counts (as 领导班子会议 does)."""
    check(rec, ("全年共召开12次{name}办公会，研究法治议题。",), [office])


@pytest.mark.parametrize("name", ["一把手", "法律顾问", "人大代表", "领导班子", "村两委"])
def test_a_name_wholly_in_quotes_is_a_slogan(rec, name):
    """将依法行政列为“一把手”任务: in quotes the office names a kind of work."""
    assert spans(rec, f"将依法行政列为“{name}”任务。") == []


@pytest.mark.parametrize("organ", ["司法所", "人民调解委员会", "派出所", "人民法庭"])
@pytest.mark.parametrize("verb", WORDS["honour_verbs"])
def test_an_honour_names_no_acting_organ(rec, organ, verb):
    """荣获市级“星级”司法所: the title awarded is not a party."""
    assert spans(rec, f"去年{verb}市级“五星”{organ}，服务质量提升。") == []


@pytest.mark.parametrize("organ", ["体育总局", "县人民政府", "市司法局", "区政府"])
def test_an_organs_own_website_keeps_the_organ(rec, organ):
    """体育总局网站公布: the organ owns the site; 河南省政府网 is a site's name."""
    assert spans(rec, f"及时在{organ}网站进行公示。") == [organ]
    assert spans(rec, f"在{organ}网发布通知。") == []


@pytest.mark.parametrize("place", ["湖北省", "柘阳市", "岚溪县"])
@pytest.mark.parametrize("kind", ["博物馆", "图书馆", "文化馆"])
def test_museums_and_libraries_are_not_parties(rec, place, kind):
    assert spans(rec, f"邀请{place}{kind}副馆长作专题讲座。") == []


# --- a title cut at the end of its line ---------------------------------------------------


@pytest.mark.parametrize("organ", ["交通运输部", "县司法局", "领导班子", "市人民政府办公室"])
def test_nothing_in_a_title_cut_at_the_end_of_its_line_is_a_party(rec, organ):
    """出台《关于加强…的意 (the page ends inside the title): the organ is part of the title."""
    assert spans(rec, f"研究出台《{organ}关于加强法治建设的若干意") == []
    assert spans(rec, f"研究出台《{organ}关于加强法治建设的若干意\n县司法局负责落实。") == ["县司法局"]
    # a sentence end before the line's end: the 《 was a stray mark, the prose goes on
    assert spans(rec, f"落实《{organ}的要求。") == [organ]


# --- placement classes found by the held-out openings (benchmarks/party_openings) ---------


def placed(rec, name, unit_code, issuer=None, unit_level=None):
    p = place_party(rec.state, name, unit_code, rec.place_words, unit_head(issuer), unit_level)
    return (p.level, p.place, p.division_code, p.place_inferred)


# every functional name of the department grammar, after each level word: 市住房城乡建设局,
# 县农业农村局, 市城市管理综合执法大队 end no place in 城乡, 农村, 城市
@pytest.mark.parametrize(("word", "unit", "level", "place"), [
    ("省", "330000000000", "province", "浙江省"),
    ("市", "520300000000", "city", "遵义市"),
    ("县", "520328000000", "county", "湄潭县"),
    ("区", "520103000000", "county", "云岩区"),
])  # fmt: skip
def test_a_level_word_before_a_function_is_the_reporting_units_place(rec, word, unit, level, place):
    state = rec.state
    wrong = []
    for function in VOCAB["dept_functions"]:
        for head in ("局", "执法大队"):
            name = word + function + head
            if placed(rec, name, unit) != (level, place, state.by_name[place][0], True):
                wrong.append(f"{name} -> {placed(rec, name, unit)}")
    assert not wrong, "\n".join(wrong[:20])


# 自治区党委, 自治州人民政府, 自治县司法局: the autonomous level words are level words
@pytest.mark.parametrize(("word", "unit", "level", "place"), [
    ("自治区", "450000000000", "province", "广西壮族自治区"),
    ("自治区", "150700000000", "province", "内蒙古自治区"),
    ("自治州", "532924000000", "city", "大理白族自治州"),
    ("自治县", "450225000000", "county", "融水苗族自治县"),
])  # fmt: skip
@pytest.mark.parametrize(
    "organ", ["党委", "人民政府", "政府", "司法厅", "人大常委会", "纪委监委", "主要领导"]
)
def test_autonomous_level_words_name_the_reporting_units_place(rec, word, unit, level, place, organ):
    assert placed(rec, word + organ, unit)[:2] == (level, place)


# a Party committee's rule-of-law office or committee named after its level
@pytest.mark.parametrize(("word", "unit", "place"), [
    ("省", "620000000000", "甘肃省"), ("市", "620500000000", "天水市"),
    ("县", "620522000000", "秦安县"), ("区", "500108000000", "南岸区"),
])  # fmt: skip
@pytest.mark.parametrize(
    "body", ["委依法治{w}办", "委全面依法治{w}委员会", "委全面依法治{w}委员会办公室", "依法治{w}办"]
)
def test_a_rule_of_law_office_is_placed_by_its_level_word(rec, word, unit, place, body):
    assert placed(rec, word + body.format(w=word), unit)[1:] == (place, rec.state.by_name[place][0], True)


def _units_under(state, level, name_end, count, parent_filter=None):
    """A seeded spread of listed units of ``level`` whose name ends in ``name_end``."""
    import random

    rows = [
        d
        for codes in state.by_name.values()
        for c in codes
        if (d := state.division(c)) and d.level == level and d.name.endswith(name_end)
    ]
    rows = [d for d in rows if parent_filter is None or parent_filter(d)]
    rows.sort(key=lambda d: d.code)
    return random.Random(13).sample(rows, min(count, len(rows)))


def test_shi_in_a_county_level_city_is_that_city():
    """市委, 市司法局 in the report of a township under a county-level city (瑞金市 above
    叶坪镇) name the county-level city, level county; in a municipality's district
    (重庆市 above 南岸区) they name the municipality, level province."""
    rec = PartyRecognizer(default_vocab())
    state = default_state()
    cities = _units_under(state, "county", "市", 60)
    wrong = []
    for city in cities:
        towns = [
            d for c in state.by_name.values() for x in c if (d := state.division(x)) and d.parent == city.code
        ]
        for town in towns[:1]:
            for organ in ("市委", "市政府", "市司法局", "市人大常委会"):
                got = placed(rec, organ, town.code)
                if got != ("county", city.name, city.code, True):
                    wrong.append(f"{town.name} {organ} -> {got}")
    for district in ("500108000000", "110105000000", "310104000000", "120101000000"):
        province = state.division(district[:2] + "0" * 10)
        for organ in ("市委", "市政府", "市司法局"):
            got = placed(rec, organ, district)
            if got != ("province", province.name, province.code, True):
                wrong.append(f"{district} {organ} -> {got}")
    assert not wrong, "\n".join(wrong[:20])


# a unit names itself by its head character: 局党组, 厅长, 委机关各处室, 院党组, 署党委
OWN_ISSUERS = [
    ("安吉县司法局", "330523000000", None, "county", "安吉县"),
    ("四川省自然资源厅", "510000000000", None, "province", "四川省"),
    ("湖南省卫生健康委员会", "430000000000", None, "province", "湖南省"),
    ("寿光市人民法院", "370783000000", None, "county", "寿光市"),
    ("潍坊市人民检察院", "370700000000", None, "city", "潍坊市"),
    ("中共和龙市纪委", "222406000000", None, "county", "和龙市"),
    ("水利部", None, "national", "national", None),
    ("海关总署", None, "national", "national", None),
]
OWN_PIECES = ["党组", "党委", "长", "机关", "主要负责同志", "领导班子成员", "属各单位", "党组理论学习中心组"]


@pytest.mark.parametrize(("issuer", "unit", "unit_level", "level", "place"), OWN_ISSUERS)
def test_a_unit_named_by_its_head_is_the_reporting_unit(rec, issuer, unit, unit_level, level, place):
    head = unit_head(issuer)
    code = rec.state.by_name[place][0] if place else None
    for piece in OWN_PIECES:
        assert placed(rec, head + piece, unit, issuer, unit_level) == (level, place, code, place is not None)
    for word in ("部门", "委员", "办公室"):  # words that open with a head: 部门 is no 部's
        if word.startswith(head):
            assert placed(rec, word, unit, issuer, unit_level)[3] is False


@pytest.mark.parametrize("issuer", ["江西省人民政府", "中共桃源县委", "天水市", "递铺街道"])
def test_a_government_or_committee_has_no_head(issuer):
    assert unit_head(issuer) is None


# --- span classes found by the held-out openings ------------------------------------------

OWN_FRAMES = (
    "{name}认真落实法治建设责任。",
    "会议要求，{name}抓好整改。",
    "办公室、{name}按照分工推进落实。",
)


@pytest.mark.parametrize("head", WORDS["own_heads"])
def test_a_unit_names_its_own_organs_and_offices_by_its_head(rec, head):
    """院党组, 署党委, 委属各单位, 部机关各司局, 院长, 署领导: one span at a clause start or
    after a conjunction (every head with every piece of rule_words)."""
    names = [head + piece for piece in WORDS["own_org_pieces"] + WORDS["own_role_pieces"]]
    names = [n for n in names if n not in VOCAB["roles_weak"]]  # 部长 needs its organ
    check(rec, OWN_FRAMES, names)


@pytest.mark.parametrize("text", ["要求各地抓好安排部署党委理论学习。", "该学院党组织健全。"])
def test_a_head_character_inside_a_word_names_no_unit(rec, text):
    assert not any(s.startswith(("署", "院")) for s in spans(rec, text))


BRACKETED_LEVELS = [p for p in VOCAB["left_prefixes"] if "（" in p and p.startswith(("各", "省", "市", "乡"))]


@pytest.mark.parametrize("prefix", BRACKETED_LEVELS)
def test_a_level_with_its_bracketed_alternates_belongs_to_the_span(rec, prefix):
    """各省（自治区、直辖市）知识产权局, 各市（州）自然资源主管部门, 各镇（街道）司法所."""
    check(rec, SCOPE_FRAMES, [prefix + organ for organ in ("司法局", "自然资源主管部门", "人民政府")])


SUPERVISION_VERBS = ["视察", "督导", "调研"]


@pytest.mark.parametrize("verb", SUPERVISION_VERBS)
@pytest.mark.parametrize("organ", ["县法院", "融水镇人民政府", "区司法局", "市市场监管局"])
def test_a_supervision_verb_is_not_part_of_a_place(rec, verb, organ):
    text = f"组织人大代表{verb}{organ}工作。"
    assert spans(rec, text)[-1] == organ


DIVISION_FRAMES = (
    "{name}负责统筹协调。",
    "办公室、{name}按照分工推进落实。",
    "由{name}牵头起草。",
)


def test_internal_divisions_named_by_their_field(rec):
    """立法一处, 政策法规处, 政工科, 行政审判庭: every division field with every head, and an
    ordinal before the head; a unit's head before it belongs to it (厅法制处)."""
    names = [f + h for f in WORDS["division_fields"] for h in WORDS["division_heads"]]
    names += [f + "一" + h for f in WORDS["division_fields"][::3] for h in ("处", "科")]
    names += [own + "法制处" for own in ("厅", "局", "委")]
    check(rec, DIVISION_FRAMES, names)


@pytest.mark.parametrize(
    "text", ["依法作出行政处罚决定。", "政策法规处理得当。", "加强立法科学化建设。", "规范庭审活动。"]
)
def test_a_division_head_inside_a_word_names_no_division(rec, text):
    assert not any(s.endswith(("处", "科", "庭")) for s in spans(rec, text))


# --- classes of the second round (batch 2 of the held-out openings) ----------------------

STATE = default_state()
LEVEL_CHARS = ("省", "市", "县", "区")
BODY_FRAMES = (
    "{name}加强规范性文件备案审查。",
    "会议要求，{name}抓好整改。",
    "主动接受{name}专题调研。",
    "办公室、{name}按照分工推进落实。",
)


def test_committees_of_a_congress_or_cppcc_are_one_span(rec):
    """省人大教科文卫委员会, 市政协社会法制委员会, 县人大常委会法工委, 街道人大工委: every
    committee field after every congress body and level."""
    fields = WORDS["congress_committee_fields"]
    names = [
        level + body + field + "委员会"
        for level in LEVEL_CHARS
        for body in ("人大", "人大常委会", "政协")
        for field in fields
        if field not in ("专门", "工作")
    ]
    names += [level + body for level in ("县", "街道", "镇") for body in ("人大工委", "人大常委会法工委")]
    check(rec, BODY_FRAMES, names)


def test_committees_named_bare_by_their_field(rec):
    """法制工作委员会, 提案委员会, 各专门委员会 in the body's own report."""
    fields = WORDS["congress_committee_fields"]
    names = [("各" if f in ("专门", "工作") else "") + f + "委员会" for f in fields]
    check(rec, BODY_FRAMES[:2] + BODY_FRAMES[3:], names)


def test_prose_between_a_congress_and_a_committee_joins_nothing(rec):
    got = spans(rec, "组织县人大代表视察县政协提案委员会工作。")
    assert "县人大代表" in got and "县政协提案委员会" in got


@pytest.mark.parametrize("piece", ["巡视组", "巡察组", "巡视办", "巡察办", "统战部"])
def test_sub_bodies_of_a_party_committee_are_one_span(rec, piece):
    check(rec, BODY_FRAMES, [level + "委" + piece for level in LEVEL_CHARS])


ORDINALS = ("一", "三", "八", "十二")


def test_discipline_inspection_groups(rec):
    """市纪委监委派驻第三纪检监察组, 驻厅纪检监察组, 派驻纪检监察组, 中央纪委国家监委驻总局纪检监察组."""
    names = [level + "纪委监委派驻第" + n + "纪检监察组" for level in LEVEL_CHARS for n in ORDINALS]
    names += ["驻" + own + "纪检监察组" for own in ("部", "厅", "局", "委")]
    names += ["派驻纪检监察组", "中央纪委国家监委驻总局纪检监察组", "省纪委监委驻厅纪检监察组"]
    check(rec, BODY_FRAMES, names)


def test_numbered_units_and_fixed_bodies(rec):
    names = ["第" + n + unit for n in ORDINALS for unit in WORDS["numbered_units"]]
    names += WORDS["fixed_divisions"]
    check(rec, BODY_FRAMES[:2] + BODY_FRAMES[3:], names)


DEPARTMENTS = ("法规司", "政策法规司", "法规与标准司", "综合规划司", "法治督察局", "稽查局", "办公厅")
MINISTRIES = [n for n in STATE.central_openings if n.endswith("部")]  # current, not former


def test_a_ministrys_own_departments_by_its_head(rec):
    """部法规司, 总署政策法规司, 委法规局, 总局稽查局, 部办公厅: every own head with every kind."""
    names = [head + dept for head in ("部", "署", "委", "总局", "总署") for dept in DEPARTMENTS]
    check(rec, BODY_FRAMES, names)


def test_a_ministrys_departments_after_its_name(rec):
    """司法部法治督察局, 交通运输部法制司: every ministry of central_organs.tsv, placed national."""
    names = [m + dept for m in MINISTRIES for dept in DEPARTMENTS[:5]]
    check(rec, BODY_FRAMES, names)
    for name in names[::7]:
        assert placed(rec, name, None)[0] == "national"


@pytest.mark.parametrize("text", ["财政部门会同市公安局开展检查。", "要求各地认真部署落实。"])
def test_a_ministry_head_inside_a_word_names_no_department(rec, text):
    assert not any(s.endswith(("司", "局")) and s.startswith(("部", "门")) for s in spans(rec, text))


POSTS = ("副局长", "副县长", "副市长", "副院长", "副省长", "副厅长")


def test_offices_with_a_portfolio_clause(rec):
    """分管法治工作的副局长, 分管政法工作副县长: every field of role_fields, with or without 的."""
    names = [
        "分管" + field + "工作" + de + post
        for field in VOCAB["role_fields"][::4]
        for de in ("", "的")
        for post in POSTS
    ]
    check(rec, BODY_FRAMES[:2], names)


@pytest.mark.parametrize(("name", "unit", "issuer", "place"), [
    ("分管法治工作的副局长", "430681000000", "汨罗市司法局", "汨罗市"),
    ("副院长", "360702000000", "赣州市章贡区人民法院", "章贡区"),
    ("常务副市长", "220100000000", "长春市人民政府", "长春市"),
    ("分管副省长", "350000000000", "福建省人民政府", "福建省"),
    ("分管司法工作的副县长", "130123000000", "正定县人民政府", "正定县"),
])  # fmt: skip
def test_an_office_named_by_its_units_post_is_placed_as_the_post(rec, name, unit, issuer, place):
    assert placed(rec, name, unit, issuer)[1:] == (place, unit, True)


@pytest.mark.parametrize("post", ["检察长", "副检察长", "人民监督员", "特约监督员", "副院长"])
def test_posts_of_courts_and_procuratorates_and_supervisors(rec, post):
    check(rec, BODY_FRAMES[:2], [post])


LEVEL_LISTS = (
    "各市、县（市、区）",
    "各市（州）、县（市、区）",
    "各市、州、直管市、林区",
    "各县（市）",
    "各县、区",
)


@pytest.mark.parametrize("levels", LEVEL_LISTS)
def test_a_list_of_levels_before_an_organ_belongs_to_it(rec, levels):
    organs = ("人民政府", "司法局", "市场监管局", "区政府" if levels == "各县（市）" else "交通运输局")
    check(rec, SCOPE_FRAMES, [levels + organ for organ in organs])
    if "、" in levels.split("（")[0]:
        assert placed(rec, levels + "人民政府", "420500000000")[:2] == ("unknown", None)


def test_a_place_list_before_a_places_own_units_stays_apart(rec):
    assert "市直部门" in spans(rec, "对各县（市、区）、市直部门开展培训。")


ELLIPTICAL_UNITS = [("330523001000", "递铺街道"), ("620522100000", "兴国镇"), ("511528000000", "兴文县")]


@pytest.mark.parametrize(("unit", "place"), ELLIPTICAL_UNITS)
@pytest.mark.parametrize("name", ["政府", "办事处", "常委会", "常委会党组", "政府主要负责人", "监委主任"])
def test_an_elliptical_organ_takes_the_reporting_units_place(rec, name, unit, place):
    assert placed(rec, name, unit)[1:] == (place, unit, True)


@pytest.mark.parametrize("name", ["镇村干部", "市县两级政府", "省市县政府", "县乡两级人民法院", "乡村干部"])
def test_several_levels_at_once_have_no_one_place(rec, name):
    assert placed(rec, name, "620522100000")[:2] == ("unknown", None)


@pytest.mark.parametrize(
    ("name", "level"), [("县区政府", "county"), ("盟市政府", "city"), ("乡镇党委", "township")]
)
def test_same_level_pairs_name_one_level(rec, name, level):
    assert placed(rec, name, "620522100000")[0] == level


REGULATION_TAILS = ("履行推进法治建设第一责任人职责规定", "工作条例", "监督管理办法", "组织实施细则")


@pytest.mark.parametrize("verb", WORDS["law_apply_verbs"])
def test_an_organ_opening_an_unquoted_regulation_is_no_party(rec, verb):
    for organ, tail in itertools.product(("党政主要负责人", "县人民政府", "行政执法人员"), REGULATION_TAILS):
        text = f"严格{verb}{organ}{tail}，逐项抓好落实。"
        assert organ not in spans(rec, text), text


@pytest.mark.parametrize(
    "text",
    [
        "督促党政主要负责人履行推进法治建设第一责任人职责，年底述法。",
        "落实县司法局制定的实施办法。",
        "党政主要负责人履行推进法治建设第一责任人职责规定要求的职责。",
    ],
)
def test_an_organ_not_opening_a_regulation_stays(rec, text):
    assert any(s in ("党政主要负责人", "县司法局") for s in spans(rec, text))


def _shorts_under(parent: str, count: int) -> list[tuple[str, str]]:
    """(short name, code) of the first ``count`` divisions under ``parent`` with a short name."""
    out = []
    for short, codes in STATE.by_short.items():
        for code in codes:
            d = STATE.division(code)
            if d and d.parent == parent and STATE.by_short_near(short, parent, (d.level,)) == d:
                out.append((short, code))
    return out[:count]


BRANCH_FRAMES = ("和{name}共同参与。", "，{name}推进执法办案管理中心建设。")


def test_proper_named_branches(rec):
    """吴兴分局 at a boundary, 市公安局西陵分局 after the bureau: the counties under 湖州市 and
    宜昌市 by their short names."""
    shorts = [s for s, _ in _shorts_under("330500000000", 5) + _shorts_under("420500000000", 5)]
    check(rec, BRANCH_FRAMES, [s + "分局" for s in shorts] + ["市公安局" + s + "分局" for s in shorts])
    for s in shorts:
        assert placed(rec, s + "分局", "330500000000")[:2] == ("unknown", None)


ZONE_CITIES = ("360700000000", "220100000000", "420500000000", "320500000000", "130100000000")


@pytest.mark.parametrize("city", ZONE_CITIES)
def test_zones_named_by_their_citys_short_name(rec, city):
    """赣州经开区管委会, 长春净月高新技术产业开发区管委会: every zone word after the city's short
    name (and a proper name between), placed at the city."""
    short = STATE.division(city).name[:-1]
    from rulegov_nlp.parties.state import ZONE_WORDS

    names = [short + zone + "管委会" for zone in ZONE_WORDS] + [short + "东湖高新区管委会"]
    check(rec, ("会同{name}开展检查。", "，{name}规范涉企执法检查。"), names)
    for name in names:
        assert placed(rec, name, city)[1:3] == (STATE.division(city).name, city)


@pytest.mark.parametrize("station", ["司法所", "派出所", "人民法庭", "市场监管所"])
def test_township_stations_by_short_name(rec, station):
    """递铺司法所 -> 递铺街道: the townships of 安吉县 by short name; 各司法所 is township level."""
    for short, code in _shorts_under("330523000000", 6):
        assert placed(rec, short + station, "330523000000")[:3] == (
            "township",
            STATE.division(code).name,
            code,
        )
    assert placed(rec, "各" + station, "330523000000")[0] == "township"


@pytest.mark.parametrize("scope", ["县直各单位", "区直各部门", "市直有关单位", "各乡镇"])
@pytest.mark.parametrize("pair", ["党组（党委）", "党委（党组）"])
def test_an_organ_with_its_bracketed_alternate_at_the_end(rec, scope, pair):
    """县直各单位党组（党委）, 区直各部门党组（党委）: the bracket closes the name."""
    check(rec, ("推动{name}落实述法制度。", "，{name}全年专题研究法治建设。"), [scope + pair])


@pytest.mark.parametrize("unit", ["330523000000", "610305000000", "522701000000"])
def test_a_party_committee_named_zhonggong_with_its_place_chain(rec, unit):
    """中共宝鸡市凤翔区委: 中共 before a known chain does not cut the chain."""
    county = STATE.division(unit)
    city = STATE.division(county.parent)
    name = "中共" + city.name + county.name + county.name[-1] + "委"
    check(rec, ("{name}2023年度法治建设情况报告\n", "{name}\n2024年1月8日"), [name])


def test_a_level_and_a_function_before_a_unit_of_the_department(rec):
    """省生态环境|综合行政执法局, 市生态环境保护|综合行政执法队: the department's unit, whole."""
    functions = [*VOCAB["dept_functions"][::11], "生态环境保护"]
    names = [
        level + f + unit for level in "省市县" for f in functions for unit in ("综合行政执法局", "综合执法队")
    ]
    check(rec, ("配合{name}开展案卷评查。", "，{name}全年组织“双随机”抽查。"), names)  # not 会同|县: 会同县


@pytest.mark.parametrize("quantity", ["个别", "少数", "9个", "全市9个"])
def test_a_quantity_before_a_branch_is_not_its_name(rec, quantity):
    assert spans(rec, f"{quantity}税务分局执法文书填写不规范。")[-1] == "税务分局"
