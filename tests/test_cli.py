"""The command line: exit codes and messages on bad input, batches that lose nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rulegov_nlp.cli import app
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "qingchuan_town_2023.txt"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args, stdin=None):
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_extract_example_gives_one_valid_record(runner, nlp):
    result = run(runner, "extract", EXAMPLE)
    assert result.exit_code == 0, result.output
    (record,) = records(result.stdout)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert record["text"] == text
    for ent in record["entities"]:
        assert text[ent["start"] : ent["end"]].strip() == text[ent["start"] : ent["end"]]
    assert record["sections"][0]["start"] == 0 and record["sections"][-1]["end"] == len(text)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        (b"", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes([0x81, 0x30, 0xFF, 0xFE]) * 5 + b"\x81", "undecodable"),
    ],
)
def test_bad_input_is_reported_with_path_and_reason(runner, tmp_path, content, reason, nlp):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    result = run(runner, "extract", path)
    assert result.exit_code == 1
    assert str(path) in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_with_one_bad_file_keeps_the_others(runner, tmp_path, nlp, workers):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sub" / "b.htm").write_bytes(
        "<html><body><p>县司法局开展普法活动12场。</p></body></html>".encode("gb18030")
    )
    (folder / "c.txt").write_bytes(b"\x00\x01\x02binary")
    result = run(runner, "extract", folder, "--format", "jsonl", "--workers", workers)
    assert result.exit_code == 1
    got = records(result.stdout)
    assert sorted(r["id"].rsplit("/", 1)[-1] for r in got) == ["a.txt", "b.htm"]
    assert "c.txt" in result.stderr


def test_stdin_and_csv_output(runner, tmp_path, nlp):
    out = tmp_path / "out.csv"
    result = run(runner, "extract", "-", "--format", "csv", "-o", out, stdin="县政府召开会议3次。")
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("\ufeffreport_id,entity_index,start,end,text,label,law_kind")  # tables.py


def test_info_lists_components(runner, nlp):
    result = run(runner, "info")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["segmenter"] == "pkuseg" and "rulegov_laws" in data["components"]


def test_missing_model_is_a_clear_error(runner, tmp_path):
    result = run(runner, "extract", EXAMPLE, "--model", tmp_path)
    assert result.exit_code == 2
    assert "no rulegov pipeline" in result.stderr and "Traceback" not in result.output
