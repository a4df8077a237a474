"""The pipeline's tokenizer: spaCy's pkuseg ``ChineseTokenizer`` with a linear-time alignment.

spaCy aligns the segmenter's words to the text by searching a fresh copy of the rest of the
text for every word, which is quadratic in the document length and costs about 7% of
segmentation on report-sized texts. The words and the Doc are the same (tests compare them);
only the search is done in place. The text is also kept for :func:`rulegov_nlp.spans.doc_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry

from rulegov_nlp.spans import TEXT_CACHE_KEY

TOKENIZER_NAME = "rulegov.ChineseTokenizer.v1"


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer(segmenter: str = "pkuseg") -> Callable[[Language], ChineseTokenizer]:
    def tokenizer_factory(nlp: Language) -> RulegovTokenizer:
        return RulegovTokenizer(nlp.vocab, segmenter=segmenter)

    return tokenizer_factory


class RulegovTokenizer(ChineseTokenizer):
    """Same segmentation and serialization as ``ChineseTokenizer``; faster Doc building."""

    def __call__(self, text: str) -> Doc:
        if self.segmenter != Segmenter.pkuseg or self.pkuseg_seg is None:
            return super().__call__(text)
        words = self.pkuseg_seg.cut(text)
        aligned = align_words(words, text)
        if aligned is None:  # the segmenter changed characters: spaCy's check explains it
            aligned = get_words_and_spaces(words, text)
        doc = Doc(self.vocab, words=aligned[0], spaces=aligned[1])
        doc.user_data[TEXT_CACHE_KEY] = text
        return doc


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
