"""The reporting unit: who wrote the report, at which level, and where it sits.

Every study groups reports by the unit's year, level and place, so these are read from
what the report states about itself, in this order: the title line (文化和旅游部关于2019年度…
报告, 关于安庆市2020年度…), a name line above the title (仁和镇人民政府), the opening
sentence's subject (2023年，四季青街道在区委区政府的坚强领导下…), 现将…报告如下, and the
portal's issuer field. The unit is the earliest organ or known place in the first source
that names one, after the clauses that name someone else (在市委、市政府的领导下,
根据《…》, an addressee line 区委、区政府：).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rulegov_nlp.parties.recognizer import PartyRecognizer
from rulegov_nlp.parties.state import StateGazetteer, place_party
from rulegov_nlp.text.brackets import drop_titles
from rulegov_nlp.text.names import STATE_PREFIX
from rulegov_nlp.vocabulary import DEPARTMENT_LEVEL, DIVISION_LEVELS, LEVEL_WORDS

# 在市委、市政府的坚强领导下，省农业农村厅的正确指导下: someone else's role
OTHERS_CLAUSE = re.compile(
    r"在[^，,。；;:：\n]{0,40}?(?:领导|指导|关心|支持|帮助|部署)下[，,]?"
    r"|(?<=[，,])[^，,。；;:：\n]{0,20}?的[^，,。；\n]{0,6}(?:领导|指导|关心|支持)下[，,]?"
)
ACCORDING_CLAUSE = re.compile(r"(?:根据|按照|依据)[^，,。；;\n]{0,80}[，,]")
ADDRESSEE_LINE = re.compile(r"^[^\n，,。]{2,40}[:：]\s*$", re.M)
SENTENCE = re.compile(r"[^。！？!?\n]+")
OPENING_YEAR = re.compile(r"(?:19|20)\d\d年(?:度)?[，,]")
REPORT_AS_FOLLOWS = re.compile(r"现将([^，,。\n]{2,40}?)(?:19|20)\d\d年")
PAGE_CHROME = re.compile(r"网站|首页|导航|链接|当前位置|版|登录|注册|无障碍|搜索")
SELF_REFERENCE = re.compile(r"(?:我|本)(自治区|街道|省|市|县|区|镇|乡|局|厅|委|部|办|署)")
# The organ is a government or Party committee of its place, not a department of it.
GOVERNMENT_ORGAN = re.compile(
    r"(?:人民政府|政府|行政公署|行署|党委|党工委|[省市县区州旗盟地]委|办事处|政府办公[厅室]|管委会|"
    r"党委和政府|党委政府)$"
)
# a congress's standing committee is a commission, not a government (ANNOTATION.md: meta.level)
DEPARTMENT_ORGAN = re.compile(r"(?:局|厅|部|署|委|办|委员会|常委会|办公室|中心|所|院|站|队)$")


@dataclass(frozen=True)
class ReportingUnit:
    name: str
    level: str | None  # province | city | county | township | department
    division: dict[str, str | None] | None  # {"code", "level", "name"}


class UnitReader:
    def __init__(self, recognizer: PartyRecognizer, state: StateGazetteer):
        self.recognizer = recognizer
        self.state = state

    def read(self, head: str, title: str | None, issuer: str | None) -> ReportingUnit | None:
        """The first unit that the report states, with the division of the first source that
        places it (市人社局 in the opening, 重庆市交通局 in the title line). ``head`` is the
        top of the report, already folded (textprep.fold_chars), as the metadata reader has it."""
        first: ReportingUnit | None = None
        division = None
        for source in self._sources(head, title, issuer):  # read until a source places the unit
            unit = self._unit_in(source)
            if unit is None:
                continue
            first = first or unit
            if unit.division and unit.division.get("code"):
                division = unit.division
                break
            division = division or unit.division
        return ReportingUnit(first.name, first.level, division) if first else None

    def _sources(self, head: str, title: str | None, issuer: str | None) -> list[str]:
        sources = []
        if title:
            sources.append(_title_unit_part(self.recognizer.fold(title)))
        sources += [line.strip() for line in head.splitlines()[:6] if _is_name_line(line)]
        opening = OPENING_YEAR.search(head)
        if opening:
            sentence = SENTENCE.match(head, opening.end())
            if sentence:
                sources.append(sentence.group())
        if m := REPORT_AS_FOLLOWS.search(head):
            sources.append(m.group(1))
        if issuer:
            sources.append(self.recognizer.fold(issuer))
        if m := SELF_REFERENCE.search(head):  # 2018年是…开局之年。…我局紧紧围绕…
            sources.append(m.group())
        return [s for s in sources if s]

    def _unit_in(self, source: str) -> ReportingUnit | None:
        source = ADDRESSEE_LINE.sub("", source)
        source = drop_titles(OTHERS_CLAUSE.sub("", ACCORDING_CLAUSE.sub("", source)))
        anchors: list[tuple[int, int, str]] = []  # start, -length, kind
        for m in self.recognizer.find_folded(source):
            if m.type == "org":
                anchors.append((m.start, -(m.end - m.start), "org"))
        if m := SELF_REFERENCE.search(source):
            anchors.append((m.start(), -(m.end() - m.start()), "self"))
        for pos in range(len(source)):
            chain = self.state.chain_at(source, pos)
            if chain:
                anchors.append((pos, -sum(map(len, chain)), "place"))
                break
        if not anchors:
            return None
        start, neg_len, kind = min(anchors)
        end = start - neg_len
        # a unit named with its parent government: 鲤城区人民政府 + 金龙街道办事处
        while (
            kind == "org"
            and GOVERNMENT_ORGAN.search(source, start, end)
            and (nxt := next((a for a in anchors if a[0] == end and a[2] == "org"), None))
        ):
            start, end = nxt[0], nxt[0] - nxt[1]
        name = source[start:end]
        if kind == "self":
            word = name[1:]
            return ReportingUnit(name, dict(LEVEL_WORDS).get(word, DEPARTMENT_LEVEL), None)  # 我市, 我局
        placement = place_party(self.state, name, None)
        division = self._division(placement)
        if kind == "org" and DEPARTMENT_ORGAN.search(name) and not GOVERNMENT_ORGAN.search(name):
            return ReportingUnit(name, DEPARTMENT_LEVEL, division)
        if placement.level == "national":
            return ReportingUnit(name, DEPARTMENT_LEVEL, division)
        level = placement.level if placement.level in DIVISION_LEVELS[1:] else None  # below national
        return ReportingUnit(name, level, division)

    def _division(self, placement) -> dict[str, str | None] | None:
        if placement.level == "national":
            return {"code": None, "level": "national", "name": STATE_PREFIX}
        if placement.place is None:
            return None
        return {"code": placement.division_code, "level": placement.level, "name": placement.place}


def _title_unit_part(title: str) -> str:
    """The part of a title that names its unit: before 关于 or the year, after a breadcrumb."""
    title = re.split(r"\s*(?:>>|>|»|/)\s*", title)[-1]
    return re.split(r"关于|(?:19|20)\d\d", title, maxsplit=1)[0] or title


def _is_name_line(line: str) -> bool:
    """A short line holding only a name (仁和镇人民政府 above the title)."""
    line = line.strip()
    return 3 <= len(line) <= 30 and not re.search(r"[，,。；;:：|>\d]", line) and not PAGE_CHROME.search(line)
