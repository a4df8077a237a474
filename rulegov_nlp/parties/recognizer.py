"""Finding organs and offices on plain text, from vocabulary files.

An organ is found by its head (人民政府, 司法局, 县委, …); its place name is then grown to
the left over CJK characters up to a stop character or stop word, and kept only when it
ends in a place suffix (镇, 县, 街道 …), so unseen place names of any length work.
Adjacent pieces join (县委 + 依法治县办), an organ followed by an office becomes one role
span (区政府 + 主要负责同志), and an elliptical 政府 after 、 counts (镇党委、政府).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rulegov_nlp.component import DataFile, read_package_data
from rulegov_nlp.parties.state import LEVEL_ITEM, ZONE_WORDS, PlaceWords, StateGazetteer, default_state
from rulegov_nlp.patterns import alternation
from rulegov_nlp.text.brackets import title_spans
from rulegov_nlp.text.folding import t2s_table
from rulegov_nlp.text.intervals import IntervalSet, non_overlapping
from rulegov_nlp.text.wordlists import grouped
from rulegov_nlp.textprep import PINYIN_GLOSS, find_through_glosses

CJK = re.compile(r"[\u4e00-\u9fff]")
# an honour in quotes names no acting organ: “全国人力资源社会保障系统先进集体”
HONOUR_TITLE = re.compile(
    r"[“\"][^“”\"\n]{2,40}(?:先进集体|先进单位|示范单位|示范点|先进个人|标兵|称号)[”\"]"
)
MAX_PLACE = 7
VOCAB_FILES = (
    "organ_cores", "standalone_orgs", "roles", "roles_weak", "place_suffixes",
    "stop_left", "stop_chars", "exclusions", "join_prefixes", "bare_not_allowed",
    "left_prefixes", "right_parts", "group_stop", "quantifiers", "role_fields",
    "unit_fields", "unit_heads", "system_verbs", "dept_functions", "dept_heads", "dept_short_forms",
    "dept_system_stems", "institution_heads", "concept_cues", "rule_words",
)  # fmt: skip
MAX_FIELDS = 6  # field words in one unit or worker-group name (生态环境保护综合行政执法大队: 2)
MAX_INSTITUTION = 14  # characters of proper name between a known place and its head
MAX_GROUP = 14
MAX_UNQUOTED_LAW = 24  # characters between an organ opening a regulation's name and its ending
GROUP_LOOKBACK = 4
# 中共玉衡区青萝街道工作委员会, 中共杏坪村支部委员会: a party committee named with its place
PARTY_COMMITTEE = re.compile(
    r"中共[\u4e00-\u9fff]{0,30}?(?:省|市|县|区|镇|乡|街道|村|社区|州|旗)"
    r"(?:[\u4e00-\u9fff]{0,6}?)(?:工作委员会|总支部委员会|支部委员会|委员会)"
)
# 接受人大监督、政协民主监督: the congress and conference as supervisors, named bare
SUPERVISION_AFTER = re.compile(r"(?:的)?(?:民主|法律|工作)?监督")
TERM_BEFORE = re.compile(r"第?[一二三四五六七八九十]{1,3}届$")
NUMBER_MEASURE = re.compile(r"[0-9一二两三四五六七八九十百千]+[次个项件名批家条起遍]")  # never in a place
# 分管政法工作副县长, 分管法治工作的副局长: an office named with its portfolio (a run of CJK,
# then 工作, with or without 的)
PORTFOLIO_BEFORE = re.compile(r"(?:常务)?分管[\u4e00-\u9fff]{1,8}?工作的?$")
# 纪委监委派驻第三纪检监察组, 驻部纪检监察组, 省纪委监委驻厅纪检监察组: a discipline inspection
# group sent to a unit, joined to the commission before it when one is named
DISCIPLINE_HEADS = ("纪检监察组", "纪检组")
DISCIPLINE_SENDER = re.compile(r"(?:派驻(?:第[一二三四五六七八九十]{1,3})?|驻[^\W\d纪]{1,8})$")
ORDINAL_BEFORE = re.compile(r"第[一二三四五六七八九十]{1,3}$")
# 省人大教科文卫委员会, 市政协社会法制委员会, 县人大常委会法工委, 街道人大工委: a committee of a
# congress, its standing committee or a CPPCC, read from what names the body
CONGRESS_BODY = re.compile(r"人大|政协|常委会")
# 各市、县（市、区）人民政府, 各县（市）区政府, 各市、州、直管市、林区市场监管局: a list of levels,
# some with bracketed alternates, before an organ belongs to it
LEVEL_LIST_BEFORE = re.compile(f"各(?:{LEVEL_ITEM}、?){{1,5}}$")
# 吴兴分局, 公安局|西陵分局: a branch named by a short proper name (2-4 characters)
BRANCH_HEAD = re.compile("分局")
MAX_BRANCH_NAME = 4
# 赣州经开区管委会, 长春净月高新技术产业开发区管委会: a zone's organ, named by its city's short name
ZONE_ORGAN_HEAD = re.compile("管委会|管理委员会|工委")  # found from the head, the zone word before it
ZONE_BEFORE = re.compile(f"(?:{'|'.join(ZONE_WORDS)})党?$")
MAX_ZONE_NAME = 8
# "one X one Y" before a name: 一村一|法律顾问, 一社区一|辅警, 一村（社区）一|警
ALLOCATION_BEFORE = re.compile(r"一[\u4e00-\u9fff（）()]{1,6}?一$")
UNCLOSED_TITLE = re.compile(r"《[^《》\n。；！？]*$", re.M)
BRACKET_GAP = re.compile(r"[（(][^（()）]{1,4}[)）]")


# lists whose entries carry a second, tab-separated column (the others have one)
VOCAB_COLUMNS = {"concept_cues": 2, "rule_words": 2}


def _vocab_file(name: str) -> DataFile:
    """A word list of the component (the one format: see text.wordlists)."""
    return DataFile(
        f"{name}.txt",
        "lines",
        f"PARTY word list '{name}'",
        ("rulegov_nlp.parties", f"data/{name}.txt"),
        columns=VOCAB_COLUMNS.get(name, 1),
    )


DATA_FILES = tuple(_vocab_file(name) for name in VOCAB_FILES)


def vocab_of(data: dict[str, list[str]]) -> dict[str, list[str]]:
    """The recogniser's vocabulary from the component's data files (by file name)."""
    return {name: data[f"{name}.txt"] for name in VOCAB_FILES}


def default_vocab() -> dict[str, list[str]]:
    return vocab_of(read_package_data(DATA_FILES))


def default_recognizer() -> PartyRecognizer:
    """The recogniser over the package data (the metadata component reads the reporting
    unit with it)."""
    return recognizer_for(default_vocab())


def recognizer_for(vocab: dict[str, list]) -> PartyRecognizer:
    """One recogniser per vocabulary in a process: the metadata component (package lists)
    and the parties component (the pipeline's copy, equal unless edited) share one engine,
    built once. The last few vocabularies are kept."""
    key = tuple((name, tuple(map(_hashable, vocab[name]))) for name in VOCAB_FILES)
    recognizer = _RECOGNIZERS.pop(key, None) or PartyRecognizer(vocab)
    _RECOGNIZERS[key] = recognizer  # now the most recent
    while len(_RECOGNIZERS) > MAX_SHARED_RECOGNIZERS:
        del _RECOGNIZERS[next(iter(_RECOGNIZERS))]
    return recognizer


def _hashable(entry: object) -> object:
    return tuple(entry) if isinstance(entry, list) else entry


MAX_SHARED_RECOGNIZERS = 4
_RECOGNIZERS: dict[tuple, PartyRecognizer] = {}


@dataclass
class Match:
    start: int
    end: int
    type: str  # org | role


class PartyRecognizer:
    """Organs (org) and offices (role) in a text, as character spans."""

    def __init__(self, vocab: dict[str, list[str]], state: StateGazetteer | None = None):
        self.vocab = vocab
        self.state = state or default_state()
        words = grouped(vocab["rule_words"])
        self.organ_endings = tuple(words["organ_endings"])
        self.single_levels = tuple(words["single_levels"])
        self.self_marks = frozenset(words["self_marks"])
        self.role_places = tuple(words["role_places"])  # tried in order
        self.local_heads = tuple(words["local_heads"])
        self.posts = frozenset(words["posts"])
        self.own_organ_roles = frozenset(words["own_organ_roles"])
        self.not_after_leader = frozenset(words["not_after_leader"])
        self.creation_verbs = frozenset(words["creation_verbs"])
        self.task_unit_re = re.compile(f"(?:{alternation(words['task_units'])})(?![：:])")
        self.meeting_words = tuple(words["meeting_words"])
        committee_fields = alternation(words["congress_committee_fields"])
        # found from its head (委员会, 工委 are rare), the field read leftwards in a bounded window
        self.committee_head_re = re.compile("委员会|工委")
        self.committee_fields = frozenset(words["congress_committee_fields"])
        self.committee_field_before = re.compile(f"各?(?:{committee_fields})$")
        self.max_committee_field = 1 + max(map(len, words["congress_committee_fields"]))
        self.committee_after_re = re.compile(r"各?[^\W\d]{0,10}?(?:委员会|工委)")
        self.not_in_committee = tuple(words["not_in_committee_name"])
        # bodies named by a fixed head, found from the head (one scan of literal words): a
        # discipline inspection group with who sent it before it, a numbered unit with its
        # ordinal before it, a court's or procuratorate's fixed bodies as they are
        self.numbered_units = frozenset(words["numbered_units"])
        self.fixed_divisions = frozenset(words["fixed_divisions"])
        self.sub_body_head_re = re.compile(
            alternation(words["numbered_units"] + words["fixed_divisions"] + list(DISCIPLINE_HEADS))
        )
        # a unit naming itself by its head character: 院党组, 署党委, 委属各单位, 院长, 署领导
        own = alternation(words["own_heads"])
        self.own_heads = frozenset(words["own_heads"])
        self.own_org_re = re.compile(f"(?:{own})(?:{alternation(words['own_org_pieces'])})")
        self.own_role_re = re.compile(f"(?:{own})(?:{alternation(words['own_role_pieces'])})")
        # a ministry's or administration's own departments: 部法规司, 总署政策法规司, 委法规局,
        # 部办公厅; after a central organ's name too (司法部法治督察局, 国家税务总局政策法规司)
        self.ministry_dept_re = re.compile(r"办公厅|[^\W\d]{2,12}?(?<!公)司|[^\W\d]{2,8}?局")
        self.not_in_department = tuple(words["not_in_department_name"])
        self.own_dept_re = re.compile(f"(?:{own})(?={self.ministry_dept_re.pattern})")
        self.honour_re = re.compile(f"(?:{alternation(words['honour_verbs'])})[^，。；、,;\n]{{0,24}}")
        # 县乡两级政府, 市县两级法院: organs of several levels named at once
        levels = "".join(words["single_levels"])
        self.levels_re = re.compile(f"[{levels}]{{2,4}}[两三四]级")
        self.levels_government_re = re.compile(f"{self.levels_re.pattern}(?:党委)?政府")  # 县乡两级政府
        count_after = r"(?![0-9一二两三四五六七八九十百千]+[个家所])"  # 工作室5个: generic, not one body
        # a body with a quoted brand name: “枫林议事”调解工作室, 镇“一站通”矛调中心
        self.brand_body_re = re.compile(
            r"“[^“”\n]{2,12}”[\u4e00-\u9fff]{0,10}?"
            f"(?:{alternation(words['brand_heads'])}){count_after}"
        )
        # a body named as it is set up: 成立国家…研究院, 组建…联合管委会
        self.created_body_re = re.compile(
            f"(?:{alternation(words['creation_verbs'])})了?"
            rf"([^\W\d{''.join(words['not_in_created_name'])}]{{2,22}}?"
            f"(?:{alternation(words['created_heads'])})){count_after}"
        )
        self.law_name_after = re.compile(
            f"(?:{alternation(words['law_name_endings'])})(?![{''.join(words['not_after_law_name'])}])"
        )
        # 落实党政主要负责人履行推进法治建设第一责任人职责规定: a regulation's name without 《》
        self.law_apply_before = re.compile(f"(?:{alternation(words['law_apply_verbs'])})$")
        self.unquoted_law_after = re.compile(
            f"[^\\W\\d{''.join(vocab['stop_chars'])}]{{0,{MAX_UNQUOTED_LAW}}}?"
            f"(?:{alternation(words['unquoted_law_endings'])})"
        )
        # a level character and a department's function before an organ that names no place
        # (省生态环境|综合行政执法局, 市卫生健康|综合监督执法局): the department's unit
        functions = alternation(vocab["dept_functions"] + vocab["unit_fields"])
        self.function_ends = frozenset(f[-1] for f in vocab["dept_functions"] + vocab["unit_fields"])
        self.function_before = re.compile(f"[{''.join(words['single_levels'])}](?:{functions})$")
        self.not_whole = frozenset(words["not_whole"])  # 健全 司法所 is not 全司法所
        self.not_place_words = tuple(words["not_place_words"])
        # what looks like a place in a name but is not: a function (市|农业农村局), prose (依法)
        self.place_words = PlaceWords(tuple(administration_lines(vocab)), self.not_place_words)
        self.clear_before_name = frozenset(words["clear_before_name"])
        # Half-width brackets are what the pipeline sees; keep both widths.
        orgs = vocab["organ_cores"] + vocab["standalone_orgs"] + department_names(vocab)
        orgs += self.state.organ_names()
        orgs += [w.replace("（", "(").replace("）", ")") for w in orgs]
        roles = vocab["roles"] + [w.replace("（", "(").replace("）", ")") for w in vocab["roles"]]
        self.org_re = re.compile(alternation(orgs))
        self.role_re = re.compile(alternation(roles))
        self.weak_roles = set(vocab["roles_weak"])
        self.place_suffixes = sorted(vocab["place_suffixes"], key=len, reverse=True)
        self.stop_words = sorted(vocab["stop_left"], key=len, reverse=True)
        self.any_stop_word = re.compile(alternation(vocab["stop_left"]))
        self.max_stop = max(map(len, vocab["stop_left"]), default=0)
        self.stop_word_before = re.compile(f"(?:{alternation(vocab['stop_left'])})$")  # one ends at pos
        self.stop_chars = set("".join(vocab["stop_chars"]))
        self.exclusion_re = re.compile(alternation(vocab["exclusions"]))
        self.join_prefixes = tuple(vocab["join_prefixes"])
        self.bare_not_allowed = set(vocab["bare_not_allowed"])
        self.left_prefixes = sorted(vocab["left_prefixes"], key=len, reverse=True)
        org_prefixes = [p for p in vocab["left_prefixes"] if p not in words["role_only_prefixes"]]
        # an office's line of administration glued before it is part of it: 海关党员干部, 应急管理干部
        role_prefixes = vocab["left_prefixes"] + administration_lines(vocab)
        self.prefix_before = {  # the longest left prefix ending where a match starts, by match type
            "role": re.compile(f"(?:{alternation(role_prefixes)})$"),
            "org": re.compile(f"(?:{alternation(org_prefixes)})$"),
        }
        self.max_prefix = max((len(p) for p in role_prefixes), default=0)
        self.right_parts = set(vocab["right_parts"])
        self.right_re = re.compile(alternation(vocab["right_parts"]))
        self.group_stop = sorted(vocab["group_stop"], key=len, reverse=True)
        self.standalone = set(vocab["standalone_orgs"])
        self.group_re = re.compile("(?:" + "|".join(words["group_heads"]) + ")")  # in the listed order
        self.bare_department_re = re.compile(f"部门(?![{''.join(words['not_after_department'])}])")
        # 各股室, 相关科室, 下属单位: a collective of units named only by its kind, after a scope word
        self.scoped_collective_re = re.compile(
            f"(?:{alternation(words['scope_words'])})(?:{alternation(words['collective_heads'])})"
            f"(?![{''.join(words['not_after_department'])}])"
        )
        self.quantifiers = tuple(vocab["quantifiers"])
        self.t2s = t2s_table()  # resources/t2s.tsv: the one folding table
        self.role_quantifiers = tuple(q for q in self.quantifiers if q not in ("和", "等"))  # 和干部教育
        self.level_re = re.compile(r"[省市县区][\u4e00-\u9fff]{1,8}?[厅局]")
        fields = alternation(vocab.get("role_fields", []))
        # a name holds a few fields at most; an unbounded run is retried from every start
        # of a long run of them (法治法治…), which is quadratic
        self.field_role_re = re.compile(f"(?:{fields}){{1,{MAX_FIELDS}}}(?:工作人员|工作者|人员)")
        unit_fields = alternation(vocab.get("role_fields", []) + vocab.get("unit_fields", []))
        heads = alternation(vocab.get("unit_heads", []))
        self.system_verb_re = re.compile(alternation(vocab.get("system_verbs", [])))
        self.institution_re = re.compile(alternation(vocab.get("institution_heads", [])))
        # a name that modifies a system, list or platform is a concept: 法律顾问工作机制;
        # cues marked `role` hold for offices only (省科技厅权责清单 is the bureau's own list)
        cues = [line.split("\t") for line in vocab.get("concept_cues", [])]
        by_kind = {"org": [c[0] for c in cues if len(c) == 1], "role": [c[0] for c in cues]}
        # 领导干部学法用法考试制度, 党员干部宪法知识测试评价制度: an office's concept runs longer
        reach = {"org": 4, "role": 8}
        self.concept_after = {
            kind: re.compile(f'[\\u4e00-\\u9fff”"]{{0,{reach[kind]}}}?(?:{alternation(words)})')
            for kind, words in by_kind.items()
        }
        # internal divisions named by their field: 立法一处, 政策法规处, 政工科, 行政审判庭
        field_words = vocab.get("role_fields", []) + vocab.get("unit_fields", []) + words["division_fields"]
        division_fields = alternation(field_words)
        # found from its head (处 科 股 庭 are rare), the fields read leftwards from there: a scan
        # of the whole text with the field alternation would cost as much as the unit scan
        self.division_head_re = re.compile(
            f"(?:{alternation(words['division_heads'])})(?![{''.join(words['not_after_division'])}])"
        )
        self.division_fields_before = re.compile(f"(?:{division_fields}){{1,3}}[一二三四五六七八九十]?$")
        self.max_division = 3 * max(map(len, field_words)) + 1  # three fields and an ordinal
        # 执法队伍 is a group of people, 股份 and 科学 are not units.
        not_after = "".join(words["not_after_unit_head"])
        self.unit_re = (
            re.compile(f"(?:{unit_fields}){{1,{MAX_FIELDS}}}(?:{heads})(?![{not_after}])") if heads else None
        )

    def fold(self, text: str) -> str:
        """Traditional characters folded to simplified, one for one (offsets do not move)."""
        return text.translate(self.t2s)

    def find(self, text: str) -> list[Match]:
        return self.find_folded(self.fold(text))

    def find_folded(self, text: str) -> list[Match]:
        """Matches on a text already passed through :meth:`fold`. Pinyin glosses inside a
        name (國務(wù)院) are read through: the names are found on the text without them; a
        gloss right after a name's last character is part of it (部直屬機關(guān))."""
        found = find_through_glosses(text, self._find)
        for m in found:
            if gloss := PINYIN_GLOSS.match(text, m.end):
                m.end = gloss.end()
        return found

    def _find(self, text: str) -> list[Match]:
        blocked = title_spans(text) + _unclosed_titles(text)
        blocked += [(m.start(), m.end()) for m in HONOUR_TITLE.finditer(text)]
        blocked += [(m.start(), m.end()) for m in self.exclusion_re.finditer(text)]
        blocked += [(m.start(), m.end()) for m in self.honour_re.finditer(text) if "“" in m.group()]
        heads = list(self.org_re.finditer(text))
        orgs = [Match(self._place_start(text, m.start()), m.end(), "org") for m in heads]
        central_ends = [m.end() for m in heads if m.group() in self.state.canonical_organ]
        orgs += self._groups(text) + self._level_organs(text) + self._bare_departments(text)
        orgs += self._units(text) + [Match(m.start(), m.end(), "org") for m in PARTY_COMMITTEE.finditer(text)]
        orgs += self._institutions(text) + self._named_bodies(text) + self._sub_bodies(text)
        orgs += self._ministry_departments(text, central_ends)
        orgs += self._branches_and_zones(text)
        orgs += [Match(m.start(), m.end(), "org") for m in self.task_unit_re.finditer(text)]
        orgs += self._own(text, self.own_org_re, "org")
        orgs += [Match(m.start(), m.end(), "org") for m in self.levels_government_re.finditer(text)]
        orgs += [Match(m.start(), m.end(), "part") for m in self.right_re.finditer(text)]
        orgs = self._join(text, orgs)
        orgs = [
            m
            for m in orgs
            if m.type == "org"
            and (text[m.start : m.end] not in self.bare_not_allowed or SUPERVISION_AFTER.match(text, m.end))
            and not (text.endswith("部", 0, m.end) and text.startswith("门", m.end))  # 生态环境部|门
        ]
        roles = [
            Match(m.start(), m.end(), "role")
            for m in self.role_re.finditer(text)
            if not (m.group() == "领导" and self._leadership(text, m.end()))
        ]
        roles += [Match(m.start(), m.end(), "role") for m in self.field_role_re.finditer(text)]
        roles += self._own(text, self.own_role_re, "role")
        merged = self._attach_roles(text, orgs, roles)
        elliptical = self._elliptical(text, merged)
        merged += elliptical + self._shared_roles(text, elliptical, roles)
        merged = self._role_after_elliptical(text, merged, elliptical)
        merged = [self._event_or_site_trimmed(text, self._extend_left(text, m)) for m in merged]
        # a name wholly inside quotes is a slogan or a brand of work, not a party (“一把手”工程)
        merged = [m for m in merged if m is not None and not _quoted_whole(text, m)]
        # a name that modifies a system is a concept; so is every shorter name inside it
        blocked += [(m.start, m.end) for m in merged if self._names_a_system(text, m)]
        # 一村（社区）一法律顾问, 一村一辅警: a staffing scheme named by its ratio is a concept
        blocked += [
            (m.start, m.end) for m in merged if ALLOCATION_BEFORE.search(text, max(0, m.start - 10), m.start)
        ]
        # 村民委员会组织法 without 《》: the organ opens a law's name
        blocked += [(m.start, m.end) for m in merged if self.law_name_after.match(text, m.end)]
        blocked += [(m.start, m.end) for m in merged if self._opens_unquoted_law(text, m)]
        regions = IntervalSet(blocked)  # inside one, or overlapping a longer-or-equal one
        kept = [m for m in merged if not regions.blocks(m.start, m.end)]
        return _longest_first(kept)

    def _named_bodies(self, text: str) -> list[Match]:
        """Bodies named with a quoted brand (“枫林议事”调解工作室; a level character before
        the quote belongs: 镇“一站通”矛调中心), and bodies named as they are set up
        (成立国家…研究院, 组建…联合管委会)."""
        out = []
        for m in self.brand_body_re.finditer(text):
            start = m.start()
            if start > 0 and text[start - 1] in self.single_levels:
                start -= 1
            out.append(Match(start, m.end(), "org"))
        out += [Match(m.start(1), m.end(1), "org") for m in self.created_body_re.finditer(text)]
        return out

    def _sub_bodies(self, text: str) -> list[Match]:
        """Bodies inside a congress, CPPCC, Party committee or unit: a committee after 人大/政协/
        常委会 (省人大教科文卫委员会, 县人大常委会法工委, 街道人大工委; a piece that joins the organ
        before it), a committee named bare by its field at a boundary (法制工作委员会, 各专门委员会),
        a discipline inspection group (派驻第三纪检监察组, 驻厅纪检监察组), a numbered unit
        (第一检察部, 第二稽查局) and a court's or procuratorate's fixed bodies (执行局, 检察委员会)."""
        out = []
        for pos in {m.end() for m in CONGRESS_BODY.finditer(text)}:
            m = self.committee_after_re.match(text, pos)
            if m and self._committee_name(m.group()):
                out.append(Match(m.start(), m.end(), "part"))
        for head in self.committee_head_re.finditer(text):
            lo = max(0, head.start() - self.max_committee_field)
            m = self.committee_field_before.search(text, lo, head.start())
            if m and self._clause_start(text, m.start()):
                out.append(Match(m.start(), head.end(), "org"))
        for head in self.sub_body_head_re.finditer(text):
            word, lo = head.group(), max(0, head.start() - 10)
            if word in self.fixed_divisions:
                out.append(Match(head.start(), head.end(), "org"))
                continue
            before = DISCIPLINE_SENDER.search(text, lo, head.start()) if word in DISCIPLINE_HEADS else None
            if before is None and word in self.numbered_units:
                before = ORDINAL_BEFORE.search(text, lo, head.start())
            if before is not None:
                out.append(Match(before.start(), head.end(), "org"))
        return out

    def _ministry_departments(self, text: str, central_ends: list[int]) -> list[Match]:
        """A ministry's or administration's own departments, named by its head character at a
        clause start (部法规司, 总局稽查局, 委法规局, 部办公厅) or after its name (交通运输部法制司:
        a piece that joins the central organ). The name holds no verb and no stop character but
        和/与 (部法规与标准司), and names no organ piece (部党组和局机关)."""
        out = []
        for head in self.own_dept_re.finditer(text):
            if self._clause_start(text, head.start()):
                m = self.ministry_dept_re.match(text, head.end())
                if m and self._department_name(m.group()):
                    out.append(Match(head.start(), m.end(), "org"))
        for end in central_ends:
            m = self.ministry_dept_re.match(text, end)
            if m and self._department_name(m.group()):
                out.append(Match(m.start(), m.end(), "part"))
        return out

    def _branches_and_zones(self, text: str) -> list[Match]:
        """A branch named by a short proper name (吴兴分局 at a boundary; 公安局|西陵分局, a piece
        that joins the bureau before it) and a zone's organ with the name before the zone word
        (赣州经开区管委会: the name may hold characters a place name may not, like 经 in 经开区)."""
        out = []
        for head in BRANCH_HEAD.finditer(text):
            for k in range(2, MAX_BRANCH_NAME + 1):
                s = head.start() - k
                if s < 0 or not self._plain_name(text, s, head.start()):
                    break
                if text[s - 1 : s] == "局":
                    out.append(Match(s, head.end(), "part"))
                    break
                if self._boundary(text, s):
                    out.append(Match(s, head.end(), "org"))
                    break
        for head in ZONE_ORGAN_HEAD.finditer(text):
            zone = ZONE_BEFORE.search(text, max(0, head.start() - 10), head.start())
            if zone is None:
                continue
            for s in range(max(0, zone.start() - MAX_ZONE_NAME), zone.start()):
                if self._plain_name(text, s, zone.start(), allowed="经年月日") and self._boundary(text, s):
                    out.append(Match(s, head.end(), "org"))
                    break
        return out

    def _department_name(self, name: str) -> bool:
        return self._name_free_of(name, "和与", self.not_in_department)

    def _name_free_of(self, name: str, allowed: str, excluded: tuple[str, ...]) -> bool:
        """No stop character (but ``allowed``), no stop word, none of ``excluded``."""
        return (
            not any(ch in self.stop_chars and ch not in allowed for ch in name)
            and not self.any_stop_word.search(name)
            and not any(w in name for w in excluded)
        )

    def _committee_name(self, name: str) -> bool:
        """A committee's name after 人大/政协: no verb or stop character but 和/与/经 (监察和司法委员会,
        环境与资源保护委员会, 财政经济委员会; 工作 before the head and 各 before the name are part of
        it), nothing that names another body or its members."""
        name = name.removeprefix("各").removesuffix("委员会").removesuffix("工委")
        if name in self.committee_fields:  # 代表资格审查委员会, 文化文史和学习委员会
            return True
        return self._name_free_of(
            name.removesuffix("工作"), "和与经", self.not_in_committee
        )  # 财政经济委员会

    def _own(self, text: str, pattern: re.Pattern[str], kind: str) -> list[Match]:
        """A unit's own organ or office named by its head character, at the start of a clause or
        after a conjunction (，院党组; 、委属各单位): 部署 and 学院 hold the characters as words.
        A weak office stays weak (部长 needs its organ: 宣传部长)."""
        return [
            Match(m.start(), m.end(), kind)
            for m in pattern.finditer(text)
            if self._clause_start(text, m.start()) and m.group() not in self.weak_roles
        ]

    def _leadership(self, text: str, end: int) -> bool:
        """领导 as leadership, not leaders: 在区委领导下, 党委领导、政府负责, 县委领导和支持."""
        return end >= len(text) or text[end] in self.not_after_leader or not CJK.match(text[end])

    def _place_start(self, text: str, head: int) -> int:
        """Where the place before an organ head starts: a chain of known division names
        (新疆维吾尔自治区, 江门市新会区), and left of it a name the suffix grammar reads
        (杏坪村 is in no list); head itself when there is none."""
        known = self._known_chain_start(text, head)
        if known < head:
            return min(known, self._grown_place_start(text, known))
        return self._grown_place_start(text, head)

    def _known_chain_start(self, text: str, head: int) -> int:
        """Start of the known division names just left of ``head``. A first link that opens
        with a stop character joins nothing in prose (镇党委和|县人民政府, not 和县)."""
        start = self.state.chain_start(text, head)
        if start == head:  # the head opens with the place's own suffix: 七里 + 街道办事处
            for suffix in self.place_suffixes:
                if (
                    text.startswith(suffix, head)
                    and (inner := self.state.chain_start(text, head + len(suffix))) < head
                ):
                    start = inner
                    break
        while start < head and self._link_is_prose(text, start):
            names = self.state.chain_at(text, start)
            start += len(names[0]) if names else head - start
        if (
            start < head
            and start > 0
            and CJK.match(text[start - 1])
            and not self._boundary(text, start)
            and not text.endswith("中共", 0, start)  # 中共宝鸡市凤翔区委: the party's committee there
        ):
            return head  # the tail of a longer name the lists lack: 雁|宁县人民政府
        return start

    def _link_is_prose(self, text: str, start: int) -> bool:
        """A known name that opens with a stop character or inside a verb is prose, not a
        place: 镇党委和|县人民政府 (not 和县), 会同|县委宣传部 (not 会同县), 完成|县级部门 (not 成县)."""
        names = self.state.chain_at(text, start)
        if names and len(names[0]) > 2:  # 日照市, 和平县: a longer name is the place (not 和县)
            return False
        if text[start] in self.stop_chars and start > 0 and CJK.match(text[start - 1]):
            return True
        return self.any_stop_word.match(text, start) is not None or (
            self._after_stop_across(text, start, len(text)) > start
        )

    def _grown_place_start(self, text: str, head: int) -> int:
        """Grow a place name to the left of an organ head; head itself when there is none."""
        i = head
        while (
            i > 0 and head - i < MAX_PLACE and CJK.match(text[i - 1]) and text[i - 1] not in self.stop_chars
        ):
            i -= 1
        if (
            i > 0
            and text[i - 1] in self.stop_chars
            and (title := self._title_line_place(text, i, head)) is not None
        ):
            return title
        i = self._after_stop_across(text, i, head)
        window = text[i:head]
        for word in self.stop_words if self.any_stop_word.search(window) else ():
            pos = window.rfind(word)
            if pos >= 0:
                window = window[pos + len(word) :]
        counted = list(NUMBER_MEASURE.finditer(window))  # 听取一次 + 市司法局
        if counted:
            window = window[counted[-1].end() :]
        if "政府" in window:  # 区人民政府 + 漱玉街道办事处: the name starts after the organ
            window = window[window.rfind("政府") + 2 :]
        if any(w in window for w in self.not_place_words) or window.startswith("各"):
            return head  # 各地区|各部门: a quantifier, not a place
        if len(window) == 1 and i > 0 and text[i - 1] in self.self_marks:
            return head
        if window and any(window.endswith(s) for s in self.place_suffixes):
            return head - len(window)
        # the head may open with the place suffix itself: 鱼岳 + 镇党委
        opens_with_suffix = any(text.startswith(s, head) for s in self.place_suffixes)
        if 2 <= len(window) <= 4 and opens_with_suffix and not window.endswith(self.organ_endings):
            return head - len(window)
        # a short proper name without suffix before a bureau or station: 九龙湖司法所, 呼中教育局
        starts_clear = (
            self._boundary(text, head - len(window)) or text[head - len(window) - 1] in self.clear_before_name
        )
        if (
            starts_clear
            and 2 <= len(window) <= 3
            and text.startswith(self.local_heads, head)
            and window not in self.left_prefixes
        ):
            return head - len(window)
        return head

    @staticmethod
    def _event_or_site_trimmed(text: str, m: Match) -> Match | None:
        """A name that runs into an event keeps the organ (省委常委会|议 -> 省委常委); an organ
        followed by 网 names a website (河南省政府网), which is not a party; 县委|员会 is the
        committee's full name (依法治县委员会), 政法委|员 a member of it, and 法律顾问|团 a body
        of office holders."""
        if text.startswith("网", m.end) and not text.startswith(("网格", "网站"), m.end):
            return None  # 河南省政府网 is a site; 体育总局网站 is the bureau's own
        if text.endswith("委", m.start, m.end) and text.startswith("员会", m.end):
            return Match(m.start, m.end + 2, m.type)
        if m.type == "org" and text.endswith("委", m.start, m.end) and text.startswith("员", m.end):
            return Match(m.start, m.end + 1, "role")  # 政法委|员: a member of the committee
        if m.type == "role" and text.startswith("团", m.end):
            return Match(m.start, m.end + 1, "role")  # 法律顾问|团: a group of office holders
        if text.endswith("会", m.start, m.end) and text.startswith("议", m.end) and m.end - m.start > 2:
            return Match(m.start, m.end - 1, m.type)
        return m

    @staticmethod
    def _role_after_elliptical(text: str, found: list[Match], elliptical: list[Match]) -> list[Match]:
        """An office right after an elliptical organ listed with 、 is that organ's office,
        one role span: 乡党委、|政府主要负责人."""
        by_start = {m.start: m for m in found if m.type == "role"}
        org_by_end = {m.end: m for m in found if m.type == "org"}
        drop: set[int] = set()
        out = []
        for e in elliptical:
            role = by_start.get(e.end)
            joint = text[e.start - 1 : e.start]
            if role is None or joint not in "、和" or not joint:
                continue
            drop.update((id(e), id(role)))
            first = org_by_end.get(e.start - 1) if joint == "和" else None
            if first is not None:  # 自治区党委和政府主要负责同志: the pair's office, one span
                drop.add(id(first))
                out.append(Match(first.start, role.end, "role"))
            else:
                out.append(Match(e.start, role.end, "role"))
        return [m for m in found if id(m) not in drop] + out

    def _opens_unquoted_law(self, text: str, m: Match) -> bool:
        """落实|党政主要负责人履行推进法治建设第一责任人职责规定: after a verb that takes a law, a name
        that opens a run ending in 规定/条例/办法/细则 (CJK without a stop character: 县司法局制定的办法
        is the bureau's) is the regulation's."""
        return (
            self.law_apply_before.search(text, max(0, m.start - 2), m.start) is not None
            and self.unquoted_law_after.match(text, m.end) is not None
        )

    def _names_a_system(self, text: str, m: Match) -> bool:
        """The name modifies a system (法律顾问列席会议制度), unless a verb whose object is the
        system follows it (县司法局建立健全制度: the bureau acts)."""
        concept = self.concept_after["role" if m.type == "role" else "org"].match(text, m.end)
        return concept is not None and not self.system_verb_re.search(concept.group())

    def _title_line_place(self, text: str, i: int, head: int) -> int | None:
        """A place name that holds a stop character (仁和镇, 平和县), on a line without
        sentence punctuation (a title, issuer or signature line) where it opens the line:
        there the character cannot join two names. Start of the place, or None."""
        line_start = text.rfind("\n", 0, head) + 1
        while line_start < head and text[line_start] in " \u3000\t":
            line_start += 1
        line_end = text.find("\n", head)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        place = text[line_start:head]
        if (
            not 0 < i - 1 - line_start <= 2  # one or two characters before the stop character
            or len(place) > MAX_PLACE
            or not all(CJK.match(ch) for ch in place)
            or any(p in line for p in "，。；,;:：")
            or any(ch in self.organ_endings for ch in text[line_start : i - 1])
            or self.any_stop_word.search(place)
            or not any(place.endswith(suffix) for suffix in self.place_suffixes)
        ):
            return None
        return line_start

    def _after_stop_across(self, text: str, i: int, head: int) -> int:
        """Where a place name may start when a stop word runs across ``i``, the point where
        growth stopped at a stop character: 经|过省司法厅 starts after 经过."""
        for p in range(i - 1, max(-1, i - self.max_stop), -1):
            m = self.any_stop_word.match(text, p, head)
            if m and m.end() > i:
                return m.end()
        return i

    def _join(self, text: str, orgs: list[Match]) -> list[Match]:
        out: list[Match] = []
        # a piece before an organ of the same span, so it joins the organ before it (人大|工委)
        for m in sorted(orgs, key=lambda m: (m.start, -m.end, m.type != "part")):
            if out and text[out[-1].end : m.start] in ("（", "(") and text[m.end : m.end + 1] in ("）", ")"):
                # 党委（党组）…, 县直各单位党组（党委）: the bracketed alternate belongs to the name
                out[-1] = Match(out[-1].start, m.end + 1, out[-1].type)
                continue
            if (
                out
                and _adjacent(text, out[-1].end, m.start)
                and out[-1].type == "org"
                and (not text.endswith("部门", 0, out[-1].end) or text.startswith(("党组", "党委"), m.start))
                and self._joins(text, m)
            ):
                out[-1] = Match(out[-1].start, m.end, "org")
            elif out and m.start < out[-1].end:
                if (
                    out[-1].type == "part"
                    and m.type == "org"
                    and (m.start, m.end) == (out[-1].start, out[-1].end)
                ):
                    out[-1] = m  # a piece that joined nothing: the organ of the same span stands
                elif m.end > out[-1].end and m.start >= out[-1].start:
                    out[-1] = Match(out[-1].start, m.end, "org")
            else:
                out.append(m)
        return out

    def _joins(self, text: str, m: Match) -> bool:
        piece = text[m.start : m.end]
        if m.type == "part" or piece in self.right_parts or piece.startswith(self.join_prefixes):
            return True
        if piece in ("党委", "党组") and text.startswith(("（", "("), m.end):
            return True  # 各部门党委（党组）: the units' party organs, with the bracketed alternate
        return not (piece == "政府" or piece.startswith(self.single_levels) or piece in self.standalone)

    def _groups(self, text: str) -> list[Match]:
        """Leading groups with a descriptive name: 法治政府建设工作领导小组."""
        out = []
        for m in self.group_re.finditer(text):
            i = m.start()
            # look a little further than a name may run, so a stop word cut at the limit
            # (成|立县…领导小组) is still seen
            while i > 0 and m.start() - i < MAX_GROUP + GROUP_LOOKBACK and CJK.match(text[i - 1]):
                i -= 1
            window = text[i : m.start()]
            created = False  # 成立|…领导小组: a creation verb bounds the whole name
            for word in self.group_stop:
                pos = window.rfind(word)
                if pos >= 0:
                    window = window[pos + len(word) :]
                    created = created or word in self.creation_verbs
            if not created:
                window = window[-MAX_GROUP:]
            start = m.start() - len(window) if len(window) >= 2 else m.start()
            # a listed organ's full name ends here: the name is that, not more (国务院扶贫开发领导小组办公室)
            listed = next((n for n in self.state.group_organs if text.startswith(n, m.end() - len(n))), None)
            if listed and m.end() - len(listed) > start:
                start = m.end() - len(listed)
            out.append(Match(start, m.end(), "org"))
        return out

    def _units(self, text: str) -> list[Match]:
        """Working units named by their field: (区)矛盾纠纷多元化解中心, 政策法规股; internal
        divisions of a department or court: 立法一处, 政工科, 行政审判庭."""
        if self.unit_re is None:
            return []
        out = [Match(self._place_start(text, m.start()), m.end(), "org") for m in self.unit_re.finditer(text)]
        for head in self.division_head_re.finditer(text):
            m = self.division_fields_before.search(
                text, max(0, head.start() - self.max_division), head.start()
            )
            if m is None:
                continue
            start = m.start()
            if start > 0 and text[start - 1] in self.own_heads and self._boundary(text, start - 1):
                start -= 1  # 厅法制处: the unit's own division, named by its head
            out.append(Match(self._place_start(text, start), head.end(), "org"))
        return out

    def _institutions(self, text: str) -> list[Match]:
        """Public institutions with a proper name that a known place opens: 南昌县建筑设计院.
        The name between place and head holds no stop character, so prose never joins."""
        out = []
        for m in self.institution_re.finditer(text):
            # 网站 is a website, 馆长 and 站员 are offices
            if text.startswith("网", m.start() - 1) or text.startswith(("长", "员"), m.end()):
                continue
            for start in range(max(0, m.start() - MAX_INSTITUTION - 2), m.start() - 2):
                chain = self.state.chain_at(text, start)
                name_start = start + sum(map(len, chain))
                if (
                    chain
                    and name_start < m.start()
                    and self._boundary(text, start)
                    and self._plain_name(text, name_start, m.start())
                ):
                    out.append(Match(start, m.end(), "org"))
                    break
        return out

    def _plain_name(self, text: str, start: int, end: int, allowed: str = "") -> bool:
        """A proper name: CJK, no stop character (but ``allowed``: 长春净月, 赣州经开区) or verb
        (落实, 组建), not the place's people (东莞市|民服务中心 is a hall for 市民)."""
        name = text[start:end]
        return (
            all(CJK.match(ch) for ch in name)
            and self._name_free_of(name, allowed, ())
            and not name.startswith("民")
        )

    def _bare_departments(self, text: str) -> list[Match]:
        """部门 alone after a quantifier (少数部门, 32个部门, 各级政府和部门); a collective of
        units named by its kind after a scope word (各股室, 相关科室, 下属单位)."""
        found = [
            Match(m.start(), m.end(), "org")
            for m in self.bare_department_re.finditer(text)
            if text.endswith(self.quantifiers, 0, m.start())
        ]
        return found + [Match(m.start(), m.end(), "org") for m in self.scoped_collective_re.finditer(text)]

    def _level_organs(self, text: str) -> list[Match]:
        """省商务厅, 省质监局: a level character opening a department name at a boundary."""
        out = []
        for m in self.level_re.finditer(text):
            s = m.start()
            if not self._boundary(text, s):  # 组建|市行政复议局, but not 城市|…局
                continue
            if any(c in self.stop_chars for c in m.group()[1:]):
                continue
            out.append(Match(s, m.end(), "org"))
        return out

    def _prefixed(self, text: str, pos: int) -> bool:
        """A left prefix or a line of administration ends at ``pos`` (全区干部, 应急管理干部)."""
        return self.prefix_before["role"].search(text, max(0, pos - self.max_prefix), pos) is not None

    def _clause_start(self, text: str, pos: int) -> bool:
        """A name may start at ``pos``: a boundary, or after a conjunction of a list (、和及与)."""
        return self._boundary(text, pos) or text[pos - 1] in "、和及与"

    def _boundary(self, text: str, pos: int) -> bool:
        """Nothing of a name can sit left of ``pos``: start, punctuation, stop character or word."""
        if pos > 0 and text[pos - 1] in self.self_marks:
            return False
        if pos <= 0 or not CJK.match(text[pos - 1]) or text[pos - 1] in self.stop_chars:
            return True
        return self.stop_word_before.search(text, max(0, pos - self.max_stop), pos) is not None

    def _extend_left(self, text: str, m: Match) -> Match:
        start = m.start
        pattern = self.prefix_before["org" if m.type == "org" else "role"]
        while prefix := pattern.search(text, max(0, start - self.max_prefix), start):
            start = prefix.start()
        if (
            start >= 2
            and text[start - 1] == "全"
            and text[start - 2] not in self.not_whole
            and text[start] != "各"
        ):
            start -= 1
        function = (
            self.function_before.search(text, max(0, start - 9), start)
            if m.type == "org" and start > 1 and text[start - 1] in self.function_ends
            else None
        )
        if function and self._boundary(text, function.start()):  # 省生态环境|综合行政执法局
            start = function.start()
        levels = self.levels_re.search(text, max(0, start - 6), start) if m.type == "org" else None
        if levels is not None and levels.end() == start:  # 县乡两级政府: the organs of both levels
            start = levels.start()
        if term := TERM_BEFORE.search(text, max(0, start - 5), start):  # 十三届全国人大常委会
            start = term.start()
        if m.type == "role" and (portfolio := PORTFOLIO_BEFORE.search(text, max(0, start - 14), start)):
            start = portfolio.start()  # 分管政法工作副县长: the office with its portfolio
        if m.type == "role" and text.startswith("全体", start):  # 街道|全体公职人员: the place's staff
            place = next((p for p in self.role_places if text.startswith(p, start - len(p))), None)
            if place and self._boundary(text, start - len(place)):
                start -= len(place)
        # not before a place's own units (各县（市、区）、|市直部门) or a name already opening with 各
        window = max(0, start - 24)
        levels_list = LEVEL_LIST_BEFORE.search(text, window, start) if "各" in text[window:start] else None
        if levels_list and not text.startswith("各", start) and text[start + 1 : start + 2] != "直":
            start = levels_list.start()
        level_before = start >= 1 and text[start - 1] in self.single_levels
        if text.startswith("各", start) and level_before and self._boundary(text, start - 1):
            start -= 1  # 省各直属单位: the province's units
        return Match(start, m.end, m.type)

    def _attach_roles(self, text: str, orgs: list[Match], roles: list[Match]) -> list[Match]:
        by_end = {m.end: m for m in orgs}
        out = {id(m): m for m in orgs}  # insertion-ordered; removal is O(1)
        across = _OrgIndex(orgs)
        role_ends: set[int] = set()

        def keep(m: Match) -> None:
            out[id(m)] = m
            if m.type == "role":
                role_ends.add(m.end)

        for r in roles:
            gap = BRACKET_GAP.search(text, max(0, r.start - 6), r.start)
            if gap is not None and gap.end() != r.start:
                gap = None
            org = (
                by_end.get(r.start)
                or (by_end.get(gap.start()) if gap else None)
                or across.first_across(r, out)
            )
            word = text[r.start : r.end]
            if org is not None and org.end == r.start and word in self.own_organ_roles:
                org = None  # 省直各单位|行政机关负责人: the office names its own organ
            if org is not None and word in self.posts and "任" in text[max(0, org.start - 8) : org.start]:
                continue  # 担任市委全面依法治市委员会主任: the committee, and a post held in it
            if org is not None:
                del out[id(org)]
                by_end.pop(org.end, None)
                keep(Match(org.start, r.end, "role"))
            elif word not in self.weak_roles:
                place = next((p for p in self.role_places if text.startswith(p, r.start - len(p))), None)
                if place and self._boundary(text, r.start - len(place)):
                    r = Match(r.start - len(place), r.end, "role")
                keep(r)
            else:
                place = next((p for p in self.role_places if text.startswith(p, r.start - len(p))), None)
                if place:
                    keep(Match(r.start - len(place), r.end, "role"))
                elif (
                    self._prefixed(text, r.start)
                    or self._coordinated_role(text, r, role_ends)
                    or text.endswith(self.role_quantifiers, 0, r.start)
                    or (text.startswith("会", r.end) and word == "班子")
                    or text.startswith(self.meeting_words, r.end)  # 主任办公会
                ):
                    keep(r)
        return list(out.values())

    @staticmethod
    def _coordinated_role(text: str, r: Match, role_ends: set[int]) -> bool:
        """A weak office listed after a named one holds by the same organ: 村党总支书记、主任."""
        return text[r.start - 1 : r.start] == "、" and r.start - 1 in role_ends

    def _shared_roles(self, text: str, elliptical: list[Match], roles: list[Match]) -> list[Match]:
        """An office after an elliptical pair belongs to both organs and stands alone:
        镇党委政府 + 第一责任人."""
        ends = {m.end for m in elliptical}
        return [r for r in roles if r.start in ends and text[r.start : r.end] in self.weak_roles]

    def _elliptical(self, text: str, found: list[Match]) -> list[Match]:
        """政府 / 人大 standing for the organ named just before: 镇党委、政府."""
        ends = {m.end for m in found if m.type == "org"}
        extra = []
        for m in re.finditer(r"[、和及与]?(政府|人大|政协)", text):
            if m.start() in ends:
                extra.append(Match(m.start(1), m.end(1), "org"))
        for m in re.finditer(
            r"(?:(?<![\u4e00-\u9fff])|(?<=召开|通过|提交|提请)|(?<=[次经]))政府(?=常务会)", text
        ):
            extra.append(Match(m.start(), m.end(), "org"))
        return extra


class _OrgIndex:
    """Organs by start, to find the one a role's start falls inside without a scan."""

    def __init__(self, orgs: list[Match]):
        self.order = {id(m): i for i, m in enumerate(orgs)}
        self.by_start = sorted(orgs, key=lambda m: m.start)
        self.starts = [m.start for m in self.by_start]
        self.longest = max((m.end - m.start for m in orgs), default=0)

    def first_across(self, r: Match, live: dict[int, Match]) -> Match | None:
        """The first organ (in list order) still in ``live`` that starts before the role and
        ends inside it: 县委 + 依法治县办主任."""
        lo = bisect.bisect_left(self.starts, r.start - self.longest)
        hi = bisect.bisect_left(self.starts, r.start)
        found = [o for o in self.by_start[lo:hi] if id(o) in live and o.start < r.start < o.end < r.end]
        return min(found, key=lambda o: self.order[id(o)]) if found else None


def department_names(vocab: dict[str, list[str]]) -> list[str]:
    """The department grammar: every functional name with every head (司法 + 局, 应急管理 +
    厅), and the usual short forms (人社局, 发改委)."""
    heads = vocab.get("dept_heads", [])
    functions = vocab.get("dept_functions", [])
    lines = administration_lines(vocab)
    line_heads = ["系统", *grouped(vocab.get("rule_words", [])).get("line_heads", [])]
    systems = [s + h for s in lines for h in line_heads]  # 全省人社系统, 林草主管部门, 司法行政各部门
    return [f + h for f in functions for h in heads] + vocab.get("dept_short_forms", []) + systems


def administration_lines(vocab: dict[str, list[str]]) -> list[str]:
    """Lines of administration: the department grammar's functional names and system stems
    (司法行政, 林草, 海关)."""
    return vocab.get("dept_functions", []) + vocab.get("dept_system_stems", [])


def _unclosed_titles(text: str) -> list[tuple[int, int]]:
    """A 《 whose line runs to its end with no 》 and no sentence end opens a title cut
    there (a page cut inside a title, a title wrapped over lines): nothing in it is a party."""
    return [m.span() for m in UNCLOSED_TITLE.finditer(text)]


def _quoted_whole(text: str, m: Match) -> bool:
    return text[m.start - 1 : m.start] in ("“", '"') and text[m.end : m.end + 1] in ("”", '"')


def _adjacent(text: str, end: int, start: int) -> bool:
    """Two pieces touch, or only a short bracketed part sits between them: 党委（党组）中心组."""
    return end == start or (start > end and BRACKET_GAP.fullmatch(text, end, start) is not None)


def _longest_first(matches: list[Match]) -> list[Match]:
    return non_overlapping(sorted(matches, key=lambda m: (-(m.end - m.start), m.start)))
