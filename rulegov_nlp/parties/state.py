"""The structure of the state as data: administrative divisions and central organs.

PARTY names are read against what exists, not against the sentences rules were tuned on:
a place chain (广东省 + 江门市 + 新会区) is found by looking up the text just left of an
organ head in the 42,302 division names, so a known name is never cut inside
(新疆维吾尔自治区, 沈阳市); central organs and their short forms come from one list
(发改委 -> 国家发展和改革委员会). Lookups are set membership on the few positions where
an organ head stands, not a scan of the text: about 1 µs a position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rulegov_nlp.text.wordlists import package_text, read_lines
from rulegov_nlp.vocabulary import LEVEL_MARKS, LEVEL_WORDS, PARTY_LEVELS, UNKNOWN_LEVEL

# the data file's prefecture level is the contract's city level
LEVEL_OF_DIVISION = {"province": "province", "prefecture": "city", "county": "county", "township": "township"}
MAX_DIVISION_NAME = 20  # longer names are transcription artefacts of the source
# Two-character short forms that are also pieces of common words (集中办理, 个人行为).
AMBIGUOUS_SHORT_FORMS = frozenset({"中办", "人行", "央行", "国办", "法工委"})


@dataclass(frozen=True)
class Division:
    code: str
    level: str  # province | city | county | township (contract levels)
    name: str
    parent: str | None


@dataclass(frozen=True)
class Placement:
    """Where an organ sits: the PARTY attributes that come from the state's structure."""

    level: str = UNKNOWN_LEVEL
    place: str | None = None
    division_code: str | None = None
    place_inferred: bool = False
    canonical: str | None = None

    def attrs(self) -> dict[str, object]:
        return {
            "level": self.level,
            "place": self.place,
            "division_code": self.division_code,
            "place_inferred": self.place_inferred,
            "canonical": self.canonical,
        }


