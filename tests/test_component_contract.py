"""The component contract: every component serialises to bytes and disk alike, states what it
assigns and requires, and names the file and line of a data file it cannot read."""

from __future__ import annotations

import json

import pytest
import spacy
import srsly

import rulegov_nlp
from rulegov_nlp.component import DataFileError
from rulegov_nlp.pipeline import COMPONENTS, add_components, blank_pipeline
from tests.conftest import ROOT

EXAMPLE = (ROOT / "examples" / "qingchuan_town_2023.txt").read_text(encoding="utf-8")


def _records(nlp) -> str:
    return json.dumps(rulegov_nlp.extract(EXAMPLE, nlp=nlp), ensure_ascii=False, sort_keys=True)


def test_to_bytes_round_trips_every_component(nlp):
    data = nlp.to_bytes()
    assert set(COMPONENTS) <= set(srsly.msgpack_loads(data))
    again = spacy.util.load_model_from_config(nlp.config, auto_fill=False)
    again.from_bytes(data)
    for name in COMPONENTS:
        assert again.get_pipe(name).data.keys() == nlp.get_pipe(name).data.keys(), name
    assert _records(again) == _records(nlp)


def test_component_bytes_and_disk_carry_the_same_files(nlp, tmp_path):
    for name in COMPONENTS:
        comp = nlp.get_pipe(name)
        comp.to_disk(tmp_path / name)
        on_disk = {
            str(p.relative_to(tmp_path / name)): p.read_bytes()
            for p in (tmp_path / name).rglob("*")
            if p.is_file()
        }
        assert on_disk == srsly.msgpack_loads(comp.to_bytes()), name


def test_saved_pipeline_loads_and_states_its_contract(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    analysis = loaded.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    for name in COMPONENTS:
        assert analysis["summary"][name]["assigns"], name
    assert _records(loaded) == _records(nlp)


def test_blank_pipeline_states_no_problems():
    nlp = add_components(blank_pipeline(None, None))
    assert not any(nlp.analyze_pipes()["problems"].values())


def _saved(tmp_path, name: str):
    nlp = blank_pipeline(None, None)
    comp = nlp.add_pipe(name)
    comp.to_disk(tmp_path / name)
    return comp, tmp_path / name


def test_missing_data_file_names_the_file(tmp_path):
    comp, path = _saved(tmp_path, "rulegov_parties")
    (path / "roles.txt").unlink()
    with pytest.raises(DataFileError, match=r"roles\.txt: missing"):
        comp.from_disk(path)


def test_malformed_json_names_file_and_line(tmp_path):
    comp, path = _saved(tmp_path, "rulegov_structure")
    (path / "rules.json").write_text('{\n "heading_styles": [\n  oops\n]}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"rules\.json, line 3: malformed JSON"):
        comp.from_disk(path)


def test_malformed_tsv_row_names_file_and_line(tmp_path):
    comp, path = _saved(tmp_path, "rulegov_laws")
    with (path / "title_rejects.tsv").open("a", encoding="utf-8") as fh:
        fh.write("a\tb\tc\n")
    lines = (path / "title_rejects.tsv").read_text(encoding="utf-8").count("\n")
    with pytest.raises(DataFileError, match=rf"title_rejects\.tsv, line {lines}: 3 tab-separated"):
        comp.from_disk(path)


def test_missing_file_in_bytes_names_the_file():
    comp = blank_pipeline(None, None).add_pipe("rulegov_metadata")
    with pytest.raises(DataFileError, match=r"meta_fields\.json: missing"):
        comp.from_bytes(srsly.msgpack_dumps({}))


def test_initialize_takes_data_from_the_config(tmp_path):
    _, path = _saved(tmp_path, "rulegov_parties")
    with (path / "roles.txt").open("a", encoding="utf-8") as fh:
        fh.write("督导员\n")
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_parties")
    nlp.config["initialize"]["components"]["rulegov_parties"] = {"data": str(path)}
    nlp.initialize()
    doc = nlp("督导员到场")
    assert [e.text for e in doc.spans["entities"]] == ["督导员"]
