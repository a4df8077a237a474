"""Input preparation: bytes to text, HTML to text, normalisation, with an offset map.

The record's offsets must index the caller's original string, so every step here
is a character-level rewrite that remembers, for each output character, the
original characters it came from. Nothing downstream ever sees the original.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from rulegov_nlp.text.headings import ITEM_OPENING


class InputError(ValueError):
    """Input that cannot be turned into report text (binary, undecodable, empty)."""


@dataclass(frozen=True)
class PreparedText:
    """Cleaned text plus, for each of its characters, the original [start, end)."""

    text: str
    starts: array
    ends: array
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean [start, end) span to the original string."""
        if end <= start:
            pos = self.starts[start] if start < len(self.text) else self.original_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def boundary_to_original(self, pos: int) -> int:
        """Map a clean boundary (e.g. a section start) to the original string."""
        return self.starts[pos] if pos < len(self.text) else self.original_length


# --- HTML -----------------------------------------------------------------------------------

# Possessive quantifiers and no "<" inside a tag: a run of "<" or a tag left open is read
# once, not once per "<" (which was quadratic).
_TAG = re.compile(r"<\s*+(/?)\s*+([a-zA-Z][a-zA-Z0-9]*+)?[^<>]*+>")
# Blocks whose content is never report text; one left open runs to the end of the text.
_DROP_OPEN = re.compile(r"<(script|style|noscript|template)\b[^<>]*+>|<!--", re.I)
_DROP_CLOSE = {
    name: re.compile(rf"</{name}\s*+>", re.I) for name in ("script", "style", "noscript", "template")
}
_COMMENT_CLOSE = re.compile("-->")
# Evidence that a text is HTML: a page-level tag, or tags that are more than the odd stray
# one (a plain-text report quoting "<br>" or ending in a <script> keeps its lines).
_HTML_PAGE = re.compile(r"<\s*+(?:!doctype|html|head|body|meta)\b", re.I)
_HTML_TAG_NAMES = {
    "a", "abbr", "article", "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
    "dl", "dt", "em", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
    "html", "i", "img", "label", "li", "link", "nav", "o", "ol", "p", "pre", "s", "section", "small",
    "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "title", "tr",
    "tt", "u", "ul",
}  # fmt: skip
_HTML_EVIDENCE_WINDOW = 20000
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
    "article", "header", "footer", "title", "td", "th", "dd", "dt", "blockquote", "pre", "hr",
}  # fmt: skip


def looks_like_html(text: str) -> bool:
    """HTML by evidence in the text's head: a page-level tag, or HTML tags that outnumber
    half its line breaks, or a closing tag with another tag (a fragment of <font>/<strong>)."""
    window = text[:_HTML_EVIDENCE_WINDOW]
    if _HTML_PAGE.search(window):
        return True
    tags = [m for m in _TAG.finditer(window) if (m.group(2) or "").lower() in _HTML_TAG_NAMES]
    closing = sum(1 for m in tags if m.group(1))
    return (closing >= 1 and len(tags) >= 2) or len(tags) > window.count("\n") / 2


# --- normalisation --------------------------------------------------------------------------

_DROP_CHARS = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
_LINE_CHARS = {"\u2028", "\u2029", "\x85"}  # Unicode line/paragraph separators and NEL
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE_CHARS = {"\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\t", "\x0b", "\x0c"}
# Stylesheet/script junk that pages leave in copied text: a {...} block of property: value pairs.
# Copied pages often lose the opening brace, leaving "} prop: value; }" runs: those count too.
_BRACE_BLOCK = re.compile(r"\{[^{}]*\}|(?<=\})[^{}]*\}")
# anchored at the start of a run of letters, so a long run without a colon is read once
_CSS_PROPERTY = re.compile(r"(?<![a-z\-])[a-z\-]++\s*+:\s*+[^;{}]+;?", re.A)
_SELECTOR_CHARS = re.compile(r"[\x21-\x7e ]")


Found = TypeVar("Found")  # a dataclass with start and end

# A pinyin gloss some portals print after a rare character: 執(zhí)法, 區(qū).
PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,7}\)")


def without_glosses(text: str) -> tuple[str, list[int]] | None:
    """``text`` without its pinyin glosses, and the original index of every kept character
    (plus the text's length at the end); None when the text has no gloss."""
    pieces, origin, pos = [], [], 0
    for m in PINYIN_GLOSS.finditer(text):
        pieces.append(text[pos : m.start()])
        origin.extend(range(pos, m.start()))
        pos = m.end()
    if not pieces:
        return None
    pieces.append(text[pos:])
    origin.extend(range(pos, len(text) + 1))
    return "".join(pieces), origin


