"""Segmenter recipe: metric, user dictionary, corrections, and the trained student (if built)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rulegov_nlp.training import segmenter as seg

ROOT = Path(__file__).resolve().parents[1]


def test_agreement_f1_identical_is_one() -> None:
    gold = [["依法", "行政"], ["2023年", "，", "开展", "普法"]]
    assert seg.agreement_f1(gold, gold) == 1.0


def test_agreement_f1_counts_exact_spans() -> None:
    # pred 3 words, gold 3 words, only the second sentence's 普法 matches: F1 = 2 * 1 / (3 + 3)
    pred = [["开展普", "法"], ["普法"]]
    gold = [["开展", "普法"], ["普法"]]
    assert seg.agreement_f1(pred, gold) == pytest.approx(1 / 3)
    assert seg.agreement_f1([["开展普法"]], [["开展", "普法"]]) == 0.0
    assert seg.agreement_f1([["开展", "普法", "活动"]], [["开展", "普法活动"]]) == pytest.approx(2 * 1 / 5)


def test_agreement_f1_rejects_different_texts() -> None:
    with pytest.raises(ValueError):
        seg.agreement_f1([["开展"]], [["普法"]])


def test_merge_number_cores_keeps_digit_runs_whole() -> None:
    assert seg.merge_number_cores(["第1", "6", "季"]) == ["第16", "季"]
    merged = seg.merge_number_cores(["2", "023年", "办结", "率", "10", "0%"])
    assert merged == ["2023年", "办结", "率", "100%"]
    merged = seg.merge_number_cores(["20", "余", "次", "1.", "2", "万", "人次"])
    assert merged == ["20余", "次", "1.2万", "人次"]
    assert seg.merge_number_cores(["执(", "z", "hí", ")法"]) == ["执(", "zhí", ")法"]
    assert seg.merge_number_cores(["开展", "普法"]) == ["开展", "普法"]


def test_split_sentences() -> None:
    assert seg.split_sentences("一、总体情况\n全年开展普法20余次。覆盖100%；成效明显") == [
        "一、总体情况",
        "全年开展普法20余次。",
        "覆盖100%；",
        "成效明显",
    ]


@pytest.fixture(scope="module")
def user_dict(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    try:
        seg.gazetteer_path()
    except FileNotFoundError:
        pytest.skip("legal-instrument gazetteer not available")
    out = seg.build_user_dict(tmp_path_factory.mktemp("ud") / "user_dict.txt")
    return out.read_text(encoding="utf-8").splitlines()


def test_user_dict_has_full_and_short_law_names(user_dict: list[str]) -> None:
    words = set(user_dict)
    assert {"行政处罚法", "中华人民共和国行政处罚法", "县委依法治县办", "司法所"} <= words


def test_user_dict_has_no_number_entries(user_dict: list[str]) -> None:
    assert not [w for w in user_dict if w[0].isdigit() or w[-1].isdigit() or w.endswith("%")]
    assert all(len(w) >= 2 and " " not in w for w in user_dict)


def test_packaged_user_dict_matches_recipe(user_dict: list[str]) -> None:
    assert seg.packaged_user_dict().read_text(encoding="utf-8").splitlines() == user_dict


@pytest.fixture(scope="module")
def student_cut():  # type: ignore[no-untyped-def]
    """The shipped student, as the bundled pipeline loads it (model + user dictionary)."""
    import rulegov_nlp

    return rulegov_nlp.load().tokenizer.pkuseg_seg.cut


def test_student_keeps_law_name_whole(student_cut) -> None:  # type: ignore[no-untyped-def]
    toks = student_cut("镇司法所组织干部学习《中华人民共和国行政处罚法》和《行政复议法》。")
    assert "中华人民共和国行政处罚法" in toks
    assert "行政复议法" in toks


@pytest.mark.parametrize("run", ["2023", "100%", "20余", "1.2万", "12.5%"])
def test_student_keeps_digit_runs_whole(student_cut, run: str) -> None:  # type: ignore[no-untyped-def]
    sentence = "2023年，全镇开展普法宣传20余次，覆盖1.2万人次，办结率100%，同比增长12.5%。"
    assert any(run in tok for tok in student_cut(sentence))


def test_pruned_word_lists_do_not_change_segmentation(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """prune_for_inference's claim: words without w-1./w1. features, and the bigram list,
    are never consulted when segmenting. Put such words back and compare."""
    import shutil

    import spacy_pkuseg
    import srsly

    from rulegov_nlp.pipeline import default_model_path

    shipped = default_model_path() / "tokenizer" / "pkuseg_model"
    padded = tmp_path / "padded"
    shutil.copytree(shipped, padded)
    data = srsly.read_msgpack(padded / "features.msgpack")
    assert data["bigram"] == []
    assert all(
        f"w-1.{w}" in data["feature_to_idx"] or f"w1.{w}" in data["feature_to_idx"] for w in data["unigram"]
    )
    extra = ["法治政府", "行政执法", "普法宣传", "开展活动", "司法所长", "镇人民政府", "法律顾问制"]
    data["unigram"] = sorted({*data["unigram"], *extra})
    data["bigram"] = [f"{a}*{b}" for a in extra for b in extra]
    srsly.write_msgpack(padded / "features.msgpack", data)
    text = "镇人民政府开展普法宣传活动12场,法律顾问制度全面落实,行政执法人员持证上岗率100%。"
    assert spacy_pkuseg.pkuseg(str(padded)).cut(text) == spacy_pkuseg.pkuseg(str(shipped)).cut(text)
    assert seg.prune_for_inference(padded)["unigram_kept"] == len(
        srsly.read_msgpack(shipped / "features.msgpack")["unigram"]
    )


def test_training_reports_each_iteration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rulegov_nlp.training.segmenter import train_student

    lines = [
        ["县", "司法局", "开展", "普法", "活动", "12", "场", "。"],
        ["镇党委", "召开", "会议", "3", "次", "。"],
    ] * 10
    progress: list[str] = []
    train_student(lines, lines[:2], tmp_path / "student", iterations=2, seed=0, progress=progress.append)
    assert [p.split(":")[0] for p in progress] == ["segmenter iteration 1/2", "segmenter iteration 2/2"]
    log = (tmp_path / "student" / "train.log").read_text(encoding="utf-8")
    assert "iter1" in log  # pkuseg's own log is still kept
