"""Generated PARTY cases: organ names built from the state-structure lists, put in sentence
frames of our own, with the span and attributes each must come out with (issue 13).

The expectation is computed here from the data files themselves (divisions.tsv with its
parent codes, central_organs.tsv), not through ``rulegov_nlp.parties.state``, so the test
checks the recogniser against the lists rather than against its own reading of them.
Besides the five classes of the issue's acceptance: every place whose written name opens with
a stop character (stop_initial), places of our own in no list (unlisted), and elliptical
organs placed by the unit a title names (inferred). Shared by ``tests/test_parties_generated.py`` and ``benchmarks/party_names.py``.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import rulegov_nlp
from rulegov_nlp.parties.state import AMBIGUOUS_SHORT_FORMS
from rulegov_nlp.text.folding import package_t2s_text, parse_t2s

CLASSES = ("central", "provincial", "prefecture", "county", "township")
SAMPLE_SIZES = {"prefecture": 700, "county": 1300, "township": 1300}  # 3,300 sampled names
SEED = 13
CENTRAL_FRAMES_EACH = 5
FAILURES_SHOWN = 20


# --- sentence frames (written for this test; {name} is the organ) -------------------------


@dataclass(frozen=True)
class Frame:
    key: str
    template: str
    traditional: bool = False  # the whole filled sentence is written in traditional characters


FRAMES = (
    Frame("subject", "{name}坚持依法行政，扎实推进各项工作落实。"),
    Frame("supervision", "主动接受{name}的监督，认真办理意见建议。"),
    Frame("list_item", "动员社会组织、{name}、志愿者队伍共同参与普法宣传。"),
    Frame("title", "{name}2023年法治政府建设年度报告"),
    Frame("issuer_line", "以上报告，请审阅。\n{name}\n2024年1月18日"),
    Frame("portal_issuer", "发布机构：{name}\n发布日期：2024-02-06"),
    Frame("led_by", "在{name}的坚强领导下，法治建设取得新成效。"),
    Frame("lead_unit", "由{name}牵头，全面梳理行政执法事项。"),
    Frame("traditional", "在{name}的正确指导下，各项改革任务顺利推进。", traditional=True),
    Frame("traditional_title", "{name}2023年法治政府建设年度报告", traditional=True),
    Frame("after_year", "2023年{name}共办理行政复议案件12件。"),
    Frame("before_number", "{name}12月召开专题会议研究部署。"),
    Frame("assist", "积极配合{name}开展专项执法检查。"),
    Frame("help", "协助{name}做好行政应诉工作。"),
    Frame("report_to", "及时向{name}报告重大事项。"),
)


# Sentences that must yield no PARTY: an office or organ inside a concept (a mechanism, a
# list, a system, a function), platforms and lists, doctrines, the public, self-references.
CONCEPT_SENTENCES = (
    "深入推进法治政府建设，法治政府建设取得新进展。",
    "始终坚持党的领导，把党的领导贯穿工作全过程。",
    "进一步转变政府职能，持续优化营商环境。",
    "落实政府法律顾问制度，重大决策事前听取意见。",
    "健全行政机关负责人出庭应诉制度。",
    "完善行政执法人员持证上岗制度。",
    "全面推行行政执法公示制度。",
    "升级行政执法监督平台，实现全流程网上监督。",
    "依托12345政务服务便民热线收集意见建议。",
    "在政务服务网公开全部办事指南。",
    "动态调整权责清单和行政执法事项清单。",
    "组织开展宪法宣传周系列活动。",
    "发挥人民调解化解矛盾纠纷的作用。",
    "依法保障市场主体和人民群众的合法权益。",
    "企业和群众办事更加便捷高效。",
    "我局始终把法治建设摆在突出位置。",
    "我镇扎实开展法治宣传教育。",
    "本单位严格执行重大行政决策程序。",
    "我区全面落实行政执法三项制度。",
    "规范政府采购和政府投资项目管理。",
    "加强政府信息公开工作，主动公开各类信息。",
    "不断提升党内法规执行力。",
    "完善合法性审核机制，做到应审尽审。",
    "完善领导干部述法制度。",
    "落实领导干部学法用法考试制度。",
    "压实“谁执法谁普法”普法责任制。",
    "开展法治政府建设示范创建活动。",
    "加强行政规范性文件备案审查。",
    "优化行政复议案件审理机制。",
    "推行政务服务“一网通办”。",
    "全面推行证明事项告知承诺制。",
    "持续提升公共法律服务水平。",
    "加快建设法治社会，弘扬社会主义法治精神。",
    "认真落实重大行政决策程序暂行条例。",
    "营造办事依法、遇事找法的良好氛围。",
    "推进严格规范公正文明执法。",
    "深化“放管服”改革，激发市场活力。",
    "建成覆盖城乡的公共法律服务网络。",
    "抓好“八五”普法规划中期评估。",
    "推广应用“互联网+监管”系统。",
)
# Concept templates with their fillers: the office or organ names a concept, not a party.
CONCEPT_TEMPLATES = (
    ("完善{office}工作机制。", ("法律顾问", "公职律师", "人民调解员")),
    ("制定{office}学法清单。", ("领导干部", "国家工作人员", "行政执法人员")),
    ("建立{office}制度。", ("法律顾问", "公职律师", "领导干部述法")),
    ("优化{office}职能配置。", ("政府", "乡镇政府")),
    # a staffing scheme named by its ratio (一村一法律顾问): the office names the scheme
    ("全面推行一村（社区）一{office}，实现全覆盖。", ("法律顾问", "辅警", "民警", "人民调解员")),
    ("落实“一社区一{office}”工作要求。", ("法律顾问", "网格员", "公职律师")),
)
# A bare place name is not a party (在{county}, {prefecture}营商环境).
BARE_PLACE_TEMPLATES = (
    "在{place}范围内全面推行行政执法公示。",
    "{place}营商环境持续优化。",
    "深入{place}各村开展送法下乡活动。",
    "{place}经济社会保持健康发展。",
)
BARE_PLACES_PER_TEMPLATE = 5


# --- traditional script ------------------------------------------------------------------

# Where the fold table has two traditional forms for one simplified character, the usual one.
PREFERRED_TRADITIONAL = {
    "尽": "盡", "净": "淨", "径": "徑", "复": "復", "历": "歷", "为": "為", "发": "發", "众": "眾",
    "线": "線", "赞": "贊", "迹": "跡", "钟": "鐘", "鉴": "鑒", "闲": "閒",
}  # fmt: skip
# The fold table also maps variants and rare characters onto common ones (侷 -> 局, 傢 -> 家,
# 谿 -> 溪, 誌 -> 志): inverted, those would write 民政侷. These characters are written the
# same in traditional script (同志, 制度, 系统, 局, 家, 溪, 台州, 于都县) and are kept.
KEPT_IN_TRADITIONAL = frozenset(
    "志制系干后于谷范台里松征丑斗冲周准家溪克坝峰回布合旗局曲梁板岩扎蒙胡同朱托向佛千升余姜昆游"
    "巨秋面栗舍凌幸卜娘真庵才彩教杆荫修皂采棋灶席出只拐荡占核表沾俊折御伙旋致注杠竖郁戚扇泄扣雕"
    "念札苔即弦唇挽喂杯仆搜糖帘纤呆借吊几卷并暗私累辟钩群棱岳蕴"
)


@lru_cache(maxsize=1)
def s2t_table() -> dict[int, int]:
    """Simplified -> traditional, one form per character: the package fold table inverted."""
    table: dict[int, int] = {}
    for trad, simp in parse_t2s(package_t2s_text()).items():
        if trad != simp and chr(simp) not in KEPT_IN_TRADITIONAL:
            table.setdefault(simp, trad)
    table.update({ord(s): ord(t) for s, t in PREFERRED_TRADITIONAL.items()})
    return table


def to_traditional(text: str) -> str:
    return text.translate(s2t_table())


# --- the lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Division:
    code: str
    level: str  # province | prefecture | county | township (the data file's words)
    name: str
    parent: str


def _data_rows(name: str) -> Iterator[list[str]]:
    text = resources.files("rulegov_nlp.parties").joinpath(f"data/{name}").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    return {
        row[0]: Division(row[0], row[1], row[2], row[4] if len(row) > 4 else "")
        for row in _data_rows("divisions.tsv")
    }


@lru_cache(maxsize=1)
def divisions_by_name() -> dict[str, list[Division]]:
    by_name: dict[str, list[Division]] = defaultdict(list)
    for d in divisions().values():
        by_name[d.name].append(d)
    return by_name


# Groupings in the data that no report names as a place: 重庆城区 and 重庆郊县 hold
# Chongqing's districts and counties.
NOT_NAMED_AS_PLACE = frozenset({"重庆城区", "重庆郊县"})
LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3}


@cache
def full_chain(d: Division) -> tuple[Division, ...]:
    """The division and the units above it, top first. Children of a municipality point to
    a 市辖区 row the data dropped: the province is then found by the code's first two digits.
    Only units of a higher level count (the data has a town as parent of streets)."""
    chain = [d]
    rows = divisions()
    parent, seen = rows.get(d.parent), {d.code}
    while parent is not None and parent.code not in seen:  # two rows are their own parent
        seen.add(parent.code)
        if LEVEL_RANK[parent.level] < LEVEL_RANK[chain[0].level] and parent.name not in NOT_NAMED_AS_PLACE:
            chain.insert(0, parent)
        parent = rows.get(parent.parent)
    province = rows.get(d.code[:2] + "0" * 10)
    if province is not None and chain[0] is not province:
        chain.insert(0, province)
    return tuple(chain)


def _ancestor_names(d: Division) -> set[str]:
    return {a.name for a in full_chain(d)[:-1]}


def unique_chain(d: Division) -> tuple[Division, ...] | None:
    """The shortest tail of the chain that names ``d`` alone (新会区, but 北京市朝阳区): how
    a report names a place; None when even the whole chain is shared."""
    chain = full_chain(d)
    for i in range(len(chain) - 1, -1, -1):
        earlier = {a.name for a in chain[i:-1]}
        same = [e for e in divisions_by_name()[d.name] if earlier <= _ancestor_names(e)]
        if len(same) == 1:
            return chain[i:]
    return None


@dataclass(frozen=True)
class CentralOrgan:
    name: str  # as written
    canonical: str  # the row's full name
    short: bool


NEWS_MEDIA = frozenset({"新华通讯社", "中央广播电视总台"})


@lru_cache(maxsize=1)
def central_organs() -> list[CentralOrgan]:
    """Every central organ and each of its short forms, first row winning a shared name;
    the short forms the library treats as ambiguous are left out, and so are the news media
    (新华社, 中央广播电视总台): publishers in bylines, not PARTY (docs/annotation-decisions.md)."""
    out: dict[str, CentralOrgan] = {}
    for row in _data_rows("central_organs.tsv"):
        full, shorts = row[0], (row[1] if len(row) > 1 else "")
        if full in NEWS_MEDIA:
            continue
        out.setdefault(full, CentralOrgan(full, full, short=False))
        for short in filter(None, shorts.split(",")):
            if short not in AMBIGUOUS_SHORT_FORMS:
                out.setdefault(short, CentralOrgan(short, full, short=True))
    return list(out.values())


# --- organ forms per level (what a report of that level names) ---------------------------

OFFICES = ("主要负责同志", "主要负责人", "分管负责同志")
ROLE_SHARE = 0.12  # share of sampled organs named with an office (a role span)

# Provincial departments: functional name (dept_functions.txt) + head. A municipality
# (北京市, 重庆市) has 局 where a province has 厅, and a 委员会 for education and housing.
PROVINCE_HALLS = (
    "司法", "公安", "财政", "自然资源", "生态环境", "住房和城乡建设", "交通运输", "水利", "农业农村",
    "商务", "文化和旅游", "应急管理", "教育", "科学技术", "工业和信息化", "民政", "人力资源和社会保障",
    "退役军人事务", "审计",
)  # fmt: skip
MUNICIPAL_COMMISSIONS = ("教育", "住房和城乡建设")
PROVINCE_BUREAUS = ("市场监督管理局", "统计局", "医疗保障局", "林业和草原局", "体育局", "信访局")
PROVINCE_COMMISSIONS = ("发展和改革委员会", "卫生健康委员会")
PROVINCE_STATE_ORGANS = (
    "人民政府", "人民政府办公厅", "人大常委会", "政协", "高级人民法院", "人民检察院", "纪委监委",
)  # fmt: skip

# City and county departments (局) and commissions; 中级人民法院 at city level only.
LOCAL_BUREAUS = (
    "司法局", "公安局", "财政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局",
    "水利局", "农业农村局", "商务局", "文化广电旅游局", "应急管理局", "教育局", "科学技术局",
    "工业和信息化局", "民政局", "人力资源和社会保障局", "退役军人事务局", "审计局", "市场监督管理局",
    "统计局", "医疗保障局", "行政审批服务局", "城市管理综合执法局", "信访局", "发展和改革委员会",
    "卫生健康委员会",
)  # fmt: skip
LOCAL_STATE_ORGANS = ("人民政府", "人民政府办公室", "人大常委会", "政协", "人民检察院", "纪委监委")
TOWN_ORGANS = ("人民政府", "党委", "司法所", "派出所")  # 镇, 乡, 苏木
STREET_ORGANS = ("办事处", "党工委", "司法所", "派出所")  # 街道


def party_committee_forms(name: str) -> list[str]:
    """The Party committee of a place: 中共广东省委员会 and 广东省委; an autonomous region's
    is its 党委 (广西壮族自治区党委). A prefecture 地区 has a 地委, not named with 地区."""
    if name.endswith("自治区"):
        return [f"中共{name}委员会", f"{name}党委"]
    if name.endswith("地区"):
        return []
    if name.endswith(("省", "市", "县", "区", "旗", "州", "盟")):
        return [f"中共{name}委员会", f"{name}委"]
    return []


def province_organs(name: str) -> list[str]:
    municipality = name.endswith("市")
    halls = [
        name
        + f
        + ("委员会" if municipality and f in MUNICIPAL_COMMISSIONS else "局" if municipality else "厅")
        for f in PROVINCE_HALLS
    ]
    others = [name + o for o in PROVINCE_STATE_ORGANS + PROVINCE_BUREAUS + PROVINCE_COMMISSIONS]
    return party_committee_forms(name) + halls + others


def local_forms(d: Division) -> list[str]:
    """Organ forms with ``{place}`` for the place chain, by the division's level."""
    if d.level == "township":
        heads = STREET_ORGANS if d.name.endswith("街道") else TOWN_ORGANS
        forms = ["{place}" + h for h in heads]
        if not d.name.endswith("街道"):
            forms.append("中共{place}委员会")
        return forms
    court = "中级人民法院" if d.level == "prefecture" else "人民法院"
    government = [] if d.name.endswith("地区") else ["{place}" + o for o in (*LOCAL_STATE_ORGANS, court)]
    committee = [f.replace(d.name, "{place}") for f in party_committee_forms(d.name)]
    return government + committee + ["{place}" + b for b in LOCAL_BUREAUS]


TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木")
COUNTY_SUFFIXES = ("县", "区", "市", "旗")
PREFECTURE_SUFFIXES = ("市", "州", "盟", "地区")
LEVEL_SUFFIXES = {"prefecture": PREFECTURE_SUFFIXES, "county": COUNTY_SUFFIXES, "township": TOWNSHIP_SUFFIXES}


def _eligible(level: str, suffixes: tuple[str, ...]) -> list[Division]:
    """Divisions of ``level`` named as a unit of that level (not 农场, 开发区). Rows whose
    parent is not a higher unit (a town as parent of streets, two rows their own parent:
    faults of the source) are left out; a missing parent (a municipality's 市辖区) is fine."""
    rows = divisions()
    return [
        d
        for d in rows.values()
        if d.level == level
        and d.name.endswith(suffixes)
        and (d.parent not in rows or LEVEL_RANK[rows[d.parent].level] < LEVEL_RANK[level])
    ]


# --- cases -------------------------------------------------------------------------------


@dataclass
class Case:
    cls: str  # a CLASSES member, or stop_initial | unlisted | inferred
    pattern: str  # the organ form, e.g. {county}人民法院 or central short form
    frame: str
    text: str
    start: int
    end: int
    expected: dict[str, Any]  # type, level, place, division_code (and canonical for short forms)

    @property
    def name(self) -> str:
        return self.text[self.start : self.end]


