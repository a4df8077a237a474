"""The closed vocabularies of the record contract, in one place.

Entity and section labels, the kinds and attribute values each label may carry, and the
administrative levels with the words that name them. Components, checks, tables, the
validator and the views all import them from here, so a new label or level is added once.
"""

from __future__ import annotations

from rulegov_nlp.text.names import STATE_PREFIX

# --- entities ---------------------------------------------------------------------------------
LAW = "LAW"
COMMITMENT = "COMMITMENT"
PARTY = "PARTY"
ENTITY_LABELS = (LAW, COMMITMENT, PARTY)

# ANNOTATION.md: what a LAW names; `unknown` when neither gazetteer nor title decides
LAW_KINDS = ("constitution", "law", "regulation", "rule", "party", "interpretation", "policy", "unknown")
PARTY_TYPES = ("org", "role")  # an organ, or an office held in one
COMMITMENT_KINDS = ("achieved", "target")  # done in the year, or promised
COMPARATORS = ("ge", "gt", "le", "lt")  # 不少于 ge, 超过 gt, 不超过 le, 低于 lt; null: exact

# --- sections ---------------------------------------------------------------------------------
SECTION_LABELS = ("header", "preamble", "measures", "shortcomings", "leadership", "plans", "other")
# the parts every report must have (督察工作规定), and the body they are measured against
MANDATED_SECTIONS = ("measures", "shortcomings", "leadership", "plans")
BODY_LABELS = ("preamble", *MANDATED_SECTIONS)

# --- administrative levels --------------------------------------------------------------------
# A PARTY's level: the lowest place in its name; `unknown` when no word or place shows one.
UNKNOWN_LEVEL = "unknown"
PARTY_LEVELS = ("national", "province", "city", "county", "township", "village", UNKNOWN_LEVEL)
# The reporting unit's division (meta.issuer_division.level): a place that has a government.
DIVISION_LEVELS = ("national", "province", "city", "county", "township")
# The report's own level (meta.level) as CORPUS_WRITING.md states it: a department reports as
# `department` at any level, a central issuer as `central`; null when the name shows none.
DEPARTMENT_LEVEL = "department"
CENTRAL_LEVEL = "central"
REPORT_LEVELS = (CENTRAL_LEVEL, "province", "city", "county", "township", DEPARTMENT_LEVEL, "village")
# meta.kind: a plan (工作要点, 实施方案 …) or a report on the year (rulegov_nlp.document_kind)
DOCUMENT_KINDS = ("report", "plan")

# A level word standing for a place (县司法局, 镇党委): the word, its level. Longer words
# first, so 自治区 is read before 区.
LEVEL_WORDS = (
    ("自治区", "province"), ("自治州", "city"), ("自治县", "county"), ("自治旗", "county"),
    ("街道", "township"), ("社区", "village"),
    ("省", "province"), ("市", "city"), ("州", "city"), ("盟", "city"), ("县", "county"),
    ("区", "county"), ("旗", "county"), ("镇", "township"), ("乡", "township"), ("村", "village"),
)  # fmt: skip
# Where no place opens a PARTY name, the organ's own mark says its level: 镇党委 township,
# 居委会 village, 人民法庭 township. The earliest mark in the name decides.
LEVEL_MARKS = (
    ("province", ("省", "自治区")),
    ("city", ("市", "自治州", "州", "行政公署", "行署", "地委")),  # 地区 and 盟: 行署, 地委
    ("county", ("县", "区", "旗")),
    ("township", ("镇", "乡", "街道")),
    ("village", ("村", "社区", "居委会")),
)
# An issuer name that opens with these is central (国务院办公厅, 中华人民共和国司法部).
CENTRAL_ISSUER_OPENINGS = ("国务院", "中共中央", "全国人大", "最高人民", "国家", STATE_PREFIX)


def level_words(level: str) -> tuple[str, ...]:
    """The level words of one level, in :data:`LEVEL_WORDS` order."""
    return tuple(word for word, lv in LEVEL_WORDS if lv == level)
