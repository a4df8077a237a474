"""PARTY classes of names (issue 13), each filled into sentence frames of our own.

Each class is built from the project's lists (the department grammar, the rule words) or
from names we wrote, and every name is checked in every frame of its class, so a rule
serves the class and not one sentence.
"""

from __future__ import annotations

import itertools

import pytest

from rulegov_nlp.parties.recognizer import PartyRecognizer, default_vocab
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
