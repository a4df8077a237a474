"""The report view and page: every character kept, all labels highlighted, checks shown,
records of every kind (extracted, gold without checks, failed) accepted, and a page that
needs nothing from the network."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser

import pytest
from spacy import displacy
from typer.testing import CliRunner

import rulegov_nlp
from rulegov_nlp.cli import app
from rulegov_nlp.report import build_page
from rulegov_nlp.report.summary import (
    cited_laws,
    commitments_by_metric,
    completeness_cells,
    misspellings,
    report_rows,
)
from rulegov_nlp.textprep import prepare
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "qingchuan_town_2023.txt"

# Written for this test: a county forestry bureau's report with all four mandated parts,
# a misspelled law (野生动物保户法), a local rule not in the catalogue and targets for next year.
FORESTRY = """松岭县林业局2022年度法治政府建设工作报告

2022年，松岭县林业局在县委县政府领导下，围绕护林防火和依法行政两条主线开展工作，现将全年情况报告如下。

一、主要做法和成效
（一）抓学习。局党组全年组织集体学法8次，重点学习《中华人民共和国森林法》和新修订的行政处罚法，干部职工参学率达到98%。
（二）抓执法。县森林公安与局执法大队联合巡查林区41次，依照《中华人民共和国行政许可法》办理采伐许可审批260余件，引用《野生动物保户法》和《松岭县林区巡护管理办法》查处非法猎捕案件3起。

二、存在的问题
一是基层护林员法律知识不足；二是执法装备较为陈旧。

三、主要负责人履行第一责任人职责情况
局长带头讲法治课2次，听取法治工作汇报4次。

四、下一步工作安排
2023年，局法规股将组织执法人员培训不少于3期，确保行政执法案卷合格率达到100%。
"""

# A village report without its shortcomings and leadership parts, written for this test.
VILLAGE = """桃溪村2023年法治建设情况报告

一、主要工作
村委会全年开展普法讲座5场，依照《中华人民共和国村民委员会组织法》完成村务公开12次。

二、下一步计划
力争调解成功率达到95%以上。
"""


class _ViewParser(HTMLParser):
    """Collects the text inside band-text elements and every mark's label, index and title."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 inside a band-text div
        self.chunks: list[str] = []
        self.texts: list[str] = []
        self.marks: list[dict[str, str]] = []
        self.links: list[str] = []  # every src and href outside script text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.links.extend(attrs[key] for key in ("src", "href") if attrs.get(key))
        if self.depth:
            self.depth += tag == "div"
        elif tag == "div" and "band-text" in (attrs.get("class") or ""):
            self.depth = 1
            self.chunks = []
        if tag == "mark" and "data-ent" in attrs:
            self.marks.append(attrs)

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1
            if not self.depth:
                self.texts.append("".join(self.chunks))

    def handle_data(self, data):
        if self.depth:
            self.chunks.append(data)


def parse(html: str) -> _ViewParser:
    parser = _ViewParser()
    parser.convert_charrefs = True
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def forestry(nlp) -> dict:
    return rulegov_nlp.extract(FORESTRY, nlp=nlp, record_id="songling_forestry_2022.txt")


@pytest.fixture(scope="module")
def village(nlp) -> dict:
    return rulegov_nlp.extract(VILLAGE, nlp=nlp, record_id="taoxi_village_2023.txt")


def test_view_keeps_every_character_and_inserts_no_space(forestry):
    view = parse(rulegov_nlp.render(forestry).html)
    assert "".join(view.texts) == FORESTRY  # spaCy's span renderer would add a space per token


def test_every_entity_is_highlighted_with_its_own_text_and_label(forestry):
    view = parse(rulegov_nlp.render(forestry).html)
    marks = {int(m["data-ent"]): m for m in view.marks}
    assert sorted(marks) == list(range(len(forestry["entities"])))
    for index, ent in enumerate(forestry["entities"]):
        assert f"ent-{ent['label']}" in marks[index]["class"]
        assert marks[index]["title"].startswith(f"{ent['label']}  {FORESTRY[ent['start'] : ent['end']]}")
    assert {c for m in view.marks for c in m["class"].split()} == {
        "ent", "ent-LAW", "ent-COMMITMENT", "ent-PARTY", "unknown"
    }  # fmt: skip
    unknown = [m["title"].split("\n")[0] for m in view.marks if "unknown" in m["class"].split()]
    assert unknown == ["LAW  野生动物保户法", "LAW  松岭县林区巡护管理办法"]