class StateGazetteer:
    """Divisions by code and by full name; central organs by full name and short form."""

    def __init__(self, division_rows: list[str], organ_rows: list[str]):
        # rows stay tuples until asked for (42k objects would cost load time)
        self._rows: dict[str, tuple[str, str, str | None]] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_short: dict[str, list[str]] = {}  # 递铺 -> 递铺街道, 赣州 -> 赣州市
        for row in division_rows:
            code, level, name, short, parent = (row.split("\t") + [""] * 5)[:5]
            level = LEVEL_OF_DIVISION.get(level, "")
            if not level or not name or len(name) > MAX_DIVISION_NAME:
                continue
            self._rows[code] = (level, name, parent or None)
            self.by_name.setdefault(name, []).append(code)
            if 2 <= len(short) < len(name):
                self.by_short.setdefault(short, []).append(code)
        self.longest_name = max(map(len, self.by_name), default=0)
        # every start and every end of a name: a lookup stops at the first character that
        # continues no name (most positions cost one)
        self.name_prefixes = frozenset(n[:k] for n in self.by_name for k in range(1, len(n) + 1))
        self.name_suffixes = frozenset(n[-k:] for n in self.by_name for k in range(1, len(n) + 1))
        self.canonical_organ: dict[str, str] = {}  # full name or short form -> full name
        current: list[str] = []  # organs that exist today (not `former`)
        for row in organ_rows:
            name, shorts, category = (row.split("\t") + [""] * 3)[:3]
            if not name:
                continue
            self.canonical_organ.setdefault(name, name)
            for short in filter(None, shorts.split(",")):
                self.canonical_organ.setdefault(short, name)
            if category != "former":
                current.append(name)
        # a name that opens with a current central organ is national (文化和旅游部党组)
        self.central_openings = tuple(n for n in current if len(n) >= 3)
        # listed organs named like a leading group: their full name bounds a group's growth
        self.group_organs = tuple(n for n in self.canonical_organ if n.endswith(("小组", "小组办公室")))

    def organ_names(self) -> list[str]:
        """Every central organ name and short form that may be matched on its own."""
        return [n for n in self.canonical_organ if n not in AMBIGUOUS_SHORT_FORMS]

    def names_ending_at(self, text: str, end: int) -> list[str]:
        """Known division names that end at ``end``, longest first. The text is read leftwards
        only while it is the end of some name, so most positions cost one lookup."""
        found = []
        k = 1
        while k <= min(self.longest_name, end) and text[end - k : end] in self.name_suffixes:
            if k >= 2 and text[end - k : end] in self.by_name:
                found.append(text[end - k : end])
            k += 1
        return found[::-1]

    def chain_start(self, text: str, end: int) -> int:
        """Start of the longest chain of known division names ending at ``end`` (广东省江门市
        新会区); ``end`` itself when none ends there. Each link is the longest known name."""
        start = end
        while names := self.names_ending_at(text, start):
            start -= len(names[0])
        return start

    def chain_at(self, text: str, start: int) -> list[str]:
        """The chain of known division names that opens ``text`` at ``start``, longest links
        first; the text is read rightwards only while it is the start of some name."""
        chain: list[str] = []
        pos = start
        while True:
            name = None
            e = pos + 1
            while e <= len(text) and e - pos <= self.longest_name and text[pos:e] in self.name_prefixes:
                if text[pos:e] in self.by_name:
                    name = text[pos:e]
                e += 1
            if name is None:
                return chain
            chain.append(name)
            pos += len(name)

    def resolve(self, chain: list[str], near: str | None = None) -> Division | None:
        """The division the chain's last name denotes: the candidate whose ancestors hold the
        chain's earlier names, else the one nearest ``near`` (the reporting unit's code),
        else the only one."""
        if not chain:
            return None
        candidates = [d for c in self.by_name.get(chain[-1], []) if (d := self.division(c))]
        for earlier in chain[:-1]:
            narrowed = [d for d in candidates if earlier in self.ancestor_names(d)]
            candidates = narrowed or candidates
        if len(candidates) > 1 and near:
            related = self.lineage_codes(near)
            close = [d for d in candidates if d.code in related or d.parent in related]
            candidates = close or candidates
        return candidates[0] if len(candidates) == 1 else None

    def by_short_near(self, short: str, near: str | None, levels: tuple[str, ...]) -> Division | None:
        """The division of one of ``levels`` a short name (递铺, 赣州) denotes: the one inside or
        beside the reporting unit's lineage (a township under its county), else the only one."""
        candidates = [
            d for c in self.by_short.get(short, []) if (d := self.division(c)) and d.level in levels
        ]
        if len(candidates) > 1 and near:
            related = self.lineage_codes(near)
            candidates = [d for d in candidates if d.code in related or d.parent in related] or candidates
        return candidates[0] if len(candidates) == 1 else None

    def division(self, code: str | None) -> Division | None:
        row = self._rows.get(code or "")
        return Division(code, *row) if row and code else None

    def level_of_name(self, name: str) -> str:
        """The level of a listed name (names that recur share their unit word, so their level)."""
        return self._rows[self.by_name[name][0]][0]

    def ancestors(self, division: Division) -> list[Division]:
        """The units above, by parent code; where the list lacks a parent (the 市辖区 rows of
        municipalities were dropped), the code's own structure names the unit above it."""
        out: list[Division] = []
        while (parent := self.division(division.parent) or self._above_by_code(division.code)) and len(
            out
        ) < 5:
            out.append(parent)
            division = parent
        return out

    def _above_by_code(self, code: str) -> Division | None:
        """The nearest listed unit whose code is a prefix-level of ``code`` (province: 2 digits,
        prefecture: 4, county: 6, then zeros)."""
        for digits in (9, 6, 4, 2):
            above = code[:digits].ljust(12, "0")
            if above != code and above in self._rows:
                return self.division(above)
        return None

    def ancestor_names(self, division: Division) -> set[str]:
        return {d.name for d in self.ancestors(division)}

    def lineage_codes(self, code: str) -> set[str]:
        division = self.division(code)
        if division is None:
            return set()
        return {code} | {d.code for d in self.ancestors(division)}

    def at_level(self, code: str | None, level: str, word: str) -> Division | None:
        """The reporting unit itself or its ancestor at ``level``: what 县 in 县司法局 means in
        a report of that unit. A unit whose name ends in the word is itself (都江堰市 + 市)."""
        division = self.division(code)
        if division is None:
            return None
        if division.name.endswith(word) or division.level == level:
            return division
        if word in NAMED_LEVEL_WORDS:  # 市 is the nearest unit named 市: a county-level city
            named = next((d for d in self.ancestors(division) if d.name.endswith(word)), None)
            if named is not None:  # (瑞金市 above 叶坪镇) or a municipality (重庆市 above 南岸区)
                return named
        return next((d for d in self.ancestors(division) if d.level == level), None)


@lru_cache(maxsize=1)
def default_state() -> StateGazetteer:
    """The gazetteer over the package data (loaded once per process)."""
    return StateGazetteer(
        read_lines(package_text("rulegov_nlp.parties", "data/divisions.tsv")),
        read_lines(package_text("rulegov_nlp.parties", "data/central_organs.tsv")),
    )