def fill(frame: Frame, name: str) -> tuple[str, int, int]:
    before, after = frame.template.split("{name}")
    text = before + name + after
    if frame.traditional:
        text = to_traditional(text)
    return text, len(before), len(before) + len(name)


def _case(cls: str, pattern: str, frame: Frame, name: str, expected: dict[str, Any]) -> Case:
    text, start, end = fill(frame, name)
    return Case(cls, pattern, frame.key, text, start, end, expected)


def central_cases() -> list[Case]:
    """Every central organ and short form, each in five frames spread over the list (every
    frame serves a third of the names)."""
    cases = []
    step = len(FRAMES) // CENTRAL_FRAMES_EACH
    for i, organ in enumerate(central_organs()):
        expected: dict[str, Any] = {"type": "org", "level": "national", "place": None, "division_code": None}
        if organ.short:
            expected["canonical"] = organ.canonical
        pattern = "central short form" if organ.short else "central full name"
        frames = [FRAMES[(i + k * step) % len(FRAMES)] for k in range(CENTRAL_FRAMES_EACH)]
        cases += [_case("central", pattern, frame, organ.name, expected) for frame in frames]
    return cases


def provincial_cases(rng: random.Random) -> list[Case]:
    """Every province with each of its usual organs, each in a frame drawn by ``rng``."""
    cases = []
    for d in sorted(_eligible("province", ("省", "市", "自治区")), key=lambda d: d.code):
        for organ in province_organs(d.name):
            expected = {"type": "org", "level": "province", "place": d.name, "division_code": d.code}
            cases.append(
                _case("provincial", organ.replace(d.name, "{province}"), rng.choice(FRAMES), organ, expected)
            )
    return cases