def test_hover_titles_carry_the_attributes(forestry):
    titles = {m["title"].split("\n")[0]: m["title"] for m in parse(rulegov_nlp.render(forestry).html).marks}
    assert "canonical: 中华人民共和国行政处罚法" in titles["LAW  行政处罚法"]
    assert "suggestion: 野生动物保护法" in titles["LAW  野生动物保户法"]
    eight = titles["COMMITMENT  8次"]
    assert "metric: 集体学法" in eight and "kind: achieved" in eight
    assert "party: 局党组" in eight  # the PARTY's text, not its index
    assert "kind: target" in titles["COMMITMENT  不少于3期"]


def test_checks_split_misspellings_from_names_not_in_the_catalogue(forestry, village):
    html = rulegov_nlp.render(forestry).html
    assert "《野生动物保户法》 → 《野生动物保护法》" in html
    assert "1 name(s) not in the law catalogue" in html and "松岭县林区巡护管理办法" in html
    assert "All mandated parts present" in html
    assert "Missing mandated parts: shortcomings, leadership" in rulegov_nlp.render(village).html


def test_html_source_is_shown_as_the_text_the_pipeline_read(nlp):
    paragraphs = "".join(f"<p>{line}</p>" for line in FORESTRY.split("\n"))
    page = f"<html><head><style>p {{margin: 0}}</style></head><body><div>首页 &gt; 政务公开</div>{paragraphs}</body></html>"
    record = rulegov_nlp.extract(page, nlp=nlp)
    html = rulegov_nlp.render(record).html
    view = parse(html)
    assert "".join(view.texts) == prepare(page).text
    assert "&lt;p&gt;" not in html and "margin" not in "".join(view.texts)
    assert "HTML source: shown as the text the pipeline read" in html
    titles = [m["title"].split("\n")[0] for m in view.marks]
    assert titles == [f"{e['label']}  {page[e['start'] : e['end']]}" for e in record["entities"]]


def test_section_bands_carry_labels_and_headings(forestry):
    html = rulegov_nlp.render(forestry).html
    labels = re.findall(r'<section class="band band-(\w+)">', html)
    assert labels == [s["label"] for s in forestry["sections"]]
    assert "measures · 一、主要做法和成效" in html


def test_render_takes_a_doc_a_record_or_a_text(nlp, forestry):
    from_record = rulegov_nlp.render(forestry)
    assert from_record._repr_html_() == str(from_record)
    doc_view = parse(rulegov_nlp.render(nlp(FORESTRY)).html)
    assert "".join(doc_view.texts) == FORESTRY
    assert len(doc_view.marks) == len(forestry["entities"])
    with pytest.raises(TypeError, match="expected a Doc"):
        rulegov_nlp.render(42)


def test_overlapping_entities_nest_and_keep_the_text():
    text = "依照县司法局规范性文件管理办法执行"
    record = {
        "id": "nested",
        "text": text,
        "entities": [
            {"start": 2, "end": 15, "label": "LAW", "attrs": {"kind": "rule", "known": False}},
            {"start": 2, "end": 6, "label": "PARTY", "attrs": {"type": "org"}},
            {"start": 5, "end": 9, "label": "COMMITMENT", "attrs": {}},  # crosses both edges
        ],
        "sections": [],
    }
    html = rulegov_nlp.render(record).html
    view = parse(html)
    assert "".join(view.texts) == text
    assert {m["data-ent"] for m in view.marks} == {"0", "1", "2"}
    # the PARTY sits inside the LAW: the LAW's mark opens first
    assert re.search(r'data-ent="0"[^>]*><mark class="ent ent-PARTY" data-ent="1"', html)