# Openings of a PARTY name that are not its place: 各级党委, 全省人社系统, 中共渠县县委
# 市场监管局 and 区域 open with a level character that is not a level word
NOT_LEVEL_OPENINGS = ("市场", "市民", "区域", "县域", "市域")
# A place the gazetteer does not list (villages, renamed units), read by its suffix: 杏坪村委会
UNLISTED_PLACE = re.compile(
    r"^([\u4e00-\u9fff]{2,6}?(自治区|自治州|街道|社区|自治县|镇|乡|村|县|市|区|旗|州))(?=[\u4e00-\u9fff])"
)
NAME_PREFIXES = ("中共", "政协", "各级", "全体", "全国", "全省", "全市", "全县", "全区", "全", "各", "原")
NATIONAL_OPENINGS = ("国务院", "党中央", "中共中央", "中央", "全国", "最高人民")
# Level words that name a unit by its own name's ending, whatever its level: 市 in a report of
# a county-level city or of a township under one is that city (瑞金市, level county), and in
# a municipality's district it is the municipality (重庆市, level province), not the
# prefecture above or the data file's grouping row (重庆城区).
NAMED_LEVEL_WORDS = frozenset({"市"})
WHOLE_LEVEL_WORDS = frozenset(word for word, _ in LEVEL_WORDS)
# Head characters a reporting unit names itself by (局党组, 厅长, 部机关, 委属各单位, 院党组, 署党委)
UNIT_HEADS = ("部", "署", "厅", "局", "委", "院", "办")
NOT_OWN_OPENINGS = ("部门", "委员", "办公")  # words that open with a head character
# Elliptical organs named without a level word (镇党委、政府; 街道党工委、办事处; 常委会党组 in a
# congress's report; 监委主任): the reporting unit's own, as an elliptical 县司法局 is
ELLIPTICAL_OPENINGS = ("政府", "办事处", "常委会", "监委")
# Two level characters in a row, the second lower, name several levels at once (镇村干部,
# 市县两级政府, 省市县政府): no one place. Same-level pairs name one level (县区, 盟市, 市市场监管局
# is 市 + 市场), and 县市 are county-level cities.
LEVEL_RANK = {word: PARTY_LEVELS.index(level) for word, level in LEVEL_WORDS if len(word) == 1}
# the one-character level words of a place that has units of its own (not 村)
PLACE_LEVEL_CHARS = "".join(word for word in LEVEL_RANK if LEVEL_RANK[word] < PARTY_LEVELS.index("village"))
# one item of a list of levels, with its bracketed alternates: 市、 县（市、区） 直管市、 林区
LEVEL_ITEM = rf"(?:直管市|设区市|街道|林区|[{PLACE_LEVEL_CHARS}])(?:[（(][^（()）\n]{{1,8}}[)）])?"
LEVEL_LIST = re.compile(LEVEL_ITEM + "、")
# Stations of a township named by its short name (递铺司法所, 新碶派出所, 沙石人民法庭) or by
# kind (各司法所): township level, the township found among the reporting unit's
TOWNSHIP_STATIONS = ("司法所", "派出所", "人民法庭", "市场监管所", "财政所")
# Zones a city or county sets up, named by its short name (赣州经开区, 长春净月高新技术产业开发区,
# 苏州工业园区): the city's or county's; a zone word is never a place (开发区管委会)
ZONE_WORDS = (
    "高新技术产业开发区", "经济技术开发区", "新技术开发区", "综合实验区", "工业园区",
    "经开区", "高新区", "开发区", "保税区", "新区",
)  # fmt: skip
BRANCH = re.compile(r"[\u4e00-\u9fff]{2,4}分局")
ZONE_NAME = re.compile(f"([\u4e00-\u9fff]{{0,8}}?)(?:{'|'.join(ZONE_WORDS)})")
# An office named by its unit's post, with its portfolio, 常务 or 副 before it (分管法治工作的
# 副省长, 常务副市长, 副局长): placed as the post (省长: the province; 局长: the bureau's own)
POST_OPENING = re.compile(
    r"(?:分管(?:[\u4e00-\u9fff]{1,8}?工作的?)?)?(?:常务)?副?(?=[省市县区州旗盟镇乡部署厅局委院]长$)"
)


