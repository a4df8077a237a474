"""Training on spaCy's lifecycle: the shipped config re-initialises from a fresh clone, the
section model is fitted by ``nlp.initialize()``, and no temporary path reaches a config."""

from __future__ import annotations

import json

import numpy as np
import pytest
import spacy

import rulegov_nlp
from rulegov_nlp.corpus.records import read_records
from rulegov_nlp.pipeline import initialized_pipeline
from rulegov_nlp.sections.train import train_section_classifier
from tests.conftest import ROOT

MODEL = ROOT / "models" / "rulegov_zh"
EXAMPLE = (ROOT / "examples" / "qingchuan_town_2023.txt").read_text(encoding="utf-8")


def _records(nlp) -> str:
    return json.dumps(rulegov_nlp.extract(EXAMPLE, nlp=nlp), ensure_ascii=False, sort_keys=True)


def _shipped_config(**paths):
    """The shipped config with its repository-relative [paths] made absolute (tests run
    from anywhere), plus ``paths``."""
    config = spacy.util.load_config(MODEL / "config.cfg")
    for key in ("segmenter", "user_dict", "sections"):
        config["paths"][key] = str(ROOT / config["paths"][key])
    config["paths"].update(paths)
    return config


@pytest.fixture
def subset(tmp_path):
    """A small training file: three corpus reports (fitting stays fast)."""
    lines = (ROOT / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shipped_config_reinitialises_to_the_shipped_pipeline(nlp):
    again = initialized_pipeline(_shipped_config())
    assert _records(again) == _records(nlp)


def test_initialize_fits_the_section_model_on_the_pipelines_units(subset):
    fitted = initialized_pipeline(_shipped_config(train=str(subset))).get_pipe("rulegov_section_types").model
    expected = train_section_classifier([r for _, r in read_records([subset])], seed=0)
    assert fitted.vocabulary == expected.vocabulary
    assert np.array_equal(fitted.coef, expected.coef)


def test_train_writes_no_temporary_path(tmp_path, subset):
    from rulegov_nlp.training.pipeline import train_pipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    subset.rename(corpus / "train.jsonl")
    dev = (ROOT / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:1]
    (corpus / "dev.jsonl").write_text(dev[0] + "\n", encoding="utf-8")
    output = tmp_path / "model"
    train_pipeline(corpus, output, segmenter_dir=MODEL / "tokenizer" / "pkuseg_model", log=lambda _: None)
    config = (output / "config.cfg").read_text(encoding="utf-8")
    assert "rulegov_train_" not in config
    assert f'user_dict = "{output / "user_dict.txt"}"' in config
    assert (output / "user_dict.txt").read_text(encoding="utf-8") == (MODEL / "user_dict.txt").read_text(
        encoding="utf-8"
    )
    again = initialized_pipeline(spacy.util.load_config(output / "config.cfg"))
    assert _records(again) == _records(spacy.load(output))
