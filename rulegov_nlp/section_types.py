"""Section typing: a small scikit-learn model labels each top-level unit of a report.

Features: character 1-3-gram TF-IDF over the heading and the start of the body, plus
structural features (block kind from the structure component, first unit or not, whether
the document is a plan rather than a report). Relative position is left out on purpose:
real texts are often cut off, so "last unit" says nothing about the signature block.
The model is trained on the units the structure component finds in the corpus,
each labelled with the gold section that covers most of it, so training sees what inference sees.

Persistence is plain data (JSON vocabulary, numpy arrays), never pickle; the
scikit-learn version used for training is recorded and checked on load.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.component import Component, DataFile, DataFileError
from rulegov_nlp.spans import SECTION_GROUP, char_spans, doc_text
from rulegov_nlp.structure import StructureFinder, Unit, package_rules
from rulegov_nlp.textprep import fold_chars, prepare

LABELS = ("header", "preamble", "measures", "shortcomings", "leadership", "plans", "other")
BLOCKS = ("header", "preamble", "heading", "end")
BODY_CHARS = 160
PLAN_TITLE = re.compile(r"(工作要点|实施方案|工作方案|规划|行动计划|实施意见|工作计划|实施纲要|工作安排)")
REPORT_TITLE = re.compile(r"(报告|总结|情况)")
QUOTED_TITLE = re.compile(r"《([^《》]{4,80})》")
WRAPPER = re.compile(r"(印发|全文如下|主要内容如下|并发出通知)")
PLAN_PREAMBLE = re.compile(
    r"(制定本(实施)?(方案|纲要|规划|计划|要点|意见)|特制定|(工作要点|安排)如下|总体(思路|要求)是)"
)
REPORT_PREAMBLE = re.compile(r"((报告|总结|汇报)如下|情况报告|一年来|过去一年)")
WHITESPACE = re.compile(r"\s\s+")
YEAR = re.compile(r"(20\d\d)\s*年")
VECTORIZER_CONFIG = {"analyzer": "char", "ngram_range": (1, 3), "min_df": 2, "sublinear_tf": True}


def unit_text(text: str, unit: Unit) -> str:
    """Heading twice and the body's opening, in simplified characters."""
    heading = fold_chars(unit.heading or "")
    body = fold_chars(text[unit.start : unit.end].strip()[:BODY_CHARS])
    return f"{heading} {heading} {body}"


def is_plan_document(text: str, units: list[Unit] | None = None) -> bool:
    """A plan (工作要点, 实施方案 …) rather than a report: by its title lines, by the plan a
    wrapping notice or news lead-in issues, or by a preamble that announces the plan."""
    header = units[0] if units and units[0].block == "header" else None
    top = fold_chars(text[header.start : header.end] if header else text[:600])
    titles = [ln.strip() for ln in top.split("\n") if 4 <= len(ln.strip()) <= 80][:8]
    titles = [t for t in titles if not t.endswith("。")]
    if header and WRAPPER.search(top):
        titles += QUOTED_TITLE.findall(top)
    if any(REPORT_TITLE.search(t) for t in titles):
        return False
    if any(PLAN_TITLE.search(t) for t in titles):
        return True
    preamble = next((u for u in units or [] if u.block == "preamble"), None)
    if preamble is None:
        return False
    opening = fold_chars(text[preamble.start : preamble.end][:600])
    return bool(PLAN_PREAMBLE.search(opening)) and not REPORT_PREAMBLE.search(opening)


def report_year(text: str) -> int | None:
    m = YEAR.search(text[:300])
    return int(m.group(1)) if m else None


def structural_features(text: str, units: list[Unit], plan: bool | None = None) -> np.ndarray:
    """Block kind, first unit, plan document, a heading naming a later year, heading keywords
    (``plan``: :func:`is_plan_document`, when the caller has it already)."""
    plan = float(is_plan_document(text, units) if plan is None else plan)
    year = report_year(text)
    rows = []
    for i, unit in enumerate(units):
        block = [float(unit.block == b) for b in BLOCKS]
        heading = unit.heading or ""
        years = [int(y) for y in YEAR.findall(heading)]
        future = float(bool(year and any(y > year for y in years)))
        keywords = [float(any(w in heading for w in words)) for _, words in FALLBACK_RULES]
        rows.append([*block, float(i == 0), plan, plan * (unit.block == "heading"), future, *keywords])
    return np.asarray(rows, dtype=float)


PAD = 0x110000  # not a code point: fills n-grams shorter than three characters
BASE = 0x110001


