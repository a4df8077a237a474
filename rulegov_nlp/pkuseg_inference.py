"""Vectorised inference for a loaded spacy_pkuseg model: the words of ``pkuseg.cut``, faster.

pkuseg builds about seventy feature strings per character in a Cython loop and looks each
up in a dict; that is 80% of segmentation time. :class:`FastPkuseg` computes the same
features for a whole document at once on integer keys with numpy, adds their weights in
pkuseg's order (so the node scores are bit-identical) and runs pkuseg's own Viterbi per
piece. Around it, the user-dictionary pass and the dictionary merge of ``pkuseg.cut`` are
redone with the same rules, looking only where they can fire. Tests compare the words with
``pkuseg.cut``; :func:`fast_pkuseg` returns None (keep ``cut``) for a model or setting this
module does not reproduce.

Nodes are pkuseg's normalised characters, as integers: a character's code point, with
keywords (``-._,|/*:``) read as "&" and, under ``numLetterNorm``, digits and full-width
letters as two ids above the Unicode range.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from spacy_pkuseg import inference as pkuseg_inference
from spacy_pkuseg.config import config as pkuseg_config
from spacy_pkuseg.feature_extractor import FeatureExtractor

from rulegov_nlp.patterns import WordStarts

NO_WORD = "**noWord"
SEPARATOR = "\n"  # between the strings of a _Joined (a string holding one is measured)
NUM_ID, LETTER_ID = 0x110001, 0x110002  # the **Num and **Letter nodes
NODE_BITS = 21  # every node id is below 2**21
SPECIAL_NODES = {"**Num": NUM_ID, "**Letter": LETTER_ID}
SCALAR_TEMPLATES = ("c", "c-1", "c1", "c-2", "c2")  # one node each
PAIR_TEMPLATES = ("c-1c", "cc1", "c-2c-1")  # two nodes, joined by "."
WORD_TEMPLATES = ("w-1", "w1")  # a dictionary word ending / starting at the node
WORD_PAIR_TEMPLATES = ("ww.l", "ww.r")  # two dictionary words (or none), joined by "*"
HASH_BASE = np.uint64(1_000_003)
DENSE_KEYS = 0x10000  # keys below this are also read from a direct array
NOT_FOUND = -1
NO_WORD_CODE = 0  # the word code of **noWord
BATCH_CHARS = 20_000  # characters of model pieces cut together
SCORE_ROWS = 4_096  # nodes whose features are held at once (about 4 kB a node)
MERGE_MIN, MERGE_MAX = 2, 7  # pkuseg's Postprocesser joins 7 down to 2 words
MERGE_KEY_LENGTH = 127  # lengths are capped at this in merge keys (7 bits)
FILTER_BITS = 22  # slots of the merge-key filter (4 MB; 5% set: about 1 in 20 absent keys pass)


def fast_pkuseg(seg, saved: dict[str, np.ndarray] | None = None) -> FastPkuseg | None:
    """A FastPkuseg for ``seg``, or None when its settings or tables are not the ones
    reproduced here (the caller keeps ``seg.cut``). ``saved``: the tables of
    :meth:`FastPkuseg.tables_to_save` for this very model, read instead of built."""
    supported = (
        not seg.postag
        and pkuseg_config.wordFeature
        and pkuseg_config.wordMin >= 1
        and seg.feature_extractor.feature_to_idx.get("$$") == 0
        and not seg.postprocesser.__dict__.get("common_words")
    )
    if not supported:
        return None
    try:
        return FastPkuseg(seg, saved)
    except (KeyError, TypeError, ValueError):  # a feature or word this module cannot read
        return None


@dataclass
class _KeyTable:
    """Integer keys and a value for each: a dict that numpy can query in bulk. Keys below
    DENSE_KEYS (the characters of the Basic Multilingual Plane, where nearly every
    single-node key lies) are read from a direct array; other tables are open-addressing hash
    tables (half full, linear probing), where a query costs one or two reads instead of the
    seventeen of a binary search in 88k keys. ``keys``/``values`` keep the sorted pairs (what
    is saved, and the reference the hash lookup is tested against)."""

    keys: np.ndarray
    values: np.ndarray
    dense: np.ndarray | None = None
    slot_keys: np.ndarray | None = None
    slot_values: np.ndarray | None = None
    max_probe: int = 0

    @classmethod
    def build(cls, keys: np.ndarray, values: np.ndarray) -> _KeyTable:
        order = np.argsort(keys, kind="stable")
        keys, values = np.asarray(keys, np.int64)[order], np.asarray(values, np.int64)[order]
        table = cls(keys, values)
        if len(keys) and np.count_nonzero((keys >= 0) & (keys < DENSE_KEYS)) > len(keys) // 2:
            table.dense = np.full(DENSE_KEYS, NOT_FOUND, dtype=np.int64)
            small = (keys >= 0) & (keys < DENSE_KEYS)
            table.dense[keys[small]] = values[small]
        elif len(keys):
            table._build_slots()
        return table

    def _build_slots(self) -> None:
        """Place every key at its hash slot or the next free one (a few vectorised rounds)."""
        bits = max(4, int(len(self.keys) * 2 - 1).bit_length())
        mask = (1 << bits) - 1
        self.slot_keys = np.zeros(1 << bits, dtype=np.int64)
        self.slot_values = np.full(1 << bits, NOT_FOUND, dtype=np.int64)  # NOT_FOUND: slot free
        waiting = np.arange(len(self.keys))
        slot = _hash_slot(self.keys, bits)
        probe = 0
        while len(waiting):
            free = self.slot_values[slot] == NOT_FOUND
            # one key per free slot this round: the first of those aiming at it
            _, first = np.unique(np.where(free, slot, -1), return_index=True)
            placed = first[free[first]]
            self.slot_keys[slot[placed]] = self.keys[waiting[placed]]
            self.slot_values[slot[placed]] = self.values[waiting[placed]]
            keep = np.ones(len(waiting), dtype=bool)
            keep[placed] = False
            waiting, slot = waiting[keep], slot[keep]
            still_free = self.slot_values[slot] == NOT_FOUND  # lost a race: try the same slot again
            slot = np.where(still_free, slot, (slot + 1) & mask)
            probe += 1
        self.max_probe = probe

    def lookup(self, query: np.ndarray) -> np.ndarray:
        """The value of every query key, NOT_FOUND where absent."""
        if not len(self.keys) or not len(query):
            return np.full(query.shape, NOT_FOUND, dtype=np.int64)
        if self.dense is not None:
            small = (query >= 0) & (query < DENSE_KEYS)
            out = self.dense[np.where(small, query, 0)]
            large = np.flatnonzero(~small)
            if len(large):
                out[large] = self._searched(query[large])
            return out
        return self._hashed(query)

    def _hashed(self, query: np.ndarray) -> np.ndarray:
        """Linear probing from each query's slot until its key or a free slot."""
        bits = len(self.slot_keys).bit_length() - 1
        mask = (1 << bits) - 1
        out = np.full(query.shape, NOT_FOUND, dtype=np.int64)
        active = np.arange(len(query))
        slot = _hash_slot(query, bits)
        for _ in range(self.max_probe + 1):
            value = self.slot_values[slot]
            hit = (self.slot_keys[slot] == query[active]) & (value != NOT_FOUND)
            out[active[hit]] = value[hit]
            more = ~hit & (value != NOT_FOUND)
            active, slot = active[more], (slot[more] + 1) & mask
            if not len(active):
                break
        return out

    def _searched(self, query: np.ndarray) -> np.ndarray:
        """Binary search in the sorted keys (the reference lookup)."""
        if not len(query) or not len(self.keys):
            return np.full(query.shape, NOT_FOUND, dtype=np.int64)
        pos = np.searchsorted(self.keys, query)
        pos[pos == len(self.keys)] = 0
        return np.where(self.keys[pos] == query, self.values[pos], NOT_FOUND)


