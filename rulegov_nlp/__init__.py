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

from rulegov_nlp.pipeline import ModelNotFoundError, default_model_path, load
from rulegov_nlp.record import doc_to_record
from rulegov_nlp.textprep import InputError, prepare

__version__ = "0.1.0"
__all__ = [
    "InputError",
    "ModelNotFoundError",
    "__version__",
    "default_model_path",
    "extract",
    "extract_many",
    "load",
]


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    return load()


def extract(text: str, *, nlp: Language | None = None, record_id: str | None = None) -> dict[str, Any]:
    """Extract the record (entities, sections, meta, checks) of one report.

    ``text`` may be plain text or HTML, of any length (rulegov_nlp.chunking); offsets in
    the record index ``text`` itself.
    """
    from rulegov_nlp.chunking import extract_prepared

    _check_text(text)
    return extract_prepared(nlp or _default_nlp(), prepare(text), text, record_id)


def extract_many(
    texts: Iterable[str],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 8,
    ids: Iterable[str | None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract records for many reports, in input order: ``nlp.pipe`` in this process, or
    ``n_process`` worker processes that each return finished records (rulegov_nlp.workers)."""
    nlp = nlp or _default_nlp()
    texts = list(texts)
    for text in texts:
        _check_text(text)
    id_list = list(ids) if ids is not None else [None] * len(texts)
    if n_process > 1 and len(texts) > 1:
        from rulegov_nlp.workers import extract_in_processes

        yield from extract_in_processes(zip(texts, id_list, strict=True), nlp, n_process, batch_size)
        return
    prepared = [prepare(t) for t in texts]
    docs = nlp.pipe((p.text for p in prepared), batch_size=batch_size)
    for doc, prep, text, rid in zip(docs, prepared, texts, id_list, strict=True):
        yield doc_to_record(doc, prep, text, rid)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise InputError(f"expected report text as str, got {type(text).__name__}")