def gram_keys(text: str, low: int, high: int) -> np.ndarray:
    """One integer per character n-gram occurrence (n in low..high <= 3), the n-grams
    scikit-learn's ``analyzer="char"`` makes: a gram padded to three code points read as a
    number in base 0x110001. Counting integers in numpy beats counting strings in Python."""
    text = WHITESPACE.sub(" ", text.lower())
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    parts = []
    for n in range(low, high + 1):
        m = len(codes) - n + 1
        if m <= 0:
            continue
        key = codes[:m].copy()
        for j in (1, 2):
            key = key * BASE + (codes[j : j + m] if j < n else PAD)
        parts.append(key)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def gram_key(gram: str) -> int:
    """The key :func:`gram_keys` gives to one n-gram of at most three characters."""
    codes = [ord(ch) for ch in gram] + [PAD] * (3 - len(gram))
    return (codes[0] * BASE + codes[1]) * BASE + codes[2]


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

    def predict(self, text: str, units: list[Unit]) -> tuple[list[str], list[float]]:
        if not units:
            return [], []
        plan = is_plan_document(text, units)
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
        on a dense vocabulary-wide matrix, which stalls when processes share the cores)."""
        struct = structural_features(text, units, plan)
        n_vocab = len(self.idf)
        scores = np.empty((len(units), len(self.classes)))
        for row, unit in enumerate(units):
            cols, vals = self._tfidf(unit_text(text, unit))
            scores[row] = (
                self.coef[:, cols].dot(vals) + self.coef[:, n_vocab:].dot(struct[row]) + self.intercept
            )
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

    def _tfidf(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sublinear TF x IDF, L2-normalised (TfidfVectorizer's settings we train with), sparse."""
        keys, counts = np.unique(gram_keys(text, *self.ngram_range), return_counts=True)
        vocab_keys, vocab_cols = self.key_index
        pos = np.minimum(np.searchsorted(vocab_keys, keys), len(vocab_keys) - 1)
        hit = vocab_keys[pos] == keys
        if not hit.any():
            return np.zeros(0, dtype=int), np.zeros(0)
        cols, counts = vocab_cols[pos[hit]], counts[hit].astype(float)
        vals = (1.0 + np.log(counts)) * self.idf[cols]
        return cols, vals / np.linalg.norm(vals)

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
        installed = _installed_sklearn()
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


def _installed_sklearn() -> str | None:
    try:
        return metadata.version("scikit-learn")
    except metadata.PackageNotFoundError:
        return None


def training_units(records: list[dict[str, Any]], finder: StructureFinder):
    """(text, units, gold labels): each found unit takes the gold label covering most of it.
    Units are found on the prepared text, as the pipeline sees it at run time (page junk
    removed), and compared with the gold sections through the offset map."""
    for record in records:
        prepared = prepare(record["text"])
        units = finder.find(prepared.text)
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
        sklearn_version=_installed_sklearn() or "unknown",
    )  # fmt: skip


def train_section_classifier(records: list[dict[str, Any]], seed: int = 0) -> SectionModel:
    """Fit the section model on records with gold sections (deterministic for a seed)."""
    finder = StructureFinder(package_rules())
    data = list(training_units(records, finder))
    return _fit([(t, u) for t, u, _ in data], [lab for _, _, labels in data for lab in labels], seed)


def cross_validate_sections(records: list[dict[str, Any]], folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Unit-level accuracy of the classifier over document folds."""
    finder = StructureFinder(package_rules())
    data = list(training_units(records, finder))
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


FALLBACK_RULES = (
    ("shortcomings", ("不足", "问题", "差距", "短板")),
    ("leadership", ("第一责任人", "主要负责人", "主要负责同志")),
    ("plans", ("下一步", "打算", "计划", "思路", "安排", "工作要点", "明年")),
    ("other", ("其他", "其它")),
)


# Subsection headings that name a mandated item outright (a bare 问题 in a measures subsection
# such as 化解矛盾问题 does not).
SUBSECTION_ITEMS = (
    ("shortcomings", ("存在的问题", "存在问题", "存在的不足", "不足之处", "差距和不足", "问题和不足")),
    ("leadership", ("第一责任人",)),
    ("plans", ("下一步", "工作打算", "工作计划", "工作思路", "工作安排")),
)


def items_named(heading: str, rules=FALLBACK_RULES) -> list[str]:
    """Section types a heading names, in the order it names them:
    存在问题和下一步打算 -> [shortcomings, plans]."""
    found = []
    for label, words in rules:
        positions = [heading.find(w) for w in words if w in heading]
        if positions:
            found.append((min(positions), label))
    return [label for _, label in sorted(found)]


def combined_label(heading: str | None, label: str) -> str:
    """A section headed with both shortcomings and plans takes the one it names first."""
    if label not in ("shortcomings", "plans") or not heading:
        return label
    named = [n for n in items_named(heading) if n in ("shortcomings", "plans")]
    return named[0] if len(named) == 2 else label


def fallback_label(unit: Unit) -> str:
    """Labels without a trained model: block kind, then heading keywords."""
    if unit.block in ("header", "preamble"):
        return unit.block
    if unit.block == "end":
        return "other"
    heading = unit.heading or ""
    return next((lab for lab, words in FALLBACK_RULES if any(w in heading for w in words)), "measures")


MODEL_FILES = (
    DataFile("model/meta.json", "json", "classes, n-gram range, scikit-learn version", optional=True),
    DataFile("model/vocabulary.json", "json", "character n-gram -> TF-IDF column", optional=True),
    DataFile("model/arrays.npz", "npz", "idf, coef and intercept of the classifier", optional=True),
)


@Language.factory(
    "rulegov_section_types",
    default_config={},
    assigns=["doc.spans", "span._.heading", "span._.subsections", "span._.section_prob"],
    requires=["doc.spans", "span._.heading", "span._.subsections"],
    retokenizes=True,
)
def make_section_types(nlp: Language, name: str) -> SectionTypesComponent:
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

    def __call__(self, doc: Doc) -> Doc:
        old = list(doc.spans.get(SECTION_GROUP, []))
        units = [
            Unit(s.start_char, s.end_char, s.label_.removeprefix("unit:"), s._.heading, s._.subsections or [])
            for s in old
        ]
        model = self.engine
        if model is not None:
            labels, probs = model.predict(doc_text(doc), units)
        else:
            labels, probs = [fallback_label(u) for u in units], [None] * len(units)
        doc, spans = char_spans(doc, [(u.start, u.end, lab) for u, lab in zip(units, labels, strict=True)])
        for span, unit, prob in zip(spans, units, probs, strict=True):
            span._.heading = unit.heading
            span._.subsections = unit.subsections
            span._.section_prob = prob
        doc.spans[SECTION_GROUP] = spans
        return doc
