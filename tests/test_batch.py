"""extract_many: failures stay local, any iterable streams in order, argument errors come
before any work, and worker processes give the records one process gives."""

from __future__ import annotations

import itertools
import os

import pytest
from spacy.language import Language

import rulegov_nlp
from rulegov_nlp import InputError, WorkerPool, extract_many

GOOD = [
    "县司法局2023年开展普法活动12场。",
    "镇党委理论学习中心组全年开展集中学法6次。",
    "出庭应诉率达到100%，行政复议案件办结率95%。",
]
FAIL_MARK = "故障演练"  # a phrase the failing test component below refuses


@Language.component("test_refuse_marked_reports")
def refuse_marked_reports(doc):
    """A component added to a copy of the real pipeline, to make one report fail for real."""
    if FAIL_MARK in doc.text:
        raise RuntimeError("refused a report marked for failure")
    return doc


KILL_MARK = "进程终止演练"  # a phrase on which the component below ends its worker process


@Language.component("test_die_on_marked_reports")
def die_on_marked_reports(doc):
    """Ends the process, as the kernel's out-of-memory killer would, on a marked report."""
    if KILL_MARK in doc.text:
        os._exit(1)
    return doc


@pytest.fixture(scope="module")
def failing_nlp():
    nlp = rulegov_nlp.load()
    nlp.add_pipe("test_refuse_marked_reports", last=True)
    return nlp


@pytest.fixture(scope="module")
def expected(nlp):
    return [rulegov_nlp.extract(t, nlp=nlp, record_id=str(i)) for i, t in enumerate(GOOD)]


def _strip_ids(records):
    return [{k: v for k, v in r.items() if k != "id"} for r in records]


@pytest.mark.parametrize("n_process", [1, 2])
@pytest.mark.parametrize(
    ("bad", "error_start"),
    [
        (None, "InputError: expected report text as str, got NoneType"),
        (42, "InputError: expected report text as str, got int"),
        (b"bytes", "InputError: expected report text as str, got bytes"),
        (f"县政府\ud800{FAIL_MARK}报告", None),  # a lone surrogate in a report that fails
    ],
)
def test_a_failing_report_in_the_middle_gives_an_error_record_and_the_others_go_on(
    failing_nlp, expected, n_process, bad, error_start
):
    texts = [GOOD[0], GOOD[1], bad, GOOD[2]]
    ids = ["a", "b", "bad", "c"]
    records = list(extract_many(texts, nlp=failing_nlp, n_process=n_process, ids=ids, on_error="record"))
    assert [r["id"] for r in records] == ids
    failed = records[2]
    assert failed["entities"] == [] and failed["sections"] == []
    if error_start:
        assert failed["error"].startswith(error_start)
    else:
        assert failed["error"].split(":")[0] in {"RuntimeError", "UnicodeEncodeError"}
        assert failed["text"] == texts[2].replace("\ud800", "\ufffd")  # writable as UTF-8
    good = [records[0], records[1], records[3]]
    assert all("error" not in r for r in good)
    assert _strip_ids(good) == _strip_ids(expected)


@pytest.mark.parametrize("n_process", [1, 2])
@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (None, InputError, "got NoneType"),
        (42, InputError, "got int"),
        (f"县政府\ud800{FAIL_MARK}报告", Exception, None),  # surrogate or marked: fails either way
    ],
)
def test_raise_mode_raises_at_the_failing_report_of_a_stream(failing_nlp, n_process, bad, error, message):
    stream = (t for t in [GOOD[0], bad, GOOD[1]])
    records = extract_many(stream, nlp=failing_nlp, n_process=n_process, on_error="raise", batch_size=1)
    assert next(records)["entities"]  # the report before it comes out
    with pytest.raises(error, match=message):
        list(records)


