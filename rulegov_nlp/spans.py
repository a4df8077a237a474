"""Character-exact spans on a pkuseg-tokenised Doc.

Every component finds its entities on ``doc.text`` by character offsets, but spaCy
only stores spans on token boundaries and silently drops misaligned ones. This
module is the single place that splits tokens where an entity boundary falls
inside one, keeps existing span groups and entities valid across the split, and
stores entities with their attributes.

Entities of all labels live in ``doc.spans["entities"]`` (labels may overlap each
other, e.g. an organ named inside a bare instrument name); ``doc.ents`` holds the
non-overlapping subset for displaCy and spaCy's scorers.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

ENTITY_GROUP = "entities"
SECTION_GROUP = "sections"

# Named views of ``span._.attrs`` so users can write ``span._.canonical``.
ATTRIBUTE_NAMES = (
    "kind", "canonical", "known", "status", "suggestion", "suggestion_score", "suggestion_canonical",
    "value", "value_max", "unit", "approx", "comparator", "metric", "year", "party",
    "type", "level",
)  # fmt: skip


@dataclass(frozen=True)
class EntityCandidate:
    """An entity found on ``doc.text`` before it becomes a Span."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)


def register_extensions() -> None:
    """Register the ``Span._`` and ``Doc._`` extensions once per process."""
    if not Span.has_extension("attrs"):
        Span.set_extension("attrs", default=None)
    for name in ATTRIBUTE_NAMES:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_attr_getter(name))
    for name, default in (("heading", None), ("subsections", None), ("section_prob", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name in ("meta", "checks", "offset_map", "commitment_rejections"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


TEXT_CACHE_KEY = ("rulegov", "text")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from the tokens on every access,
    which costs as much as segmentation when every component asks. Re-tokenisation never
    changes the text, so the cached copy stays valid."""
    text = doc.user_data.get(TEXT_CACHE_KEY)
    if text is None:
        text = doc.user_data[TEXT_CACHE_KEY] = doc.text
    return text


def _attr_getter(name: str):
    def getter(span: Span) -> Any:
        return (span._.attrs or {}).get(name)

    return getter


REBUILD_COST = 2_000_000  # split tokens x Doc tokens above which the Doc is rebuilt


def ensure_boundaries(doc: Doc, offsets: Iterable[int]) -> Doc:
    """Split tokens so that every character offset is a token boundary; returns the Doc to
    use from now on (``doc`` itself, or a rebuilt copy for a long Doc with many splits).

    spaCy's retokenizer moves every later token on each split, so many splits in a
    book-length Doc are quadratic; past REBUILD_COST the tokens are laid out once in a new
    Doc instead (same text, user data, span groups and entities). Span groups are
    re-anchored (the retokenizer does not update them on a split), and so is ``doc.ents``
    when a split token lies inside an entity: the split pieces keep the entity's IOB tag
    but not its type.
    """
    return _split_tokens(doc, _cuts_inside_tokens(doc, offsets))


def _split_tokens(doc: Doc, cuts: dict[int, list[int]]) -> Doc:
    """Split tokens at ``cuts`` (see :func:`ensure_boundaries`)."""
    if not cuts:
        return doc
    saved_groups = {
        key: [(s.start, s.end, s.label_, s.kb_id_) for s in group] for key, group in doc.spans.items()
    }
    saved_ents = [(e.start, e.end, e.label_) for e in doc.ents]
    if len(cuts) * len(doc) > REBUILD_COST:
        new = _with_tokens_split(doc, cuts)
        ents_split = True
    else:
        split_tokens = sorted(cuts)
        ents_split = any(
            bisect_left(split_tokens, a) < bisect_left(split_tokens, b) for a, b, _ in saved_ents
        )
        if ents_split:
            doc.ents = []
        with doc.retokenize() as retok:
            for i, rel_cuts in cuts.items():
                tok = doc[i]
                pieces = _split_text(tok.text, sorted(rel_cuts))
                heads = [(tok, k) for k in range(len(pieces))]
                retok.split(tok, pieces, heads=heads)
        new = doc
    shift = _index_shift(cuts)
    for key, items in saved_groups.items():
        new.spans[key] = [Span(new, shift(a), shift(b), label=lab, kb_id=kb) for a, b, lab, kb in items]
    if ents_split:
        new.ents = [Span(new, shift(a), shift(b), label=lab) for a, b, lab in saved_ents]
    return new


def _with_tokens_split(doc: Doc, cuts: dict[int, list[int]]) -> Doc:
    """A new Doc with the same text and user data whose tokens are split at ``cuts``."""
    words: list[str] = []
    spaces: list[bool] = []
    for tok in doc:
        rel = cuts.get(tok.i)
        pieces = [tok.text] if rel is None else _split_text(tok.text, sorted(rel))
        words.extend(pieces)
        spaces.extend([False] * (len(pieces) - 1) + [bool(tok.whitespace_)])
    new = Doc(doc.vocab, words=words, spaces=spaces, user_data=dict(doc.user_data))
    new.cats = dict(doc.cats)
    return new


def _index_shift(cuts: dict[int, list[int]]) -> Callable[[int], int]:
    """Old token index -> new index after token i became len(cuts[i]) + 1 tokens. Span
    boundaries are token boundaries, so a start maps to its token's first piece and an end to
    the token after the last piece: no character search is needed."""
    split_tokens = sorted(cuts)
    added = list(itertools.accumulate(len(cuts[i]) for i in split_tokens))

    def shift(old: int) -> int:
        k = bisect_left(split_tokens, old)  # split tokens before ``old``
        return old + (added[k - 1] if k else 0)

    return shift


def token_bounds(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """Character start and length of every token, from one ``to_array`` call (building Token
    objects to read ``idx`` costs more than the lookups they serve)."""
    starts, lengths = doc.to_array([IDX, LENGTH]).astype(np.int64).T
    return starts, lengths


def _cuts_inside_tokens(
    doc: Doc, offsets: Iterable[int], bounds: tuple[np.ndarray, np.ndarray] | None = None
) -> dict[int, list[int]]:
    """Token index -> offsets inside the token (relative), for offsets that fall inside one."""
    if len(doc) == 0:
        return {}
    starts, lengths = bounds if bounds is not None else token_bounds(doc)
    wanted = np.fromiter(set(offsets), dtype=np.int64)
    if wanted.size == 0:
        return {}
    token = np.searchsorted(starts, wanted, side="right") - 1
    rel = wanted - starts[np.maximum(token, 0)]
    inside = (token >= 0) & (rel > 0) & (rel < lengths[np.maximum(token, 0)])
    cuts: dict[int, list[int]] = {}
    for i, r in zip(token[inside].tolist(), rel[inside].tolist(), strict=True):
        cuts.setdefault(i, []).append(r)
    return cuts


def _split_text(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def char_spans(doc: Doc, items: Iterable[tuple[int, int, str]]) -> tuple[Doc, list[Span]]:
    """Spans at exact character offsets, splitting tokens first where needed; returns the
    Doc to use from now on (see :func:`ensure_boundaries`) and the spans."""
    doc, spans, _ = _spans_at(doc, list(items))
    return doc, spans


def _spans_at(doc: Doc, items: list[tuple[int, int, str]]) -> tuple[Doc, list[Span], list[bool]]:
    """:func:`char_spans`, and for each span whether it lies exactly at its offsets (it does
    unless an edge is whitespace only). Token indices come from one array lookup
    (``doc.char_span`` per span builds Token objects to find them); the token arrays are
    read once unless tokens are split."""
    if not items or len(doc) == 0:
        return doc, [_char_span(doc, s, e, label) for s, e, label in items], [False] * len(items)
    bounds = token_bounds(doc)
    cuts = _cuts_inside_tokens(doc, [o for s, e, _ in items for o in (s, e)], bounds)
    if cuts:  # tokens split (in place, or in a rebuilt Doc): read the arrays again
        doc = _split_tokens(doc, cuts)
        bounds = token_bounds(doc)
    token_starts, lengths = bounds
    token_ends = token_starts + lengths
    wanted_starts = np.fromiter((s for s, _, _ in items), np.int64, count=len(items))
    wanted_ends = np.fromiter((e for _, e, _ in items), np.int64, count=len(items))
    n = len(token_starts)
    first = np.minimum(np.searchsorted(token_starts, wanted_starts), n - 1)
    last = np.minimum(np.searchsorted(token_ends, wanted_ends), n - 1)
    exact = (
        (wanted_starts < wanted_ends)
        & (token_starts[first] == wanted_starts)
        & (token_ends[last] == wanted_ends)
    ).tolist()
    spans = [
        Span(doc, i, j + 1, label=label) if ok else _char_span(doc, s, e, label)  # as doc.char_span
        for (s, e, label), i, j, ok in zip(items, first.tolist(), last.tolist(), exact, strict=True)
    ]
    return doc, spans, exact


def _char_span(doc: Doc, start: int, end: int, label: str) -> Span:
    span = doc.char_span(start, end, label=label)
    if span is None:  # whitespace-only edge: widen to covering tokens
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span


def span_values(doc: Doc, name: str, bounds: Iterable[tuple[int, int]]) -> list[Any]:
    """``span._.<name>`` of the spans at ``bounds`` (character offsets), read from
    ``doc.user_data`` as spaCy's Underscore does: one ``span._`` costs an object and a lookup
    chain, which counts with tens of thousands of sections."""
    default = _plain_extension(name)
    data = doc.user_data
    return [data.get(("._.", name, start, end), default) for start, end in bounds]


def set_span_values(doc: Doc, name: str, bounds: Iterable[tuple[int, int]], values: Iterable[Any]) -> None:
    """Set ``span._.<name>`` of the spans at ``bounds``, as ``span._.<name> = value`` does."""
    _plain_extension(name)
    data = doc.user_data
    for (start, end), value in zip(bounds, values, strict=True):
        data[("._.", name, start, end)] = value


def _plain_extension(name: str) -> Any:
    """The default of a Span extension stored in ``doc.user_data`` (no getter, setter or
    method, immutable default): the only kind :func:`span_values` may read directly."""
    default, method, getter, setter = Span.get_extension(name)
    if method or getter or setter or isinstance(default, dict | list | set):
        raise ValueError(f"span._.{name} is not a plain stored extension")
    return default


def add_entities(doc: Doc, candidates: Iterable[EntityCandidate]) -> tuple[Doc, list[Span]]:
    """Store entities (with attributes) in the entity group and refresh ``doc.ents``;
    returns the Doc to use from now on and the new spans."""
    candidates = [c for c in candidates if c.end > c.start]
    doc, spans, exact = _spans_at(doc, [(c.start, c.end, c.label) for c in candidates])
    data = doc.user_data
    for cand, span, ok in zip(candidates, spans, exact, strict=True):
        if ok:  # where span._.attrs = … stores it (the span's own character offsets)
            data[("._.", "attrs", cand.start, cand.end)] = dict(cand.attrs)
        else:
            span._.attrs = dict(cand.attrs)
    group = list(doc.spans[ENTITY_GROUP]) if ENTITY_GROUP in doc.spans else []
    group += spans
    group.sort(key=lambda s: (s.start, s.end, s.label_))  # token order is character order
    doc.spans[ENTITY_GROUP] = group
    _refresh_ents(doc, filter_spans(group))
    return doc, spans


def _refresh_ents(doc: Doc, ents: list[Span]) -> None:
    """Set ``doc.ents``; when every current entity stays, only the new ones are written
    (setting all entities rewrites every token of the Doc)."""
    current = set(doc.ents)
    if current <= set(ents):
        doc.set_ents([e for e in ents if e not in current], default="unmodified")
    else:
        doc.ents = ents


def entities(doc: Doc, label: str | None = None) -> list[Span]:
    """Entities in document order, optionally of one label."""
    if ENTITY_GROUP not in doc.spans:
        return []
    return [s for s in doc.spans[ENTITY_GROUP] if label is None or s.label_ == label]


def entity_offsets(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    """Character offsets of the entities by label, in document order, read in one pass
    (``Span.start_char`` builds a Token on every access)."""
    out: dict[str, list[tuple[int, int]]] = {}
    if ENTITY_GROUP not in doc.spans or len(doc) == 0:
        return out
    starts, lengths = (column.tolist() for column in token_bounds(doc))
    for span in doc.spans[ENTITY_GROUP]:
        last = span.end - 1
        out.setdefault(span.label_, []).append((starts[span.start], starts[last] + lengths[last]))
    return out
