"""Character ranges ``[start, end)`` with overlap and cover queries by bisection.

Titles, exclusions and already accepted entities block other matches in several
components; each asks "does this span touch a blocked range?" many times a document,
so the ranges are sorted once and every query is a bisection.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Protocol, TypeVar


class IntervalSet:
    """Half-open ranges as given (they may overlap), plus their merged union."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [s for s, _ in self.ranges]
        self.longest = max((e - s for s, e in self.ranges), default=0)
        merged: list[list[int]] = []
        for s, e in self.ranges:  # touching ranges merge too: no half-open query tells them apart
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.union_starts = [s for s, _ in merged]
        self.union_ends = [e for _, e in merged]

    def __len__(self) -> int:
        return len(self.ranges)

    def overlaps(self, start: int, end: int) -> bool:
        """Some range shares a character with ``[start, end)``; an empty span counts when a
        range holds its position."""
        i = bisect_right(self.union_starts, start) - 1
        if i >= 0 and self.union_ends[i] > start:
            return True
        return i + 1 < len(self.union_starts) and self.union_starts[i + 1] < end

    def contains(self, start: int, end: int) -> bool:
        """One merged range holds all of ``[start, end)``."""
        i = bisect_right(self.union_starts, start) - 1
        return i >= 0 and self.union_ends[i] >= end

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The given ranges that share a character with ``[start, end)``, in order."""
        first = bisect_left(self.starts, start - self.longest)
        out = []
        for s, e in self.ranges[first:]:
            if s >= end:
                break
            if e > start:
                out.append((s, e))
        return out

    def blocks(self, start: int, end: int) -> bool:
        """A range holds ``[start, end)`` or overlaps it while being at least as long: a
        shorter match never wins over the longer region it touches."""
        return any(end - start <= e - s for s, e in self.overlapping(start, end))


class _Located(Protocol):
    start: int
    end: int


Located = TypeVar("Located", bound=_Located)


def non_overlapping(ranked: Iterable[Located]) -> list[Located]:
    """Greedy selection in rank order: each item is kept unless it overlaps one kept before.
    Returned in text order; O(n log n) with a sorted list of kept starts."""
    kept: list[Located] = []
    starts: list[int] = []
    for item in ranked:
        i = bisect_right(starts, item.start)
        if (i > 0 and kept[i - 1].end > item.start) or (i < len(kept) and kept[i].start < item.end):
            continue
        kept.insert(i, item)
        starts.insert(i, item.start)
    return kept