def test_raise_mode_rejects_a_list_with_a_non_text_item_before_any_work(nlp):
    with pytest.raises(InputError, match="item 1 is NoneType"):
        extract_many([GOOD[0], None], nlp=nlp)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"texts": GOOD, "ids": ["a"]}, "1 ids for 3 texts"),
        ({"texts": GOOD[0]}, "for one report use extract"),
        ({"texts": GOOD, "on_error": "skip"}, "on_error must be"),
        ({"texts": GOOD, "ids": ["a"] * 3, "id_column": "id"}, "ids or id_column"),
        ({"texts": GOOD, "n_process": 0}, "at least 1"),
    ],
)
def test_argument_errors_are_raised_at_the_call(nlp, kwargs, message):
    with pytest.raises(InputError, match=message):
        extract_many(nlp=nlp, **kwargs)  # raised here: no iteration needed


def test_streamed_ids_that_run_out_raise_when_they_end(nlp):
    records = extract_many(iter(GOOD), ids=iter(["a", "b"]), nlp=nlp)
    assert [r["id"] for r in itertools.islice(records, 2)] == ["a", "b"]
    with pytest.raises(InputError, match="different lengths"):
        next(records)


def _counted_reports(n: int, pulled: list[int]):
    """``n`` reports, noting in ``pulled`` each one taken from the stream."""
    for i in range(n):
        pulled.append(i)
        yield GOOD[i % 3]


def test_a_generator_is_consumed_lazily(nlp):
    pulled: list[int] = []
    records = extract_many(_counted_reports(1000, pulled), nlp=nlp)
    first = next(records)
    assert first["entities"] and len(pulled) == 1  # nothing was materialised


def test_workers_read_only_a_bounded_way_ahead(nlp):
    pulled: list[int] = []
    with WorkerPool(nlp, 2) as pool:
        records = extract_many(_counted_reports(200, pulled), nlp=nlp, pool=pool, batch_size=2)
        next(records)
        assert len(pulled) <= 2 * 2 * 3 + 2  # chunks in flight: 3 a worker, of 2 reports each
        assert len(list(records)) == 199


def test_one_pool_serves_many_calls_and_gives_the_records_of_one_process(nlp, expected):
    with WorkerPool(nlp, 2) as pool:
        for _ in range(2):
            records = list(extract_many(GOOD, nlp=nlp, pool=pool, ids=["0", "1", "2"], batch_size=1))
            assert records == expected


def test_a_worker_that_dies_costs_only_its_report(expected):
    nlp = rulegov_nlp.load()
    nlp.add_pipe("test_die_on_marked_reports", last=True)
    texts = [GOOD[0], GOOD[1], f"县政府{KILL_MARK}报告", GOOD[2]]
    with WorkerPool(nlp, 2) as pool:
        records = list(extract_many(texts, nlp=nlp, pool=pool, batch_size=2, on_error="record"))
        assert [r.get("error") for r in records] == [
            None,
            None,
            "BrokenProcessPool: the worker process died on this report",
            None,
        ]
        assert _strip_ids([records[0], records[1], records[3]]) == _strip_ids(expected)
        again = list(extract_many(GOOD, nlp=nlp, pool=pool, ids=["0", "1", "2"]))  # the pool still works
        assert again == expected


def test_a_dataset_is_read_by_its_text_and_id_columns(nlp, expected):
    datasets = pytest.importorskip("datasets")
    table = {"body": GOOD, "report_id": [0, 1, 2], "other": ["x", "y", "z"]}
    dataset = datasets.Dataset.from_dict(table)
    got = list(extract_many(dataset, nlp=nlp, text_column="body", id_column="report_id"))
    assert got == expected
    streamed = dataset.to_iterable_dataset()
    got = list(extract_many(streamed, nlp=nlp, text_column="body", id_column="report_id", n_process=2))
    assert got == expected


def test_a_dataset_without_the_column_is_an_argument_error(nlp):
    datasets = pytest.importorskip("datasets")
    dataset = datasets.Dataset.from_dict({"body": GOOD})
    with pytest.raises(InputError, match="no column 'text'"):
        extract_many(dataset, nlp=nlp)


def test_rows_without_the_text_column_fail_alone_in_record_mode(nlp):
    rows = [{"text": GOOD[0]}, {"body": GOOD[1]}, {"text": GOOD[2]}]
    records = list(extract_many(rows, nlp=nlp, on_error="record"))
    assert [bool(r.get("error")) for r in records] == [False, True, False]
    assert "no 'text' column" in records[1]["error"]
