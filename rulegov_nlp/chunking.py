"""Reports of any length: a text longer than the pipeline's ``max_length`` is read in pieces
cut at paragraph breaks and the pieces' records are joined into one.

spaCy refuses a text beyond ``nlp.max_length`` (1,000,000 characters, error E088), and a
Doc's memory grows with its length. Each piece is at most ``PIECE_CHARS`` characters (and
never more than ``max_length``), so the memory of the pipeline is that of one piece; what
grows with the report is only its text, the offset map and the finished entities.
Pieces start at top-level section starts where they can (the structure finder reads
the whole text first, in linear time), so a number keeps its section's heading and label;
a section longer than a piece is cut at a paragraph break, and the piece's headingless
first unit is joined to the section before it. Entities do not cross a paragraph break,
so a long report gives the entities its pieces give. Every piece gets the report's
metadata, which is read from the header in the first piece.
"""

from __future__ import annotations

import gc
import itertools
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.record import assemble_record, doc_to_record, record_parts
from rulegov_nlp.textprep import PreparedText

PIECE_CHARS = 500_000
STRUCTURE = "rulegov_structure"
METADATA = "rulegov_metadata"
# where a piece may end, best first: a paragraph break, a sentence end (。！？), any character
_CUT_AFTER = ("\n", "。！？")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one report. The pipeline allocates a few
    small containers per entity; with the collector on, a report with 100,000 numbers set off
    hundreds of collections that each walk the loaded model's millions of objects (a third of
    the time of such a report). Reference counting still frees everything as usual; only
    cycles wait until the report is done, and a report's memory is bounded by PIECE_CHARS."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def extract_prepared(
    nlp: Language, prepared: PreparedText, original: str, record_id: str | None = None
) -> dict[str, Any]:
    """The record of a prepared report: one Doc, or pieces joined when it is too long."""
    with collector_paused():
        return _extract_prepared(nlp, prepared, original, record_id)


def _extract_prepared(
    nlp: Language, prepared: PreparedText, original: str, record_id: str | None
) -> dict[str, Any]:
    limit = min(PIECE_CHARS, nlp.max_length)
    if len(prepared.text) <= nlp.max_length:
        return doc_to_record(nlp(prepared.text), prepared, original, record_id)
    pieces = split_prepared(prepared, limit, _section_starts(nlp, prepared.text))
    ents: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    for piece in pieces:
        doc = _run_with_meta(nlp, piece.text, meta)
        piece_ents, piece_sections, piece_meta = record_parts(doc, piece, original)
        ents.extend(_shift_party_indices(piece_ents, len(ents)))
        sections = _join_sections(sections, piece_sections, piece)
        meta = piece_meta
    _lay_out(sections, len(original))
    return assemble_record(record_id, original, ents, sections, meta)


def _section_starts(nlp: Language, text: str) -> list[int]:
    """Where the top-level units of the whole text begin (none without a structure finder)."""
    if STRUCTURE not in nlp.pipe_names:
        return []
    return [unit.start for unit in nlp.get_pipe(STRUCTURE).finder.find(text)]


def _run_with_meta(nlp: Language, text: str, meta: dict[str, Any]) -> Doc:
    """``nlp(text)`` for a piece; what the metadata component does not find in it is taken
    from ``meta`` (the report's, so far), before the components that read it."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == METADATA and meta:
            doc._.meta = _fill_meta(meta, doc._.meta or {})
    return doc


def split_prepared(
    prepared: PreparedText, limit: int, section_starts: Sequence[int] = ()
) -> list[PreparedText]:
    """Pieces of at most ``limit`` characters, each ending where a section starts in the
    second half of its window, else at a paragraph break, else a sentence end, else anywhere.
    Each piece maps to the original like ``prepared``; its ``original_length`` is where the
    next one begins."""
    text = prepared.text
    cuts = [0]
    while len(text) - cuts[-1] > limit:
        cuts.append(_cut(text, cuts[-1], cuts[-1] + limit, section_starts))
    cuts.append(len(text))
    return [
        PreparedText(text[a:b], prepared.starts[a:b], prepared.ends[a:b], prepared.boundary_to_original(b))
        for a, b in itertools.pairwise(cuts)
    ]


def _cut(text: str, start: int, stop: int, section_starts: Sequence[int]) -> int:
    """The last good cut in text[start:stop], not in its first half."""
    low = start + (stop - start) // 2
    i = bisect_right(section_starts, stop) - 1
    if i >= 0 and section_starts[i] > low:
        return section_starts[i]
    for chars in _CUT_AFTER:
        best = max(text.rfind(ch, low, stop) for ch in chars)
        if best >= 0:
            return best + 1
    return stop


def _piece_start(piece: PreparedText) -> int:
    return piece.boundary_to_original(0)


def _shift_party_indices(ents: list[dict[str, Any]], shift: int) -> list[dict[str, Any]]:
    """A COMMITMENT's ``party`` indexes the piece's entities: make it index the report's."""
    for ent in ents:
        party = ent["attrs"].get("party")
        if ent["label"] == "COMMITMENT" and party is not None:
            ent["attrs"]["party"] = party + shift
    return ents


def _join_sections(
    sections: list[dict[str, Any]], piece_sections: list[dict[str, Any]], piece: PreparedText
) -> list[dict[str, Any]]:
    """Sections so far and a piece's: the piece's first unit, when it has no heading and
    follows a section, is the rest of that section (the cut fell inside it)."""
    if not piece_sections:
        return sections
    piece_sections[0]["start"] = _piece_start(piece)
    first = piece_sections[0]
    if sections and first["attrs"]["heading"] is None:
        sections[-1]["attrs"]["subsections"].extend(first["attrs"]["subsections"])
        piece_sections = piece_sections[1:]
    return sections + piece_sections


def _lay_out(sections: list[dict[str, Any]], length: int) -> None:
    """Sections cover [0, length) without gaps: each ends where the next begins."""
    if not sections:
        return
    sections[0]["start"] = 0
    for a, b in itertools.pairwise(sections):
        a["end"] = b["start"]
    sections[-1]["end"] = length


def _fill_meta(meta: dict[str, Any], piece_meta: dict[str, Any]) -> dict[str, Any]:
    """The report's metadata so far (the header is in the first piece), gaps filled by a
    later piece (the date under the signature is at the end)."""
    return {**piece_meta, **{k: v for k, v in meta.items() if v is not None}}