LEVEL_OF = {"prefecture": "city", "county": "county", "township": "township"}
PLACE_SLOTS = {
    "province": "{province}",
    "prefecture": "{prefecture}",
    "county": "{county}",
    "township": "{township}",
}


def _rendered_chain(d: Division, rng: random.Random) -> tuple[Division, ...] | None:
    """The place chain a report would write: the shortest unique one, or now and then its
    parents too (江门市新会区, 广东省江门市新会区)."""
    shortest = unique_chain(d)
    if shortest is None:
        return None
    chain = full_chain(d)
    longer = [chain[i:] for i in range(len(chain) - len(shortest) - 1, -1, -1)]  # one link more first
    roll = rng.random()
    if longer and roll < 0.4:
        return longer[0] if roll < 0.3 or len(longer) == 1 else longer[1]
    return shortest


def sampled_cases(rng: random.Random, sizes: dict[str, int] = SAMPLE_SIZES) -> list[Case]:
    """A seeded sample of prefecture, county and township x organ combinations."""
    pools = {level: _eligible(level, suffixes) for level, suffixes in LEVEL_SUFFIXES.items()}
    cases = []
    for cls, size in sizes.items():
        pool = pools[cls]
        while sum(c.cls == cls for c in cases) < size:
            d = rng.choice(pool)
            chain = _rendered_chain(d, rng)
            forms = local_forms(d)
            if chain is None or not forms:
                continue
            form = rng.choice(forms)
            place = "".join(a.name for a in chain)
            organ = form.replace("{place}", place)
            kind = "org"
            if rng.random() < ROLE_SHARE:
                office = rng.choice(OFFICES)
                organ, form, kind = organ + office, form + office, "role"
            pattern = form.replace("{place}", "".join(PLACE_SLOTS[a.level] for a in chain))
            expected = {"type": kind, "level": LEVEL_OF[d.level], "place": d.name, "division_code": d.code}
            cases.append(_case(cls, pattern, rng.choice(FRAMES), organ, expected))
    return cases


