"""Fuzzing extract() with report-like text: no exception, offsets in bounds, sections that
cover the text, records that pass validation and strict JSON.

Two drivers share one input generator and one set of checks (``check_record``):

    python benchmarks/fuzz.py --count 20000 [--seed 1] [--crashes crashes.jsonl]
        a plain loop driven by hypothesis: every generated text is tried, failures are
        written to --crashes (text, error) and the loop goes on;
    python benchmarks/fuzz.py --atheris [atheris/libFuzzer options]
        coverage-guided (needs ``pip install atheris``): the fuzzer's bytes choose the
        pieces the same generator uses.

tests/test_fuzz.py runs the same generator and checks for a few hundred examples in CI.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Pieces of report-like text, written for fuzzing (no text from real reports).
HEADINGS = ["一、", "二、", "十一、", "（一）", "(二)", "1.", "2、", "第一部分", "一是", "二是", "- ", "• "]
PROSE = ["工作情况", "主要举措", "存在的不足", "下一步打算", "加强领导", "依法行政", "开展", "全年", "推进"]
PUNCT = ["。", "，", "；", "：", "、", "！", "\n", "\n\n", " ", "　"]
TITLES = ["中华人民共和国行政处罚法", "行政复议法", "治安管理法", "某省信访条例", "规章制定程序条例", "法"]
ORGANS = ["县司法局", "镇党委", "市人民政府", "行政机关负责人", "县委依法治县办", "省各直属单位", "法律顾问"]
NUMBERS = ["20", "3.5", "100", "1000", "0", "十二", "两", "1" + "0" * 305, "１２", "1,200", "−3", "-7", "+5"]
UNITS = ["次", "件", "%", "％", "亿元", "万元", "个工作日", "余次", "人次", "场", "家", ""]
QUANTITY_WORDS = ["不少于", "达到", "减少", "增长", "约", "以上", "出庭应诉率", "法律咨询", "至"]
MARKUP = [
    "<p>", "</p>", "<br>", "<br/>", "<font color=red>", "</font>", "<strong>", "</strong>", "<div class='a'>",
    "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "&nbsp;", "&#12288;", "&amp;", "<", ">",
    "<html><body>", "</body></html>", "<td>", "<table>",
]  # fmt: skip
CSS = ["p.MsoNormal{font-size:12pt;}", "}color:red;}", "{", "}", "{abcdefg}", "a{b:c}", "font-family:宋体;"]
ODD = [
    "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x01", "\x1b", "\x7f", "\r", "\r\n", "\u2028", "\u2029",
    "\u0301", "\u20dd", "\ufe0f", "\ufffd", "\U0001f600", "縣司法局", "執法", "處罰", "ｐ", "＜ｂｒ＞",
]  # fmt: skip

surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


@st.composite
def quantities(draw: st.DrawFn) -> str:
    """A number with a unit, sometimes with a comparator or a metric before it."""
    before = draw(st.sampled_from(["", *QUANTITY_WORDS]))
    return before + draw(st.sampled_from(NUMBERS)) + draw(st.sampled_from(UNITS))


@st.composite
def headings(draw: st.DrawFn) -> str:
    return "\n" + draw(st.sampled_from(HEADINGS)) + draw(st.sampled_from(PROSE)) + "\n"


pieces = st.one_of(
    st.sampled_from(PROSE),
    st.sampled_from(PUNCT),
    headings(),
    st.sampled_from(TITLES).map(lambda t: f"《{t}》"),
    st.sampled_from(TITLES),
    st.sampled_from(ORGANS),
    quantities(),
    st.sampled_from(MARKUP),
    st.sampled_from(CSS),
    st.sampled_from(ODD),
    surrogates,
    st.text(max_size=8),
)
report_texts = st.lists(pieces, max_size=60).map("".join)


def check_record(text: str, record: dict[str, Any]) -> None:
    """Everything a consumer relies on, for any input; AssertionError says what broke."""
    from rulegov_nlp.corpus.validate import validate_record
    from rulegov_nlp.textprep import prepare

    assert record["text"] == text
    problems = validate_record(record)
    assert not problems, problems
    json.dumps(record, allow_nan=False, ensure_ascii=False)
    for ent in record["entities"]:
        assert 0 <= ent["start"] < ent["end"] <= len(text), ent
        assert text[ent["start"] : ent["end"]], ent
    sections = record["sections"]
    if prepare(text).text:
        assert sections, "text left after cleaning but no sections"
    if sections:
        assert sections[0]["start"] == 0 and sections[-1]["end"] == len(text)
        for a, b in itertools.pairwise(sections):
            assert a["end"] == b["start"], (a, b)
        for sec in sections:
            for sub in sec["attrs"]["subsections"]:
                assert 0 <= sub["start"] <= sub["end"] <= len(text), sub


def try_text(text: str, nlp) -> str | None:
    """None when ``text`` passes, else the error with its traceback."""
    import rulegov_nlp

    try:
        check_record(text, rulegov_nlp.extract(text, nlp=nlp))
        if len(text) <= nlp.max_length:  # beyond it spaCy refuses (E088): extract() cuts pieces
            nlp(text)
    except Exception:  # the fuzzer reports every failure and goes on
        return traceback.format_exc(limit=6)
    return None


def plain_loop(count: int, seed_value: int, crashes_path: Path | None, max_length: int | None = None) -> None:
    """``count`` generated texts through ``try_text``; failures appended to ``crashes_path``.
    A small ``max_length`` makes most texts go through rulegov_nlp.chunking in pieces."""
    import rulegov_nlp

    nlp = rulegov_nlp.load()
    if max_length is not None:
        nlp.max_length = max_length
    tried = failed = 0

    @seed(seed_value)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(report_texts)
    def run(text: str) -> None:
        nonlocal tried, failed
        tried += 1
        error = try_text(text, nlp)
        if error is not None:
            failed += 1
            print(f"FAIL {text!r}\n{error}", file=sys.stderr, flush=True)
            if crashes_path is not None:
                with crashes_path.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"text": text, "error": error}, ensure_ascii=True) + "\n")
        if tried % 1000 == 0:
            print(f"{tried} tried, {failed} failed", flush=True)

    run()
    print(f"done: {tried} tried, {failed} failed", flush=True)


def atheris_main(argv: list[str]) -> None:
    """Coverage-guided fuzzing: atheris bytes drive the same hypothesis generator
    (hypothesis' ``fuzz_one_input``); a failure stops the run with its input saved."""
    import atheris

    with atheris.instrument_imports(include=["rulegov_nlp"]):  # coverage feedback from our code
        import rulegov_nlp

    nlp = rulegov_nlp.load()

    @settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(report_texts)
    def one_input(text: str) -> None:
        check_record(text, rulegov_nlp.extract(text, nlp=nlp))
        nlp(text)

    atheris.Setup(argv, one_input.hypothesis.fuzz_one_input)
    atheris.Fuzz()


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--count", type=int, default=10000, help="generated texts to try (plain loop)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--crashes", type=Path, default=None, help="append failing texts here (JSON Lines)")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided run with atheris")
    parser.add_argument("--max-length", type=int, default=None, help="pipeline max_length (pieces)")
    args, rest = parser.parse_known_args()
    if args.atheris:
        atheris_main([sys.argv[0], *rest])
    else:
        plain_loop(args.count, args.seed, args.crashes, args.max_length)


if __name__ == "__main__":
    main()
