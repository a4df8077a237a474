"""Batches: jobs from any iterable, failures kept local, and worker processes that scale.

``nlp.pipe(n_process=...)`` ships every finished Doc back to the parent as bytes, and the
parent rebuilds it (about 4 ms a report here, most of it srsly's msgpack looking up its
plugins) before building the record: the parent becomes the bottleneck on two cores.
Workers that run the whole extraction return a small dict instead.

A :class:`WorkerPool` lives for a whole run (the CLI starts one), and is fed small chunks
with a bounded number in flight, so that the input is read only a little ahead of the
output (bounded memory for any stream), the cores stay busy to the end, and records come
back in input order.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal

from spacy.language import Language

from rulegov_nlp.record import error_record
from rulegov_nlp.textprep import InputError

OnError = Literal["raise", "record"]
# (report text or whatever the caller passed, record id, why it is no text or None)
Job = tuple[object, str | None, str | None]

_CHUNKS_IN_FLIGHT_PER_WORKER = 3  # enough to keep a worker busy while its last chunk returns
_WORKER_NLP: Language | None = None
_NO_ITEM = object()


# --- jobs from any iterable ------------------------------------------------------------------


def batch_jobs(
    texts: Iterable[Any],
    ids: Iterable[Any] | None,
    on_error: OnError,
    text_column: str,
    id_column: str | None,
) -> Iterator[Job]:
    """Check the arguments now (before any work), then stream (text, id, problem) jobs.

    Checked now: ``on_error``; a str or bytes passed as the batch; ids and texts of
    different lengths when both have one; columns missing from a dataset; in "raise" mode,
    the item types of a list/tuple or a dataset's text column. Streams are checked item by
    item as they are read: a non-str item when it is reached, ids that run out (or are left
    over) when the shorter of the two ends."""
    if on_error not in ("raise", "record"):
        raise InputError(f'on_error must be "raise" or "record", not {on_error!r}')
    if isinstance(texts, str | bytes):
        raise InputError("extract_many takes an iterable of reports; for one report use extract()")
    if ids is not None and id_column is not None:
        raise InputError("give ids or id_column, not both")
    if ids is not None and hasattr(texts, "__len__") and hasattr(ids, "__len__") and len(ids) != len(texts):
        raise InputError(f"{len(ids)} ids for {len(texts)} texts")
    texts = _dataset_columns(texts, text_column, id_column, on_error)
    if on_error == "raise" and isinstance(texts, list | tuple):
        _check_items_are_text(texts, text_column)
    return _jobs(texts, ids, text_column, id_column)


def _dataset_columns(texts: Any, text_column: str, id_column: str | None, on_error: OnError) -> Any:
    """A ``datasets`` dataset cut to the columns used, after checking they exist."""
    columns = getattr(texts, "column_names", None)
    if columns is None or not hasattr(texts, "select_columns"):
        return texts
    wanted = [c for c in (text_column, id_column) if c is not None]
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise InputError(f"dataset has no column {missing[0]!r} (columns: {', '.join(columns)})")
    feature = (getattr(texts, "features", None) or {}).get(text_column)
    dtype = getattr(feature, "dtype", "string")
    if on_error == "raise" and dtype not in ("string", "large_string"):
        raise InputError(f"dataset column {text_column!r} holds {dtype}, not text")
    return texts.select_columns(wanted)


def _check_items_are_text(texts: list | tuple, text_column: str) -> None:
    for i, item in enumerate(texts):
        value = item.get(text_column) if isinstance(item, Mapping) else item
        if not isinstance(value, str):
            raise InputError(f"item {i} is {type(value).__name__}, not report text (str)")


def _jobs(
    texts: Iterable[Any], ids: Iterable[Any] | None, text_column: str, id_column: str | None
) -> Iterator[Job]:
    pairs = (
        zip(texts, itertools.repeat(None))
        if ids is None
        else itertools.zip_longest(texts, ids, fillvalue=_NO_ITEM)
    )
    for item, given_id in pairs:
        if item is _NO_ITEM or given_id is _NO_ITEM:
            raise InputError("ids and texts have different lengths")
        if isinstance(item, Mapping):
            given_id = item.get(id_column) if id_column is not None else given_id
            problem = None if text_column in item else f"row has no {text_column!r} column"
            item = item.get(text_column)
        else:
            problem = None
        yield item, None if given_id is None else str(given_id), problem


# --- one job, failures kept local --------------------------------------------------------------


def extract_job(job: Job, nlp: Language, on_error: OnError) -> dict[str, Any]:
    """The record of one job; with "record", a failure gives an error record instead."""
    from rulegov_nlp import extract

    text, record_id, problem = job
    try:
        if problem is not None:
            raise InputError(problem)
        return extract(text, nlp=nlp, record_id=record_id)  # type: ignore[arg-type]
    except Exception as exc:
        if on_error == "raise":
            raise
        return error_record(record_id, text, f"{type(exc).__name__}: {exc}")


def extract_in_process(jobs: Iterable[Job], nlp: Language, on_error: OnError) -> Iterator[dict[str, Any]]:
    for job in jobs:
        yield extract_job(job, nlp, on_error)


# --- worker processes --------------------------------------------------------------------------


class WorkerPool:
    """``n_process`` worker processes holding the pipeline for a whole run. Forked where the
    platform allows (they share the loaded pipeline), else spawned with it pickled; started
    at once, so that no thread the caller starts later (a progress bar) is forked with them.
    Use as a context manager, or call :meth:`close`."""

    def __init__(self, nlp: Language, n_process: int):
        if n_process < 1:
            raise InputError(f"n_process must be at least 1, not {n_process}")
        self.n_process = n_process
        self._nlp = nlp
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        executor = ProcessPoolExecutor(
            self.n_process,
            mp_context=mp.get_context(method),
            initializer=_set_worker_nlp,
            initargs=(self._nlp,),
        )
        # The pipeline's objects are frozen out of the collector's reach while the workers fork:
        # a collection in a worker would otherwise write to every object it scans, copying the
        # shared pages (memory, and CPU lost to page faults).
        gc.freeze()
        try:
            for started in [executor.submit(os.getpid) for _ in range(self.n_process)]:
                started.result()
        finally:
            gc.unfreeze()
        return executor

    @property
    def pids(self) -> list[int]:
        """The worker processes' ids (for monitoring)."""
        return [p.pid for p in self._executor._processes.values() if p.pid is not None]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def extract(self, jobs: Iterable[Job], on_error: OnError, chunk_size: int) -> Iterator[dict[str, Any]]:
        """Records in input order; at most a few chunks per worker are read ahead."""
        in_flight: deque[tuple[Future, list[Job]]] = deque()
        limit = _CHUNKS_IN_FLIGHT_PER_WORKER * self.n_process
        for chunk in _chunks(jobs, chunk_size):
            in_flight.append((self._executor.submit(_extract_chunk, chunk, on_error), chunk))
            if len(in_flight) >= limit:
                yield from self._next_records(in_flight, on_error)
        while in_flight:
            yield from self._next_records(in_flight, on_error)

    def _next_records(self, in_flight: deque[tuple[Future, list[Job]]], on_error: OnError) -> list[dict]:
        """The records of the oldest chunk. When a worker died (killed, out of memory), every
        chunk in flight is lost with the pool: in "record" mode the pool is restarted, the
        oldest chunk redone one report at a time with nothing else running (so only the
        report that kills a worker fails), and the others handed out again."""
        future, chunk = in_flight.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            if on_error == "raise":
                raise
        self._restart()
        records = [self._alone(job) for job in chunk]
        for i, (_, pending) in enumerate(in_flight):
            in_flight[i] = (self._executor.submit(_extract_chunk, pending, on_error), pending)
        return records

    def _alone(self, job: Job) -> dict[str, Any]:
        try:
            return self._executor.submit(_extract_chunk, [job], "record").result()[0]
        except BrokenProcessPool:
            self._restart()
            return error_record(job[1], job[0], "BrokenProcessPool: the worker process died on this report")

    def _restart(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(itertools.islice(it, max(1, size))):
        yield chunk


def _set_worker_nlp(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp


def _extract_chunk(chunk: list[Job], on_error: OnError) -> list[dict[str, Any]]:
    assert _WORKER_NLP is not None, "worker started without a pipeline"
    return [extract_job(job, _WORKER_NLP, on_error) for job in chunk]