@dataclass(frozen=True)
class PlaceWords:
    """What the recogniser's vocabulary says about text that looks like a place but is not:
    the department grammar's functional names (住房城乡建设, 农业农村, 城市管理 end in a place
    suffix: 市住房城乡|建设局 is 市 + a function) and the words that make a window prose
    (依法: 市委依法治市|办 is 市委's office). Empty by default: the gazetteer alone."""

    functions: tuple[str, ...] = ()
    prose: tuple[str, ...] = ()


NO_WORDS = PlaceWords()


def unit_head(issuer: str | None) -> str | None:
    """The head character a reporting unit names itself by: 局 for 安吉县司法局, 委 for
    湖南省卫生健康委员会 and 中共和龙市纪委, 院 for 寿光市人民法院; None for a government or a
    Party committee of a place, whose level words already name it."""
    if not issuer:
        return None
    name = issuer.removesuffix("委员会") + "委" if issuer.endswith("委员会") else issuer
    if name.endswith(("政府", "党委", "县委", "市委", "区委", "省委", "州委", "旗委")):
        return None
    return name[-1] if name.endswith(UNIT_HEADS) else None


def place_party(
    state: StateGazetteer,
    name: str,
    unit_code: str | None,
    words: PlaceWords = NO_WORDS,
    head: str | None = None,
    unit_level: str | None = None,
) -> Placement:
    """Level, place, division code and canonical name of one PARTY name (text folded to
    simplified). A known place chain decides; an agency named with its parent government
    sits in its own place (鲤城区人民政府 + 金龙街道办事处); a place the gazetteer lacks is
    read by its suffix (杏坪村); else a level word stands for the reporting unit's place
    (县司法局 in a township's report: its county, ``place_inferred``); a central organ is
    national. ``head`` is the character the reporting unit names itself by (局 of a bureau):
    a name opening with it (局党组, 局长, 局机关各科室) is the unit's own, at the unit's place
    (``unit_level`` for a central unit, which has no code)."""
    canonical = state.canonical_organ.get(name)
    if canonical or name.startswith(NATIONAL_OPENINGS) or name.startswith(state.central_openings):
        return Placement(level="national", canonical=canonical)
    opening = state.chain_at(name, 0)  # 原平市, 全椒县 are places: no prefix is stripped from them
    body = name if opening else _strip_prefixes(name)
    if post := POST_OPENING.match(body):
        body = body[post.end() :]
    if body.startswith(ZONE_WORDS):  # 各开发区管委会: zones of any place (开发区 is also a township's name)
        return Placement(UNKNOWN_LEVEL)
    agency = _agency_of_parent_government(body)
    inner = state.chain_at(agency, 0) if agency else []
    if agency and not inner and (unlisted := _placed_by_suffix(agency, words)):
        return unlisted
    chain = (opening or state.chain_at(body, 0)) + inner
    if chain:
        division = state.resolve(chain, unit_code)
        level = division.level if division else state.level_of_name(chain[-1])
        return Placement(level, division.name if division else chain[-1], division.code if division else None)
    if name.startswith(ELLIPTICAL_OPENINGS) and (own := _own_unit(state, unit_code, unit_level)):
        return own
    if BRANCH.fullmatch(body) and body[0] not in LEVEL_RANK:  # 镇海分局, 鄞州分局: a name, not a level
        return Placement(UNKNOWN_LEVEL)
    if station := _station(state, body, unit_code):
        return station
    if (zone := ZONE_NAME.match(body)) and (placed := _zone(state, body, zone.group(1), unit_code, words)):
        return placed
    if (
        head
        and body.startswith((head, "总" + head))  # 局党组; 总局党委 of 国家税务总局
        and not body.startswith(NOT_OWN_OPENINGS)
        and (own := _own_unit(state, unit_code, unit_level))
    ):
        return own
    if _several_levels(body, words):
        return Placement(UNKNOWN_LEVEL)  # 镇村干部, 省市县政府: several levels, no one place
    return (
        _placed_by_suffix(body, words)
        or _placed_by_level_word(state, body, unit_code, words)
        or Placement(_level_by_mark(body))
    )


def _several_levels(body: str, words: PlaceWords) -> bool:
    """镇村干部, 市县两级政府: two level characters, the second lower; not a level before a
    function or a word that opens with a level character (县乡村振兴局, 省市场监管局)."""
    several = LEVEL_RANK.get(body[:1], 9) < LEVEL_RANK.get(body[1:2], -1)
    return several and not body.startswith((*NOT_LEVEL_OPENINGS, *words.functions), 1)


