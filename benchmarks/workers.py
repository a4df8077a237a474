"""Worker scaling and batch memory for ``extract_many`` / ``rulegov extract --workers``.

    python benchmarks/workers.py [--reports 300] [--short 10000] [--rounds 2] [--json]

Scaling: 300 full-length reports (3-8k characters each, built by concatenating the corpus
reports in ``corpus/*.jsonl``, written for the project) extracted with one process and
with a :class:`rulegov_nlp.WorkerPool` of two, started once before the clock starts, as
the CLI does. Rounds alternate the two sides so that load from other work on the machine
hits both alike; the best round of each side is compared. The CLI end to end (model load
included) is timed once per side as well.

Memory: ``extract_many`` over a generator of 10,000 short texts, in one process and with
two workers; the proportional set size (parent plus workers, from /proc) is read at 1k, 5k, 10k
records. Flat means the batch streams: nothing grows with the number of reports.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHUNK = 4  # reports handed to a worker at a time: the CLI's --batch-size default
SHORT_TEXTS = (
    "县司法局2023年开展普法活动{n}场。",
    "镇党委理论学习中心组全年集中学法{n}次。",
    "出庭应诉率达到{n}%。",
)


def corpus_texts() -> list[str]:
    from rulegov_nlp.corpus.records import read_records

    return [r["text"] for _, r in read_records(sorted((ROOT / "corpus").glob("*.jsonl")))]


def full_length_reports(n: int) -> list[str]:
    """``n`` reports of 3,000-8,000 characters: corpus reports joined end to end, cut at a
    paragraph boundary; lengths spread over the range, deterministically."""
    texts = corpus_texts()
    out = []
    for i in range(n):
        target = 3000 + (i * 997) % 5000
        parts, length, k = [], 0, i
        while length < target:
            parts.append(texts[k % len(texts)])
            length += len(parts[-1]) + 1
            k += 1
        report = "\n".join(parts)
        if len(report) > 8000:
            report = report[: report.rfind("\n", 0, 8000)]
        out.append(report)
    return out


def memory_bytes(pids: list[int]) -> int:
    """Memory of the given processes now (Linux /proc): the proportional set size, so that
    pages a forked worker shares with the parent are counted once; RSS where PSS is missing."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            try:
                with open(f"/proc/{pid}/statm") as fh:
                    total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, ValueError):
                pass
    return total


def peak_rss_bytes() -> int:
    """This process's peak resident set so far (never goes down)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_side(reports: list[str], nlp, n_process: int) -> dict:
    """Wall seconds, and CPU seconds of the parent and of each worker, for one side."""
    from rulegov_nlp import WorkerPool, extract_many

    if n_process == 1:
        cpu, start = cpu_seconds(os.getpid()), time.perf_counter()
        for _ in extract_many(reports, nlp=nlp):
            pass
        return {"wall": time.perf_counter() - start, "cpu": [cpu_seconds(os.getpid()) - cpu]}
    with WorkerPool(nlp, n_process) as pool:
        pids = [os.getpid(), *pool.pids]
        cpu, start = [cpu_seconds(p) for p in pids], time.perf_counter()
        for _ in extract_many(reports, nlp=nlp, pool=pool, batch_size=CHUNK):
            pass
        wall = time.perf_counter() - start
        return {"wall": wall, "cpu": [cpu_seconds(p) - c for p, c in zip(pids, cpu, strict=True)]}


def scaling(reports: list[str], rounds: int) -> dict:
    """Wall-clock speedup (best round of each side), and the speedup the CPU times give on
    otherwise idle cores: one process's CPU time over the busiest process's with two workers.
    On a shared machine the kernel schedules a session's processes as one group
    (sched_autogroup), so two workers get no more CPU than one while others are busy: the
    wall-clock figure then says more about the machine than about the code."""
    import rulegov_nlp

    nlp = rulegov_nlp.load()
    time_side(reports[:4], nlp, 1)  # warm caches (word lists, regexes) before either side
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for r in range(rounds):
        for n in (1, 2) if r % 2 == 0 else (2, 1):
            runs[n].append(time_side(reports, nlp, n))
    best1 = min(runs[1], key=lambda run: run["wall"])
    best2 = min(runs[2], key=lambda run: run["wall"])
    cpu1 = min(sum(run["cpu"]) for run in runs[1])
    busiest2 = min(max(run["cpu"]) for run in runs[2])
    chars = sum(map(len, reports))
    return {
        "reports": len(reports),
        "chars": chars,
        "wall_seconds_1_worker": [round(run["wall"], 2) for run in runs[1]],
        "wall_seconds_2_workers": [round(run["wall"], 2) for run in runs[2]],
        "wall_speedup_best": round(best1["wall"] / best2["wall"], 2),
        "cpu_seconds_1_worker": [round(sum(run["cpu"]), 2) for run in runs[1]],
        "cpu_seconds_2_workers_parent_then_workers": [[round(c, 2) for c in run["cpu"]] for run in runs[2]],
        "cpu_speedup_idle_cores": round(cpu1 / busiest2, 2),
        "chars_per_second_1": round(chars / best1["wall"]),
        "chars_per_second_2": round(chars / best2["wall"]),
    }


def cli_end_to_end(reports: list[str]) -> dict:
    """``rulegov extract folder --workers N``, model load and file reading included."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for i, text in enumerate(reports):
            (folder / f"r{i:04d}.txt").write_text(text, encoding="utf-8")
        for n in (1, 2):
            start = time.perf_counter()
            command = [sys.executable, "-m", "rulegov_nlp.cli", "extract", str(folder), "--workers", str(n)]
            subprocess.run([*command, "-o", str(Path(tmp) / "out.jsonl")], check=False, capture_output=True)
            out[f"seconds_{n}_worker{'s' if n > 1 else ''}"] = round(time.perf_counter() - start, 2)
    out["speedup"] = round(out["seconds_1_worker"] / out["seconds_2_workers"], 2)
    return out


