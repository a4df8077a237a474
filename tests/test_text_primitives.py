"""The text primitives (rulegov_nlp/text/) and the vocabulary: each behaves as its one home
promises, and the copies left in modules that will switch later still agree with it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rulegov_nlp.text.brackets import blank_titles, drop_titles, paired, scan_titles, title_spans
from rulegov_nlp.text.folding import fold_chars, package_char_table, subset_table
from rulegov_nlp.text.headings import ITEM_OPENING, SUBHEADING, TOP_HEADING
from rulegov_nlp.text.intervals import IntervalSet, non_overlapping
from rulegov_nlp.text.names import without_state_prefix
from rulegov_nlp.text.wordlists import (
    WordListError,
    read_grouped,
    read_pairs,
    read_rows,
    read_table,
    read_words,
)
from rulegov_nlp.vocabulary import LEVEL_MARKS, LEVEL_WORDS, PARTY_LEVELS, level_words

MODEL = Path(__file__).resolve().parents[1] / "models" / "rulegov_zh"

ranges = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)).map(lambda t: (t[0], t[0] + t[1])))
spans = st.tuples(st.integers(0, 45), st.integers(0, 8)).map(lambda t: (t[0], t[0] + t[1]))


# --- intervals --------------------------------------------------------------------------------


def test_interval_set_queries():
    zones = IntervalSet([(10, 20), (30, 35), (20, 25)])
    assert zones.overlaps(19, 21) and zones.overlaps(24, 31) and not zones.overlaps(25, 30)
    assert zones.contains(12, 25)  # touching ranges merge
    assert not zones.contains(24, 31)
    assert zones.overlapping(18, 31) == [(10, 20), (20, 25), (30, 35)]
    assert zones.blocks(31, 33)  # inside
    assert not zones.blocks(28, 40)  # overlaps a shorter one only
    assert not IntervalSet([]).overlaps(0, 5)


@given(ranges, spans)
def test_interval_set_matches_a_scan(given_ranges, span):
    """Bisection answers as a scan of every range would."""
    s, e = span
    zones = IntervalSet(given_ranges)
    touching = [(a, b) for a, b in sorted(given_ranges) if a < e and b > s]
    assert zones.overlapping(s, e) == touching
    if e > s:
        assert zones.overlaps(s, e) == bool(touching)
        covered = set().union(*(range(a, b) for a, b in given_ranges)) if given_ranges else set()
        # contains: one merged range holds every character (so all of them are covered)
        if zones.contains(s, e):
            assert set(range(s, e)) <= covered
    assert zones.blocks(s, e) == any(e - s <= b - a for a, b in touching)


@dataclass
class Item:
    start: int
    end: int


@given(st.lists(spans.filter(lambda t: t[1] > t[0])))
def test_non_overlapping_is_greedy_in_rank_order(items):
    ranked = [Item(s, e) for s, e in items]
    expected: list[Item] = []
    for it in ranked:
        if all(it.end <= k.start or it.start >= k.end for k in expected):
            expected.append(it)
    assert non_overlapping(ranked) == sorted(expected, key=lambda m: m.start)


# --- brackets ---------------------------------------------------------------------------------


def test_scan_titles_reads_nesting_and_open_titles():
    text = "依据《关于〈纲要〉的实施方案》和《 行政处罚法 》，《未完\n下行《截断"
    titles = scan_titles(text, 100)
    assert [text[t.start : t.end] for t in titles] == ["关于〈纲要〉的实施方案", "行政处罚法", "未完", "截断"]
    assert [(t.closed, t.at_text_end) for t in titles] == [
        (True, False),
        (True, False),
        (False, False),
        (False, True),
    ]
    assert text[slice(*titles[0].region)] == "《关于〈纲要〉的实施方案》"


def test_flat_titles_blank_drop_and_pair():
    text = "根据《宪法》，2023年《规划》"
    assert title_spans(text) == [(2, 6), (12, 16)]
    assert blank_titles(text) == "根据    ，2023年    " and len(blank_titles(text)) == len(text)
    assert drop_titles(text) == "根据，2023年"
    assert paired("“甲”\n“乙\n丙”“很长的口号”", "“", "”", limit=3) == [(0, 3)]


# --- headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "top", "sub"),
    [("一、主要举措", True, True), ("第二部分 问题", True, True), ("（三）加强领导", False, True),
     ("2. 下一步", False, True), ("2.5万人次", False, False), ("一是强化", False, False)],
)  # fmt: skip
def test_heading_patterns(line, top, sub):
    assert bool(TOP_HEADING.match(line)) is top
    assert bool(SUBHEADING.match(line)) is sub


def test_item_openings():
    assert ITEM_OPENING.match("一是加强") and ITEM_OPENING.match("- 项目") and not ITEM_OPENING.match("加强")


# --- word lists -------------------------------------------------------------------------------


def test_word_lists_skip_comments_and_blank_lines():
    assert read_words("# a list\n\n 甲 \n乙\n") == ["甲", "乙"]
    assert read_words("清单\trole\n制度\n", columns=2) == ["清单\trole", "制度"]
    assert read_rows("a\tb\nc\n", columns=3) == [["a", "b", ""], ["c", "", ""]]
    assert read_table("# note\nname\tlevel\n宪法\t宪法\n") == [{"name": "宪法", "level": "宪法"}]
    assert read_pairs("trad\tsimp\n於\t于\n") == {"於": "于"}
    assert read_grouped("# lists\n局\tendings\n省\tlevels\n厅\tendings\n") == {
        "endings": ["局", "厅"],
        "levels": ["省"],
    }


@pytest.mark.parametrize(
    ("read", "text", "line"),
    [
        (lambda t: read_words(t, "roles.txt"), "# c\n甲\n乙\t丙\n", 3),
        (lambda t: read_rows(t, "roles.txt", columns=2), "a\tb\tc\n", 1),
        (lambda t: read_table(t, "roles.txt"), "name\tlevel\n甲\t乙\t丙\n", 2),
        (lambda t: read_pairs(t, "roles.txt"), "於\t于\n國家\t国\n", 2),
    ],
)
def test_a_malformed_line_names_file_and_line(read, text, line):
    with pytest.raises(WordListError, match=rf"roles\.txt, line {line}:") as err:
        read(text)
    assert err.value.line == line


def test_every_party_list_reads_in_the_one_format():
    from rulegov_nlp.component import read_package_data
    from rulegov_nlp.parties.recognizer import DATA_FILES

    package = read_package_data(DATA_FILES)
    assert all(package.values())
    for file in DATA_FILES:  # the model's copies are the same lists
        saved = read_words(
            (MODEL / "rulegov_parties" / file.name).read_text("utf-8"), file.name, file.columns
        )
        assert saved == package[file.name], file.name


def test_a_malformed_component_list_is_a_data_file_error():
    from rulegov_nlp.component import DataFileError, parse
    from rulegov_nlp.parties.recognizer import DATA_FILES

    roles = next(f for f in DATA_FILES if f.name == "roles.txt")
    with pytest.raises(DataFileError, match=r"roles\.txt, line 2:"):
        parse(roles, "甲\n乙\t丙\n".encode(), "roles.txt")


# --- names and folding ------------------------------------------------------------------------


def test_state_prefix():
    assert without_state_prefix("中华人民共和国行政处罚法") == "行政处罚法"
    assert without_state_prefix("中华人民共和国法") == "中华人民共和国法"
    assert without_state_prefix("行政处罚法") == "行政处罚法"


def test_one_folding_table():
    assert fold_chars("國務院ＡＢ") == "国务院AB"
    assert subset_table("萬％") == {"萬": "万", "％": "%"}
    with pytest.raises(ValueError, match="no fold"):
        subset_table("国")
    assert not list(MODEL.glob("*/t2s.*"))  # the model folds with the package table
    charfold = json.loads(
        resources.files("rulegov_nlp.commitments").joinpath("data/charfold.json").read_text()
    )
    table = package_char_table()
    assert all(ord(ch) in table for ch in charfold["chars"])


# --- vocabulary -------------------------------------------------------------------------------


def test_level_vocabulary_is_closed():
    assert {level for _, level in LEVEL_WORDS} <= set(PARTY_LEVELS)
    assert {level for level, _ in LEVEL_MARKS} <= set(PARTY_LEVELS)
    assert level_words("county") == ("自治县", "自治旗", "县", "区", "旗")


# --- dates -----------------------------------------------------------------------------------

CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_year(year: int, zero: str = "〇") -> str:
    return "".join(CHINESE_DIGITS[int(d)] if d != "0" else zero for d in str(year))


@given(st.integers(1950, 2099), st.sampled_from("〇○零"), st.text(alphabet="年县局二〇一。", max_size=12))
def test_chinese_years_read_as_digits_in_place(year, zero, around):
    from rulegov_nlp.text.dates import arabic_years

    text = around + chinese_year(year, zero) + "年" + around
    out = arabic_years(text)
    assert len(out) == len(text)
    assert f"{year}年" in out


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024年1月20日", (2024, 1)),
        ("二〇二三年十二月二十日", (2023, 12)),
        ("2024-03-02 10:00", (2024, 3)),
        ("2024/11/5", (2024, 11)),
        ("2022.09.30", (2022, 9)),
        ("二〇二四年十月", (2024, 10)),
        ("2024年13月", None),
        ("共开展20次", None),
    ],
)
def test_dates_in_every_form(text, expected):
    from rulegov_nlp.text.dates import parse_date

    found = parse_date(text)
    assert (tuple(found) if found else None) == expected


def test_signature_date_is_the_closing_date_line():
    from rulegov_nlp.text.dates import signature_date

    report = "2023年1月起开展工作。\n\n某县司法局\n2024年1月20日\n"
    assert tuple(signature_date(report)) == (2024, 1)
    assert signature_date("2024年1月20日召开会议。") is None  # a date in a sentence signs nothing
