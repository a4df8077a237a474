"""Reading record files: ``.jsonl`` (one record a line), ``.json`` (one record), folders."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

RECORD_SUFFIXES = (".json", ".jsonl")


class RecordError(ValueError):
    """A record file that cannot be read, with where and why."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


def record_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively) into their .json/.jsonl files, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in RECORD_SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise RecordError(str(path), "no such file or folder")
    return files


def iter_file(path: Path) -> Iterator[tuple[str, dict[str, Any] | RecordError]]:
    """Yield (source, record or error) so one bad line does not hide the lines after it.

    Source is ``file:line`` for JSONL and ``file`` for JSON.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield str(path), RecordError(str(path), f"unreadable: {exc}")
        return
    if path.suffix == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield f"{path}:{n}", _parse(f"{path}:{n}", line)
    else:
        yield str(path), _parse(str(path), text)


def read_file(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (source, record); the first unreadable record raises RecordError."""
    for source, item in iter_file(path):
        if isinstance(item, RecordError):
            raise item
        yield source, item


def _parse(source: str, text: str) -> dict[str, Any] | RecordError:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return RecordError(source, f"malformed JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return RecordError(source, "a record must be a JSON object")
    return record


def read_records(paths: Iterable[str | Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    """All records of the given files and folders; the first unreadable file raises."""
    for path in record_files(paths):
        yield from read_file(path)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
