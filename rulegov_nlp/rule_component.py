"""What the rule components (laws, parties) share: a recogniser built on first use.

Building a recogniser compiles large regexes from the package data; doing it lazily keeps
``spacy.load`` fast when ``from_disk`` replaces the data anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

R = TypeVar("R")


class RuleComponent(Generic[R]):
    """Subclasses set ``self._recognizer = None`` in ``__init__`` and define ``build_default``."""

    _recognizer: R | None = None

    def build_default(self) -> R:
        """The recogniser over the package data."""
        raise NotImplementedError

    @property
    def recognizer(self) -> R:
        """The recogniser; from the package data unless initialize/from_disk gave it other data."""
        if self._recognizer is None:
            self._recognizer = self.build_default()
        return self._recognizer

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Reload the package data (a rule component learns nothing from examples)."""
        self._recognizer = self.build_default()
