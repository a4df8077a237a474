"""Reading the word-list and table files that hold the rules.

One format for every list: UTF-8, one entry a line, tab-separated columns where a list
has more than one, blank lines ignored, a line that opens with ``#`` a comment (files
open with comments saying what the list is for). A line with more columns than the list
allows is an error naming the file and the line, so an edited list never fails silently.
"""

from __future__ import annotations

import csv
import io
from importlib import resources


class WordListError(ValueError):
    """A malformed line in a word-list or table file."""

    def __init__(self, source: str, line: int, reason: str) -> None:
        super().__init__(f"{source}, line {line}: {reason}")
        self.source = source
        self.line = line
        self.reason = reason


def _entries(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line that is neither blank nor a comment."""
    return [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")
    ]


def read_words(text: str, source: str = "<text>", columns: int = 1) -> list[str]:
    """Entries of a list, stripped, as written (a second column stays after its tab)."""
    out = []
    for n, line in _entries(text):
        entry = line.strip()
        if entry.count("\t") >= columns:
            raise WordListError(source, n, f"at most {columns} tab-separated columns expected: {entry!r}")
        out.append(entry)
    return out


def grouped(entries: list[str]) -> dict[str, list[str]]:
    """Entries of a list of lists (``entry<TAB>list name``) by list name, in file order."""
    out: dict[str, list[str]] = {}
    for row in entries:
        entry, _, name = row.partition("\t")
        out.setdefault(name, []).append(entry)
    return out


def read_grouped(text: str, source: str = "<text>") -> dict[str, list[str]]:
    """A list of lists (``entry<TAB>list name`` a line) by list name."""
    return grouped(read_words(text, source, columns=2))


def read_rows(text: str, source: str = "<text>", columns: int = 2, strip: bool = True) -> list[list[str]]:
    """Rows of a list with up to ``columns`` tab-separated columns, padded with "" (a
    trailing column may be left out). ``strip=False`` keeps the cells as written."""
    out = []
    for n, line in _entries(text):
        cells = (line.strip() if strip else line).split("\t")
        if len(cells) > columns:
            raise WordListError(source, n, f"at most {columns} columns expected, found {len(cells)}")
        out.append(cells + [""] * (columns - len(cells)))
    return out


def read_lines(text: str) -> list[str]:
    """The entry lines as written (a wide table keeps its own column reading)."""
    return [line for _, line in _entries(text)]


def read_table(text: str, source: str = "<text>") -> list[dict[str, str]]:
    """Rows of a tab-separated table whose first entry line names the columns."""
    entries = _entries(text)
    lines = io.StringIO("\n".join(line for _, line in entries))
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for (n, _), row in zip(entries[1:], reader, strict=True):
        if None in row:
            raise WordListError(source, n, f"more columns than the header's {len(reader.fieldnames or [])}")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def read_pairs(text: str, source: str = "<text>") -> dict[str, str]:
    """A one-character-to-one-character map (``繁<TAB>简``); a header line ``trad<TAB>simp``
    is allowed. Other lines must hold two single characters."""
    out: dict[str, str] = {}
    for n, line in _entries(text):
        cells = line.split("\t")
        if len(cells) == 2 and all(len(c) == 1 for c in cells):
            out[cells[0]] = cells[1]
        elif cells != ["trad", "simp"]:
            raise WordListError(source, n, f"two single characters expected, found {line!r}")
    return out


def package_text(package: str, path: str) -> str:
    """A data file shipped inside a package, as text."""
    return resources.files(package).joinpath(path).read_text(encoding="utf-8")