def _hash_slot(keys: np.ndarray, bits: int) -> np.ndarray:
    """Fibonacci hashing of int64 keys to ``bits``-bit slots."""
    with np.errstate(over="ignore"):
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return (mixed >> np.uint64(64 - bits)).astype(np.int64)


@dataclass
class _Joined:
    """Many strings as one array of code points (zero-padded), with each one's start and length."""

    code_points: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(cls, strings: list[str], pad: int = 16) -> _Joined:
        text = SEPARATOR.join(strings)
        code_points = _code_points(text)
        ends = np.append(np.flatnonzero(code_points == ord(SEPARATOR)), len(code_points))
        if len(ends) != len(strings):  # a string holds the separator: count lengths instead
            ends = np.cumsum(np.fromiter(map(len, strings), np.int64, count=len(strings)) + 1) - 1
        starts = np.append(0, ends[:-1] + 1)[: len(strings)]
        return cls(np.concatenate([code_points, np.zeros(pad, np.int64)]), starts, ends - starts)

    def has_prefix(self, prefix: str) -> np.ndarray:
        """Which strings start with ``prefix`` and go on after it."""
        mask = self.lengths > len(prefix)
        for j, ch in enumerate(prefix):
            where = np.flatnonzero(mask)
            mask[where] = self.code_points[self.starts[where] + j] == ord(ch)
        return mask

    def rows(self, starts: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
        """Code points of the substrings at ``starts`` of ``lengths``, zero-padded to ``width``."""
        cols = np.arange(width)
        return np.where(cols < lengths[:, None], self.code_points[starts[:, None] + cols], 0)


class FastPkuseg:
    """``cut(text)`` with the same words as ``spacy_pkuseg.pkuseg.cut`` on the same model."""

    _openings_for: object = None  # the user-dictionary trie ``_openings`` was made for
    _openings: WordStarts

    def __init__(self, seg, saved: dict[str, np.ndarray] | None = None) -> None:
        self.seg = seg
        self.word_min, self.word_max = pkuseg_config.wordMin, pkuseg_config.wordMax
        self.lengths = list(range(self.word_max, self.word_min - 1, -1))  # pkuseg's order
        n_tag, n_feature = seg.model.n_tag, seg.model.n_feature
        weights = np.asarray(seg.model.w, dtype=np.float64)
        self.node_weights = weights[: n_feature * n_tag].reshape(n_feature, n_tag)  # a view
        # pkuseg: edge[s_pre, s] = 1 + w[n_feature * n_tag + s * n_tag + s_pre]
        transitions = weights[n_feature * n_tag : n_feature * n_tag + n_tag * n_tag]
        self.edge_score = np.ones((n_tag, n_tag)) + transitions.reshape(n_tag, n_tag).T
        self.begin_tags = np.array(["B" in seg.idx_to_tag[i] for i in range(n_tag)])
        self.char_ids = _char_id_table()
        self.merge_words = seg.postprocesser.other_words if seg.postprocesser.do_process else set()
        self.from_saved_tables = saved is not None
        if saved is not None:
            self._read_tables(saved)
            return
        self._build_words(seg.feature_extractor.unigram)
        self._build_features(seg.feature_extractor.feature_to_idx)
        self._build_merge(self.merge_words)

    # ------------------------------------------------------------------ saved tables

    def tables_to_save(self) -> dict[str, np.ndarray]:
        """The tables derived from the model, as named arrays: building them reads every
        feature string (about 0.3 s of each load), reading them back takes a few ms."""
        out = {
            "codes": np.array([self.n_codes, self.off_piece], dtype=np.int64),
            "word_nodes": self.word_nodes,
            "merge_keys": self.merge_keys,
        }
        for n, table in self.words_by_hash.items():
            out[f"words_by_hash.{n}.keys"], out[f"words_by_hash.{n}.values"] = table.keys, table.values
        for name, table in self.tables.items():
            out[f"tables.{name}.keys"], out[f"tables.{name}.values"] = table.keys, table.values
        for name, column in self.word_tables.items():
            out[f"word_tables.{name}"] = column
        return out

    def _read_tables(self, saved: dict[str, np.ndarray]) -> None:
        """The inverse of :meth:`tables_to_save` (a missing array raises KeyError)."""
        self.n_codes, self.off_piece = (int(v) for v in saved["codes"])
        self.word_nodes = saved["word_nodes"]
        self.words_by_hash = {
            n: _KeyTable.build(saved[f"words_by_hash.{n}.keys"], saved[f"words_by_hash.{n}.values"])
            for n in range(self.word_min, self.word_max + 1)
        }
        templates = SCALAR_TEMPLATES + PAIR_TEMPLATES + WORD_PAIR_TEMPLATES
        self.tables = {
            t: _KeyTable.build(saved[f"tables.{t}.keys"], saved[f"tables.{t}.values"]) for t in templates
        }
        self.word_tables = {t: saved[f"word_tables.{t}"] for t in WORD_TEMPLATES}
        self.merge_keys = saved["merge_keys"]
        self.merge_slots = _slots_of(self.merge_keys)

    # ------------------------------------------------------------------ tables

    def _build_words(self, unigram: set[str]) -> None:
        """The model's dictionary words, by length, as hashed rows of node ids."""
        self.words = sorted(w for w in unigram if self.word_min <= len(w) <= self.word_max)
        self.word_id = {w: i for i, w in enumerate(self.words)}
        # Word codes: 0 is **noWord, word i is i + 1, and the last code is the empty string
        # pkuseg reads for a slice that runs off the piece. pkuseg tests that string against
        # its dictionary too: if the dictionary holds "", such slices are "" (with features
        # of their own), else **noWord.
        self.n_codes = len(self.words) + 2
        self.off_piece = self.n_codes - 1 if "" in unigram else NO_WORD_CODE
        # Words are raw characters: a dictionary word holding a digit never matches, since
        # the digit's node is **Num (the same in pkuseg, where the joined nodes differ).
        joined = _Joined.of(self.words)
        self.word_nodes = joined.rows(joined.starts, joined.lengths, self.word_max)
        self.words_by_hash = {}
        for n in range(self.word_min, self.word_max + 1):
            ids = np.flatnonzero(joined.lengths == n)
            hashes = _row_hashes(self.word_nodes[ids, :n])
            if len(np.unique(hashes)) != len(hashes):
                raise ValueError(f"two dictionary words of length {n} share a hash")
            self.words_by_hash[n] = _KeyTable.build(hashes, ids)

    def _build_features(self, feature_to_idx: dict[str, int]) -> None:
        """An integer-keyed table for every feature template, parsed with numpy; the few
        keys that name **Num, **Letter or **noWord are parsed one by one."""
        keys = list(feature_to_idx)
        values = np.fromiter(feature_to_idx.values(), np.int64, count=len(keys))
        joined = _Joined.of(keys)
        cp = joined.code_points
        self.tables: dict[str, _KeyTable] = {}
        self.word_tables: dict[str, np.ndarray] = {}  # word code -> feature, dense
        for template in SCALAR_TEMPLATES + PAIR_TEMPLATES + WORD_TEMPLATES + WORD_PAIR_TEMPLATES:
            skip = len(template) + 1
            sel = np.flatnonzero(joined.has_prefix(template + "."))
            start, length = joined.starts[sel] + skip, joined.lengths[sel] - skip
            if template in SCALAR_TEMPLATES:
                node = cp[start]
                odd = np.flatnonzero(length != 1)
                node[odd] = [_node_id(keys[k][skip:]) for k in sel[odd].tolist()]
                self.tables[template] = _KeyTable.build(node, values[sel])
            elif template in PAIR_TEMPLATES:
                pair = _pair_key(cp[start], cp[start + 2])
                odd = np.flatnonzero((length != 3) | (cp[start + 1] != ord(".")))
                pair[odd] = [_pair_key(*map(_node_id, keys[k][skip:].split("."))) for k in sel[odd].tolist()]
                self.tables[template] = _KeyTable.build(pair, values[sel])
            elif template in WORD_TEMPLATES:
                code = self._word_codes(joined, start, length)
                found = code != NOT_FOUND
                table = np.full(self.n_codes, NOT_FOUND, dtype=np.int64)
                table[code[found]] = values[sel][found]
                if self.off_piece != NO_WORD_CODE and template + "." in feature_to_idx:
                    table[self.off_piece] = feature_to_idx[template + "."]  # the "" word
                self.word_tables[template] = table
            else:
                self.tables[template] = self._word_pair_table(keys, values, joined, sel, skip)

    def _word_pair_table(
        self, keys: list[str], values: np.ndarray, joined: _Joined, sel: np.ndarray, skip: int
    ) -> _KeyTable:
        """Keys ``pre * n_codes + post`` (word codes) of the "pre*post" features."""
        start, end = joined.starts[sel] + skip, joined.starts[sel] + joined.lengths[sel]
        stars = np.append(np.flatnonzero(joined.code_points == ord("*")), len(joined.code_points))
        first_star = np.searchsorted(stars, start)
        one_star = np.searchsorted(stars, end) - first_star == 1  # no **noWord
        star = np.where(one_star, stars[first_star], start)
        pre = self._word_codes(joined, start, star - start)
        post = self._word_codes(joined, star + 1, np.where(one_star, end - star - 1, -1))
        words = one_star & (pre != NOT_FOUND) & (post != NOT_FOUND)
        pair_keys = (pre[words] * self.n_codes + post[words]).tolist()
        pair_values = values[sel][words].tolist()
        for k in sel[~one_star].tolist():
            for key in self._word_pair_keys(keys[k][skip:]):
                pair_keys.append(key)
                pair_values.append(int(values[k]))
        return _KeyTable.build(np.array(pair_keys, np.int64), np.array(pair_values, np.int64))

    def _word_pair_keys(self, rest: str) -> list[int]:
        """Keys of the (pre, post) word pairs that ``pre + "*" + post`` spells."""
        keys = []
        for cut in (i for i, ch in enumerate(rest) if ch == "*"):
            codes = [self._word_code(part) for part in (rest[:cut], rest[cut + 1 :])]
            if NOT_FOUND not in codes:
                keys.append(codes[0] * self.n_codes + codes[1])
        return keys

    def _word_code(self, part: str) -> int:
        if part == NO_WORD:
            return NO_WORD_CODE
        if part == "":
            return self.off_piece if self.off_piece != NO_WORD_CODE else NOT_FOUND
        return self.word_id[part] + 1 if part in self.word_id else NOT_FOUND

    def _word_codes(self, joined: _Joined, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Word code of each substring of ``joined``, NOT_FOUND for one that is no word."""
        out = np.full(len(starts), NOT_FOUND, dtype=np.int64)
        if self.off_piece != NO_WORD_CODE:
            out[lengths == 0] = self.off_piece
        for n in range(self.word_min, self.word_max + 1):
            sel = np.flatnonzero(lengths == n)
            ids = self._lookup_words(joined.rows(starts[sel], lengths[sel], n), n)
            out[sel] = np.where(ids != NOT_FOUND, ids + 1, NOT_FOUND)
        return out

    def _lookup_words(self, rows: np.ndarray, length: int) -> np.ndarray:
        """Word id of each row of ``length`` node ids, NOT_FOUND for none. Every hash hit is
        confirmed node by node, so a collision never invents a word."""
        ids = self.words_by_hash[length].lookup(_row_hashes(rows))
        found = np.flatnonzero(ids != NOT_FOUND)
        wrong = ~(self.word_nodes[ids[found], :length] == rows[found]).all(axis=1)
        ids[found[wrong]] = NOT_FOUND
        return ids

    def _build_merge(self, known: set[str]) -> None:
        """pkuseg's merge dictionary, and a (first character, last character, length) key
        per word: a window of words is looked up only when a dictionary word has its key."""
        joined = _Joined.of(list(known - {""}) if "" in known else list(known))
        cp, start, length = joined.code_points, joined.starts, joined.lengths
        keys = _merge_key(cp[start], cp[start + length - 1], np.minimum(length, MERGE_KEY_LENGTH))
        self.merge_keys = np.sort(keys)
        self.merge_slots = _slots_of(self.merge_keys)  # most windows fail here

    # ------------------------------------------------------------------ cut

    def cut(self, txt: str) -> list[str]:
        """The words ``pkuseg.cut(txt)`` returns."""
        pieces: list[tuple[str, bool]] = []  # (text, is a user-dictionary word)
        for chunk in txt.split():
            pieces.extend(self._user_dict_split(chunk))
        model_words = iter(self._cut_batches([p for p, is_word in pieces if not is_word]))
        out: list[str] = []
        for piece, is_word in pieces:
            out.extend([piece] if is_word else next(model_words))
        return out

    def _user_dict_split(self, txt: str) -> list[tuple[str, bool]]:
        """pkuseg's ``Preprocesser.solve``, looking only where a user word may start: a
        one-character word or the first two characters of a longer one (elsewhere pkuseg's
        walk finds nothing), found in one pass over the text."""
        trie = self.seg.preprocesser.trie  # read each time: spaCy can replace the user dict
        out: list[tuple[str, bool]] = []
        n, last = len(txt), 0
        for i in self._user_word_openings(trie)(txt):
            if i < last:  # inside the word matched before
                continue
            end = _user_dict_match(trie, txt, i)
            if end < 0:
                continue
            if last != i:
                out.append((txt[last:i], False))
            out.append((txt[i:end], True))
            last = end
        if last < n:
            out.append((txt[last:], False))
        return out

    def _user_word_openings(self, trie) -> WordStarts:
        """Where a user-dictionary match may start, for the trie in use (rebuilt when spaCy
        replaces the user dictionary)."""
        if self._openings_for is not trie:
            root = trie.children
            openings = [c for c, node in root.items() if node.isword]
            openings += [c + d for c, node in root.items() for d in node.children]
            self._openings, self._openings_for = WordStarts(openings), trie
        return self._openings

    def _cut_batches(self, pieces: list[str]) -> Iterator[list[str]]:
        """Words per piece, computed BATCH_CHARS at a time: the feature arrays take about
        600 bytes a character, so a book-length text must not be done in one go."""
        batch: list[str] = []
        size = 0
        for piece in pieces:
            if batch and size + len(piece) > BATCH_CHARS:
                yield from self._cut_pieces(batch)
                batch, size = [], 0
            batch.append(piece)
            size += len(piece)
        yield from self._cut_pieces(batch)

    def _cut_pieces(self, pieces: list[str]) -> list[list[str]]:
        """The model's words for each piece (pkuseg's ``_cut`` then its merge), in one pass."""
        if not pieces:
            return []
        text = "".join(pieces)
        lengths = np.array([len(p) for p in pieces], dtype=np.int64)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        code_points = _code_points(text)
        scores = self._node_scores(
            self._nodes(code_points), np.repeat(starts, lengths), np.repeat(ends, lengths)
        )
        begins = np.zeros(len(text), dtype=bool)
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            _, tags = pkuseg_inference.run_viterbi(scores[start:end], self.edge_score)
            begins[start:end] = self.begin_tags[tags]
        begins[starts] = True
        cuts = np.append(np.flatnonzero(begins), len(text))
        cuts = self._merge(text, code_points, cuts, starts)
        bounds = np.searchsorted(cuts, np.append(starts, len(text))).tolist()
        cut_list = cuts.tolist()
        return [[text[cut_list[k] : cut_list[k + 1]] for k in range(a, b)] for a, b in pairwise(bounds)]

    def node_scores(self, piece: str) -> np.ndarray:
        """The (characters x tags) scores pkuseg's Viterbi gets for one piece of text."""
        code_points = _code_points(piece)
        n = len(code_points)
        return self._node_scores(self._nodes(code_points), np.zeros(n, np.int64), np.full(n, n))

    def _nodes(self, code_points: np.ndarray) -> np.ndarray:
        bmp = code_points < len(self.char_ids)
        return np.where(bmp, self.char_ids[np.where(bmp, code_points, 0)], code_points)

    def _node_scores(self, node: np.ndarray, piece_start: np.ndarray, piece_end: np.ndarray) -> np.ndarray:
        """Sum of feature weights per node and tag, added in pkuseg's order; SCORE_ROWS nodes
        at a time, so that a piece without spaces (a page of 320k characters) does not hold
        its feature arrays all at once. A node's features reach at most word_max + 2 nodes
        away: each window carries twice that on both sides, read with the piece cut at the
        window, and only its middle rows are kept (the same values as one pass)."""
        n = len(node)
        if n <= SCORE_ROWS:
            return self._window_scores(node, piece_start, piece_end)
        margin = 2 * (self.word_max + 2)
        scores = np.empty((n, self.node_weights.shape[1]))
        for a in range(0, n, SCORE_ROWS):
            b = min(n, a + SCORE_ROWS)
            lo, hi = max(0, a - margin), min(n, b + margin)
            window = self._window_scores(
                node[lo:hi], np.maximum(piece_start[lo:hi], lo) - lo, np.minimum(piece_end[lo:hi], hi) - lo
            )
            scores[a:b] = window[a - lo : b - lo]
        return scores

    def _window_scores(self, node: np.ndarray, piece_start: np.ndarray, piece_end: np.ndarray) -> np.ndarray:
        """:meth:`_node_scores` of one window (positions relative to it)."""
        n = len(node)
        pos = np.arange(n)
        before = pos - piece_start  # nodes before this one in its piece
        after = piece_end - pos - 1  # nodes after it
        pad = self.word_max + 2

        def shifted(values: np.ndarray) -> Callable[[int], np.ndarray]:
            padded = np.concatenate([np.zeros(pad, np.int64), values, np.zeros(pad, np.int64)])
            return lambda offset: padded[pad + offset : pad + offset + n]

        at = shifted(node)
        c, prev, nxt, prev2, nxt2 = at(0), at(-1), at(1), at(-2), at(2)
        t = self.tables
        columns = [
            t["c"].lookup(c),
            _masked(t["c-1"].lookup(prev), before > 0),
            _masked(t["c-1c"].lookup(_pair_key(prev, c)), before > 0),
            _masked(t["c1"].lookup(nxt), after > 0),
            _masked(t["cc1"].lookup(_pair_key(c, nxt)), after > 0),
            _masked(t["c-2"].lookup(prev2), before > 1),
            _masked(t["c-2c-1"].lookup(_pair_key(prev2, prev)), before > 1),
            _masked(t["c2"].lookup(nxt2), after > 1),
        ]
        # Word code of the dictionary word of each length starting at each node; a slice
        # that runs off the piece is read as pkuseg reads it (self.off_piece).
        starting = {k: shifted(self._words_starting(node, after, k)) for k in self.lengths}
        off = self.off_piece
        pre_in = [np.where(before >= k - 1, starting[k](1 - k), off) for k in self.lengths]  # ends here
        post_in = [np.where(after >= k - 1, starting[k](0), off) for k in self.lengths]  # starts here
        pre_ex = [np.where(before >= k, starting[k](-k), off) for k in self.lengths]  # ends just before
        post_ex = [np.where(after >= k, starting[k](1), off) for k in self.lengths]  # starts after it
        columns.extend(self.word_tables["w-1"][w] for w in pre_in)
        columns.extend(self.word_tables["w1"][w] for w in post_in)
        for template, pres, posts in (("ww.l", pre_ex, post_in), ("ww.r", pre_in, post_ex)):
            columns.extend(self._word_pair_columns(t[template], pres, posts))
        # pkuseg starts every node with feature 0 ("$$") and adds the others in this order:
        # np.add.at adds the found weights one by one in the order given, column after column,
        # so every node's sum is formed in pkuseg's order (bit-identical scores).
        stacked = np.stack(columns)  # (column, node)
        col_of, node_of = np.nonzero(stacked != NOT_FOUND)  # row-major: column after column
        features = stacked[col_of, node_of]
        scores = np.repeat(self.node_weights[:1], n, axis=0)
        n_tag = scores.shape[1]
        flat = (node_of[:, None] * n_tag + np.arange(n_tag)).ravel()
        np.add.at(scores.ravel(), flat, self.node_weights[features].ravel())
        return scores

    def _word_pair_columns(
        self, table: _KeyTable, pres: list[np.ndarray], posts: list[np.ndarray]
    ) -> list[np.ndarray]:
        """The feature of every (word before, word after) pair of lengths, one column per pair
        in pkuseg's order; the keys of all pairs are looked up in one call."""
        no_words = table.lookup(np.zeros(1, np.int64))[0]  # **noWord twice: key 0
        keys = np.stack([pre * self.n_codes + post for pre in pres for post in posts])
        found = np.full(keys.shape, no_words, dtype=np.int64)
        some = np.nonzero(keys)
        found[some] = table.lookup(keys[some])
        return list(found)

    def _words_starting(self, node: np.ndarray, after: np.ndarray, length: int) -> np.ndarray:
        """Word code of the dictionary word of ``length`` nodes starting at each node (0: none)."""
        out = np.zeros(len(node), dtype=np.int64)
        starts = np.flatnonzero(after >= length - 1)
        ids = self._lookup_words(node[starts[:, None] + np.arange(length)], length)
        found = ids != NOT_FOUND
        out[starts[found]] = ids[found] + 1
        return out

    def _merge(
        self, text: str, code_points: np.ndarray, cuts: np.ndarray, piece_starts: np.ndarray
    ) -> np.ndarray:
        """pkuseg's ``Postprocesser`` on word boundaries ``cuts``: join 7..2 adjacent words of
        one piece that spell a word of its dictionary unless each of them is one already
        (longest first, left to right). Returns the boundaries left."""
        if not self.merge_words:
            return cuts
        known = self.merge_words
        piece = np.searchsorted(piece_starts, cuts[:-1], side="right")
        outside = self._not_known(text, code_points, cuts)
        for m in range(MERGE_MAX, MERGE_MIN - 1, -1):
            n_windows = len(cuts) - m
            if n_windows <= 0:
                continue
            first, end = cuts[:n_windows], cuts[m:]
            outside_sum = np.convolve(outside, np.ones(m, np.int64), "valid")
            candidates = np.flatnonzero((piece[:n_windows] == piece[m - 1 :]) & (outside_sum > 0))
            first, end = first[candidates], end[candidates]  # the dictionary is searched for these only
            keys = _merge_key(
                code_points[first], code_points[end - 1], np.minimum(end - first, MERGE_KEY_LENGTH)
            )
            maybe = np.flatnonzero(self.merge_slots[_filter_slot(keys)])
            candidates = candidates[maybe[_contains(self.merge_keys, keys[maybe])]]
            merged: list[int] = []
            free_from = 0
            for i in candidates.tolist():
                if i >= free_from and text[cuts[i] : cuts[i + m]] in known:
                    merged.append(i)
                    free_from = i + m
            if merged:
                keep = np.ones(len(cuts), dtype=bool)
                for i in merged:
                    keep[i + 1 : i + m] = False
                cuts, piece, outside = cuts[keep], piece[keep[:-1]], outside[keep[:-1]]
                outside[np.cumsum(keep)[merged] - 1] = 0  # a merged word is a dictionary word
        return cuts

    def _not_known(self, text: str, code_points: np.ndarray, cuts: np.ndarray) -> np.ndarray:
        """1 for each word between ``cuts`` that is not in the merge dictionary, else 0; a word
        whose key fails the filter is not in it, the others are looked up."""
        first, end = cuts[:-1], cuts[1:]
        keys = _merge_key(code_points[first], code_points[end - 1], np.minimum(end - first, MERGE_KEY_LENGTH))
        outside = np.ones(len(first), dtype=np.int64)
        maybe = np.flatnonzero(self.merge_slots[_filter_slot(keys)])
        known = self.merge_words
        bounds = zip(first[maybe].tolist(), end[maybe].tolist(), strict=True)
        outside[maybe] = np.fromiter((text[a:b] not in known for a, b in bounds), np.int64, count=len(maybe))
        return outside


def _user_dict_match(root, txt: str, i: int) -> int:
    """End of pkuseg's user-dictionary match at ``i``, or -1. Faithful to pkuseg: when the
    trie walk stops inside the text after passing a word, the match runs to where it
    stopped, not to the end of the longest word."""
    node, j, n, last_word = root, i, len(txt), -1
    while True:
        child = node.children.get(txt[j])
        if child is None:
            return j if last_word >= 0 else -1
        node = child
        if node.isword:
            last_word = j
        j += 1
        if j == n:
            return last_word + 1 if last_word >= 0 else -1


def _char_id_table() -> np.ndarray:
    """Node id of every BMP character under pkuseg's normalisation (others keep their code)."""
    table = np.arange(0x10000, dtype=np.int64)
    for ch in FeatureExtractor.keywords:
        table[ord(ch)] = ord("&")
    if pkuseg_config.numLetterNorm:
        for ch in FeatureExtractor.num - set(FeatureExtractor.keywords):
            table[ord(ch)] = NUM_ID
        for ch in FeatureExtractor.letter - set(FeatureExtractor.keywords):
            table[ord(ch)] = LETTER_ID
    return table


def _node_id(node: str) -> int:
    return SPECIAL_NODES.get(node) or ord(node)


def _pair_key(first, second):
    return (first << NODE_BITS) | second


def _merge_key(first, last, length):
    """(first character, last character, length up to MERGE_KEY_LENGTH) as one integer."""
    return (first << (NODE_BITS + 7)) | (last << 7) | length


def _slots_of(keys: np.ndarray) -> np.ndarray:
    """The slot filter of a key set: True at the slot of every key."""
    slots = np.zeros(1 << FILTER_BITS, dtype=bool)
    slots[_filter_slot(keys)] = True
    return slots


def _filter_slot(keys: np.ndarray) -> np.ndarray:
    """A slot of FILTER_BITS bits for each key (Fibonacci hashing): a key whose slot is not
    set is not in the table, read without a search in it."""
    with np.errstate(over="ignore"):
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return (mixed >> np.uint64(64 - FILTER_BITS)).astype(np.int64)


def _contains(sorted_keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    if not len(sorted_keys):
        return np.zeros(query.shape, dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, query), len(sorted_keys) - 1)
    return sorted_keys[pos] == query


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def _row_hashes(rows: np.ndarray) -> np.ndarray:
    """Polynomial hash of each row of node ids (uint64, wrapping), as int64 keys."""
    h = np.zeros(len(rows), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows.shape[1]):
            h = h * HASH_BASE + rows[:, j].astype(np.uint64)
    return h.view(np.int64)


def _masked(col: np.ndarray, valid: np.ndarray) -> np.ndarray:
    return np.where(valid, col, NOT_FOUND)
