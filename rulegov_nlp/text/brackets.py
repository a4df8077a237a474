"""Titles in 《》 and other paired brackets.

A title names a document (《行政处罚法》, 《2023年工作要点》): its words are not the
report's own, so PARTY, the reporting unit and the report year look past it, and LAW
reads it. Every scanner of paired brackets lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

OPENERS = "《〈"
CLOSERS = "》〉"
# a flat 《…》 with no title inside it (the usual case; nesting is read by scan_titles)
TITLE = re.compile(r"《[^《》]*》")
# the innermost title of a nested one: 《关于〈X法〉的报告》 -> X法
INNER_TITLE = re.compile(r"[《〈]([^《》〈〉\n]{1,100})[》〉]")


@lru_cache(maxsize=8)
def title_pattern(min_len: int, max_len: int) -> re.Pattern[str]:
    """A flat 《…》 whose inside (group 1) has ``min_len`` to ``max_len`` characters."""
    return re.compile(rf"《([^《》]{{{min_len},{max_len}}})》")


def title_spans(text: str) -> list[tuple[int, int]]:
    """Every flat 《…》, brackets included."""
    return [m.span() for m in TITLE.finditer(text)]


def blank_titles(text: str) -> str:
    """``text`` with every flat 《…》 replaced by spaces (offsets unchanged)."""
    return TITLE.sub(lambda m: " " * len(m.group()), text)


def drop_titles(text: str) -> str:
    """``text`` without its flat 《…》 titles (offsets move)."""
    return TITLE.sub("", text)


def paired(text: str, open_: str, close: str, limit: int) -> list[tuple[int, int]]:
    """Spans of ``open_ … close`` on one line with at most ``limit`` characters inside; an
    opener whose closer is too far or on another line is skipped, and the next one tried."""
    found = []
    pos = text.find(open_)
    while pos != -1:
        end = text.find(close, pos + 1)
        if end == -1:
            break
        if end - pos <= limit + 1 and "\n" not in text[pos:end]:
            found.append((pos, end + 1))
            pos = text.find(open_, end + 1)
        else:
            pos = text.find(open_, pos + 1)
    return found


@dataclass(frozen=True)
class Title:
    """The inside of one top-level 《…》 (or of a 《 left open), stripped of spaces."""

    start: int
    end: int
    region: tuple[int, int]  # brackets included: no bare mention is searched inside
    closed: bool
    at_text_end: bool


def scan_titles(text: str, max_len: int) -> list[Title]:
    """Top-level 《…》 insides, nesting-aware; a 《 left open runs to its line's end."""
    out: list[Title] = []
    n = len(text)
    i = text.find("《")
    while i >= 0:
        depth, j, close = 0, i, -1
        limit = min(n, i + max_len + 2)
        while j < limit:
            c = text[j]
            if c in OPENERS:
                depth += 1
            elif c in CLOSERS:
                depth -= 1
                if depth == 0:
                    close = j
                    break
            elif c == "\n":
                break
            j += 1
        if close >= 0:
            s, e = strip_span(text, i + 1, close)
            if e > s:
                out.append(Title(s, e, (i, close + 1), True, False))
            i = text.find("《", close + 1)
            continue
        if j < limit or j == n:  # stopped at a line end or at the end of the text
            s, e = strip_span(text, i + 1, j)
            if e > s and "《" not in text[s:e]:
                out.append(Title(s, e, (i, j), False, j == n))
        i = text.find("《", i + 1)
    return out


def strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` without the whitespace at its edges."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
