"""Time on pathological inputs: text without punctuation, long runs of one character,
thousands of entities in one document, markup and stylesheet junk left open, lines that
look like headings, and one book-length document (every corpus report joined).

Every case must stay linear in its length: the script times ``extract`` at 20k, 80k and
320k characters and prints the growth for each 4x step (about 4 is linear, 16 would be
quadratic). The target (issue 14): growth at most 5 and 320k characters in under 10 s.

    python benchmarks/pathological.py [--model models/rulegov_zh] [--sizes 20000 80000 320000]
                                      [--only NAME ...] [--repeats N]

tests/test_hostile_input.py runs the cheapest size pair of every case and fails on a
growth that would be quadratic.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Builder = Callable[[int], str]


def repeated(unit: str) -> Builder:
    """``unit`` repeated to about n characters."""
    return lambda n: unit * max(1, n // len(unit))


def framed(head: str, unit: str, tail: str = "") -> Builder:
    """``head``, then ``unit`` repeated to about n characters, then ``tail``."""
    return lambda n: head + unit * max(1, (n - len(head) - len(tail)) // len(unit)) + tail


# name -> text of about n characters
CASES: dict[str, Builder] = {
    # linear since the first benchmark
    "one digit repeated": repeated("1"),
    "one numeral repeated": repeated("十"),
    "county mark repeated": repeated("县"),
    "organs back to back": repeated("市委县委镇党委"),
    "quantities back to back": repeated("20余次"),
    "run-in items": repeated("一是"),
    "open title marks then text": repeated("《法"),
    "prose without stops": repeated("法治政府建设"),
    "page chrome lines": repeated("网站地图\n"),
    "whitespace": repeated(" \u3000\t"),
    # issue 14: quadratic before
    "css: braces and letters": framed("p{", "abcdefghij", "}"),
    "css: letters between braces": repeated("}abcdefghijklmnop{"),
    "runs of <": repeated("<"),
    "runs of < in html": framed("<p>正文</p>", "<"),
    "unclosed html comment": framed("<p>正文</p><!--", "注释内容"),
    "unclosed script": framed("<p>正文</p><script>", "var a=1;"),
    "comment openers": framed("<p>正文</p>", "<!--x"),
    "script openers": framed("<p>正文</p>", "<script>a"),
    "lines like headings": repeated("一、工作情况\n"),
    "bare heading lines": repeated("一、\n"),
    "numbered heading lines": repeated("1.\n"),
    "quantities, two units": repeated("3次5次"),
    "percent lists": repeated("95%、"),
    # our own
    "paren subheadings": repeated("（一）加强领导\n"),
    "run-in items without breaks": repeated("一是加强领导二是完善制度"),
    "html tags around names": framed("<html><body>", "<font>县司法局</font>", "</body></html>"),
    "css rules": repeated("p.MsoNormal{font-size:12pt;}"),
    "tags left open": repeated("<p class='a"),
    "pinyin glosses": repeated("執(zhí)法"),
    "zero-width and marks": repeated("法\u200b治\u0301"),
    "date lines": repeated("2024年3月18日\n"),
    "signature lines": repeated("某县司法局\n"),
    "title marks closed": repeated("《中华人民共和国行政处罚法》"),
    "years and numbers": repeated("2023年12次"),
    "line separators": repeated("一、工作\u2028"),
}


def best_seconds(nlp, text: str, repeats: int = 1) -> float:
    """Best of ``repeats`` wall-clock runs of ``extract`` (the least disturbed by other load)."""
    import rulegov_nlp

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        rulegov_nlp.extract(text, nlp=nlp)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--model", default=None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 80_000, 320_000])
    parser.add_argument("--only", nargs="*", default=None, help="case names to run")
    parser.add_argument("--no-joined", action="store_true", help="skip the book-length corpus case")
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="best of N runs per size (steadier growth ratios on a busy machine)",
    )
    args = parser.parse_args()
    import rulegov_nlp

    nlp = rulegov_nlp.load(args.model)
    rulegov_nlp.extract(
        "2024年法治政府建设情况报告\n一、主要举措\n全年开展普法活动20余次。", nlp=nlp
    )  # build the engines
    sizes = args.sizes
    header = "".join(f"{f'{n // 1000}k s':>9}" for n in sizes)
    print(f"{'case':32}{header}{'growth':>9}")
    for name, build in CASES.items():
        if args.only and name not in args.only:
            continue
        times = [best_seconds(nlp, build(n), args.repeats) for n in sizes]
        growth = max(b / max(a, 1e-3) for a, b in itertools.pairwise(times))
        cells = "".join(f"{t:>9.2f}" for t in times)
        print(f"{name:32}{cells}{growth:>9.1f}", flush=True)
    if args.no_joined or args.only:
        return
    # One book-length document: every corpus report joined (about 1M characters), x1, x2, x4.
    from rulegov_nlp.corpus.records import read_records

    joined = "\n".join(r["text"] for _, r in read_records(sorted((ROOT / "corpus").glob("*.jsonl"))))
    times = [best_seconds(nlp, joined * k) for k in (1, 2, 4)]
    name = f"reports joined ({len(joined) // 1000}k x1,2,4)"
    print(f"{name:32}{''.join(f'{t:>9.2f}' for t in times)}{times[2] / times[1]:>9.1f}")


if __name__ == "__main__":
    main()