def generated_cases() -> list[Case]:
    """All generated names, in a fixed order (random.Random(13))."""
    rng = random.Random(SEED)
    return central_cases() + provincial_cases(rng) + sampled_cases(rng)


# Characters that elsewhere end a place name on the left (和, 于, 从, 日, 月 …: stop_chars.txt)
# or open something that is not a place (原, 全, 各: name prefixes; 本: a self-reference).
# Names that open with one (和田地区, 于都县, 本溪满族自治县, 月华镇) are the ones cut at their
# first character.
STOP_INITIAL = frozenset("".join(line[0] for line in _data_rows("stop_chars.txt")) + "原全本各")


def stop_initial_cases() -> list[Case]:
    """Every prefecture, county and township whose name as a report writes it (the shortest
    unique chain) opens with such a character, with an organ drawn by random.Random(13)."""
    rng = random.Random(SEED)
    cases = []
    for level, suffixes in LEVEL_SUFFIXES.items():
        for d in sorted(_eligible(level, suffixes), key=lambda d: d.code):
            chain = unique_chain(d)
            if chain is None or chain[0].name[0] not in STOP_INITIAL:
                continue
            form = rng.choice([f for f in local_forms(d) if f.startswith("{place}")])
            organ = form.replace("{place}", "".join(a.name for a in chain))
            pattern = form.replace("{place}", "".join(PLACE_SLOTS[a.level] for a in chain))
            expected = {"type": "org", "level": LEVEL_OF[d.level], "place": d.name, "division_code": d.code}
            cases.append(_case("stop_initial", pattern, rng.choice(FRAMES), organ, expected))
    return cases


# Places of our own that are in no list (a village, a renamed county): the suffix grammar reads
# them; the level comes from the suffix, the place is the name, the code is null.
UNLISTED_PLACES = (
    ("岚川苗族自治州", "city"), ("桐岚县", "county"), ("柘原旗", "county"), ("云岚瑶族自治县", "county"),
    ("雁栖苗族自治县", "county"), ("栖凤镇", "township"), ("梧冈乡", "township"), ("萝湾街道", "township"),
    ("杏溪村", "village"), ("鹭洲社区", "village"),
)  # fmt: skip
UNLISTED_FORMS = {
    "city": ("人民政府", "司法局", "中级人民法院"),
    "county": ("人民政府", "司法局", "人民法院"),
    "township": ("人民政府", "党委", "司法所"),
    "street": ("办事处", "党工委", "司法所"),
    "village": ("村民委员会", "党支部"),
    "community": ("居民委员会", "党支部"),
}


def unlisted_cases() -> list[Case]:
    """Each unlisted place with each of its organs, in every frame."""
    cases = []
    for place, level in UNLISTED_PLACES:
        kind = "street" if place.endswith("街道") else "community" if place.endswith("社区") else level
        expected = {"type": "org", "level": level, "place": place, "division_code": None}
        for head in UNLISTED_FORMS[kind]:
            cases += [_case("unlisted", f"{{{level}}}{head}", f, place + head, expected) for f in FRAMES]
    return cases