def find_through_glosses(text: str, find: Callable[[str], list[Found]]) -> list[Found]:
    """``find(text)``, reading through pinyin glosses: run on the text without them, each
    result (a dataclass with ``start``/``end``) mapped back by :func:`span_through_glosses`."""
    stripped = without_glosses(text)
    if stripped is None:
        return find(text)
    compact, origin = stripped
    out = []
    for m in find(compact):
        start, end = span_through_glosses(compact, origin, m.start, m.end)
        out.append(replace(m, start=start, end=end))
    return out


def span_through_glosses(compact: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """A span found on the text without glosses, in the original text: glosses inside it
    belong to it, a gloss after its last character does not, unless a title mark 》 closes
    the span there (《行政處罰法(fǎ)》)."""
    if compact.startswith("》", end):
        return origin[start], origin[end]
    return origin[start], origin[end - 1] + 1


def normalise_char(ch: str) -> str:
    """Fold full-width ASCII to half-width, odd spaces to a plain space and line separators
    to a line break (1:1)."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in _SPACE_CHARS:
        return " "
    if ch in _LINE_CHARS:
        return "\n"
    return ch


def is_dropped_char(ch: str) -> bool:
    """Zero-width characters and combining marks: invisible in a Chinese report, and a mark
    inside a name (行\u0301政) would otherwise cut it."""
    return ch in _DROP_CHARS or (ch >= "\u0300" and unicodedata.category(ch) in ("Mn", "Me"))


def replace_surrogates(text: str) -> str:
    """Lone surrogates (from a bad decoder upstream) as U+FFFD, one for one: no encoder and
    no spaCy string store accepts them."""
    return _SURROGATE.sub("\ufffd", text)


class _Builder:
    """Accumulates output characters with their original [start, end). The text goes to a
    StringIO: a list of one-character strings costs some 60 bytes a CJK character, which
    made the list the largest object of a multi-megabyte report."""

    def __init__(self) -> None:
        self.text = io.StringIO()
        self.starts = array("l")
        self.ends = array("l")

    def add(self, text: str, start: int, end: int) -> None:
        self.text.write(text)
        if len(text) == 1:  # nearly always: one character for one
            self.starts.append(start)
            self.ends.append(end)
        else:
            self.starts.extend(itertools.repeat(start, len(text)))
            self.ends.extend(itertools.repeat(end, len(text)))


def prepare(original: str) -> PreparedText:
    """Clean ``original`` for the pipeline, keeping a map back to it."""
    if looks_like_html(original):
        pieces = _html_pieces(original)
    elif "<" in original:
        pieces = _stray_markup_pieces(original)
    else:
        pieces = ((ch, i, i + 1) for i, ch in enumerate(original))
    out = _Builder()
    pending_cr: tuple[int, int] | None = None
    for ch, start, end in pieces:
        if ch == "\r":
            pending_cr = (start, end)
            continue
        if pending_cr is not None:
            cr_start, _ = pending_cr
            pending_cr = None
            if ch == "\n":
                out.add("\n", cr_start, end)
                continue
            out.add("\n", cr_start, start)
        if is_dropped_char(ch):
            continue
        out.add(normalise_char(ch), start, end)
    if pending_cr is not None:
        out.add("\n", *pending_cr)
    text = replace_surrogates(out.text.getvalue())
    for find_dropped in (_junk_free_indices, _unwrapped_indices):
        keep = find_dropped(text)
        if keep is not None:
            text = "".join(text[i] for i in keep)
            out.starts = array("l", (out.starts[i] for i in keep))
            out.ends = array("l", (out.ends[i] for i in keep))
    return PreparedText(text, out.starts, out.ends, len(original))


# Hard-wrapped text (copied from a PDF): most lines have one width, a paragraph runs on over
# line breaks, and page numbers sit between its lines.
_WRAP_MIN_WIDTH = 15
_WRAP_MIN_LINES = 8
_WRAP_SHARE = 0.3  # of the lines at least _WRAP_MIN_WIDTH long, those within 2 of the common width
_WRAP_MIN_RUNS = 5  # pairs of full-width lines back to back (equal-length headings are not)
_LINE_END = "。！？；：!?;:"
_PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*"
)


def _unwrapped_indices(text: str) -> list[int] | None:
    """Indices to keep when ``text`` is hard-wrapped: the line breaks inside a paragraph and
    the page-number lines between its lines are dropped, so names and numbers that a wrap
    cut in two are whole again. None when the text does not look hard-wrapped."""
    lines = text.split("\n")
    widths = [len(ln.rstrip()) for ln in lines]
    long = [w for w in widths if w >= _WRAP_MIN_WIDTH]
    if len(long) < _WRAP_MIN_LINES:
        return None
    common = max(set(long), key=long.count)
    full = [w >= _WRAP_MIN_WIDTH and abs(w - common) <= 2 for w in widths]
    runs = sum(a and b for a, b in itertools.pairwise(full))  # full lines back to back
    if sum(full) < _WRAP_SHARE * len(long) or runs < max(_WRAP_MIN_RUNS, _WRAP_SHARE * sum(full)):
        return None
    drop: set[int] = set()
    starts = list(itertools.accumulate((len(ln) + 1 for ln in lines), initial=0))
    for i, line in enumerate(lines):
        if _PAGE_NUMBER.fullmatch(line) and 0 < i < len(lines) - 1:
            drop.update(range(starts[i], starts[i + 1]))  # the line and its break
    for i in range(len(lines) - 1):
        nxt = i + 1
        while nxt < len(lines) - 1 and starts[nxt] in drop:
            nxt += 1  # read past page numbers
        line = lines[i].rstrip()
        if (
            widths[i] >= common - 2
            and line
            and line[-1] not in _LINE_END
            and lines[nxt].strip()
            and not ITEM_OPENING.match(lines[nxt])
            and starts[i] not in drop
        ):
            drop.add(starts[i + 1] - 1)  # the break after line i
    if not drop:
        return None
    return [k for k in range(len(text)) if k not in drop]


def _junk_free_indices(text: str) -> list[int] | None:
    """Indices of characters outside CSS-like junk blocks, or None when there is none."""
    spans = [
        _with_selector(text, m.start(), m.end()) for m in _BRACE_BLOCK.finditer(text) if _is_css(m.group(0))
    ]
    if not spans:
        return None
    drop = bytearray(len(text))
    for s, e in spans:
        drop[s:e] = b"\x01" * (e - s)
    return [i for i in range(len(text)) if not drop[i]]


def _with_selector(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a CSS block back over its selector (ASCII run such as ``p.MsoNormal``)."""
    limit = max(0, start - 200)
    while start > limit and _SELECTOR_CHARS.match(text[start - 1]) and text[start - 1] != "}":
        start -= 1
    return start, end


def _is_css(block: str) -> bool:
    """A real stylesheet rule is mostly ASCII with property: value pairs (font names may be CJK)."""
    ascii_share = sum(ch.isascii() for ch in block) / max(1, len(block))
    return ascii_share > 0.6 and bool(_CSS_PROPERTY.search(block))


def _dropped_blocks(source: str) -> list[tuple[int, int]]:
    """[start, end) of every script, style, template block and comment, in one pass; one
    left open (no </script>, no -->) runs to the end of the text."""
    blocks = []
    pos = 0
    while (opened := _DROP_OPEN.search(source, pos)) is not None:
        name = opened.group(1)
        closer = _DROP_CLOSE[name.lower()] if name else _COMMENT_CLOSE
        closed = closer.search(source, opened.end())
        pos = closed.end() if closed is not None else len(source)
        blocks.append((opened.start(), pos))
    return blocks


def _stray_markup_pieces(source: str) -> Iterator[tuple[str, int, int]]:
    """(char, orig_start, orig_end) of a plain text holding a few tags: formatting tags (<br>,
    <strong>) are dropped, the text's own line breaks are kept. A script pasted at the end
    stays text: the structure puts it in the end block with the other page noise."""
    pos = 0
    for m in _TAG.finditer(source):
        if (m.group(2) or "").lower() not in _HTML_TAG_NAMES:
            continue
        for i in range(pos, m.start()):
            yield source[i], i, i + 1
        pos = m.end()
    for i in range(pos, len(source)):
        yield source[i], i, i + 1


def _html_pieces(source: str):
    """Yield (char, orig_start, orig_end) of the visible text of an HTML page."""
    pos = 0
    dropped = _dropped_blocks(source)
    drop_i = 0
    tag_iter = list(_TAG.finditer(source))
    tag_i = 0
    n = len(source)
    while pos < n:
        if drop_i < len(dropped) and dropped[drop_i][0] <= pos:
            if pos < dropped[drop_i][1]:
                pos = dropped[drop_i][1]
            drop_i += 1
            continue
        while tag_i < len(tag_iter) and tag_iter[tag_i].start() < pos:
            tag_i += 1
        if tag_i < len(tag_iter) and tag_iter[tag_i].start() == pos:
            m = tag_iter[tag_i]
            name = (m.group(2) or "").lower()
            if name in _BLOCK_TAGS:
                yield "\n", m.start(), m.end()
            pos = m.end()
            continue
        if source[pos] == "&":
            m = _ENTITY.match(source, pos)
            if m:
                decoded = html.unescape(m.group(0))
                for ch in decoded:
                    yield ch, m.start(), m.end()
                pos = m.end()
                continue
        if source[pos] == "\n" or source[pos] == "\r":
            yield " ", pos, pos + 1  # source line breaks are not paragraph breaks in HTML
        else:
            yield source[pos], pos, pos + 1
        pos += 1
