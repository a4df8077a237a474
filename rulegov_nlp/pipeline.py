"""Building and loading the rulegov spaCy pipeline.

The pipeline is a plain spaCy directory: ``spacy.load(path)`` works on it because
every component is registered through the ``spacy_factories`` entry point.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

from rulegov_nlp.spans import register_extensions
from rulegov_nlp.tokenizer import TOKENIZER_NAME

MODEL_NAME = "rulegov_zh"
# Order matters: the metadata component reads the structure's units (plan or report); section
# labels feed commitment kinds; LAW spans shield their numbers
# and organs from COMMITMENT and PARTY; PARTY spans are linked by commitments.
COMPONENTS = (
    "rulegov_structure",
    "rulegov_metadata",
    "rulegov_section_types",
    "rulegov_laws",
    "rulegov_parties",
    "rulegov_commitments",
)


USER_DICT = "user_dict.txt"  # the pkuseg user dictionary, shipped in the pipeline directory

# What ``nlp.initialize()`` reads, all from [paths]: the pkuseg model and user dictionary,
# and for the section model either training records (``train``) or saved weights (``sections``).
INIT_CONFIG = """
[paths]
train = null
dev = null
corpus = null
segmenter = null
user_dict = null
sections = null

[system]
seed = 0

[initialize]

[initialize.tokenizer]
pkuseg_model = ${paths.segmenter}
pkuseg_user_dict = ${paths.user_dict}

[initialize.components]

[initialize.components.rulegov_section_types]
train = ${paths.train}
data = ${paths.sections}
seed = ${system.seed}
"""


class ModelNotFoundError(FileNotFoundError):
    """No trained pipeline where one was expected."""


def default_model_path() -> Path:
    """The bundled pipeline: installed package data, else the source checkout's models/."""
    installed = Path(str(resources.files("rulegov_nlp"))) / "models" / MODEL_NAME
    if (installed / "config.cfg").exists():
        return installed
    checkout = Path(__file__).resolve().parent.parent / "models" / MODEL_NAME
    return checkout


def load(path: str | Path | None = None, **kwargs) -> Language:
    """Load a rulegov pipeline directory (the bundled one by default)."""
    register_extensions()
    model_dir = Path(path) if path is not None else default_model_path()
    if not (model_dir / "config.cfg").exists():
        raise ModelNotFoundError(
            f"no rulegov pipeline at {model_dir}: run 'rulegov train' or pass a pipeline directory"
        )
    return spacy.load(model_dir, **kwargs)


def blank_pipeline(segmenter_dir: Path | None, user_dict: Path | None) -> Language:
    """A Chinese pipeline with the pkuseg segmenter and no components yet.

    Without a segmenter model (tests of rule components), characters are tokens.
    """
    register_extensions()
    if segmenter_dir is None:
        return spacy.blank("zh")
    config = {
        "nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME, "segmenter": "pkuseg"}},
        "initialize": {
            "tokenizer": {
                "pkuseg_model": str(segmenter_dir),
                "pkuseg_user_dict": str(user_dict) if user_dict else "default",
            }
        },
    }
    nlp = spacy.blank("zh", config=config)
    nlp.tokenizer.initialize(
        pkuseg_model=str(segmenter_dir), pkuseg_user_dict=str(user_dict) if user_dict else "default"
    )
    return nlp


def add_components(nlp: Language, configs: dict[str, dict] | None = None) -> Language:
    """Add every rulegov component in pipeline order, with optional per-component config."""
    configs = configs or {}
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config=configs.get(name, {}))
    return nlp


def model_paths(model_dir: Path) -> dict[str, str]:
    """[paths] of what a pipeline directory ships for its own re-initialisation."""
    return {
        "segmenter": str(model_dir / "tokenizer" / "pkuseg_model"),
        "user_dict": str(model_dir / USER_DICT),
        "sections": str(model_dir / "rulegov_section_types"),
    }


def pipeline_config(paths: Mapping[str, str | None], seed: int = 0) -> Config:
    """The config of the rulegov pipeline: the pkuseg tokenizer, every component in order, and
    the [initialize] blocks fed from ``paths`` (keys of :data:`INIT_CONFIG`'s [paths])."""
    tokenizer = {"@tokenizers": TOKENIZER_NAME, "segmenter": "pkuseg"}
    nlp = add_components(spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}}))
    config = nlp.config.merge(Config().from_str(INIT_CONFIG, interpolate=False))
    config["paths"].update(paths)
    config["system"]["seed"] = seed
    return config


def initialized_pipeline(config: Config) -> Language:
    """The pipeline of ``config``, initialised as spaCy does: the tokenizer loads its pkuseg
    model and user dictionary, and each component its data (the section model is fitted on
    the units of the pipeline's own structure component when [paths] train is set)."""
    register_extensions()
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp
