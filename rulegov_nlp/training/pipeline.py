"""`rulegov train`: rebuild the bundled pipeline from the corpus, deterministically.

Trained parts: the pkuseg student segmenter (unless an existing one is passed) and the
section-type classifier. Rule components take their data from package resources.
The dev-split score printed at the end is the figure the committed model must reproduce.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from rulegov_nlp import __version__
from rulegov_nlp.pipeline import MODEL_NAME, add_components, blank_pipeline

DEFAULT_SEGMENTER_DIR = Path("build/segmenter/student")


def train_pipeline(
    corpus_dir: Path,
    output: Path,
    *,
    segmenter_dir: Path | None = None,
    seed: int = 0,
    log: Callable[[str], Any] = print,
) -> dict[str, Any]:
    """Train every learned part and write a complete pipeline directory to ``output``."""
    from rulegov_nlp.corpus.records import read_records
    from rulegov_nlp.evaluate import evaluate_paths
    from rulegov_nlp.sections.train import train_section_classifier
    from rulegov_nlp.training.segmenter import build_user_dict, train_segmenter

    random.seed(seed)
    np.random.seed(seed)
    corpus_dir = Path(corpus_dir)
    train = [r for _, r in read_records([corpus_dir / "train.jsonl"])]
    log(f"corpus: {len(train)} training reports")
    work = Path(tempfile.mkdtemp(prefix="rulegov_train_"))
    try:
        if segmenter_dir is None:
            segmenter_dir = work / "segmenter"
            log("training the pkuseg student segmenter (teacher: stock pkuseg default model)")
            texts = sorted((corpus_dir / "src").glob("*.txt"))
            figures = train_segmenter(texts, segmenter_dir, seed=seed, progress=log)
            log(f"segmenter: {figures}")
        user_dict = build_user_dict(work / "user_dict.txt")
        nlp = blank_pipeline(Path(segmenter_dir), user_dict)
        add_components(nlp)
        nlp.initialize()
        log("training the section-type classifier")
        nlp.get_pipe("rulegov_section_types").set_model(train_section_classifier(train, seed=seed))
        nlp.meta.update({"name": MODEL_NAME.removeprefix("zh_"), "version": __version__, "lang": "zh"})
        nlp.meta["description"] = "rulegov_nlp pipeline: pkuseg student, LAW/PARTY/COMMITMENT, sections"
        if output.exists():
            shutil.rmtree(output)
        nlp.to_disk(output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"wrote {output}; scoring the dev split")
    dev = evaluate_paths([corpus_dir / "dev.jsonl"], nlp=nlp)
    return {"output": str(output), "dev": _headline(dev)}


def _headline(result: dict[str, Any]) -> dict[str, Any]:
    """The few numbers worth printing: F1 per label and section accuracy, 3 decimals."""
    out: dict[str, Any] = {}
    for label, scores in result.get("labels", {}).items():
        out[f"{label}_exact_f1"] = round(scores["exact"]["f1"], 3)
    sections = result.get("sections", {})
    for key in ("char_accuracy", "section_accuracy"):
        if key in sections:
            out[f"sections_{key}"] = round(sections[key], 3)
    return out
