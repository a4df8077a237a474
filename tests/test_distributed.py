"""Extraction on a Dask LocalCluster: the same tables as one process, shard by shard."""

from __future__ import annotations

import pandas as pd
import pytest

import rulegov_nlp
from rulegov_nlp.tables import SCHEMAS, TABLE_NAMES, build_tables

distributed = pytest.importorskip("distributed")

REPORTS = {
    "a.txt": "松林县人民政府2023年法治政府建设情况报告\n\n一、主要举措\n县政府常务会议学法4次，审查行政规范性文件16件。",
    "b.txt": "河口乡司法所全年开展法律咨询60余次，调解纠纷23件，组织学习《中华人民共和国民法典》。",
    "c.txt": "市生态环境局执法人员参加培训不少于40学时，执法检查覆盖率100%。",
    "d.txt": "下一步，区城管局将审查合同不少于30份，并学习《安全生产法》和《治安管理法》。",
    "e.txt": "",  # fails: empty input
}


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def read_table_set(out) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in TABLE_NAMES}


def assert_same_tables(got: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    for name in TABLE_NAMES:
        assert list(got[name].columns) == list(SCHEMAS[name])
        pd.testing.assert_frame_equal(got[name].reset_index(drop=True), expected[name], check_dtype=True)


def test_paths_on_a_local_cluster_equal_one_process(client, folder, tmp_path, nlp):
    from rulegov_nlp.distributed import extract_to_parquet

    out = tmp_path / "tables"
    counts = extract_to_parquet([folder], out, client=client, files_per_partition=2)
    assert counts == {"reports": 5, "failed": 1}
    assert sorted(p.name for p in (out / "entities").iterdir()) == [f"part-0000{i}.parquet" for i in range(3)]
    records = []
    for name, text in REPORTS.items():
        path = str(folder / name)
        record = (
            {"id": path, "error": "empty input"}
            if not text
            else rulegov_nlp.extract(text, nlp=nlp, record_id=path)
        )
        records.append({**record, "path": path})
    got = read_table_set(out)
    assert_same_tables(got, build_tables(records))
    failed = got["reports"].set_index("id").loc[str(folder / "e.txt")]
    assert "empty" in failed["error"]
    # Again into the same folder with one partition: the three old shards must not mix in.
    assert extract_to_parquet([folder], out, client=client, files_per_partition=10)["reports"] == 5
    assert [p.name for p in (out / "entities").iterdir()] == ["part-00000.parquet"]
    assert_same_tables(read_table_set(out), build_tables(records))


def test_parquet_input_on_a_local_cluster_equals_one_process(client, tmp_path, nlp):
    from rulegov_nlp.distributed import extract_to_parquet

    texts = {name: text for name, text in REPORTS.items() if text}
    source = tmp_path / "texts.parquet"
    pd.DataFrame({"doc_id": list(texts), "body": list(texts.values())}).to_parquet(source)
    out = tmp_path / "from-parquet"
    counts = extract_to_parquet(source, out, client=client, text_column="body", id_column="doc_id")
    assert counts == {"reports": 4, "failed": 0}
    records = rulegov_nlp.extract_many(list(texts.values()), nlp=nlp, ids=list(texts))
    assert_same_tables(read_table_set(out), build_tables(records))


def test_the_readme_local_cluster_example_runs_as_written(tmp_path):
    import re
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "LocalCluster(" in b]
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "example.py").write_text(example, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "{'reports': 1, 'failed': 0}" in done.stdout
    reports = pd.read_parquet(tmp_path / "out" / "tables" / "reports")
    assert reports["year"].tolist() == [2023] and reports["error"].isna().all()
