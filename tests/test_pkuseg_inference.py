"""The vectorised pkuseg inference returns exactly the words of ``pkuseg.cut``."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import spacy_pkuseg
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy_pkuseg import inference as pkuseg_inference

from rulegov_nlp.corpus.records import read_records
from rulegov_nlp.pkuseg_inference import FastPkuseg, fast_pkuseg

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "models" / "rulegov_zh" / "tokenizer" / "pkuseg_model"

# Every kind of character pkuseg treats apart: digits and full-width letters (normalised),
# its keywords -._,|/*: (read as "&"), whitespace (splits), Latin, astral characters.
ALPHABET = list("法治政府建设年度报告县司法局镇党委依行政处罚法律顾问开展普宣传次余项万") + list(
    "0123456789０１２ＡＢａｂ%％.-_,|/*:&《》（）()、，。；：“”abcXYZ 　\t\n\r𠀀😀"
)
MESSY = [
    "",
    " ",
    "法",
    "2023年第16季度开展普法宣传20余次，覆盖1.2万人次，出庭应诉率100%。",
    "ＡＢＣ１２３：全角字母与数字；a-b.c_d,e|f/g*h:i",
    "font-family:Arial;color:#333}.p{margin:0}",
    "依据《中华人民共和国行政处罚法》和行政处罚法开展执法",
    "法治政府建設年度報告",
    "𠀀法治😀政府\u3000建设\t年度\n报告",
    "中华人民共和国行政处罚法",
    "县司法局",
]


@pytest.fixture(scope="module")
def seg(nlp):
    return nlp.tokenizer.pkuseg_seg


@pytest.fixture(scope="module")
def fast(nlp) -> FastPkuseg:
    return nlp.tokenizer.fast_segmenter()


def pkuseg_scores(seg, piece: str):
    """The node scores pkuseg's own ``_cut`` computes for one piece."""
    fe, model = seg.feature_extractor, seg.model
    nodes = list(fe.normalize_text(piece))
    features = [fe.get_node_features_idx(i, nodes) for i in range(len(nodes))]
    scores, _ = pkuseg_inference.getLogYY(features, model.n_tag, model.n_feature * model.n_tag, model.w, 1.0)
    return scores


def test_shipped_model_runs_vectorised(fast):
    assert isinstance(fast, FastPkuseg)


@pytest.mark.parametrize("piece", [t for t in MESSY if t.strip()])
def test_node_scores_are_bit_identical(seg, fast, piece):
    assert np.array_equal(fast.node_scores(piece), pkuseg_scores(seg, piece))


def test_node_scores_of_a_long_piece_are_bit_identical(seg, fast):
    """A piece longer than SCORE_ROWS is scored in windows; every window's edge is inside it."""
    from rulegov_nlp.pkuseg_inference import SCORE_ROWS

    texts = [r["text"] for _, r in read_records(sorted((ROOT / "corpus").glob("*.jsonl")))]
    piece = "".join("".join(texts).split())[: 2 * SCORE_ROWS + 777]
    assert np.array_equal(fast.node_scores(piece), pkuseg_scores(seg, piece))
    assert fast.cut(piece) == seg.cut(piece)


@pytest.mark.parametrize("text", MESSY)
def test_same_words_on_messy_text(seg, fast, text):
    assert fast.cut(text) == seg.cut(text)


def test_same_words_on_corpus_reports(seg, fast):
    texts = [r["text"] for _, r in read_records(sorted((ROOT / "corpus").glob("*.jsonl")))]
    assert texts
    for text in texts:
        assert fast.cut(text) == seg.cut(text)


def test_same_words_on_segmenter_training_text(seg, fast):
    lines = (
        (ROOT / "rulegov_nlp" / "resources" / "segmenter_text.txt").read_text(encoding="utf-8").splitlines()
    )
    for start in range(0, len(lines), 200):
        text = "\n".join(lines[start : start + 200])
        assert fast.cut(text) == seg.cut(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=80))
def test_same_words_on_random_text(seg, fast, text):
    assert fast.cut(text) == seg.cut(text)


def test_user_dictionary_follows_pkuseg_quirk():
    """pkuseg's user-dictionary walk that passes a word and stops inside the text keeps
    everything up to where it stopped; the fast path does the same."""
    seg = spacy_pkuseg.pkuseg(str(MODEL_DIR), user_dict=["法治政府", "法治政府建设示范"])
    fast = fast_pkuseg(seg)
    assert fast is not None
    for text in ("推进法治政府建设情况", "推进法治政府", "法治政府建设示范市", "法治政府建设示范"):
        assert fast.cut(text) == seg.cut(text)
    assert "法治政府建设" in fast.cut("推进法治政府建设情况")


def test_user_dictionary_changes_are_seen(nlp):
    """spaCy can replace the user dictionary of a loaded tokenizer; the fast path reads it."""
    tokenizer = copy.deepcopy(nlp.tokenizer)
    tokenizer.pkuseg_update_user_dict(["普法宣传二十余次"], reset=True)
    text = "开展普法宣传二十余次"
    assert tokenizer.segment(text) == tokenizer.pkuseg_seg.cut(text)
    assert "普法宣传二十余次" in tokenizer.segment(text)


def test_unsupported_settings_fall_back(seg):
    tagging = copy.copy(seg)
    tagging.postag = True
    assert fast_pkuseg(tagging) is None


def test_dictionary_holding_the_empty_word(seg):
    """pkuseg reads a slice that runs off the text as "" and, when its dictionary holds ""
    (the stock "default" model's does), gives that word features of its own."""
    fe = copy.copy(seg.feature_extractor)
    fe.unigram = set(fe.unigram) | {""}
    fe.feature_to_idx = dict(fe.feature_to_idx)
    assert {"法治", "政府"} <= fe.unigram
    borrowed = iter(fe.feature_to_idx[k] for k in ("c.法", "c.治", "c.政", "c.府", "c.建"))
    for key in ("w-1.", "w1.", "ww.l.*政府", "ww.r.法治*", "ww.l.*"):
        fe.feature_to_idx[key] = next(borrowed)
    with_empty = copy.copy(seg)
    with_empty.feature_extractor = fe
    fast = fast_pkuseg(with_empty)
    assert fast is not None
    for text in [*MESSY, "政府法治", "法治政府建设", "建设法治政府"]:
        assert fast.cut(text) == with_empty.cut(text)
        if text:
            assert np.array_equal(fast.node_scores(text), pkuseg_scores(with_empty, text))
    assert not np.array_equal(fast.node_scores("建设法治政府"), pkuseg_scores(seg, "建设法治政府"))


@given(
    st.lists(st.integers(-(2**62), 2**62), max_size=300, unique=True),
    st.lists(st.integers(-(2**62), 2**62), max_size=50),
    st.integers(0, 2**20),
)
def test_key_table_fast_paths_equal_binary_search(keys, others, offset):
    """The direct array and the hash table answer as the binary search in the sorted keys
    (present keys, absent ones, keys in the direct array's range and outside it)."""
    from rulegov_nlp.pkuseg_inference import _KeyTable

    for key_set in (keys, [abs(k) % 70_000 for k in keys]):
        key_set = list(dict.fromkeys(key_set))
        table = _KeyTable.build(np.array(key_set, dtype=np.int64), np.arange(len(key_set)) + offset)
        query = np.array(key_set + others + [k + 1 for k in key_set], dtype=np.int64)
        assert np.array_equal(table.lookup(query), table._searched(query))
