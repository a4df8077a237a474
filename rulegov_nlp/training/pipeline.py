"""`rulegov train`: rebuild the bundled pipeline from the corpus, deterministically.

Trained parts: the pkuseg student segmenter (unless an existing one is passed) and the
section-type classifier, which ``nlp.initialize()`` fits (see rulegov_nlp.pipeline.INIT_CONFIG).
Rule components take their data from package resources. The saved config's [paths] point
into the written pipeline directory and the corpus, never to the temporary work folder.
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
from rulegov_nlp.pipeline import MODEL_NAME, USER_DICT, initialized_pipeline, model_paths, pipeline_config


def train_pipeline(
    corpus_dir: Path,
    output: Path,
    *,
    segmenter_dir: Path | None = None,
    seed: int = 0,
    log: Callable[[str], Any] = print,
) -> dict[str, Any]:
    """Train every learned part and write a complete pipeline directory to ``output``."""
    from rulegov_nlp.evaluate import evaluate_paths
    from rulegov_nlp.training.segmenter import build_user_dict, train_segmenter

    random.seed(seed)
    np.random.seed(seed)
    corpus_dir, output = Path(corpus_dir), Path(output)
    saved = {
        "corpus": str(corpus_dir),
        "train": None,
        "dev": str(corpus_dir / "dev.jsonl"),
        **model_paths(output),
    }
    work = Path(tempfile.mkdtemp(prefix="rulegov_train_"))
    try:
        if segmenter_dir is None:
            segmenter_dir = work / "segmenter"
            log("training the pkuseg student segmenter (teacher: stock pkuseg default model)")
            texts = sorted((corpus_dir / "src").glob("*.txt"))
            figures = train_segmenter(texts, segmenter_dir, seed=seed, progress=log)
            log(f"segmenter: {figures}")
        user_dict = build_user_dict(work / USER_DICT)
        run = {**saved, "train": str(corpus_dir / "train.jsonl"), "segmenter": str(segmenter_dir)}
        log("initialising the pipeline (fits the section-type classifier)")
        nlp = initialized_pipeline(pipeline_config({**run, "user_dict": str(user_dict)}, seed))
        nlp.config["paths"].update(saved)  # re-initialising reloads what is written below
        nlp.meta.update({"name": MODEL_NAME.removeprefix("zh_"), "version": __version__, "lang": "zh"})
        nlp.meta["description"] = "rulegov_nlp pipeline: pkuseg student, LAW/PARTY/COMMITMENT, sections"
        if output.exists():
            shutil.rmtree(output)
        nlp.to_disk(output)
        shutil.copyfile(user_dict, output / USER_DICT)
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
