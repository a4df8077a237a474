"""The ``rulegov_parties`` spaCy component: PARTY entities with type (org | role) and level.

A call is a few compiled regexes over ``doc.text`` (no dependence on tokens). ``to_disk``
stores every vocabulary file in the pipeline directory, like ``rulegov_laws``, so a saved
pipeline loads without the package data and edited vocabulary travels with it.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.component import Component
from rulegov_nlp.parties.recognizer import DATA_FILES, PartyRecognizer, recognizer_for, vocab_of
from rulegov_nlp.parties.state import place_party, unit_head
from rulegov_nlp.spans import EntityCandidate, add_entities, doc_text
from rulegov_nlp.vocabulary import PARTY

LABEL = PARTY


@Language.factory(
    "rulegov_parties",
    default_config={},
    assigns=["doc.spans", "doc.ents", "span._.attrs"],
    requires=["doc._.meta"],
    retokenizes=True,
)
def make_parties(nlp: Language, name: str) -> PartiesComponent:
    return PartiesComponent(nlp, name)


class PartiesComponent(Component[PartyRecognizer]):
    """Marks organs (org) and offices (role) through :func:`rulegov_nlp.spans.add_entities`;
    the reporting unit read by ``rulegov_metadata`` (``doc._.meta``) places bare organs."""

    data_files = DATA_FILES

    def __init__(self, nlp: Language, name: str = "rulegov_parties") -> None:
        super().__init__(name)

    def build(self, data: dict[str, Any]) -> PartyRecognizer:
        return recognizer_for(vocab_of(data))

    @property
    def recognizer(self) -> PartyRecognizer:
        return self.engine

    def __call__(self, doc: Doc) -> Doc:
        recognizer = self.engine
        text = recognizer.fold(doc_text(doc))
        meta = doc._.meta or {}
        unit = meta.get("issuer_division") or {}
        state, words = recognizer.state, recognizer.place_words
        head = unit_head(recognizer.fold(meta.get("issuer") or ""))
        candidates = [
            EntityCandidate(
                m.start,
                m.end,
                LABEL,
                {
                    "type": m.type,
                    **place_party(
                        state, text[m.start : m.end], unit.get("code"), words, head, unit.get("level")
                    ).attrs(),
                },
            )
            for m in recognizer.find_folded(text)
        ]
        if candidates:
            doc, _ = add_entities(doc, candidates)
        return doc
