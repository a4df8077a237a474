"""Extraction in worker processes that send back records, not Docs.

``nlp.pipe(n_process=...)`` ships every finished Doc back to the parent as bytes, and the
parent rebuilds it (about 4 ms a report here, most of it srsly's msgpack looking up its
plugins) before building the record: the parent becomes the bottleneck on two cores.
Workers that run the whole extraction return a small dict instead.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

_WORKER_NLP: Language | None = None


def extract_in_processes(
    jobs: Iterable[tuple[str, str | None]], nlp: Language, n_process: int, chunksize: int
) -> Iterator[dict[str, Any]]:
    """Records for (text, record id) jobs, in input order, from ``n_process`` workers.
    Workers are forked where the platform allows (they share the loaded pipeline), else
    spawned with the pipeline pickled."""
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(n_process, initializer=_set_worker_nlp, initargs=(nlp,)) as pool:
        yield from pool.imap(_extract_job, jobs, chunksize=max(1, chunksize))


def _set_worker_nlp(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp


def _extract_job(job: tuple[str, str | None]) -> dict[str, Any]:
    from rulegov_nlp import extract

    text, record_id = job
    return extract(text, nlp=_WORKER_NLP, record_id=record_id)
