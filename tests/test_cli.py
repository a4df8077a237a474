"""The command line: exit codes and messages on bad input, batches that lose nothing."""

from __future__ import annotations

import json
import os
import sys

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
    assert [r["id"].rsplit("/", 1)[-1] for r in got] == ["a.txt", "c.txt", "b.htm"]  # input order
    assert got[1]["error"].startswith("ReadError: binary input") and got[1]["entities"] == []
    assert all("error" not in r for r in (got[0], got[2]))
    assert "c.txt" in result.stderr


def test_stdin_and_csv_output(runner, tmp_path, nlp):
    out = tmp_path / "out.csv"
    result = run(runner, "extract", "-", "--format", "csv", "-o", out, stdin="县政府召开会议3次。")
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("\ufeffreport_id,entity_index,start,end,text,label,law_kind")  # tables.py


def test_info_lists_components(runner, nlp):
    result = run(runner, "info", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["segmenter"] == "pkuseg" and "rulegov_laws" in data["components"]
    assert set(data["installed"]) >= {"python", "spacy", "spacy-pkuseg", "scikit-learn"}


def test_info_is_a_readable_table(runner, nlp):
    result = run(runner, "info")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("installed") and "spacy-pkuseg" in line for line in lines)
    assert any(line.startswith("scores") for line in lines)
    assert not result.stdout.lstrip().startswith("{")


def test_version(runner):
    from rulegov_nlp import __version__

    result = run(runner, "--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"rulegov_nlp {__version__}"


def test_every_option_has_help_text():
    import typer.main

    command = typer.main.get_command(app)
    for name, sub in _commands(command):
        for param in sub.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"{name} {param.opts} has no help text"


def _commands(command, prefix="rulegov"):
    yield prefix, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, f"{prefix} {name}")


def test_evaluate_on_a_path_without_records_is_an_error(runner, tmp_path):
    result = run(runner, "evaluate", "--gold", tmp_path, "--baseline")
    assert result.exit_code == 2
    assert "no gold records found" in result.stderr and "Traceback" not in result.output


# --- reading: odd paths, bounds, output safety ---------------------------------------------------


def _good_folder(tmp_path, n=3):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i}.txt").write_text(f"县司法局开展普法活动{i + 1}场。", encoding="utf-8")
    return folder


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_non_utf8_file_name_is_escaped_and_the_folder_goes_on(runner, tmp_path, nlp, workers):
    folder = _good_folder(tmp_path)
    with open(os.fsencode(folder) + b"/\xb1\xa8\xb8\xe6.txt", "wb") as fh:
        fh.write("镇党委召开会议3次。".encode("gbk"))
    result = runner.invoke(app, ["extract", str(folder), "--workers", workers])
    assert result.exit_code == 0, result.output
    result.stdout_bytes.decode("utf-8")  # stdout is valid UTF-8
    ids = [r["id"].rsplit("/", 1)[-1] for r in records(result.stdout)]
    assert ids == ["r0.txt", "r1.txt", "r2.txt", "\\xb1\\xa8\\xb8\\xe6.txt"]


def test_symlink_loops_dangling_links_and_fifos_are_one_line_each(runner, tmp_path, nlp):
    folder = _good_folder(tmp_path)
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / "dangling.htm").symlink_to(folder / "gone.htm")
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
    result = run(runner, "extract", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    got = {r["id"].rsplit("/", 1)[-1]: r for r in records(result.stdout)}
    assert all("error" not in got[f"r{i}.txt"] for i in range(3))
    assert got["loop_a.txt"]["error"] == "ReadError: symlink loop"
    assert got["dangling.htm"]["error"].startswith("ReadError: dangling symlink")
    if hasattr(os, "mkfifo"):
        assert "not a regular file (a FIFO)" in got["pipe.txt"]["error"]
    stderr = result.stderr.splitlines()
    assert sum("loop_a.txt" in line for line in stderr) == 1
    assert any(line.startswith("skipped") and "back" in line and "symlink loop" in line for line in stderr)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_not_read(runner, nlp):
    result = run(runner, "extract", "/dev/zero")
    assert result.exit_code == 1
    assert "/dev/zero: ReadError: not a regular file (a character device)" in result.stderr


def test_max_bytes_refuses_a_large_file_and_keeps_the_others(runner, tmp_path, nlp):
    folder = _good_folder(tmp_path, n=1)
    (folder / "big.txt").write_text("县政府召开会议。" * 100, encoding="utf-8")
    result = run(runner, "extract", folder, "--max-bytes", 1000)
    assert result.exit_code == 1
    assert "big.txt: ReadError: larger than the limit of 1,000 bytes" in result.stderr
    assert [bool(r.get("error")) for r in records(result.stdout)] == [True, False]


def test_output_never_overwrites_an_input_and_is_refused_before_the_model_loads(runner, tmp_path):
    folder = _good_folder(tmp_path, n=1)
    target = folder / "r0.txt"
    before = target.read_bytes()
    result = run(runner, "extract", folder, "-o", target, "--model", tmp_path / "no_model")
    assert result.exit_code == 2
    assert "is one of the inputs" in result.stderr and "no rulegov pipeline" not in result.stderr
    assert target.read_bytes() == before


def test_a_missing_output_folder_is_created(runner, tmp_path, nlp):
    out = tmp_path / "new" / "deeper" / "records.jsonl"
    result = run(runner, "extract", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(records(out.read_text(encoding="utf-8"))) == 1


def test_pdf_and_docx_files_are_listed_as_skipped(runner, tmp_path, nlp):
    folder = _good_folder(tmp_path, n=1)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7")
    (folder / "draft.docx").write_bytes(b"PK")
    result = run(runner, "extract", folder)
    assert result.exit_code == 0
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 2 and "draft.docx" in skipped[0] and "scan.pdf" in skipped[1]
    assert "2 skipped" in result.stderr


def test_stray_bytes_become_warnings_on_the_record(runner, tmp_path, nlp):
    data = "县司法局开展普法活动12场。".encode()
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:6] + b"\xff" + data[6:])
    result = run(runner, "extract", path)
    assert result.exit_code == 0
    (record,) = records(result.stdout)
    assert record["warnings"] == [
        "replaced 1 undecodable byte sequence(s) with U+FFFD at byte offset(s) 6 (utf-8)"
    ]


# --- progress ----------------------------------------------------------------------------------


def test_progress_lines_without_a_terminal_and_a_summary(runner, tmp_path, nlp):
    folder = _good_folder(tmp_path)
    result = run(runner, "extract", folder, "--progress-every", 0)
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    progress = [line for line in lines if line.startswith("progress:")]
    assert [line.split()[1] for line in progress] == ["1/3", "2/3", "3/3"]
    assert all("chars/s" in line and "ETA" in line and "r" in line.rsplit(" ", 1)[-1] for line in progress)
    assert progress[-1].endswith("r2.txt")
    assert lines[-1].startswith("done: 3 reports, 0 failed, 0 skipped, ")


def test_stdin_is_bounded_by_max_bytes_too(runner, nlp):
    result = run(runner, "extract", "-", "--max-bytes", 10, stdin="县政府召开会议3次。县政府召开会议3次。")
    assert result.exit_code == 1
    assert "<stdin>: ReadError: larger than the limit of 10 bytes" in result.stderr
