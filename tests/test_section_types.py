"""The section classifier: training on corpus records, plain-data persistence, fallbacks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rulegov_nlp.checks import missing_sections
from rulegov_nlp.corpus.records import read_records
from rulegov_nlp.document_kind import is_plan_document
from rulegov_nlp.pipeline import blank_pipeline
from rulegov_nlp.sections.train import train_section_classifier
from tests.conftest import ROOT

REPORT = (
    "柏溪县2022年度法治政府建设情况报告\n\n"
    "2022年,柏溪县坚持以习近平法治思想为指导,统筹推进法治政府建设,各项工作取得新进展。现将有关情况报告如下。\n\n"
    "一、主要举措和成效\n组织学法专题会议6次,审查规范性文件11件,办理行政复议案件23件。\n"
    "二、党政主要负责人履行推进法治建设第一责任人职责的情况\n县长带头学法,专题研究法治工作4次。\n"
    "柏溪县人民政府\n2023年2月10日\n"
)


@pytest.fixture(scope="module")
def model():
    records = [r for _, r in read_records([ROOT / "corpus" / "train.jsonl"])]
    return train_section_classifier(records, seed=0)


def label_doc(model, text):
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_structure")
    pipe = nlp.add_pipe("rulegov_section_types")
    pipe.set_model(model)
    doc = nlp(text)
    return [(s.label_, s._.section_prob) for s in doc.spans["sections"]]


def test_report_missing_two_parts(model):
    labels = [lab for lab, _ in label_doc(model, REPORT)]
    assert labels == ["header", "preamble", "measures", "leadership", "other"]
    assert missing_sections(labels) == ["shortcomings", "plans"]


def test_probabilities_are_reported(model):
    assert all(0.0 < p <= 1.0 for _, p in label_doc(model, REPORT))


def test_round_trip_is_plain_data(model, tmp_path):
    comp = blank_pipeline(None, None).add_pipe("rulegov_section_types")
    comp.set_model(model)
    comp.to_disk(tmp_path / "c")
    files = list((tmp_path / "c" / "model").iterdir())
    assert sorted(f.name for f in files) == ["arrays.npz", "meta.json", "vocabulary.json"]
    assert sum(f.stat().st_size for f in files) < 5_000_000
    again = blank_pipeline(None, None).add_pipe("rulegov_section_types").from_disk(tmp_path / "c")
    assert label_doc(again.model, REPORT) == label_doc(model, REPORT)


def test_plan_documents_are_recognised_by_title():
    assert is_plan_document("云桥市2024年法治政府建设工作要点\n\n一、总体要求\n")
    assert not is_plan_document("云桥市2023年法治政府建设情况报告\n\n一、主要举措\n")


def test_plan_documents_are_recognised_by_wrapper_or_preamble():
    from rulegov_nlp.structure import StructureFinder, package_rules

    finder = StructureFinder(package_rules())
    news = (
        "近日,市委、市政府印发了《云桥市法治政府建设实施纲要》,并发出通知,要求认真贯彻落实。\n"
        "《云桥市法治政府建设实施纲要》全文如下。\n为全面建设法治政府,制定本纲要。\n一、总体要求\n依法行政。\n"
    )
    untitled = (
        "2025年是关键之年,做好今年工作意义重大。2025年全省司法行政工作的总体思路是:坚持依法行政,"
        "深化改革创新,服务发展大局。\n一、坚持政治引领,着力提升能力\n1.加强学习。\n二、深化改革\n1.推进改革。\n"
    )
    report = (
        "2024年,本局坚持依法行政,做好今年工作的同时谋划长远,现将有关情况报告如下:\n"
        "一、主要工作\n开展普法。\n二、下一步打算\n继续推进。\n"
    )
    vague = (
        "2024年,本局坚持依法行政,为做好今年工作打下基础。\n一、主要工作\n开展普法。\n二、下一步\n继续推进。\n"
    )
    for text, expected in ((news, True), (untitled, True), (report, False), (vague, False)):
        assert is_plan_document(text, finder.find(text)) is expected


def test_plan_document_sections_are_plans(model):
    text = (
        "柘县人民政府办公室关于印发柘县法治政府建设实施方案的通知\n各乡镇人民政府:\n"
        "《柘县法治政府建设实施方案》已经县政府同意,现印发给你们,请认真贯彻执行。\n"
        "柘县人民政府办公室\n2024年4月8日\n柘县法治政府建设实施方案\n"
        "为深入推进依法行政,结合我县实际,制定本方案。\n"
        "一、坚持党的领导,健全法治政府建设推进机制\n建立健全工作机制,每年召开专题会议不少于2次。\n"
        "二、深化行政执法体制改革\n推进综合执法,规范执法行为。\n"
    )
    labels = [lab for lab, _ in label_doc(model, text)]
    assert labels == ["header", "preamble", "plans", "plans"]


def test_fallback_without_model():
    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_structure")
    nlp.add_pipe("rulegov_section_types")
    doc = nlp(REPORT)
    labels = [s.label_ for s in doc.spans["sections"]]
    assert labels[2:4] == ["measures", "leadership"]


@given(st.text(alphabet=st.sampled_from(list("一、法治政府Ab  \n\t(1)。")), max_size=40))
def test_gram_keys_are_scikit_learns_char_ngrams(text):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from rulegov_nlp.sections.features import VECTORIZER_CONFIG, gram_key, gram_keys

    analyzer = TfidfVectorizer(**VECTORIZER_CONFIG).build_analyzer()
    expected = sorted(gram_key(g) for g in analyzer(text))
    assert sorted(gram_keys(text, *VECTORIZER_CONFIG["ngram_range"]).tolist()) == expected


def test_combined_heading_takes_the_item_named_first():
    from rulegov_nlp.sections.keywords import combined_label, items_named

    assert items_named("三、存在的问题和下一步工作打算") == ["shortcomings", "plans"]
    assert combined_label("三、存在的问题和下一步工作打算", "plans") == "shortcomings"
    assert combined_label("四、下一步打算及需要解决的问题", "shortcomings") == "plans"
    assert combined_label("四、2024年工作计划", "plans") == "plans"
    assert combined_label("三、存在的问题和下一步工作打算", "measures") == "measures"


def test_completeness_reads_combined_headings_and_subsections():
    from rulegov_nlp.checks import missing_sections

    def section(label, heading, subs=()):
        return {"label": label, "attrs": {"heading": heading, "subsections": [{"heading": h} for h in subs]}}

    sections = [
        section("measures", "一、主要举措", ["（一）化解矛盾问题", "（二）规范执法"]),
        section("shortcomings", "二、存在的问题和下一步工作打算"),
    ]
    labels = [s["label"] for s in sections]
    assert missing_sections(labels) == ["leadership", "plans"]
    assert missing_sections(labels, sections) == ["leadership"]  # a bare 问题 in a subsection is not a part
    sections[0]["attrs"]["subsections"].append({"heading": "（三）主要负责人履行第一责任人职责的情况"})
    assert missing_sections(labels, sections) == []
