"""The pipeline's tokenizer: spaCy's pkuseg ``ChineseTokenizer``, same words, faster.

Two costs of the stock tokenizer are removed; the words and the Doc are the same (tests
compare them with spaCy's and pkuseg's own):

- pkuseg's per-character feature loop: the model is run by
  :class:`rulegov_nlp.pkuseg_inference.FastPkuseg` (vectorised, bit-identical scores);
- spaCy's alignment of words to text, which searches a fresh copy of the rest of the text
  for every word (quadratic in the document length): here the search is done in place.

The text is also kept for :func:`rulegov_nlp.spans.doc_text`. A saved tokenizer holds,
beside spaCy's files, the vectorised model's tables (``fast_tables.npz``) with a fingerprint
of the files they were derived from: loading reads them instead of building them (0.3 s),
and a stale or foreign file is ignored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry

from rulegov_nlp.pkuseg_inference import FastPkuseg, fast_pkuseg
from rulegov_nlp.spans import TEXT_CACHE_KEY
from rulegov_nlp.textprep import replace_surrogates

TOKENIZER_NAME = "rulegov.ChineseTokenizer.v1"
FAST_TABLES = "fast_tables.npz"
TABLES_FORMAT = b"rulegov fast tables 1"  # changes when the saved tables change shape
# the files of a saved ChineseTokenizer the tables are derived from
SOURCE_FILES = ("cfg", "pkuseg_model/features.msgpack", "pkuseg_model/weights.npz", "pkuseg_processors")


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer(segmenter: str = "pkuseg") -> Callable[[Language], ChineseTokenizer]:
    def tokenizer_factory(nlp: Language) -> RulegovTokenizer:
        return RulegovTokenizer(nlp.vocab, segmenter=segmenter)

    return tokenizer_factory


class RulegovTokenizer(ChineseTokenizer):
    """Same segmentation and serialization as ``ChineseTokenizer``; faster segmentation and
    Doc building."""

    _fast: FastPkuseg | None = None
    _fast_for: object = None  # the pkuseg model ``_fast`` was built for

    def __call__(self, text: str) -> Doc:
        text = replace_surrogates(text)  # spaCy's string store cannot hold lone surrogates
        if self.segmenter != Segmenter.pkuseg or self.pkuseg_seg is None:
            return super().__call__(text)
        words = self.segment(text)
        aligned = align_words(words, text)
        if aligned is None:  # the segmenter changed characters: spaCy's check explains it
            aligned = get_words_and_spaces(words, text)
        doc = Doc(self.vocab, words=aligned[0], spaces=aligned[1])
        doc.user_data[TEXT_CACHE_KEY] = text
        return doc

    def segment(self, text: str) -> list[str]:
        """pkuseg's words for ``text``, by the vectorised model where it applies."""
        fast = self.fast_segmenter()
        return fast.cut(text) if fast is not None else self.pkuseg_seg.cut(text)

    def fast_segmenter(self) -> FastPkuseg | None:
        """The FastPkuseg of the current pkuseg model (built once per model)."""
        if self._fast_for is not self.pkuseg_seg:
            self._fast = fast_pkuseg(self.pkuseg_seg) if self.pkuseg_seg is not None else None
            self._fast_for = self.pkuseg_seg
        return self._fast

    def from_disk(self, path, **kwargs):
        """Load as spaCy does, then make the vectorised model now rather than on first use:
        from the saved tables when they were derived from these very files."""
        super().from_disk(path, **kwargs)
        saved = _saved_tables(Path(path))
        if saved is not None and self.pkuseg_seg is not None:
            self._fast = fast_pkuseg(self.pkuseg_seg, saved)
            self._fast_for = self.pkuseg_seg
        self.fast_segmenter()
        return self

    def to_disk(self, path, **kwargs):
        """Save as spaCy does, with the vectorised model's tables beside."""
        super().to_disk(path, **kwargs)
        self.save_fast_tables(Path(path))

    def save_fast_tables(self, path: Path) -> None:
        """Write the vectorised model's tables into the saved tokenizer at ``path``, stamped
        with the fingerprint of the files there (they must be this tokenizer's own)."""
        fast = self.fast_segmenter()
        if fast is not None:
            tables = fast.tables_to_save()
            np.savez_compressed(path / FAST_TABLES, fingerprint=_fingerprint(path), **tables)

    def from_bytes(self, data, **kwargs):
        out = super().from_bytes(data, **kwargs)
        self.fast_segmenter()
        return out

    def __getstate__(self) -> dict:
        """Pickle without the vectorised tables: they are rebuilt from the model on use."""
        state = self.__dict__.copy()
        state.pop("_fast", None)
        state.pop("_fast_for", None)
        return state


def _fingerprint(path: Path) -> np.ndarray:
    """A digest of the saved tokenizer files the tables derive from (and of their format)."""
    digest = hashlib.blake2b(TABLES_FORMAT, digest_size=16)
    for name in SOURCE_FILES:
        file = path / name
        digest.update(name.encode() + (file.read_bytes() if file.exists() else b"-"))
    return np.frombuffer(digest.digest(), dtype=np.uint8)


def _saved_tables(path: Path) -> dict[str, np.ndarray] | None:
    """The saved tables of the tokenizer at ``path``, or None when there are none or they
    were derived from other files."""
    file = path / FAST_TABLES
    if not file.exists():
        return None
    try:
        with np.load(file, allow_pickle=False) as saved:
            tables = {name: saved[name] for name in saved.files}
    except (OSError, ValueError):  # unreadable: build the tables instead
        return None
    if not np.array_equal(tables.pop("fingerprint", None), _fingerprint(path)):
        return None
    return tables


def align_words(words: Iterable[str], text: str) -> tuple[list[str], list[bool]] | None:
    """Tokens and trailing-space flags that rebuild ``text`` exactly; whitespace the segmenter
    dropped becomes tokens of its own, as in spaCy. None when a word is not found in order
    or non-space text lies between two words."""
    out_words: list[str] = []
    spaces: list[bool] = []
    pos, n = 0, len(text)
    for word in words:
        if not word or word.isspace():
            continue
        start = text.find(word, pos)
        if start < 0 or (start > pos and not text[pos:start].isspace()):
            return None
        if start > pos:
            out_words.append(text[pos:start])
            spaces.append(False)
        out_words.append(word)
        spaces.append(False)
        pos = start + len(word)
        if pos < n and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < n:
        if not text[pos:].isspace():
            return None
        out_words.append(text[pos:])
        spaces.append(False)
    return out_words, spaces
