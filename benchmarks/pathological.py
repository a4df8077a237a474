"""Time on pathological inputs: text without punctuation, long runs of one character,
thousands of entities in one document, and one book-length document (every corpus report
joined). Each case must stay roughly linear in its length;
the script prints seconds for the case at its base size and at 2x and 4x, and the growth
(4x time / base time; about 4 is linear, 16 would be quadratic).

    python benchmarks/pathological.py [--model models/rulegov_zh] [--base 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# name -> a unit repeated to the requested length
CASES = {
    "one digit repeated": "1",
    "one numeral repeated": "十",
    "county mark repeated": "县",
    "organs back to back": "市委县委镇党委",
    "quantities back to back": "20余次",
    "run-in items": "一是",
    "open title marks then text": "《法",
    "prose without stops": "法治政府建设",
    "heading lines": "一、工作\n",
    "page chrome lines": "网站地图\n",
    "whitespace": " \u3000\t",
}


def seconds(nlp, text: str) -> float:
    import rulegov_nlp

    start = time.perf_counter()
    rulegov_nlp.extract(text, nlp=nlp)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=None)
    parser.add_argument("--base", type=int, default=5000, help="characters in the base-size case")
    args = parser.parse_args()
    import rulegov_nlp

    nlp = rulegov_nlp.load(args.model)
    print(f"{'case':28}{'1x s':>8}{'2x s':>8}{'4x s':>8}{'growth':>8}")
    for name, unit in CASES.items():
        times = [seconds(nlp, unit * (args.base * k // len(unit))) for k in (1, 2, 4)]
        growth = times[2] / max(times[0], 1e-3)
        print(f"{name:28}{times[0]:>8.2f}{times[1]:>8.2f}{times[2]:>8.2f}{growth:>8.1f}")
    # One book-length document: every corpus report joined (about 120k characters), x1, x2, x4.
    from rulegov_nlp.corpus.records import read_records

    joined = "\n".join(r["text"] for _, r in read_records(sorted((ROOT / "corpus").glob("*.jsonl"))))
    times = [seconds(nlp, joined * k) for k in (1, 2, 4)]
    name = f"reports joined ({len(joined) // 1000}k)"
    print(f"{name:28}{times[0]:>8.2f}{times[1]:>8.2f}{times[2]:>8.2f}{times[2] / times[0]:>8.1f}")


if __name__ == "__main__":
    main()
