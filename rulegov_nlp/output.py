"""Where extracted records go: JSON Lines, or the table set as CSV, Parquet or Excel.

``open_sink(output, fmt)`` checks the destination and creates its folder before any model
loads, so a typo costs nothing; the sink's ``write(record)`` takes records one at a time
and ``close()`` finishes the files. Table sinks hold at most ``FLUSH_EVERY`` reports' rows
(never the texts) before writing them out, except Excel, which is written in one go.

* ``OUT.jsonl`` (or stdout): the records themselves;
* ``OUT.csv`` / ``OUT.parquet``: the entities table in OUT, the other tables beside it as
  ``OUT.reports.csv``, ``OUT.sections.csv``, … (CSV in UTF-8 with a BOM, for Excel);
* ``OUT.xlsx``: one sheet per table;
* a folder (``OUT/`` or an existing directory): ``reports.parquet``, ``entities.parquet``, …
  (``--format csv`` for CSV files).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from rulegov_nlp.tables import SCHEMAS, SURROGATES, TABLE_NAMES, frame, record_rows
from rulegov_nlp.textprep import InputError

if TYPE_CHECKING:  # pandas loads on first use: `rulegov --help` stays quick
    import pandas as pd

FILE_FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
FOLDER_FORMATS = ("parquet", "csv")
FORMATS = ("jsonl", "csv", "parquet", "xlsx")
MAIN_TABLE = "entities"  # the table a single .csv/.parquet path holds (the old CSV's rows)
FLUSH_EVERY = 256  # reports per write of a table file
CSV_ENCODING = "utf-8-sig"  # a BOM, so Excel on a Chinese Windows does not guess GBK


class Sink(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def open_sink(output: str | Path | None, fmt: str | None = None) -> Sink:
    """The sink for ``output`` (None: stdout): format from ``fmt`` or OUT's suffix, a folder
    when OUT ends with '/' or is a directory. Raises InputError for what cannot work."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown output format {fmt!r}: choose from {', '.join(FORMATS)}")
    if output is None or str(output) == "-":
        return _stdout_sink(fmt or "jsonl")
    path = Path(output)
    if str(output).endswith(("/", "\\")) or path.is_dir():
        return _folder_sink(path, fmt or "parquet")
    suffix_format = FILE_FORMATS.get(path.suffix.lower())
    if suffix_format is None and fmt is None:
        known = ", ".join(FILE_FORMATS)
        raise InputError(f"cannot tell the format of {path}: end it with {known} or '/' for a folder")
    if fmt and suffix_format and fmt != suffix_format:
        raise InputError(f"{path} ends in {path.suffix} but --format is {fmt}")
    fmt = fmt or suffix_format
    _make_parent(path)
    if fmt == "jsonl":
        return JsonlSink(path.open("w", encoding="utf-8", newline=""), owned=True)
    if fmt == "xlsx":
        _require_openpyxl()
        return ExcelSink(path)
    return TableSink(_sibling_paths(path), fmt)


def _stdout_sink(fmt: str) -> Sink:
    if fmt == "jsonl":
        return JsonlSink(sys.stdout, owned=False)
    if fmt == "csv":  # the entities table, no BOM: a pipe is not a file Excel opens
        return TableSink({MAIN_TABLE: sys.stdout}, "csv")
    raise InputError(f"{fmt} is binary: give an output file with -o")


def _folder_sink(folder: Path, fmt: str) -> Sink:
    if fmt not in FOLDER_FORMATS:
        raise InputError(f"a folder holds the tables as {' or '.join(FOLDER_FORMATS)}, not {fmt}")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    return TableSink({name: folder / f"{name}.{fmt}" for name in TABLE_NAMES}, fmt)


def _sibling_paths(path: Path) -> dict[str, Path]:
    """OUT.csv holds the entities; the other tables go beside it as OUT.<table>.csv."""
    return {
        name: path if name == MAIN_TABLE else path.with_name(f"{path.stem}.{name}{path.suffix}")
        for name in TABLE_NAMES
    }


def _make_parent(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path} is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder for {path}: {exc.strerror or exc}") from None


def _require_openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError("writing .xlsx needs openpyxl: pip install openpyxl") from None


class JsonlSink:
    """One JSON record per line."""

    def __init__(self, out: IO[str], owned: bool) -> None:
        self.out = out
        self.owned = owned

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False)
        self.out.write(SURROGATES.sub("\ufffd", line) + "\n")  # UTF-8 cannot hold them

    def close(self) -> None:
        if self.owned:
            self.out.close()
        else:
            self.out.flush()


class TableSink:
    """The table set as CSV or Parquet files, written every ``FLUSH_EVERY`` reports."""

    def __init__(self, targets: dict[str, Path | IO[str]], fmt: str) -> None:
        self.targets = targets
        self.fmt = fmt
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
        self.pending = 0
        self.writers: dict[str, Any] = {}

    def write(self, record: dict[str, Any]) -> None:
        for name, rows in record_rows(record).items():
            if name in self.rows:
                self.rows[name].extend(rows)
        self.pending += 1
        if self.pending >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows or name not in self.writers:  # an empty table still gets its header/schema
                self._write_frame(name, frame(name, rows))
            rows.clear()
        self.pending = 0

    def close(self) -> None:
        self.flush()
        for name, writer in self.writers.items():
            if writer is self.targets[name]:  # stdout stays open
                writer.flush()
            else:
                writer.close()

    def _write_frame(self, name: str, df: pd.DataFrame) -> None:
        target = self.targets[name]
        first = name not in self.writers
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False)
            if first:
                self.writers[name] = pq.ParquetWriter(target, table.schema)
            self.writers[name].write_table(table)
            return
        if first:
            is_path = isinstance(target, Path)
            self.writers[name] = target.open("w", encoding=CSV_ENCODING, newline="") if is_path else target
        df.to_csv(self.writers[name], header=first, index=False)


class ExcelSink:
    """One workbook, one sheet per table (Excel needs the whole sheet at once)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}

    def write(self, record: dict[str, Any]) -> None:
        for name, rows in record_rows(record).items():
            self.rows[name].extend(rows)

    def close(self) -> None:
        import pandas as pd

        with pd.ExcelWriter(self.path, engine="openpyxl") as book:
            for name in TABLE_NAMES:
                excel_safe(frame(name, self.rows[name])).to_excel(book, sheet_name=name, index=False)


EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """String cells Excel accepts: control characters (which openpyxl refuses) become
    U+FFFD and over-long cells are cut, so one odd heading does not lose the workbook."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = df.copy()
    for column in out.columns:
        if str(out[column].dtype) == "string":
            cells = out[column].str.replace(ILLEGAL_CHARACTERS_RE, "\ufffd", regex=True)
            out[column] = cells.str.slice(0, EXCEL_CELL_LIMIT)
    return out


ARROW_TYPES = {"string": "string", "Int64": "int64", "Float64": "float64", "boolean": "bool_"}


def arrow_schema(name: str):
    """The Parquet schema of a table: the same for every shard, whatever its rows."""
    import pyarrow as pa

    return pa.schema(
        [pa.field(column, getattr(pa, ARROW_TYPES[dtype])()) for column, dtype in SCHEMAS[name].items()]
    )
