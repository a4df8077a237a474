"""The ``rulegov_laws`` spaCy component: LAW entities with kind, link, status and suggestion.

The recogniser is built once (first call, ``initialize`` or ``from_disk``); a call is one
pass of compiled regexes over the text, plus fuzzy matching for names that do not link.
``to_disk`` stores every data file in the pipeline directory, like spaCy's SpanRuler stores
its patterns, so a saved pipeline loads without the package data.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import from_disk as util_from_disk
from spacy.util import to_disk as util_to_disk

from rulegov_nlp.laws.gazetteer import DATA_FILES, load_package_data
from rulegov_nlp.laws.recognizer import LawRecognizer
from rulegov_nlp.rule_component import RuleComponent
from rulegov_nlp.spans import EntityCandidate, add_entities, doc_text, register_extensions
from rulegov_nlp.vocabulary import LAW

LABEL = LAW


@Language.factory("rulegov_laws", default_config={"fuzzy_cutoff": 0.75})
def make_laws(nlp: Language, name: str, fuzzy_cutoff: float) -> LawsComponent:
    return LawsComponent(nlp, name, fuzzy_cutoff=fuzzy_cutoff)


class LawsComponent(RuleComponent[LawRecognizer]):
    """Marks LAW entities on ``doc.text`` through :func:`rulegov_nlp.spans.add_entities`."""

    def __init__(self, nlp: Language, name: str = "rulegov_laws", *, fuzzy_cutoff: float = 0.75) -> None:
        register_extensions()
        self.name = name
        self.fuzzy_cutoff = fuzzy_cutoff
        self._recognizer: LawRecognizer | None = None  # built on first use, initialize or from_disk

    def build_default(self) -> LawRecognizer:
        return LawRecognizer(load_package_data(), self.fuzzy_cutoff)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.recognizer.find(doc_text(doc))
        if mentions:
            doc, _ = add_entities(doc, [EntityCandidate(m.start, m.end, LABEL, m.attrs) for m in mentions])
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        data = self.recognizer.data
        serializers = {
            name: (lambda p, text=data[name]: Path(p).write_text(text, encoding="utf-8"))
            for name in DATA_FILES
        }
        util_to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> LawsComponent:
        data: dict[str, str] = {}

        def reader(name: str):
            return lambda p: data.__setitem__(name, Path(p).read_text(encoding="utf-8"))

        util_from_disk(Path(path), {name: reader(name) for name in DATA_FILES}, exclude)
        self._recognizer = LawRecognizer(data, self.fuzzy_cutoff)
        return self
