"""The ``rulegov_section_types`` spaCy component: a section type and probability per unit.

``initialize`` fits the model on the units the pipeline's own structure component finds in
the training records (``train``), or loads a saved model (``data``); without either, units
are labelled by heading keywords.
"""

# No ``from __future__ import annotations``: spaCy builds a pydantic model from the
# ``initialize`` signature (see rulegov_nlp.component).
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from rulegov_nlp.component import Component
from rulegov_nlp.document_kind import PLAN
from rulegov_nlp.sections.keywords import fallback_label
from rulegov_nlp.sections.model import MODEL_FILES, SectionModel
from rulegov_nlp.spans import SECTION_GROUP, char_spans, doc_text, set_span_values
from rulegov_nlp.structure import units_of


@Language.factory(
    "rulegov_section_types",
    default_config={},
    assigns=["doc.spans", "span._.heading", "span._.subsections", "span._.section_prob"],
    requires=["doc.spans", "span._.heading", "span._.subsections", "doc._.meta"],
    retokenizes=True,
)
def make_section_types(nlp: Language, name: str) -> "SectionTypesComponent":
    return SectionTypesComponent(nlp, name)


class SectionTypesComponent(Component[SectionModel | None]):
    """Relabels the structure component's units with section types and probabilities
    (keyword rules when no model is fitted)."""

    data_files = MODEL_FILES

    def __init__(self, nlp: Language, name: str = "rulegov_section_types") -> None:
        super().__init__(name)

    def build(self, data: dict[str, Any]) -> SectionModel | None:
        return SectionModel.from_data(data) if data else None

    @property
    def model(self) -> SectionModel | None:
        return self.engine

    def set_model(self, model: SectionModel) -> None:
        self.set_data(model.to_data(), model)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        data: str | Path | Mapping[str, Any] | None = None,
        train: str | Path | None = None,
        seed: int = 0,
    ) -> None:
        """Fit the model on the records in ``train`` (JSONL with gold sections) when given,
        on units found by the components of ``nlp`` before this one; else load ``data``."""
        if train is None:
            super().initialize(get_examples, nlp=nlp, data=data)
            return
        from rulegov_nlp.corpus.records import read_records
        from rulegov_nlp.sections.train import pipeline_units, train_section_classifier

        if nlp is None:
            raise ValueError(f"{self.name}: fitting on {train} needs the pipeline (nlp=...)")
        records = [record for _, record in read_records([Path(train)])]
        self.set_model(train_section_classifier(records, seed, pipeline_units(nlp, self.name)))

    def __call__(self, doc: Doc) -> Doc:
        units = units_of(doc)
        model = self.engine
        if model is not None:
            labels, probs = model.predict(doc_text(doc), units, plan_from_meta(doc))
        else:
            labels, probs = [fallback_label(u) for u in units], [None] * len(units)
        doc, spans = char_spans(doc, [(u.start, u.end, lab) for u, lab in zip(units, labels, strict=True)])
        bounds = [(span.start_char, span.end_char) for span in spans]
        set_span_values(doc, "heading", bounds, [u.heading for u in units])
        set_span_values(doc, "subsections", bounds, [u.subsections for u in units])
        set_span_values(doc, "section_prob", bounds, probs)
        doc.spans[SECTION_GROUP] = spans
        return doc


def plan_from_meta(doc: Doc) -> bool | None:
    """Whether the metadata component found a plan (None: no metadata to say)."""
    meta = doc._.meta if isinstance(doc._.meta, dict) else {}
    kind = meta.get("kind")
    return None if kind is None else kind == PLAN