# An elliptical organ (县司法局, 镇党委) in a report whose title names its unit takes its place
# from the unit: the unit itself, or the county or city above it (区司法局 in a street's report).
PROSE_FRAMES = tuple(f for f in FRAMES if "\n" not in f.template and not f.key.endswith("title"))
ELLIPTICAL_ORGANS = {
    "prefecture": ("司法局", "委", "政府", "中级人民法院"),
    "county": ("司法局", "委", "政府", "人民法院"),
    "township": ("党委", "政府", "司法所"),
    "street": ("党工委", "办事处", "司法所"),
}
INFERRED_SAMPLE = {"prefecture": 80, "county": 120, "township": 120}


def _level_word(d: Division) -> str | None:
    """The word that stands for ``d`` in its own report: 县, 区, 市, 旗, 州, 盟, 镇, 乡, 街道
    (none for a 地区, whose organs are named with 地区 or 行署)."""
    if d.name.endswith("地区"):
        return None
    if d.name.endswith("街道"):
        return "街道"
    last = d.name[-1]
    return last if last in "县区市旗州盟镇乡" else None


def _elliptical_case(unit: Division, target: Division, rng: random.Random) -> Case:
    chain = unique_chain(unit) or (unit,)
    head = "办事处" if unit.name.endswith("街道") else "人民政府"
    title = "".join(a.name for a in chain) + head + "2023年法治政府建设年度报告\n"
    word = _level_word(target)
    kind = "street" if word == "街道" else target.level
    organ = word + rng.choice(ELLIPTICAL_ORGANS[kind])
    sentence, start, end = fill(rng.choice(PROSE_FRAMES), organ)
    expected = {
        "type": "org",
        "level": LEVEL_OF[target.level],
        "place": target.name,
        "division_code": target.code,
        "place_inferred": True,
    }
    pattern = f"{{{unit.level} report}} {{{target.level}}}{organ[len(word) :]}"
    return Case(
        "inferred", pattern, "after a title", title + sentence, len(title) + start, len(title) + end, expected
    )


def inferred_cases() -> list[Case]:
    """Units drawn with random.Random(13); each names an organ of its own level by the level
    word, and a county's or town's report also one of the unit above (市司法局 in a district's
    report, 县委 in a town's). A county-level city above a town is left out: there 市 could
    mean either city."""
    rng = random.Random(SEED)
    cases = []
    for level, size in INFERRED_SAMPLE.items():
        units = [d for d in _eligible(level, LEVEL_SUFFIXES[level]) if _level_word(d) and unique_chain(d)]
        for unit in rng.sample(units, size):
            cases.append(_elliptical_case(unit, unit, rng))
            above = full_chain(unit)[-2] if len(full_chain(unit)) > 1 else None
            if above is not None and above.level != "province" and (word := _level_word(above)):
                if level == "township" and word == "市":
                    continue
                if level == "county" and unit.name.endswith("市") and word == "市":
                    continue  # 市 in a county-level city's report is the city itself
                cases.append(_elliptical_case(unit, above, rng))
    return cases


def extract_each(nlp: Any, texts: Iterable[str]) -> list[dict[str, Any]]:
    """One record per text, extracted one at a time: a text that makes the pipeline raise
    gives a record with no entities and the error, instead of ending the batch."""
    records = []
    for text in texts:
        try:
            records.append(rulegov_nlp.extract(text, nlp=nlp))
        except Exception as error:  # the failure is the finding: keep it with its text
            cause = error.__cause__ or error.__context__  # spaCy wraps a component's error in E109
            message = f"{type(error).__name__}: {error}"
            if cause is not None:
                message += f" (raised from {type(cause).__name__}: {cause})"
            records.append({"entities": [], "error": message})
    return records


