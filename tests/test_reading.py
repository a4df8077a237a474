"""Reading report files: every Chinese encoding decoded right or refused with a reason,
bounded and non-blocking reads, folders listed with every odd path on a line of its own."""

from __future__ import annotations

import os
import sys

import pytest

import rulegov_nlp
from rulegov_nlp import InputError, ReadError, read, read_report
from rulegov_nlp.reading import decode, decode_bytes, list_inputs, read_bytes
from rulegov_nlp.text.folding import package_t2s_text, parse_t2s
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "qingchuan_town_2023.txt"
REPORT = "县司法局2023年开展普法活动12场，出庭应诉率100%。\n二、存在的不足\n基层法治力量仍然薄弱。\n"
TRADITIONAL = "縣司法局2023年開展普法活動12場，出庭應訴率100%。\n二、存在的不足\n基層法治力量仍然薄弱。\n"


def page(body: str, charset: str) -> str:
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>法治政府</title></head><body><p>{body}</p></body></html>"
    )


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (REPORT, "utf-8"),
        (REPORT, "gbk"),
        (REPORT, "gb18030"),
        (REPORT, "gb2312"),
        (TRADITIONAL, "big5"),
        (REPORT, "utf-8-sig"),
        (REPORT, "utf-16"),
        (REPORT, "utf-16-be"),
        (REPORT, "utf-32"),
    ],
)
def test_every_chinese_encoding_decodes_to_the_same_text(text, encoding):
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    decoded = decode(data)
    assert decoded.text == text and decoded.warnings == []


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "big5"])
def test_html_is_decoded_with_its_declared_charset(charset):
    body = TRADITIONAL if charset == "big5" else REPORT
    html = page(body, charset)
    assert decode(html.encode(charset)).text == html


def test_big5_page_declared_as_gb2312_reads_as_big5_and_says_so():
    html = page(TRADITIONAL, "gb2312")
    decoded = decode(html.encode("big5"))
    assert decoded.text == html
    assert decoded.encoding == "cp950" and "declares charset" in decoded.warnings[0]


def test_a_stray_byte_is_replaced_and_its_byte_offset_reported():
    data = REPORT.encode()
    at = data.index("，".encode()) + len("，".encode())
    decoded = decode(data[:at] + b"\xff" + data[at:])
    assert decoded.text == REPORT.replace("，", "，\ufffd", 1)
    assert decoded.warnings == [
        f"replaced 1 undecodable byte sequence(s) with U+FFFD at byte offset(s) {at} (utf-8)"
    ]


def test_a_stray_byte_in_gbk_is_replaced_too():
    data = REPORT.encode("gbk")
    decoded = decode(data[:10] + b"\xff" + data[10:])
    assert decoded.encoding == "gb18030" and "byte offset(s) 10 " in decoded.warnings[0]
    assert decoded.text.replace("\ufffd", "") == REPORT


