"""The pipeline tokenizer builds the same Docs as spaCy's ChineseTokenizer, only faster."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.util import get_words_and_spaces

import rulegov_nlp
from rulegov_nlp.spans import doc_text
from rulegov_nlp.tokenizer import RulegovTokenizer, align_words

TEXT = st.text(alphabet=st.sampled_from(list("法治政府建设报告县局12%。, \n\u3000\t")), max_size=60)


def random_words(text: str, seed: int) -> list[str]:
    """What a segmenter returns: the non-space runs cut at random points."""
    rng = random.Random(seed)
    words = []
    for piece in text.split():
        cuts = sorted(rng.sample(range(1, len(piece)), k=min(len(piece) - 1, rng.randint(0, 3))))
        words += [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True)]
    return words


@given(TEXT, st.integers(0, 1000))
def test_alignment_equals_spacy(text, seed):
    words = random_words(text, seed)
    assert align_words(words, text) == get_words_and_spaces(words, text)


def test_alignment_refuses_changed_text():
    assert align_words(["法治", "政府"], "法治x政府") is None
    assert align_words(["法治", "政治"], "法治政府") is None


@pytest.fixture(scope="module")
def nlp():
    return rulegov_nlp.load()


def test_bundled_pipeline_uses_it(nlp):
    assert isinstance(nlp.tokenizer, RulegovTokenizer)
    text = "县司法局 开展普法宣传20余次。\r\n\n  法律顾问 提供咨询"
    doc = nlp.make_doc(text)
    assert doc.text == text and doc_text(doc) == text


def test_docs_equal_spacy_tokenizer(nlp):
    """Same tokens and spaces as spaCy's own ChineseTokenizer running pkuseg's ``cut``."""
    from spacy.lang.zh import ChineseTokenizer

    texts = [
        "县司法局 开展普法宣传20余次。\r\n\n  法律顾问 提供咨询",
        "  依据《中华人民共和国行政处罚法》\u3000第十条，出庭应诉率100%。\n",
        "font-family:Arial;} 2023年 第16季",
    ]
    for text in texts:
        ours, spacys = nlp.tokenizer(text), ChineseTokenizer.__call__(nlp.tokenizer, text)
        assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in spacys]


def test_shipped_tokenizer_reads_its_saved_tables(nlp):
    """The bundled model's vectorised tables are read from fast_tables.npz, and they are the
    tables a build from the model gives."""
    import numpy as np

    from rulegov_nlp.pkuseg_inference import FastPkuseg

    fast = nlp.tokenizer.fast_segmenter()
    assert fast.from_saved_tables
    saved, built = fast.tables_to_save(), FastPkuseg(nlp.tokenizer.pkuseg_seg).tables_to_save()
    assert saved.keys() == built.keys()
    assert all(np.array_equal(saved[name], built[name]) for name in saved)


def test_saved_tables_follow_the_files(nlp, tmp_path):
    """A saved tokenizer carries its tables; tables stamped for other files are ignored
    (built again), with the same words."""
    from rulegov_nlp.tokenizer import FAST_TABLES

    nlp.tokenizer.to_disk(tmp_path / "tok")
    assert (tmp_path / "tok" / FAST_TABLES).exists()
    again = RulegovTokenizer(nlp.vocab).from_disk(tmp_path / "tok")
    assert again.fast_segmenter().from_saved_tables
    with (tmp_path / "tok" / "cfg").open("a", encoding="utf-8") as fh:
        fh.write(" ")  # the files changed after the tables were written
    stale = RulegovTokenizer(nlp.vocab).from_disk(tmp_path / "tok")
    assert not stale.fast_segmenter().from_saved_tables
    text = "县司法局开展法治宣传20余次，行政复议纠错率为5%。"
    assert (
        [t.text for t in stale(text)] == [t.text for t in again(text)] == [t.text for t in nlp.make_doc(text)]
    )
