"""The scorer on small synthetic cases whose scores are computed by hand."""

from __future__ import annotations

import pytest

from rulegov_nlp.evaluate import evaluate, format_report, match_overlap


def ent(start, end, label="LAW", **attrs):
    return {"start": start, "end": end, "label": label, "attrs": attrs}


def rec(text, entities=(), sections=()):
    return {"id": "t", "text": text, "entities": list(entities), "sections": list(sections)}


TEXT = "x" * 100


def test_exact_and_overlap_counts_by_hand():
    gold = rec(TEXT, [ent(0, 5), ent(10, 20), ent(30, 40)])
    # one exact hit, one partial overlap, one spurious
    pred = rec(TEXT, [ent(0, 5), ent(12, 22), ent(50, 55)])
    r = evaluate([gold], [pred])["labels"]["LAW"]
    assert (r["exact"]["tp"], r["exact"]["fp"], r["exact"]["fn"]) == (1, 2, 2)
    assert r["exact"]["precision"] == pytest.approx(1 / 3)
    assert r["exact"]["recall"] == pytest.approx(1 / 3)
    assert (r["overlap"]["tp"], r["overlap"]["fp"], r["overlap"]["fn"]) == (2, 1, 1)
    assert r["overlap"]["f1"] == pytest.approx(2 / 3)


def test_duplicate_prediction_is_a_false_positive():
    gold = rec(TEXT, [ent(0, 5)])
    pred = rec(TEXT, [ent(0, 5), ent(0, 5)])
    r = evaluate([gold], [pred])["labels"]["LAW"]["exact"]
    assert (r["tp"], r["fp"], r["fn"]) == (1, 1, 0)
    assert r["precision"] == pytest.approx(0.5)
    assert r["f1"] == pytest.approx(2 / 3)


def test_overlap_matching_is_one_to_one_largest_first():
    gold = [ent(0, 10), ent(10, 20)]
    pred = [ent(5, 18)]  # shares 5 with the first, 8 with the second
    assert match_overlap(gold, pred) == [(1, 0)]


def test_labels_never_match_across():
    gold = rec(TEXT, [ent(0, 5, "PARTY", type="org")])
    pred = rec(TEXT, [ent(0, 5, "LAW", kind="law")])
    r = evaluate([gold], [pred])["labels"]
    assert r["PARTY"]["exact"]["fn"] == 1 and r["LAW"]["exact"]["fp"] == 1


def test_empty_documents_score_zero_without_dividing_by_zero():
    r = evaluate([rec("")], [rec("")])
    assert r["labels"]["LAW"]["exact"] == {
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    assert r["sections"]["char_accuracy"] is None
    assert "documents: 1" in format_report(r)


def test_attribute_accuracy_counts_only_exact_matches():
    gold = rec(
        TEXT,
        [
            ent(0, 3, "COMMITMENT", value=20.0, unit="次", approx=True, comparator=None, kind="achieved"),
            ent(5, 8, "COMMITMENT", value=3.0, unit="件", approx=False, comparator=None, kind="achieved"),
        ],
    )
    pred = rec(
        TEXT,
        [
            ent(
                0,
                3,
                "COMMITMENT",
                value=20.0000000001,
                unit="次",
                approx=False,
                comparator=None,
                kind="target",
            ),
            ent(5, 9, "COMMITMENT", value=3.0, unit="件", approx=False, comparator=None, kind="achieved"),
        ],
    )
    attrs = evaluate([gold], [pred])["labels"]["COMMITMENT"]["attrs"]
    assert attrs["value"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert attrs["approx"]["accuracy"] == 0.0
    assert attrs["kind"]["accuracy"] == 0.0
    assert attrs["unit"]["total"] == 1


def test_section_char_accuracy_and_confusion_by_hand():
    text = "a" * 10
    gold = rec(
        text, sections=[{"start": 0, "end": 4, "label": "header"}, {"start": 4, "end": 10, "label": "plans"}]
    )
    pred = rec(
        text, sections=[{"start": 0, "end": 6, "label": "header"}, {"start": 6, "end": 10, "label": "plans"}]
    )
    s = evaluate([gold], [pred])["sections"]
    assert s["char_accuracy"] == pytest.approx(0.8)
    assert s["section_accuracy"] == 0.0
    assert s["confusion"] == {"header": {"header": 4}, "plans": {"header": 2, "plans": 4}}


def test_errors_list_false_positives_and_negatives_with_context():
    text = "学习宪法和民法典"
    gold = rec(text, [ent(2, 4), ent(5, 8)])
    pred = rec(text, [ent(2, 4), ent(6, 8)])
    errors = evaluate([gold], [pred], errors=5)["errors"]["LAW"]
    assert [e["text"] for e in errors["fn"]] == ["民法典"]
    assert [e["text"] for e in errors["fp"]] == ["法典"]


def test_mismatched_record_counts_are_rejected():
    with pytest.raises(ValueError):
        evaluate([rec("a")], [])
