"""Fitting the section model with scikit-learn, on the units the structure component finds
in the corpus, each labelled with the gold section that covers most of it, so that training
sees what inference sees.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from spacy.language import Language

from rulegov_nlp.sections.features import VECTORIZER_CONFIG, structural_features, unit_text
from rulegov_nlp.sections.model import SectionModel, installed_sklearn
from rulegov_nlp.structure import Unit, units_of
from rulegov_nlp.textprep import prepare

UnitFinder = Callable[[str], list[Unit]]


def pipeline_units(nlp: Language, upto: str = "rulegov_section_types") -> UnitFinder:
    """The units that the components of ``nlp`` before ``upto`` (the structure component)
    find in a text: training reads units through the pipeline it trains, never a copy."""
    steps = [proc for _, proc in itertools.takewhile(lambda pipe: pipe[0] != upto, nlp.pipeline)]

    def find(text: str) -> list[Unit]:
        doc = nlp.make_doc(text)
        for proc in steps:
            doc = proc(doc)
        return units_of(doc)

    return find


def structure_units() -> UnitFinder:
    """Units of a pipeline of the structure component alone (characters as tokens), for
    fitting and cross-validating outside a full pipeline."""
    from rulegov_nlp.pipeline import blank_pipeline

    nlp = blank_pipeline(None, None)
    nlp.add_pipe("rulegov_structure")
    return pipeline_units(nlp)


def training_units(
    records: Iterable[dict[str, Any]], find_units: UnitFinder
) -> Iterator[tuple[str, list[Unit], list[str]]]:
    """(text, units, gold labels): each found unit takes the gold label covering most of it.
    Units are found on the prepared text, as the pipeline sees it at run time (page junk
    removed), and compared with the gold sections through the offset map."""
    for record in records:
        prepared = prepare(record["text"])
        units = find_units(prepared.text)
        original = prepared.boundary_to_original
        labels = [_majority_label(record["sections"], original(u.start), original(u.end)) for u in units]
        yield prepared.text, units, labels


def _majority_label(sections: list[dict[str, Any]], start: int, end: int) -> str:
    overlap: dict[str, int] = {}
    for s in sections:
        shared = min(end, s["end"]) - max(start, s["start"])
        if shared > 0:
            overlap[s["label"]] = overlap.get(s["label"], 0) + shared
    return max(overlap, key=overlap.get) if overlap else "other"


def _fit(texts_units: list[tuple[str, list[Unit]]], labels: list[str], seed: int) -> SectionModel:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(**VECTORIZER_CONFIG)
    vectorizer.fit([unit_text(t, u) for t, units in texts_units for u in units])
    rows = [
        sparse.hstack([vectorizer.transform([unit_text(t, u) for u in units]),
                       sparse.csr_matrix(structural_features(t, units))])
        for t, units in texts_units
    ]  # fmt: skip
    classifier = LogisticRegression(C=20.0, max_iter=3000, random_state=seed)
    classifier.fit(sparse.vstack(rows).tocsr(), labels)
    return SectionModel(
        vocabulary={term: int(i) for term, i in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_, coef=classifier.coef_, intercept=classifier.intercept_,
        classes=[str(c) for c in classifier.classes_], ngram_range=VECTORIZER_CONFIG["ngram_range"],
        sklearn_version=installed_sklearn() or "unknown",
    )  # fmt: skip


def train_section_classifier(
    records: Iterable[dict[str, Any]], seed: int = 0, find_units: UnitFinder | None = None
) -> SectionModel:
    """Fit the section model on records with gold sections (deterministic for a seed), on the
    units ``find_units`` gives (default: the structure component's)."""
    data = list(training_units(records, find_units or structure_units()))
    return _fit([(t, u) for t, u, _ in data], [lab for _, _, labels in data for lab in labels], seed)


def cross_validate_sections(records: list[dict[str, Any]], folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Unit-level accuracy of the classifier over document folds."""
    data = list(training_units(records, structure_units()))
    doc_labels = [labels[-1] if labels else "other" for _, _, labels in data]
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    correct = total = 0
    strat = [lab if doc_labels.count(lab) >= folds else "x" for lab in doc_labels]
    for train_idx, test_idx in splitter.split(np.zeros(len(data)), strat):
        model = _fit([data[i][:2] for i in train_idx], [lab for i in train_idx for lab in data[i][2]], seed)
        for i in test_idx:
            text, units, gold = data[i]
            pred, _ = model.predict(text, units)
            correct += sum(p == g for p, g in zip(pred, gold, strict=True))
            total += len(gold)
    return {"unit_accuracy": correct / total if total else 0.0, "units": total, "folds": folds}
