"""Extraction on a Dask distributed cluster (``pip install "rulegov-nlp[dask]"``).

Dask schedules; this module only says what one partition does. Each worker loads the
pipeline once (``PipelinePlugin`` loads it when the worker starts, tasks reuse the same
per-process cache), each partition of inputs becomes one Parquet shard per table:

    OUT/reports/part-00000.parquet, OUT/entities/part-00000.parquet, …

``pd.read_parquet(OUT / "entities")``, DuckDB's ``read_parquet('OUT/entities/*.parquet')``
and Spark read a table folder as one table. Inputs are file paths (read by the workers, so
on a real cluster they must sit on a filesystem every worker sees) or a Parquet file or
folder with a text column. The same code runs on a ``LocalCluster`` and on a SLURM cluster
from dask-jobqueue: only the ``Client`` changes (README, "Scale out").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from distributed import Client, WorkerPlugin, get_client

from rulegov_nlp.output import TableSink
from rulegov_nlp.reading import ReadError, list_inputs, read_report
from rulegov_nlp.tables import TABLE_NAMES
from rulegov_nlp.textprep import InputError

PLUGIN_NAME = "rulegov-pipeline"
SHARD = "part-{:05d}.parquet"
SHARD_GLOB = "part-*.parquet"


@lru_cache(maxsize=2)
def worker_pipeline(model: str | None = None):
    """The pipeline of this process, loaded on first use and kept for every later task."""
    from rulegov_nlp import load

    return load(model)


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline when a worker starts, so the first task does not pay for it and a
    missing model shows at start-up rather than in every task."""

    name = PLUGIN_NAME

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def setup(self, worker) -> None:
        worker_pipeline(self.model)


def extract_to_parquet(
    inputs: str | Path | Iterable[str | Path],
    output: str | Path,
    *,
    client: Client | None = None,
    model: str | Path | None = None,
    files_per_partition: int = 32,
    text_column: str = "text",
    id_column: str | None = None,
) -> dict[str, int]:
    """Extract every input on the cluster of ``client`` (default: the current one) into
    Parquet shards of the table set under ``output``; returns reports and failed counts.

    ``inputs``: a ``.parquet`` file or a folder of them with ``text_column`` (and
    ``id_column``, else ids are the row index), or paths of .txt/.html/.htm files and folders.
    Shards a previous run left in ``output`` are removed first.
    """
    client = client or get_client()
    model_name = None if model is None else str(model)
    client.register_plugin(PipelinePlugin(model_name))
    out = Path(output)
    for name in TABLE_NAMES:
        (out / name).mkdir(parents=True, exist_ok=True)
        for old in (out / name).glob(SHARD_GLOB):  # a previous run's shards would mix in
            old.unlink()
    from dask import delayed

    partitions = _partitions(inputs, files_per_partition, text_column, id_column)
    tasks = [
        delayed(extract_partition)(i, part, str(out), model_name, text_column, id_column)
        for i, part in enumerate(partitions)
    ]
    counts = client.gather(client.compute(tasks))
    return {key: sum(c[key] for c in counts) for key in ("reports", "failed")}


def extract_partition(
    index: int,
    items: Any,
    output: str,
    model: str | None,
    text_column: str = "text",
    id_column: str | None = None,
) -> dict[str, int]:
    """One partition → one shard per table. ``items`` is a list of file paths or a DataFrame
    with the text column; a document that fails becomes a reports row with its error."""
    from rulegov_nlp import extract

    nlp = worker_pipeline(model)
    out = Path(output)
    sink = TableSink({name: out / name / SHARD.format(index) for name in TABLE_NAMES}, "parquet")
    reports = failed = 0
    for record_id, path, text, error in _documents(items, text_column, id_column):
        if error is None:
            try:
                record = extract(text, nlp=nlp, record_id=record_id)
            except Exception as exc:  # one bad document must not lose the partition
                error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            record = {"id": record_id, "error": error}
            failed += 1
        if path is not None:
            record["path"] = path
        sink.write(record)
        reports += 1
    sink.close()
    return {"reports": reports, "failed": failed}


def _partitions(inputs, files_per_partition: int, text_column: str, id_column: str | None) -> list:
    """Delayed DataFrame partitions of a Parquet input, or lists of file paths."""
    if isinstance(inputs, str | Path) and _is_parquet(Path(inputs)):
        import dask.dataframe as dd

        columns = [text_column] + ([id_column] if id_column else [])
        return list(dd.read_parquet(str(inputs), columns=columns).to_delayed())
    paths = [str(p) for p in _input_files([inputs] if isinstance(inputs, str | Path) else inputs)]
    if not paths:
        raise InputError("no .txt/.html/.htm input files")
    return [paths[i : i + files_per_partition] for i in range(0, len(paths), files_per_partition)]


def _is_parquet(path: Path) -> bool:
    return path.suffix == ".parquet" or (path.is_dir() and any(path.glob("*.parquet")))


def _input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders expanded (sorted, recursive) to the report suffixes, as the
    command line lists them (reading.list_inputs)."""
    return [e.path for e in list_inputs([str(p) for p in paths]) if e.is_report and e.path is not None]


def _documents(items: Any, text_column: str, id_column: str | None):
    """(id, path, text, error) for each input of a partition."""
    if isinstance(items, list):
        for path in items:
            text, error = _read(Path(path))
            yield path, path, text, error
        return
    ids = items[id_column] if id_column else items.index
    for record_id, text in zip(ids, items[text_column], strict=True):
        ok = isinstance(text, str)
        yield str(record_id), None, text if ok else None, None if ok else "no text in this row"


def _read(path: Path) -> tuple[str | None, str | None]:
    try:
        return read_report(path).text, None
    except ReadError as exc:  # the row already names the file
        return None, exc.reason
    except (OSError, InputError) as exc:
        return None, str(exc)
