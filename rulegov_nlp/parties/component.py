"""The ``rulegov_parties`` spaCy component: PARTY entities with type (org | role) and level.

A call is a few compiled regexes over ``doc.text`` (no dependence on tokens). ``to_disk``
stores every vocabulary file in the pipeline directory, like ``rulegov_laws``, so a saved
pipeline loads without the package data and edited vocabulary travels with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import to_disk as util_to_disk

from rulegov_nlp.parties.recognizer import VOCAB_FILES, PartyRecognizer, default_vocab, parse_vocab
from rulegov_nlp.parties.state import place_party
from rulegov_nlp.rule_component import RuleComponent
from rulegov_nlp.spans import EntityCandidate, add_entities, doc_text, register_extensions
from rulegov_nlp.vocabulary import PARTY

LABEL = PARTY


@Language.factory("rulegov_parties", default_config={})
def make_parties(nlp: Language, name: str) -> PartiesComponent:
    return PartiesComponent(nlp, name)


class PartiesComponent(RuleComponent[PartyRecognizer]):
    """Marks organs (org) and offices (role) through :func:`rulegov_nlp.spans.add_entities`."""

    def __init__(self, nlp: Language, name: str = "rulegov_parties") -> None:
        register_extensions()
        self.name = name
        self._recognizer: PartyRecognizer | None = None  # built on first use, initialize or from_disk

    def build_default(self) -> PartyRecognizer:
        return PartyRecognizer(default_vocab())

    def __call__(self, doc: Doc) -> Doc:
        text = self.recognizer.fold(doc_text(doc))
        unit = (doc._.meta or {}).get("issuer_division") or {}
        state = self.recognizer.state
        candidates = [
            EntityCandidate(
                m.start,
                m.end,
                LABEL,
                {"type": m.type, **place_party(state, text[m.start : m.end], unit.get("code")).attrs()},
            )
            for m in self.recognizer.find_folded(text)
        ]
        if candidates:
            doc, _ = add_entities(doc, candidates)
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        vocab = self.recognizer.vocab
        serializers = {
            f"{name}.txt": (
                lambda p, words=vocab[name]: Path(p).write_text("\n".join(words) + "\n", encoding="utf-8")
            )
            for name in VOCAB_FILES
        }
        util_to_disk(Path(path), serializers, exclude)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> PartiesComponent:
        """Vocabulary files saved with the pipeline; files it lacks (a pipeline saved by an older
        version, which wrote one ``vocab.json``) fall back to that file, then to the package data."""
        path = Path(path)
        vocab: dict[str, list[str]] = default_vocab()
        legacy = path / "vocab.json"
        if legacy.exists():
            vocab.update(json.loads(legacy.read_text(encoding="utf-8")))
        for name in VOCAB_FILES:
            file = path / f"{name}.txt"
            if file.exists() and f"{name}.txt" not in exclude:
                vocab[name] = parse_vocab(file.read_text(encoding="utf-8"))
        self._recognizer = PartyRecognizer(vocab)
        return self