def test_records_without_checks_and_failed_ones_are_shown():
    gold = json.loads((ROOT / "corpus" / "test.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "checks" not in gold
    failed = {"id": "broken.htm", "error": "undecodable: not UTF-8, GB18030 or GBK"}
    html = build_page([gold, failed])
    view = parse(html)
    assert "".join(view.texts) == gold["text"]
    assert "Extraction failed" in html and "undecodable: not UTF-8, GB18030 or GBK" in html
    rows = report_rows([gold, failed])
    assert rows[0]["status"] in ("complete", "incomplete") and rows[1]["status"] == "failed"


def test_new_party_attributes_and_issuer_division_are_shown(forestry):
    record = json.loads(json.dumps(forestry))
    party = next(e for e in record["entities"] if e["label"] == "PARTY")
    party["attrs"].update(place="松岭县", division_code="000000", place_inferred=False)
    record["meta"]["issuer_division"] = {"code": "000000", "level": "county", "name": "松岭县"}
    html = rulegov_nlp.render(record).html
    assert "place: 松岭县" in html and "division_code: 000000" in html
    assert "code: 000000, level: county, name: 松岭县" in html


def test_displacy_options_colour_every_label(nlp):
    doc = nlp(FORESTRY)
    span_html = displacy.render(doc, style="span", options=rulegov_nlp.DISPLACY_OPTIONS)
    ent_html = displacy.render(doc, style="ent", options=rulegov_nlp.DISPLACY_OPTIONS)
    for label, colour in rulegov_nlp.DISPLACY_OPTIONS["colors"].items():
        assert colour in span_html, label
        assert colour in ent_html, label
    assert set(rulegov_nlp.DISPLACY_OPTIONS["colors"]) == {"LAW", "COMMITMENT", "PARTY"}


def test_corpus_aggregates(forestry, village):
    records = [forestry, village]
    laws = {row["law"]: row for row in cited_laws(records)}
    assert (
        laws["中华人民共和国行政处罚法"]["citations"] == 1
    )  # cited as 行政处罚法, counted by canonical name
    assert laws["中华人民共和国村民委员会组织法"]["reports"] == 1
    (wrong,) = misspellings(records)
    assert (wrong["text"], wrong["suggestion"], wrong["count"]) == ("野生动物保户法", "野生动物保护法", 1)
    by_metric = {(r["metric"], r["kind"]): r["count"] for r in commitments_by_metric(records)}
    assert by_metric[("集体学法", "achieved")] == 1 and by_metric[("执法人员培训", "target")] == 1
    cells = {(c["level"], c["year"]): c for c in completeness_cells(report_rows(records))}
    assert cells[("department", "2022")]["label"] == "1/1"
    assert cells[("village", "2023")]["label"] == "0/1"


def test_page_is_self_contained(forestry, village):
    html = build_page([forestry, village])
    links = parse(html).links
    assert links and all(link.startswith("#") for link in links)  # nothing loaded from elsewhere
    assert "vegaEmbed" in html and len(html) > 500_000  # the Vega libraries are inlined
    specs = json.loads(re.search(r'id="chart-specs">(.*?)</script>', html, re.S).group(1))
    assert set(specs) == {"completeness", "laws", "misspellings", "commitments", "sections"}
    assert html.count('<a class="back" href="#summary">') == 2
    for index in range(2):
        assert f'id="report-{index}"' in html and f'href="#report-{index}"' in html
    assert '<a class="next" href="#report-1">taoxi_village_2023.txt ›</a>' in html
    assert '<a class="previous" href="#report-0">‹ songling_forestry_2022.txt</a>' in html


def test_cli_report_from_texts_records_and_a_bad_file(tmp_path, nlp, forestry):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "taoxi.txt").write_text(VILLAGE, encoding="gb18030")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    records_file = tmp_path / "records.jsonl"
    records_file.write_text(json.dumps(forestry, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "made" / "here" / "report.html"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), str(folder), str(records_file), "-o", str(out)])
    assert result.exit_code == 1, result.output  # one input failed, the page is still written
    assert "broken.txt" in result.stderr and "4 report(s), 1 failed" in result.stderr
    html = out.read_text(encoding="utf-8")
    for name in ("qingchuan_town_2023.txt", "taoxi.txt", "songling_forestry_2022.txt", "broken.txt"):
        assert name in html
    assert "Traceback" not in result.output


def test_cli_report_without_the_extra_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "vl_convert", None)  # as if vl-convert-python were not installed
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "pip install 'rulegov-nlp[report]'" in result.stderr
    assert not (tmp_path / "r.html").exists()
