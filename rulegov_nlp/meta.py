"""Header metadata: the block that government portals print above a report.

Portals print fields such as 索引号, 文号, 发文单位 or 发布日期 in one or two columns,
often several per line. Only what the page states is read; a field that is absent
or empty stays null, and nothing is inferred from elsewhere except the title-based
year and level, which the report states in its own title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.component import Component, DataFile, read_package_file
from rulegov_nlp.document_kind import PLAN, document_kind
from rulegov_nlp.parties.recognizer import default_recognizer
from rulegov_nlp.reporting_unit import UnitReader
from rulegov_nlp.spans import doc_text
from rulegov_nlp.structure import units_of
from rulegov_nlp.text.brackets import blank_titles
from rulegov_nlp.text.dates import arabic_years, parse_date, signature_date
from rulegov_nlp.text.folding import fold_chars
from rulegov_nlp.text.wordlists import package_text, read_grouped
from rulegov_nlp.vocabulary import CENTRAL_ISSUER_OPENINGS, CENTRAL_LEVEL, DEPARTMENT_LEVEL, level_words

HEADER_WINDOW = 1500  # metadata blocks sit at the very top of a page


FIELDS_FILE = DataFile(
    "meta_fields.json",
    "json",
    "field -> the labels portals print for it (索引号, 发文单位 …)",
    ("rulegov_nlp.resources", "meta_fields.json"),
)


def package_field_labels() -> dict[str, list[str]]:
    """The bundled field labels."""
    return read_package_file(FIELDS_FILE)


class MetadataReader:
    """Finds ``label: value`` fields and the title in the head of a report."""

    def __init__(self, field_labels: dict[str, list[str]], units: UnitReader | None = None):
        self.field_labels = field_labels
        self.units = units
        alternatives = sorted(
            ((lab, key) for key, labs in field_labels.items() for lab in labs), key=lambda x: -len(x[0])
        )
        self.key_of = {re.sub(r"\s+", "", lab): key for lab, key in alternatives}
        label_re = "|".join(_spaced(lab) for lab, _ in alternatives)
        self.field_re = re.compile(rf"(?P<label>{label_re})\s*[:：]")

    def read(self, text: str) -> dict[str, Any]:
        head = text[:HEADER_WINDOW]
        fields: dict[str, Any] = dict.fromkeys(self.field_labels)
        matches = list(self.field_re.finditer(head))
        for m, nxt in zip(matches, [*matches[1:], None], strict=False):
            end = nxt.start() if nxt else _line_end(head, m.end())
            end = min(end, _line_end(head, m.end()))
            value = head[m.end() : end].strip(" \t:：|")
            key = self.key_of[re.sub(r"\s+", "", m.group("label"))]
            if value and fields.get(key) is None:
                fields[key] = value
        folded = fold_chars(head)
        fields["title"] = fields.get("title") or find_title(head, folded)
        fields["year"] = self._year(fields, folded)
        unit = self.units.read(folded, fields["title"], fields.get("issuer")) if self.units else None
        fields["level"] = (unit.level if unit else None) or level_from_name(
            fields.get("issuer") or fields["title"] or ""
        )
        fields["issuer_division"] = unit.division if unit else None
        if fields.get("issuer") is None and unit is not None and not unit.name.startswith(("我", "本")):
            fields["issuer"] = unit.name  # stated by the title, a name line or the opening sentence
        return fields

    @staticmethod
    def _year(fields: dict[str, Any], folded_head: str) -> int | None:
        """The year reported on: the title's, else the opening's, else a document number's
        (years in Chinese numerals, 二〇二三年, read as in digits). Without any, the component
        reads the issue date (:func:`year_from_issue_date`) once the kind is known."""
        head = arabic_years(folded_head)
        title = arabic_years(fold_chars(fields["title"])) if fields["title"] else None
        return report_year(title) or opening_year(head) or doc_number_year(head)


def year_from_issue_date(fields: dict[str, Any], text: str, plan: bool) -> int | None:
    """The year from the date a document was signed (its closing date line), written or
    published. A plan's year is the year it was issued. Annual reports are due in the first
    months of the next year, so a report dated January to October covers the year before, one
    dated November or December its own."""
    date = (
        signature_date(text)
        or parse_date(fields.get("written") or "")
        or parse_date(fields.get("published") or "")
    )
    if date is None:
        return None
    return date.year if plan or date.month >= LATEST_MONTH_OF_OWN_YEAR else date.year - 1


LATEST_MONTH_OF_OWN_YEAR = 11  # a report dated 十一月 or 十二月 covers that year (年终总结)


def _spaced(label: str) -> str:
    """Portals pad labels with spaces to align columns: 文       号."""
    return r"\s*".join(re.escape(ch) for ch in label)


def _line_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


_WORDS = read_grouped(package_text("rulegov_nlp.resources", "meta_words.txt"), "resources/meta_words.txt")


def _words(words: Iterable[str]) -> str:
    return "(" + "|".join(words) + ")"


# a subject (法治政府建设) and then a kind of document (报告), on one line
_TITLE_RE = re.compile(
    r"[^\n]{0,60}?(?:"
    + "|".join(_WORDS["title_topics"])
    + r")[^\n]{0,40}?(?:"
    + "|".join(_WORDS["title_kinds"])
    + ")"
)


def find_title(head: str, folded: str | None = None) -> str | None:
    """The first line that reads like a report title (stated, not guessed), read on the
    folded text so that traditional-script titles count; returned as written."""
    folded = head if folded is None else folded
    for raw, line in zip(head.splitlines(), folded.splitlines(), strict=True):
        stripped = line.strip()
        if 6 <= len(stripped) <= 80 and _TITLE_RE.fullmatch(stripped) and not re.search("[:：]", stripped):
            return raw.strip()
    return None


_DOC_NUMBER_YEAR = re.compile(r"[〔\[［]((?:19|20)\d\d)[〕\]］]")


def doc_number_year(head: str) -> int | None:
    """A plan document issued without a dated title: the year of its number (苏政办发〔2023〕47号)."""
    m = _DOC_NUMBER_YEAR.search(head)
    return int(m.group(1)) if m else None


# a year the report is about: not inside a title, a range (2021-2025年) or a date (2022-04-05)
_YEAR_IN_PROSE = re.compile(r"(?<![\d\-—–~至])((?:19|20)\d\d)\s*年(?![\-—–~至\d])(?!\d{1,2}月)")


def opening_year(head: str) -> int | None:
    """The first year the head of a report names outside 《》 titles: 2023年，… opens most
    reports, and 现将2023年…报告如下 the rest."""
    prose = blank_titles(head)
    m = _YEAR_IN_PROSE.search(prose)
    return int(m.group(1)) if m else None


def report_year(title: str | None) -> int | None:
    """The reported year as the title states it (2023年度 / 2023年)."""
    if not title:
        return None
    m = re.search(r"(20\d\d|19\d\d)\s*年", title)
    return int(m.group(1)) if m else None


# Lowest level first, the first that names the issuer decides: a village only when the name
# ends with it (村委员会), a central issuer only when it opens with it (国务院办公厅).
_LEVEL_PATTERNS = (
    ("village", _words(level_words("village")) + _words(_WORDS["village_organs"]) + "?$"),
    *((level, _words(level_words(level))) for level in ("township", "county", "city", "province")),
    (CENTRAL_LEVEL, "^" + _words(CENTRAL_ISSUER_OPENINGS)),
)


_DEPARTMENT = re.compile(_words(_WORDS["department_endings"]) + "$")
_GOVERNMENT = re.compile(_words(_WORDS["government_words"]))


def level_from_name(name: str) -> str | None:
    """Administrative level of the issuing body from its name, or None when unclear."""
    prefix = re.split(r"\d{4}", name)[0]
    if not prefix:
        return None
    if _DEPARTMENT.search(prefix) and not _GOVERNMENT.search(prefix):
        return DEPARTMENT_LEVEL
    for level, pattern in _LEVEL_PATTERNS:
        if re.search(pattern, prefix):
            return level
    return None


def default_unit_reader() -> UnitReader:
    recognizer = default_recognizer()
    return UnitReader(recognizer, recognizer.state)


@Language.factory("rulegov_metadata", default_config={}, assigns=["doc._.meta"], requires=["doc.spans"])
def make_metadata(nlp: Language, name: str) -> MetadataComponent:
    return MetadataComponent(nlp, name)


class MetadataComponent(Component[MetadataReader]):
    """Sets ``doc._.meta`` from the page's metadata block."""

    data_files = (FIELDS_FILE,)

    def __init__(self, nlp: Language, name: str = "rulegov_metadata") -> None:
        super().__init__(name)

    def build(self, data: dict[str, Any]) -> MetadataReader:
        return MetadataReader(data[FIELDS_FILE.name], default_unit_reader())

    @property
    def reader(self) -> MetadataReader:
        return self.engine

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        meta = self.engine.read(text)
        meta["kind"] = document_kind(text, units_of(doc))  # decided once: sections and COMMITMENT read it
        if meta["year"] is None:
            meta["year"] = year_from_issue_date(meta, text, plan=meta["kind"] == PLAN)
        doc._.meta = meta
        return doc
