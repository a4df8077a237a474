"""Entity storage: token splits keep every span group and doc.ents on the same characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab

import rulegov_nlp.spans as spans_module
from rulegov_nlp.spans import (
    ENTITY_GROUP,
    EntityCandidate,
    add_entities,
    char_spans,
    entities,
    register_extensions,
    set_span_values,
    span_values,
)


def make_doc() -> Doc:
    register_extensions()
    words = ["县司法局", "开展", "普法宣传", "20余次", "，", "法律顾问", "提供", "咨询", "12次", "。"]
    return Doc(Vocab(), words=words, spaces=[False] * len(words))


def char_view(doc: Doc) -> dict[str, list[tuple[int, int, str]]]:
    groups = {k: [(s.start_char, s.end_char, s.label_) for s in g] for k, g in doc.spans.items()}
    groups["ents"] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return groups


@pytest.mark.parametrize("rebuild", [False, True], ids=["retokenize", "rebuild"])
def test_splits_keep_groups_and_ents_on_their_characters(monkeypatch, rebuild):
    if rebuild:  # the path a book-length Doc with many splits takes
        monkeypatch.setattr(spans_module, "REBUILD_COST", 0)
    doc = make_doc()
    text = doc.text
    doc, _ = add_entities(doc, [EntityCandidate(0, 4, "PARTY", {"type": "org"})])
    doc, doc_sections = char_spans(doc, [(0, len(text), "measures")])
    doc.spans["sections"] = doc_sections
    before = char_view(doc)
    # 20余次 -> 20余 | 次 boundary, 法律顾问 split inside, 县司法局 split inside an existing entity
    doc, _ = add_entities(
        doc,
        [
            EntityCandidate(10, 13, "COMMITMENT", {"value": 20.0}),
            EntityCandidate(text.index("顾问"), text.index("顾问") + 2, "PARTY", {"type": "role"}),
            EntityCandidate(1, 4, "PARTY", {"type": "org"}),
        ],
    )
    after = char_view(doc)
    assert after["sections"] == before["sections"]
    assert set(before[ENTITY_GROUP]) <= set(after[ENTITY_GROUP])
    assert (0, 4, "PARTY") in after["ents"]  # the longer of two overlapping spans
    assert (10, 13, "COMMITMENT") in after["ents"]
    assert doc.text == text
    assert [e._.attrs for e in entities(doc, "COMMITMENT")] == [{"value": 20.0}]


def test_pipeline_ents_are_the_longest_non_overlapping_entities():
    from spacy.util import filter_spans

    import rulegov_nlp
    from rulegov_nlp.corpus.records import read_records
    from tests.conftest import ROOT

    nlp = rulegov_nlp.load()
    for _, record in read_records([ROOT / "corpus" / "dev.jsonl"]):
        doc = nlp(record["text"])
        expected = [(s.start_char, s.end_char, s.label_) for s in filter_spans(list(doc.spans[ENTITY_GROUP]))]
        assert sorted(expected) == sorted((e.start_char, e.end_char, e.label_) for e in doc.ents)
        assert all(t.ent_type_ for t in doc if t.ent_iob_ in ("B", "I"))


def test_rebuilt_docs_give_the_same_records(monkeypatch, nlp):
    """Records are the same whether tokens are split in place or the Doc is rebuilt."""
    import rulegov_nlp
    from rulegov_nlp.corpus.records import read_records
    from tests.conftest import ROOT

    texts = [r["text"] for _, r in read_records([ROOT / "corpus" / "dev.jsonl"])]
    in_place = [rulegov_nlp.extract(t, nlp=nlp) for t in texts]
    monkeypatch.setattr(spans_module, "REBUILD_COST", 0)
    assert [rulegov_nlp.extract(t, nlp=nlp) for t in texts] == in_place


@given(
    words=st.lists(
        st.sampled_from(["县", "司法局", " ", "\n", "开展", "20", "次", "。"]), min_size=1, max_size=12
    ),
    cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6),
)
def test_char_spans_equal_doc_char_span(words, cuts):
    """The array lookup of char_spans gives the spans doc.char_span gives (whitespace edges widened)."""
    register_extensions()
    doc = Doc(Vocab(), words=words, spaces=[False] * len(words))
    n = len(doc.text)
    items = [(min(a, b, n), min(max(a, b), n), "x") for a, b in cuts]
    items = [(s, e, label) for s, e, label in items if s < e]
    doc, found = char_spans(doc, items)
    for (s, e, label), span in zip(items, found, strict=True):
        expected = doc.char_span(s, e, label=label) or doc.char_span(
            s, e, label=label, alignment_mode="expand"
        )
        assert (span.start, span.end, span.label_) == (expected.start, expected.end, expected.label_)


def test_span_values_read_and_write_what_span_underscore_does():
    doc = make_doc()
    doc, found = char_spans(doc, [(0, 4, "a"), (6, 10, "b")])
    found[0]._.heading = "一、"
    bounds = [(s.start_char, s.end_char) for s in found]
    assert span_values(doc, "heading", bounds) == ["一、", None]
    set_span_values(doc, "heading", bounds, ["甲", "乙"])
    assert [s._.heading for s in found] == ["甲", "乙"]
    with pytest.raises(ValueError, match="not a plain stored extension"):
        span_values(doc, "kind", bounds)