def short_texts(n: int) -> Iterator[str]:
    for i in range(n):
        yield SHORT_TEXTS[i % 3].format(n=i % 97 + 1)


def memory(n_texts: int, n_process: int) -> dict:
    import rulegov_nlp
    from rulegov_nlp import WorkerPool, extract_many

    nlp = rulegov_nlp.load()
    checkpoints = {1000, n_texts // 2, n_texts}
    seen: dict[str, float] = {}
    pool = WorkerPool(nlp, n_process) if n_process > 1 else None
    pids = [os.getpid(), *(pool.pids if pool else [])]
    try:
        records = extract_many(short_texts(n_texts), nlp=nlp, pool=pool, batch_size=CHUNK)
        for i, _ in enumerate(records, 1):
            if i in checkpoints:
                seen[f"pss_mb_at_{i}"] = round(memory_bytes(pids) / 1e6, 1)
                seen[f"parent_peak_rss_mb_at_{i}"] = round(peak_rss_bytes() / 1e6, 1)
    finally:
        if pool:
            pool.close()
    pss = [v for k, v in seen.items() if k.startswith("pss")]
    return {"processes": n_process, **seen, "pss_growth_first_to_last": round(pss[-1] / pss[0], 3)}


def memory_in_fresh_process(n_texts: int, n_process: int) -> dict:
    """:func:`memory` in a new process, so that no earlier run's peak is counted."""
    command = [sys.executable, __file__, "--short", str(n_texts), "--memory-child", str(n_process)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--short", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-cli", action="store_true", help="Leave out the CLI end-to-end timing.")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print(json.dumps(memory(args.short, args.memory_child)))
        return
    reports = full_length_reports(args.reports)
    result = {
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
        "scaling": scaling(reports, args.rounds),
    }
    if not args.skip_cli:
        result["cli_end_to_end"] = cli_end_to_end(reports)
    result["memory"] = [memory_in_fresh_process(args.short, n) for n in (1, 2)]
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result, indent=1))
        return
    s = result["scaling"]
    print(f"scaling: {s['reports']} reports, {s['chars']:,} chars")
    print(f"  wall 1 worker : {s['wall_seconds_1_worker']} s   2 workers: {s['wall_seconds_2_workers']} s")
    print(f"  wall speedup (best of each): x{s['wall_speedup_best']}")
    print(f"  cpu 1 worker: {s['cpu_seconds_1_worker']} s   2 workers (parent, workers): "
          f"{s['cpu_seconds_2_workers_parent_then_workers']}")  # fmt: skip
    print(f"  speedup on idle cores from CPU times: x{s['cpu_speedup_idle_cores']}")
    if "cli_end_to_end" in result:
        print(f"cli end to end: {result['cli_end_to_end']}")
    for m in result["memory"]:
        print(f"memory, {m['processes']} process(es): {m}")
    print(f"machine: {result['machine']}")


if __name__ == "__main__":
    main()