def _station(state: StateGazetteer, body: str, unit_code: str | None) -> Placement | None:
    """递铺司法所 -> 递铺街道, 各司法所 -> township; a level word before it (镇司法所) or a place
    with its suffix (栖凤镇司法所) is left to the level word and the suffix grammar."""
    station = next((st for st in TOWNSHIP_STATIONS if body.endswith(st)), None)
    if station is None:
        return None
    short = body[: -len(station)]
    if not short:
        return Placement("township")
    if (
        not 2 <= len(short) <= 4
        or short in WHOLE_LEVEL_WORDS
        or short[0] in LEVEL_RANK
        or short.endswith(("局", "委", "院", "府", "街道", *PLACE_LEVEL_CHARS))  # 章村司法所: 章村镇
    ):
        return None
    town = state.by_short_near(short, unit_code, ("township",))
    return Placement("township", town.name, town.code) if town else Placement("township")


def _zone(
    state: StateGazetteer, body: str, prefix: str, unit_code: str | None, words: PlaceWords
) -> Placement | None:
    """赣州经开区管委会 -> 赣州市; 市属开发区管委会 -> the reporting unit's city; 开发区管委会 -> no
    place."""
    if not prefix:
        return Placement(UNKNOWN_LEVEL)
    for k in range(min(4, len(prefix)), 1, -1):
        if place := state.by_short_near(prefix[:k], unit_code, ("city", "county")):
            return Placement(place.level, place.name, place.code)
    if prefix[0] in LEVEL_RANK:
        return _placed_by_level_word(state, body, unit_code, words)
    return None


def _own_unit(state: StateGazetteer, unit_code: str | None, unit_level: str | None) -> Placement | None:
    """The reporting unit's own place, for a name it gives itself by its head (局党组)."""
    if unit := state.division(unit_code):
        return Placement(unit.level, unit.name, unit.code, place_inferred=True)
    return Placement("national") if unit_level == "national" else None


def _agency_of_parent_government(body: str) -> str | None:
    """What follows a government in a name: 岚溪县人民政府|青萝街道办事处."""
    pos = body.find("政府")
    rest = body[pos + 2 :] if pos >= 0 else ""
    return rest if len(rest) >= 3 else None


def _placed_by_suffix(body: str, words: PlaceWords = NO_WORDS) -> Placement | None:
    """A village or renamed place the gazetteer lacks: its suffix says the level (杏坪村委会).
    Not a level word (自治区党委), not a level character before a department's function
    (市|住房城乡建设局, 县|农业农村局), not prose (市委依法治市办)."""
    unlisted = UNLISTED_PLACE.match(body)
    if unlisted is None:
        return None
    place = unlisted.group(1)
    if place.endswith(ZONE_WORDS):
        return None
    if (
        place in WHOLE_LEVEL_WORDS
        or any(w in place for w in words.prose)
        or (place[0] in WHOLE_LEVEL_WORDS and body.startswith(words.functions, 1))
    ):
        return None
    return Placement(dict(LEVEL_WORDS).get(unlisted.group(2), UNKNOWN_LEVEL), unlisted.group(1))


def _placed_by_level_word(
    state: StateGazetteer, body: str, unit_code: str | None, words: PlaceWords = NO_WORDS
) -> Placement | None:
    """县司法局, 镇党委: the level word stands for the reporting unit's own place (市民政局 too:
    市 + the function 民政, not 市民)."""
    if body.startswith(NOT_LEVEL_OPENINGS) and not body.startswith(words.functions, 1):
        return None
    if LEVEL_LIST.match(body):
        return Placement(UNKNOWN_LEVEL)  # 市、县（市、区）人民政府: a list of levels
    for word, level in LEVEL_WORDS:
        if body.startswith(word):
            unit = state.at_level(unit_code, level, word)
            if unit is None:
                return Placement(level)
            # a county-level city's 市司法局 is at its own level
            return Placement(unit.level, unit.name, unit.code, place_inferred=True)
    return None


def _strip_prefixes(name: str) -> str:
    stripped = True
    while stripped:
        stripped = False
        for prefix in NAME_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix) :]
                stripped = True
                break
    return name


def _level_by_mark(name: str) -> str:
    for word in NOT_LEVEL_OPENINGS + ZONE_WORDS:  # 市场, 区域, 开发区: no level in them
        name = name.replace(word, "\u3000" * len(word))
    best = (UNKNOWN_LEVEL, len(name) + 1)
    for level, marks in LEVEL_MARKS:
        for mark in marks:
            pos = name.find(mark)
            if 0 <= pos < best[1]:
                best = (level, pos)
    return best[0]
