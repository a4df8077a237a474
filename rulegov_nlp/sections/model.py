"""The fitted section model as plain data: TF-IDF weights and a linear classifier.

Persistence is plain data (JSON vocabulary, numpy arrays), never pickle; the scikit-learn
version used for training is recorded and checked on load.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from typing import Any

import numpy as np

from rulegov_nlp.component import DataFile, DataFileError
from rulegov_nlp.document_kind import is_plan_document
from rulegov_nlp.sections.features import (
    gram_key,
    structural_features,
    unit_gram_keys,
    unit_text,
)
from rulegov_nlp.sections.keywords import combined_label
from rulegov_nlp.structure import Unit

MODEL_FILES = (
    DataFile("model/meta.json", "json", "classes, n-gram range, scikit-learn version", optional=True),
    DataFile("model/vocabulary.json", "json", "character n-gram -> TF-IDF column", optional=True),
    DataFile("model/arrays.npz", "npz", "idf, coef and intercept of the classifier", optional=True),
)


@dataclass
class SectionModel:
    """TF-IDF weights and a linear classifier as plain arrays; inference needs only numpy.

    scikit-learn fits the model (``train_section_classifier``) but is not imported to use
    it, which keeps the loaded pipeline lighter by the size of scikit-learn and SciPy.
    """

    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]
    ngram_range: tuple[int, int]
    sklearn_version: str

    def predict(
        self, text: str, units: list[Unit], plan: bool | None = None
    ) -> tuple[list[str], list[float]]:
        """Section types and their probabilities (``plan``: ``meta.kind == "plan"``, read by the
        metadata component; decided here only when the caller has no metadata)."""
        if not units:
            return [], []
        plan = is_plan_document(text, units) if plan is None else plan
        probs = self.predict_proba(text, units, plan)
        best = probs.argmax(axis=1)
        labels = [self.classes[i] for i in best]
        if plan:  # a plan's numbered body is its arrangements
            labels = [
                "plans" if u.block == "heading" and lab != "other" else lab
                for u, lab in zip(units, labels, strict=True)
            ]
        else:
            labels = [combined_label(u.heading, lab) for u, lab in zip(units, labels, strict=True)]
        return labels, [round(float(probs[r, i]), 4) for r, i in enumerate(best)]

    def predict_proba(self, text: str, units: list[Unit], plan: bool | None = None) -> np.ndarray:
        """Softmax of the linear scores, computed on the non-zero features only (no BLAS call
        on a dense vocabulary-wide matrix, which stalls when processes share the cores).
        The TF-IDF values of all units come from one numpy pass; each row is then scored with
        the same float operations in the same order as one unit alone (bit-identical)."""
        struct = structural_features(text, units, plan)
        n_vocab = len(self.idf)
        struct_coef = self.coef[:, n_vocab:]
        bounds, cols, vals = self._tfidf_rows([unit_text(text, unit) for unit in units])
        scores = np.empty((len(units), len(self.classes)))
        for row in range(len(units)):
            a, b = bounds[row], bounds[row + 1]
            row_cols, row_vals = cols[a:b], vals[a:b]
            if b > a:
                row_vals = row_vals / np.linalg.norm(row_vals)
            scores[row] = self.coef[:, row_cols].dot(row_vals) + struct_coef.dot(struct[row]) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    @cached_property
    def key_index(self) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary n-gram keys, sorted, and the column of each."""
        if self.ngram_range[1] > 3 or not self.vocabulary:
            raise ValueError(f"section model n-grams must be 1-3 characters, not {self.ngram_range}")
        keys = np.fromiter((gram_key(g) for g in self.vocabulary), dtype=np.int64, count=len(self.vocabulary))
        cols = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(self.vocabulary))
        order = np.argsort(keys)
        return keys[order], cols[order]

    def _tfidf_rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sublinear TF x IDF of every text (TfidfVectorizer's settings we train with), before
        L2 normalisation: row ``i`` is ``cols``/``vals`` in ``bounds[i]:bounds[i + 1]``, its
        n-grams in key order. Counts are run lengths of the (text, key)-sorted keys."""
        owners, keys = unit_gram_keys(texts, *self.ngram_range)
        order = np.lexsort((keys, owners))
        owners, keys = owners[order], keys[order]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = (owners[1:] != owners[:-1]) | (keys[1:] != keys[:-1])
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(keys)))
        owners, keys = owners[starts], keys[starts]
        vocab_keys, vocab_cols = self.key_index
        pos = np.minimum(np.searchsorted(vocab_keys, keys), len(vocab_keys) - 1)
        hit = vocab_keys[pos] == keys
        cols, owners, counts = vocab_cols[pos[hit]], owners[hit], counts[hit].astype(float)
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        return np.searchsorted(owners, np.arange(len(texts) + 1)), cols, vals

    def to_data(self) -> dict[str, Any]:
        """The model as the component's data files (plain JSON and arrays, never pickle)."""
        meta = {"sklearn_version": self.sklearn_version, "classes": self.classes,
                "ngram_range": list(self.ngram_range)}  # fmt: skip
        return {
            "model/meta.json": meta,
            "model/vocabulary.json": self.vocabulary,
            "model/arrays.npz": {"idf": self.idf, "coef": self.coef, "intercept": self.intercept},
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SectionModel:
        """The model from the component's data files; DataFileError when one is missing."""
        missing = [file.name for file in MODEL_FILES if file.name not in data]
        if missing:
            needed = ", ".join(file.name for file in MODEL_FILES)
            raise DataFileError(missing[0], f"missing: the section model needs all of {needed}")
        meta, arrays = data["model/meta.json"], data["model/arrays.npz"]
        installed = installed_sklearn()
        if installed and meta["sklearn_version"] != installed:
            warnings.warn(
                f"section model trained with scikit-learn {meta['sklearn_version']}, "
                f"{installed} is installed: retrain with 'rulegov train' if scores differ",
                stacklevel=2,
            )
        return cls(
            vocabulary=data["model/vocabulary.json"],
            idf=arrays["idf"], coef=arrays["coef"], intercept=arrays["intercept"],
            classes=list(meta["classes"]), ngram_range=tuple(meta["ngram_range"]),
            sklearn_version=meta["sklearn_version"],
        )  # fmt: skip


def installed_sklearn() -> str | None:
    try:
        return metadata.version("scikit-learn")
    except metadata.PackageNotFoundError:
        return None
