"""rulegov_nlp: structured, checkable data from Chinese rule-of-law government annual reports.

>>> import rulegov_nlp
>>> record = rulegov_nlp.extract(text)       # the ANNOTATION.md record + checks
>>> nlp = rulegov_nlp.load()                  # the spaCy pipeline itself
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.dataset import to_dataset
from rulegov_nlp.pipeline import ModelNotFoundError, default_model_path, load
from rulegov_nlp.reading import DecodedText, ReadError, read, read_report
from rulegov_nlp.report.view import DISPLACY_OPTIONS, render
from rulegov_nlp.textprep import InputError, prepare
from rulegov_nlp.workers import Job, OnError, WorkerPool, batch_jobs, extract_in_process

__version__ = "0.1.0"
__all__ = [
    "DISPLACY_OPTIONS",
    "DecodedText",
    "InputError",
    "ModelNotFoundError",
    "ReadError",
    "WorkerPool",
    "__version__",
    "default_model_path",
    "extract",
    "extract_many",
    "load",
    "parse",
    "read",
    "read_report",
    "render",
    "to_dataset",
]


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    return load()


def parse(text: str, *, nlp: Language | None = None) -> Doc:
    """The spaCy Doc of a report given as plain text or an HTML page: the text is cleaned
    first (markup, portal stylesheet junk, full-width characters), as ``extract`` does, so
    that ``nlp(html)`` never reads markup. ``doc._.offset_map.to_original(start, end)`` maps
    a span of the Doc back to ``text``. Texts beyond ``nlp.max_length`` need ``extract``."""
    _check_text(text)
    nlp = nlp or _default_nlp()
    prepared = prepare(text)
    if len(prepared.text) > nlp.max_length:
        raise InputError(
            f"the cleaned text has {len(prepared.text):,} characters, over the pipeline's "
            f"max_length ({nlp.max_length:,}): use rulegov_nlp.extract, which reads it in pieces"
        )
    doc = nlp(prepared.text)
    doc._.offset_map = prepared
    return doc


def extract(text: str, *, nlp: Language | None = None, record_id: str | None = None) -> dict[str, Any]:
    """Extract the record (entities, sections, meta, checks) of one report.

    ``text`` may be plain text or HTML, of any length (rulegov_nlp.chunking); offsets in
    the record index ``text`` itself.
    """
    from rulegov_nlp.chunking import extract_prepared

    _check_text(text)
    return extract_prepared(nlp or _default_nlp(), prepare(text), text, record_id)


def extract_many(
    texts: Iterable[Any],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 8,
    ids: Iterable[str | None] | None = None,
    on_error: OnError = "raise",
    text_column: str = "text",
    id_column: str | None = None,
    pool: WorkerPool | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract records for many reports, streamed in input order, in bounded memory.

    ``texts`` is any iterable of report strings (a list, a generator), or of rows (dicts, a
    ``datasets.Dataset`` or ``IterableDataset``) whose ``text_column`` holds the text and
    ``id_column`` the record id; ``ids`` gives ids alongside plain strings. With
    ``on_error="record"`` a failing report gives a record with ``error`` set
    ("ExceptionType: message") and nothing extracted, and the others go on; with "raise"
    the exception propagates. ``n_process`` > 1 starts worker processes for this call
    (handed ``batch_size`` reports at a time); ``pool`` uses a :class:`WorkerPool` kept for
    many calls. Argument errors raise :class:`InputError` at the call, before any work
    (see rulegov_nlp.workers.batch_jobs for what is checked when)."""
    jobs = batch_jobs(texts, ids, on_error, text_column, id_column)
    if batch_size < 1 or n_process < 1:
        raise InputError("n_process and batch_size must be at least 1")
    return _records(jobs, nlp or _default_nlp(), n_process, batch_size, on_error, pool)


def _records(
    jobs: Iterator[Job],
    nlp: Language,
    n_process: int,
    batch_size: int,
    on_error: OnError,
    pool: WorkerPool | None,
) -> Iterator[dict[str, Any]]:
    if pool is not None:
        yield from pool.extract(jobs, on_error, batch_size)
    elif n_process > 1:
        with WorkerPool(nlp, n_process) as own_pool:
            yield from own_pool.extract(jobs, on_error, batch_size)
    else:
        yield from extract_in_process(jobs, nlp, on_error)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise InputError(f"expected report text as str, got {type(text).__name__}")
