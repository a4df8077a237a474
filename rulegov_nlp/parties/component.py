"""The ``rulegov_parties`` component: PARTY entities with type and level."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.parties.recognizer import PartyRecognizer, default_vocab, level_of
from rulegov_nlp.spans import EntityCandidate, add_entities, doc_text, register_extensions


@Language.factory("rulegov_parties", default_config={})
def make_parties(nlp: Language, name: str) -> PartiesComponent:
    return PartiesComponent(nlp, name)


class PartiesComponent:
    """Marks organs (org) and offices (role); vocabulary travels with the pipeline."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name
        self.recognizer = PartyRecognizer(default_vocab())

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        candidates = [
            EntityCandidate(
                m.start, m.end, "PARTY", {"type": m.type, "level": level_of(text[m.start : m.end])}
            )
            for m in self.recognizer.find(text)
        ]
        add_entities(doc, candidates)
        return doc

    def to_disk(self, path: str | Path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "vocab.json").write_text(
            json.dumps(self.recognizer.vocab, ensure_ascii=False, indent=0), "utf-8"
        )

    def from_disk(self, path: str | Path, exclude=()) -> PartiesComponent:
        self.recognizer = PartyRecognizer(json.loads((Path(path) / "vocab.json").read_text("utf-8")))
        return self
