"""Every pathological case of benchmarks/pathological.py grows linearly (issue 14).

Not a timed test: no absolute limit, only the growth of the best of three runs from n to
4n characters, in CPU time of this process (other load on the machine does not count),
with generous slack (linear is about 4, quadratic 16; the bar is 8). The
cyclic garbage collector is paused while timing: its passes over the objects of a large
Doc add a growth of their own (bare heading lines: x4.7 with it, x2.0 without, at 6k ->
24k) that says nothing about our scanners. The benchmark times 20k, 80k and 320k
characters with the collector on.
"""

from __future__ import annotations

import gc
import time

import pytest

import rulegov_nlp
from benchmarks.pathological import CASES

SIZE = 3000
MAX_GROWTH = 8.0


def best_of_three(nlp, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            rulegov_nlp.extract(text, nlp=nlp)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize(
    "name",
    list(CASES),
)
def test_growth_for_four_times_the_input_is_linear(name, nlp):
    build = CASES[name]
    small, large = best_of_three(nlp, build(SIZE)), best_of_three(nlp, build(4 * SIZE))
    growth = large / max(small, 0.01)  # below 10 ms the timer measures overhead, not growth
    assert growth < MAX_GROWTH, f"{name}: {small:.3f}s -> {large:.3f}s (x{growth:.1f})"
