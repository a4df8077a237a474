"""The ``rulegov_laws`` spaCy component: LAW entities with kind, link, status and suggestion.

The recogniser is built once (first call, ``initialize`` or ``from_disk``); a call is one
pass of compiled regexes over the text, plus fuzzy matching for names that do not link.
``to_disk`` stores every data file in the pipeline directory, like spaCy's SpanRuler stores
its patterns, so a saved pipeline loads without the package data.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.component import Component, DataFile
from rulegov_nlp.laws.recognizer import LawRecognizer
from rulegov_nlp.spans import EntityCandidate, add_entities, doc_text
from rulegov_nlp.vocabulary import LAW

LABEL = LAW
_DATA = "rulegov_nlp.laws", "data/"


def _bundled(name: str) -> tuple[str, str]:
    return _DATA[0], _DATA[1] + name


DATA_FILES = (
    DataFile("gazetteer.tsv", "tsv", "known instruments: name, level, status", _bundled("gazetteer.tsv")),
    DataFile(
        "extra_instruments.tsv",
        "tsv",
        "instruments the gazetteer lacks: name, level, kind, status, aliases, bare",
        _bundled("extra_instruments.tsv"),
    ),
    DataFile("title_types.tsv", "tsv", "head word of a 《》 title -> LAW kind", _bundled("title_types.tsv")),
    DataFile(
        "title_rejects.tsv", "tsv", "《》 titles that are not instruments", _bundled("title_rejects.tsv")
    ),
    DataFile(
        "recognizer_rules.json",
        "json",
        "regexes and limits of the recogniser",
        _bundled("recognizer_rules.json"),
    ),
)


@Language.factory(
    "rulegov_laws",
    default_config={"fuzzy_cutoff": 0.75},
    assigns=["doc.spans", "doc.ents", "span._.attrs"],
    retokenizes=True,
)
def make_laws(nlp: Language, name: str, fuzzy_cutoff: float) -> LawsComponent:
    return LawsComponent(nlp, name, fuzzy_cutoff=fuzzy_cutoff)


class LawsComponent(Component[LawRecognizer]):
    """Marks LAW entities on ``doc.text`` through :func:`rulegov_nlp.spans.add_entities`."""

    data_files = DATA_FILES

    def __init__(self, nlp: Language, name: str = "rulegov_laws", *, fuzzy_cutoff: float = 0.75) -> None:
        super().__init__(name)
        self.fuzzy_cutoff = fuzzy_cutoff

    def build(self, data: dict[str, Any]) -> LawRecognizer:
        return LawRecognizer(data, self.fuzzy_cutoff)

    @property
    def recognizer(self) -> LawRecognizer:
        return self.engine

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.engine.find(doc_text(doc))
        if mentions:
            doc, _ = add_entities(doc, [EntityCandidate(m.start, m.end, LABEL, m.attrs) for m in mentions])
        return doc