def concept_sentences() -> list[str]:
    """Sentences that must yield no PARTY, bare place names drawn with random.Random(13)."""
    rng = random.Random(SEED)
    out = list(CONCEPT_SENTENCES)
    out += [t.replace("{office}", o) for t, offices in CONCEPT_TEMPLATES for o in offices]
    places = _eligible("county", COUNTY_SUFFIXES) + _eligible("prefecture", PREFECTURE_SUFFIXES)
    for template in BARE_PLACE_TEMPLATES:
        out += [template.replace("{place}", d.name) for d in rng.sample(places, BARE_PLACES_PER_TEMPLATE)]
    return out


# --- scoring -----------------------------------------------------------------------------


def parties(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in record["entities"] if e["label"] == "PARTY"]


SPAN_FAILURES = ("error", "missed", "cut", "too_long", "crossing")


def outcome(case: Case, record: dict[str, Any]) -> str:
    """'ok', or what went wrong: error (the pipeline raised), missed, cut, too_long, crossing,
    or the first wrong attribute."""
    if "error" in record:
        return "error"
    found = parties(record)
    exact = next((e for e in found if e["start"] == case.start and e["end"] == case.end), None)
    if exact is None:
        overlapping = [e for e in found if e["start"] < case.end and case.start < e["end"]]
        if not overlapping:
            return "missed"
        if all(case.start <= e["start"] and e["end"] <= case.end for e in overlapping):
            return "cut"
        if any(e["start"] <= case.start and case.end <= e["end"] for e in overlapping):
            return "too_long"
        return "crossing"
    attrs = exact.get("attrs") or {}
    for key, value in case.expected.items():
        if attrs.get(key) != value:
            return f"wrong_{key}"
    return "ok"


def describe(case: Case, record: dict[str, Any]) -> str:
    got = [
        (
            case.text[e["start"] : e["end"]],
            {k: (e.get("attrs") or {}).get(k) for k in ("type", "level", "place", "division_code")},
        )
        for e in parties(record)
    ]
    if "error" in record:
        got = record["error"]
    return f"[{outcome(case, record)}] {case.pattern} / {case.frame}: {case.text!r} want {case.name!r} {case.expected} got {got}"


@dataclass
class ClassScore:
    total: int = 0
    exact: int = 0  # span right
    attrs_right: int = 0  # span right and every expected attribute right
    wrong: Counter = field(default_factory=Counter)  # attribute -> count among exact spans
    failures: list[tuple[Case, dict[str, Any]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.exact / self.total if self.total else 0.0

    @property
    def attr_accuracy(self) -> float:
        """Share of all names of the class with span and attributes right."""
        return self.attrs_right / self.total if self.total else 0.0

    def first_failures(self, n: int = FAILURES_SHOWN) -> str:
        """The first ``n`` failures, one a line, for an assertion message."""
        return "".join(f"\n{describe(c, r)}" for c, r in self.failures[:n])

    def attribute_accuracy(self, key: str) -> float:
        """Share of exactly found names whose ``key`` is right."""
        return 1 - self.wrong[key] / self.exact if self.exact else 0.0


def score(cases: Iterable[Case], records: Iterable[dict[str, Any]]) -> dict[str, ClassScore]:
    scores = {cls: ClassScore() for cls in CLASSES}
    for case, record in zip(cases, records, strict=True):
        s = scores.setdefault(case.cls, ClassScore())
        s.total += 1
        result = outcome(case, record)
        if result not in SPAN_FAILURES:
            s.exact += 1
            attrs = next(e for e in parties(record) if e["start"] == case.start and e["end"] == case.end)[
                "attrs"
            ]
            s.wrong.update(k for k, v in case.expected.items() if attrs.get(k) != v)
        if result == "ok":
            s.attrs_right += 1
        else:
            s.failures.append((case, record))
    return scores