def test_a_bom_decides_even_with_a_stray_byte():
    data = "\ufeff".encode("utf-16-le") + REPORT.encode("utf-16-le")
    decoded = decode(data[:9] + data[10:])  # one byte of a code unit lost
    assert decoded.encoding == "utf-16-le" and "U+FFFD" in decoded.warnings[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes([0x81, 0x30, 0xFF, 0xFE]) * 5 + b"\x81", "undecodable"),
        (bytes(range(0x80, 0x100)) * 8, "undecodable"),
    ],
)
def test_what_cannot_be_decoded_says_why(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_read_and_read_report_on_files(tmp_path):
    path = tmp_path / "报告.html"
    html = page(REPORT, "gbk")
    path.write_bytes(html.encode("gbk"))
    assert read(path) == html
    report = read_report(str(path))
    assert (report.text, report.encoding, report.warnings) == (html, "gb18030", [])


def test_reading_is_bounded(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(REPORT.encode() * 10)
    assert read(path, max_bytes=len(REPORT.encode()) * 10) == REPORT * 10
    with pytest.raises(ReadError, match="larger than the limit of 100 bytes"):
        read(path, max_bytes=100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="not a regular file \\(a FIFO\\)"):
        read(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused():
    with pytest.raises(ReadError, match="character device"):
        read_bytes("/dev/zero")


def test_file_system_errors_are_one_clear_reason(tmp_path):
    (tmp_path / "loop_a.txt").symlink_to(tmp_path / "loop_b.txt")
    (tmp_path / "loop_b.txt").symlink_to(tmp_path / "loop_a.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    cases = {
        "missing.txt": "no such file",
        "loop_a.txt": "symlink loop",
        "dangling.txt": "dangling symlink",
        ".": "is a directory",
    }
    for name, reason in cases.items():
        with pytest.raises(ReadError) as info:
            read(tmp_path / name)
        assert info.value.reason.startswith(reason)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(REPORT, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ReadError, match="permission denied"):
        read(path)


def test_folder_listing_names_every_odd_path(tmp_path):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "sub" / "b.htm").write_text(page(REPORT, "utf-8"), encoding="utf-8")
    (folder / "c.pdf").write_bytes(b"%PDF-1.7")
    (folder / "d.docx").write_bytes(b"PK")
    (folder / "notes.csv").write_text("x", encoding="utf-8")  # not a report format: not listed
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "sub" / "up").symlink_to(folder)
    entries = {e.name.rsplit("/", 1)[-1]: e for e in list_inputs([str(folder)])}
    assert sorted(entries) == ["a.txt", "b.htm", "c.pdf", "d.docx", "dangling.txt", "up"]
    assert entries["a.txt"].is_report and entries["a.txt"].problem is None
    assert entries["c.pdf"].skipped and not entries["c.pdf"].is_report
    assert entries["dangling.txt"].problem.startswith("dangling symlink")
    assert entries["up"].skipped == "already read (symlink loop)" and entries["up"].folder


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_a_non_utf8_file_name_is_listed_escaped_and_read(tmp_path):
    name = os.fsencode(tmp_path) + b"/\xb1\xa8\xb8\xe6.txt"  # 报告 in GBK
    with open(name, "wb") as fh:
        fh.write(REPORT.encode("gbk"))
    (entry,) = list_inputs([str(tmp_path)])
    assert entry.name.endswith("\\xb1\\xa8\\xb8\\xe6.txt")
    entry.name.encode("utf-8")  # printable: no surrogates left
    assert read(entry.path) == REPORT


def test_an_empty_folder_is_a_problem_of_its_own(tmp_path):
    (entry,) = list_inputs([str(tmp_path)])
    assert entry.folder and "no .txt/.html/.htm files" in entry.problem


# --- the example report in other encodings gives the same record ------------------------------


def _traditional_where_needed(text: str) -> str:
    """The text with every character Big5 cannot encode replaced by its traditional form
    from the packaged table (which folding maps back)."""

    def big5(ch: str) -> bool:
        try:
            ch.encode("big5")
        except UnicodeEncodeError:
            return False
        return True

    to_traditional = {}
    for trad, simp in parse_t2s(package_t2s_text()).items():
        if big5(chr(trad)):
            to_traditional.setdefault(chr(simp), chr(trad))
    return "".join(ch if big5(ch) else to_traditional[ch] for ch in text)


def _entities_and_sections(record: dict) -> tuple[list, list]:
    ents = [(e["start"], e["end"], e["label"]) for e in record["entities"]]
    return ents, [(s["start"], s["end"], s["label"]) for s in record["sections"]]


@pytest.fixture(scope="module")
def example_record(nlp):
    return rulegov_nlp.extract(EXAMPLE.read_text(encoding="utf-8"), nlp=nlp)


@pytest.mark.parametrize("variant", ["big5", "utf-16-bom", "stray-byte"])
def test_example_in_other_encodings_gives_the_same_entities_and_sections(
    tmp_path, nlp, example_record, variant
):
    text = EXAMPLE.read_text(encoding="utf-8")
    if variant == "big5":
        data = _traditional_where_needed(text).encode("big5")
    elif variant == "utf-16-bom":
        data = text.encode("utf-16")
    else:
        utf8 = text.encode()
        at = utf8.index("。".encode()) + len("。".encode())
        data = utf8[:at] + b"\x80" + utf8[at:]
    path = tmp_path / f"{variant}.txt"
    path.write_bytes(data)
    report = read_report(path)
    record = rulegov_nlp.extract(report.text, nlp=nlp)
    if variant == "stray-byte":
        assert len(report.warnings) == 1 and f"offset(s) {at} " in report.warnings[0]
        shift = 1  # the U+FFFD after the first 。
        moved = report.text.index("\ufffd")
        record = {
            "entities": [
                {
                    **e,
                    "start": e["start"] - (e["start"] > moved) * shift,
                    "end": e["end"] - (e["end"] > moved) * shift,
                }
                for e in record["entities"]
            ],
            "sections": [
                {
                    **s,
                    "start": s["start"] - (s["start"] > moved) * shift,
                    "end": s["end"] - (s["end"] > moved) * shift,
                }
                for s in record["sections"]
            ],
        }
    else:
        assert report.warnings == []
    ents, sections = _entities_and_sections(record)
    want_ents, want_sections = _entities_and_sections(example_record)
    assert sections == want_sections
    assert ents == want_ents  # traditional characters fold (resources/t2s.tsv) before any rule reads them
    if variant == "big5":
        assert report.text == _traditional_where_needed(example_record["text"])


def test_read_stream_is_bounded_and_decodes(tmp_path):
    import io

    from rulegov_nlp.reading import read_stream

    assert read_stream(io.BytesIO(REPORT.encode("gbk")), "<stdin>").text == REPORT
    with pytest.raises(ReadError, match="<stdin>: larger than the limit of 5 bytes"):
        read_stream(io.BytesIO(REPORT.encode()), "<stdin>", max_bytes=5)
