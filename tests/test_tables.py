"""Tidy tables (tables.py), their writers (output.py) and `rulegov extract -o` end to end."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from typer.testing import CliRunner

import rulegov_nlp
from rulegov_nlp.checks import unknown_laws
from rulegov_nlp.cli import app
from rulegov_nlp.output import open_sink
from rulegov_nlp.tables import SCHEMAS, TABLE_NAMES, build_tables, read_csv_table
from rulegov_nlp.textprep import InputError

REPORT = """白沙县司法局2024年法治政府建设工作报告

2024年，白沙县司法局在县委、县政府的领导下推进依法行政。

一、主要举措和成效
县司法局组织学习《中华人民共和国行政复议法》和《治安管理法》，执行《白沙县村务公开管理暂行办法》。县司法局全年提供法律咨询30余次，出庭应诉率100%。

二、存在的不足
基层法治力量仍然薄弱。

三、局主要负责人落实法治建设第一责任人职责的情况
局党组书记带头学法4次。

四、下一步工作安排
2025年，县司法局将开展普法活动不少于12场。
"""
SHORT = "红岭镇人民政府2023年组织法治讲座6场，镇综治办调处矛盾纠纷21件。"
FAILED = {"id": "broken.txt", "path": "in/broken.txt", "error": "empty input"}


@pytest.fixture(scope="module")
def record(nlp):
    return rulegov_nlp.extract(REPORT, nlp=nlp, record_id="baisha.txt")


@pytest.fixture(scope="module")
def tables(record):
    return build_tables([record, FAILED])


def assert_documented(df: pd.DataFrame, name: str) -> None:
    assert list(df.columns) == list(SCHEMAS[name])
    assert {c: str(t) for c, t in df.dtypes.items()} == SCHEMAS[name]


def test_every_table_has_its_documented_columns_and_dtypes(tables):
    assert set(tables) == set(TABLE_NAMES)
    for name, df in tables.items():
        assert_documented(df, name)
    assert "attrs" not in tables["entities"].columns


def test_no_records_give_empty_tables_with_the_same_schema():
    for name, df in build_tables([]).items():
        assert df.empty
        assert_documented(df, name)


def test_reports_row_holds_grouping_keys_completeness_and_counts(tables, record):
    row = tables["reports"].set_index("id").loc["baisha.txt"]
    assert row["path"] == "baisha.txt"  # no path key: the id stands in
    assert row["year"] == 2024 and row["level"] == "department"
    assert row["complete"] and pd.isna(row["missing_sections"])
    assert row["share_measures"] == record["checks"]["section_shares"]["measures"]
    assert row["n_law"] == 3 and row["n_commitment"] == 4
    assert row["n_misspellings"] == 1 and row["n_not_in_catalogue"] == 1
    assert pd.isna(row["error"]) and row["n_chars"] == len(REPORT)


def test_failed_report_keeps_its_row_with_the_error_and_null_counts(tables):
    row = tables["reports"].set_index("id").loc["broken.txt"]
    assert row["error"] == "empty input" and row["path"] == "in/broken.txt"
    assert pd.isna(row["n_law"]) and pd.isna(row["complete"])  # unknown, not "none found"
    for name in ("entities", "sections", "commitments", "laws_to_check"):
        assert "broken.txt" not in set(tables[name]["report_id"])


def test_law_and_commitment_kinds_stay_in_their_own_columns(tables):
    ents = tables["entities"]
    law = ents[ents["text"] == "中华人民共和国行政复议法"].iloc[0]
    assert law["law_kind"] == "law" and law["law_known"] and pd.isna(law["commitment_kind"])
    target = ents[ents["text"] == "不少于12场"].iloc[0]
    assert target["commitment_kind"] == "target" and pd.isna(target["law_kind"])
    assert target["commitment_comparator"] == "ge" and target["commitment_value"] == 12.0


def test_commitments_carry_the_linked_party(tables, record):
    rows = tables["commitments"]
    assert len(rows) == sum(e["label"] == "COMMITMENT" for e in record["entities"])
    consult = rows[rows["text"] == "30余次"].iloc[0]
    assert consult["metric"] == "法律咨询" and consult["approx"]
    assert consult["party_text"] == "县司法局" and consult["party_level"] == "county"
    linked = rows["party_index"].notna()
    assert (rows.loc[linked, "party_text"].notna()).all()
    assert rows.loc[~linked, "party_text"].isna().all()


def test_laws_to_check_separates_misspellings_from_names_not_in_the_catalogue(tables):
    laws = tables["laws_to_check"].set_index("text")
    assert laws.loc["治安管理法", "reason"] == "misspelling"
    assert laws.loc["治安管理法", "suggestion"] == "治安管理处罚法"
    assert laws.loc["白沙县村务公开管理暂行办法", "reason"] == "not_in_catalogue"
    assert pd.isna(laws.loc["白沙县村务公开管理暂行办法", "suggestion"])


def test_unknown_laws_check_uses_the_entity_keys(record):
    rows = {row["text"]: row for row in unknown_laws(record)}
    assert rows["治安管理法"]["suggestion_score"] == pytest.approx(0.833, abs=0.05)
    assert "score" not in rows["治安管理法"]
    assert {row["reason"] for row in rows.values()} == {"misspelling", "not_in_catalogue"}


def test_attributes_added_later_fill_their_columns_and_unknown_ones_are_kept(record):
    richer = copy.deepcopy(record)
    richer["meta"]["issuer_division"] = {"code": "469025000000", "level": "county", "name": "白沙黎族自治县"}
    richer["warnings"] = ["text cut at 1,000,000 characters", "odd bytes"]
    party = next(i for i, e in enumerate(richer["entities"]) if e["label"] == "PARTY")
    richer["entities"][party]["attrs"].update(
        place="白沙黎族自治县", division_code="469025000000", place_inferred=True, canonical=None, flag="x"
    )
    tables = build_tables([richer])
    report = tables["reports"].iloc[0]
    assert report["issuer_division_name"] == "白沙黎族自治县" and report["issuer_division_level"] == "county"
    assert report["warnings"] == "text cut at 1,000,000 characters;odd bytes"
    row = tables["entities"].iloc[party]
    assert row["party_place"] == "白沙黎族自治县" and row["party_place_inferred"]
    assert row["other_attrs"] == '{"flag": "x"}'


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".xlsx"])
def test_a_single_file_holds_the_entities_and_its_siblings_the_rest(tmp_path, record, suffix):
    out = tmp_path / "new" / f"run{suffix}"
    sink = open_sink(out)
    for rec in (record, FAILED):
        sink.write(rec)
    sink.close()
    expected = build_tables([record, FAILED])
    if suffix == ".xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        assert list(sheets) == list(TABLE_NAMES)
        assert len(sheets["reports"]) == 2 and list(sheets["entities"].columns) == list(SCHEMAS["entities"])
        return
    for name in TABLE_NAMES:
        path = out if name == "entities" else out.with_name(f"run.{name}{suffix}")
        got = pd.read_parquet(path) if suffix == ".parquet" else read_csv_table(path, name)
        pd.testing.assert_frame_equal(got, expected[name])


@pytest.mark.parametrize(
    ("output", "fmt", "message"),
    [
        ("out.txt", None, "cannot tell the format"),
        ("out.csv", "parquet", "--format is parquet"),
        ("folder/", "xlsx", "a folder holds the tables"),
        (None, "parquet", "binary"),
        ("out.csv", "feather", "unknown output format"),
    ],
)
def test_bad_destinations_are_refused_with_a_reason(tmp_path, output, fmt, message):
    with pytest.raises(InputError, match=message):
        open_sink(None if output is None else f"{tmp_path}/{output}", fmt)


def test_flushed_batches_write_one_table_with_one_schema(tmp_path, record, monkeypatch):
    import rulegov_nlp.output as output

    monkeypatch.setattr(output, "FLUSH_EVERY", 2)  # a real setting, made small: 3 row groups
    sink = open_sink(f"{tmp_path}/set/")
    records = [dict(record, id=f"r{i}") for i in range(5)]
    for rec in records:
        sink.write(rec)
    sink.close()
    got = pd.read_parquet(tmp_path / "set" / "entities.parquet")
    pd.testing.assert_frame_equal(got, build_tables(records)["entities"])


# --- `rulegov extract -o` on a folder of mixed inputs ---------------------------------------


@pytest.fixture(scope="module")
def mixed_inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "utf8.txt").write_text(REPORT, encoding="utf-8")
    (folder / "gbk.txt").write_bytes(SHORT.encode("gbk"))
    (folder / "gb18030.txt").write_bytes(("㐀" + REPORT.replace("白沙", "青山")).encode("gb18030"))
    page = (
        '<html><head><meta charset="gb2312"><title>报告</title></head><body>'
        "<p>东湖乡人民政府2023年开展法治宣传活动8次。</p><p>乡司法所调解纠纷15件。</p></body></html>"
    )
    (folder / "page.htm").write_bytes(page.encode("gb2312"))
    (folder / "empty.txt").write_bytes(b"")
    return folder


GOOD_INPUTS = {"utf8.txt", "gbk.txt", "gb18030.txt", "page.htm"}


def run_extract(*args):
    return CliRunner().invoke(app, ["extract", *map(str, args)])


def check_reports(reports: pd.DataFrame, stderr: str) -> None:
    names = {p.rsplit("/", 1)[-1] for p in reports["path"]}
    assert names >= GOOD_INPUTS
    assert reports.loc[reports["path"].str.endswith(tuple(GOOD_INPUTS)), "error"].isna().all()
    # The failing file has its row, with its error, and is named on stderr.
    failed = reports[reports["path"].str.endswith("empty.txt")]
    assert len(failed) == 1 and failed["error"].notna().all()
    assert "empty.txt" in stderr


def check_commitments(commitments: pd.DataFrame) -> None:
    linked = commitments[commitments["party_index"].notna()]
    assert len(linked) >= 4 and linked["party_text"].notna().all()
    assert "县司法局" in set(linked["party_text"])


def test_extract_to_parquet(mixed_inputs, tmp_path, nlp):
    out = tmp_path / "runs" / "all.parquet"
    result = run_extract(mixed_inputs, "-o", out)
    assert result.exit_code == 1 and "Traceback" not in result.output  # 1: one input failed
    tables = {n: pd.read_parquet(out.with_name(f"all.{n}.parquet")) for n in TABLE_NAMES if n != "entities"}
    tables["entities"] = pd.read_parquet(out)
    for name, df in tables.items():
        assert_documented(df, name)
    check_reports(tables["reports"], result.stderr)
    check_commitments(tables["commitments"])


def test_extract_to_csv_has_a_bom_and_typed_tables(mixed_inputs, tmp_path, nlp):
    out = tmp_path / "all.csv"
    result = run_extract(mixed_inputs, "-o", out)
    assert "Traceback" not in result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    reports = read_csv_table(out.with_name("all.reports.csv"), "reports")
    assert_documented(reports, "reports")
    check_reports(reports, result.stderr)
    check_commitments(read_csv_table(out.with_name("all.commitments.csv"), "commitments"))


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_extract_to_a_new_folder(mixed_inputs, tmp_path, nlp, fmt):
    out = tmp_path / "deep" / "tables"
    result = run_extract(mixed_inputs, "-o", f"{out}/", "--format", fmt)
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.{fmt}" for n in TABLE_NAMES)
    read = pd.read_parquet if fmt == "parquet" else None
    tables = {
        n: read(out / f"{n}.{fmt}") if read else read_csv_table(out / f"{n}.csv", n) for n in TABLE_NAMES
    }
    for name, df in tables.items():
        assert_documented(df, name)
    check_reports(tables["reports"], result.stderr)
    check_commitments(tables["commitments"])
    assert set(tables["sections"]["label"]) >= {"measures", "plans"}


def test_a_bad_destination_fails_before_the_model_loads(tmp_path):
    result = run_extract(tmp_path, "-o", tmp_path / "out.docx", "--model", tmp_path / "no-model")
    assert result.exit_code == 2
    assert "cannot tell the format" in result.output and "no rulegov pipeline" not in result.output


def test_docs_list_every_column_with_its_dtype():
    from tests.conftest import ROOT

    documented: dict[str, dict[str, str]] = {}
    table = None
    for line in (ROOT / "docs" / "tables.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            table = line.lstrip("#").strip()
        elif table in SCHEMAS and line.startswith("| ") and not line.startswith(("| column", "|---")):
            column, dtype = (cell.strip() for cell in line.strip("|").split("|")[:2])
            documented.setdefault(table, {})[column] = dtype
    assert documented == SCHEMAS


def test_places_found_by_the_pipeline_reach_reports_entities_and_commitments(nlp):
    text = "松溪县司法局2024年法治政府建设工作报告\n\n2024年，县司法局全年提供法律咨询45余次。"
    tables = build_tables([rulegov_nlp.extract(text, nlp=nlp, record_id="songxi")])
    report = tables["reports"].iloc[0]
    assert report["issuer_division_name"] == "松溪县" and report["issuer_division_level"] == "county"
    assert len(report["issuer_division_code"]) == 12
    parties = tables["entities"].query("label == 'PARTY'").set_index("text")
    assert (
        parties.loc["县司法局", "party_place"] == "松溪县" and parties.loc["县司法局", "party_place_inferred"]
    )
    consult = tables["commitments"].iloc[0]
    assert consult["party_text"] == "县司法局" and consult["party_place"] == "松溪县"
    assert consult["party_division_code"] == report["issuer_division_code"]


def test_excel_takes_control_characters_and_overlong_cells(tmp_path, record):
    odd = copy.deepcopy(record)
    odd["id"] = "报告\x0b一"  # openpyxl refuses control characters
    odd["sections"][0]["attrs"]["heading"] = "标题" * 20_000  # over Excel's 32,767 per cell
    out = tmp_path / "odd.xlsx"
    sink = open_sink(out)
    sink.write(odd)
    sink.close()
    sheets = pd.read_excel(out, sheet_name=None)
    assert sheets["reports"]["id"].tolist() == ["报告\ufffd一"]
    assert len(sheets["sections"]["heading"].iloc[0]) == 32_767


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".xlsx"])
def test_lone_surrogates_are_written_as_replacement_characters(tmp_path, suffix):
    # A file name in an unknown encoding reaches Python as surrogate escapes; UTF-8 cannot hold them.
    odd = {
        "id": "报告\udcb1.txt",
        "text": "县政府\ud800召开会议3次",
        "entities": [{"start": 0, "end": 3, "label": "PARTY", "attrs": {"type": "org"}}],
        "sections": [],
    }
    out = tmp_path / f"odd{suffix}"
    sink = open_sink(out)
    sink.write(odd)
    sink.close()
    if suffix == ".jsonl":
        assert '"报告\ufffd.txt"' in out.read_text(encoding="utf-8")
        return
    reports = {
        ".csv": lambda: read_csv_table(out.with_name("odd.reports.csv"), "reports"),
        ".parquet": lambda: pd.read_parquet(out.with_name("odd.reports.parquet")),
        ".xlsx": lambda: pd.read_excel(out, sheet_name="reports"),
    }[suffix]()
    assert reports["id"].tolist() == ["报告\ufffd.txt"]


def test_an_existing_folder_without_a_slash_gets_the_table_set(tmp_path, record):
    sink = open_sink(tmp_path, "csv")
    sink.write(record)
    sink.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)
