"""Report files to text: bounded, safe reading and decoding that is right or says why.

Reading never blocks and never grows without bound: a file is opened without waiting (a
FIFO or device is refused, not read), and at most ``max_bytes`` are read. Decoding lets
evidence decide, not a fixed order of guesses: a byte-order mark decides; bytes that are
valid UTF-8 are UTF-8 (structure, not a guess); otherwise a charset detector's ranked
candidates, together with the page's ``<meta charset>``. A few stray bytes in an otherwise
valid file are replaced, with their byte offsets given as warnings, instead of losing the
file.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from rulegov_nlp.textprep import InputError

DEFAULT_MAX_BYTES = 50_000_000
INPUT_SUFFIXES = frozenset({".txt", ".html", ".htm"})
# Document formats people keep next to their reports; listed as skipped, never silently dropped.
UNREAD_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".wps", ".odt", ".rtf"})


class ReadError(InputError):
    """A file that cannot be read as a report: ``reason`` says why, ``name`` which file."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class DecodedText:
    """Report text with the encoding it was read in and what was repaired on the way."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def read(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a ``.txt``/``.html`` report in UTF-8, GBK/GB18030/GB2312, Big5 or UTF-16/32
    with a BOM; raises :class:`ReadError` with the reason when it cannot be read."""
    return read_report(path, max_bytes=max_bytes).text


def read_report(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """Like :func:`read`, with the encoding found and the warnings (replaced stray bytes)."""
    return _decode_named(read_bytes(path, max_bytes=max_bytes), display_name(path))


def _decode_named(data: bytes, name: str) -> DecodedText:
    try:
        return decode(data)
    except InputError as exc:
        raise ReadError(name, str(exc)) from None


def display_name(path: str | os.PathLike) -> str:
    """The path as printable UTF-8: bytes of a non-UTF-8 file name are shown escaped (\\xb1)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# --- bounded, non-blocking reading ----------------------------------------------------------

_NO_WAIT = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """At most ``max_bytes`` of a regular file. Opened without waiting, so that a FIFO
    cannot block; its type is checked on the open file, so it cannot change in between."""
    name = display_name(path)
    try:
        fd = os.open(path, _NO_WAIT)
    except OSError as exc:
        raise ReadError(name, os_reason(path, exc)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ReadError(name, _kind_refused(mode))
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(name, os_reason(path, exc)) from None
    return _within_limit(data, max_bytes, name)


def read_stream(stream: BinaryIO, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """Like :func:`read_report` for an open binary stream (stdin), read to at most ``max_bytes``."""
    data = _within_limit(stream.read(max_bytes + 1), max_bytes, name)
    return _decode_named(data, name)


def _within_limit(data: bytes, max_bytes: int, name: str) -> bytes:
    if len(data) > max_bytes:
        raise ReadError(name, f"larger than the limit of {max_bytes:,} bytes (--max-bytes / max_bytes)")
    return data


def _kind_refused(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device",
             stat.S_ISSOCK: "a socket"}  # fmt: skip
    kind = next((label for test, label in kinds.items() if test(mode)), "not a regular file")
    return f"not a regular file ({kind}); only regular files are read"


def os_reason(path: str | os.PathLike, exc: OSError) -> str:
    """One clear line for a file-system error."""
    if exc.errno == errno.ENOENT:
        return "dangling symlink (its target does not exist)" if os.path.islink(path) else "no such file"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return exc.strerror or type(exc).__name__


# --- finding the report files under folders --------------------------------------------------


@dataclass(frozen=True)
class InputEntry:
    """One input named on the command line or found in a folder. ``path`` is None for stdin.
    ``problem``: why it cannot be read (a failure); ``skipped``: why it is left out on
    purpose (a PDF, a folder reached again through a link); ``folder``: the entry is a folder,
    not a report, so it gets a line but no record."""

    name: str
    path: Path | None
    problem: str | None = None
    skipped: str | None = None
    folder: bool = False

    @property
    def is_report(self) -> bool:
        """Whether this entry gets a record (possibly one with an error)."""
        return self.skipped is None and not self.folder


_UNREAD_REASON = "PDF/Word files are not read; save them as .txt first"


def list_inputs(paths: Sequence[str]) -> Iterator[InputEntry]:
    """Files as given, folders walked (sorted, symlinked folders followed once), '-' for stdin.
    Every problem is an entry of its own, so that one odd path never ends the run."""
    for raw in paths:
        if raw == "-":
            yield InputEntry("<stdin>", None)
            continue
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            yield InputEntry(display_name(path), path, problem=os_reason(path, exc))
            continue
        if not is_dir:
            yield InputEntry(display_name(path), path)
            continue
        found = list(_walk(path))
        if not any(e.problem is None and e.is_report for e in found):
            problem = "folder holds no .txt/.html/.htm files"
            found.append(InputEntry(display_name(path), path, problem=problem, folder=True))
        yield from found


def _walk(root: Path) -> Iterator[InputEntry]:
    """Depth first in name order; a folder reached twice (a symlink loop) is listed once."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                again = "already read (symlink loop)"
                yield InputEntry(display_name(folder), folder, skipped=again, folder=True)
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield InputEntry(display_name(folder), folder, problem=os_reason(folder, exc), folder=True)
            continue
        subfolders = []
        for child in children:
            path = Path(child.path)
            problem = _link_problem(path) if child.is_symlink() else None
            if problem is not None:  # a broken link is listed whatever its name: it may be a folder
                yield InputEntry(display_name(path), path, problem=problem)
            elif child.is_dir():
                subfolders.append(path)
            elif path.suffix.lower() in INPUT_SUFFIXES:
                yield InputEntry(display_name(path), path)
            elif path.suffix.lower() in UNREAD_SUFFIXES:
                yield InputEntry(display_name(path), path, skipped=_UNREAD_REASON)
        stack.extend(reversed(subfolders))


def _link_problem(path: Path) -> str | None:
    """Why a symlink cannot be followed (loop, dangling), or None when it can."""
    try:
        os.stat(path)
    except OSError as exc:
        return os_reason(path, exc)
    return None


# --- decoding --------------------------------------------------------------------------------

# A BOM decides. UTF-32 LE first: its BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What the detector may choose from: the encodings Chinese reports come in. Without this it
# reads a short GBK text as UTF-16 or Shift-JIS just as confidently.
_DETECTOR_CANDIDATES = ["utf_8", "gb18030", "gbk", "gb2312", "big5", "cp950", "big5hkscs"]
# Decode with the superset: pages declared GB2312 use GBK characters, Big5 pages use CP950's.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "cp950", "big5hkscs": "cp950"}
_FALLBACK = {"cp950": "big5hkscs"}  # Hong Kong characters CP950 lacks
_DECLARABLE = frozenset({"utf-8", "gb18030", "cp950"})
_META_CHARSET = re.compile(rb"<meta\b[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{1,40})", re.I)
# The detector's ranking is taken unless the declared charset is within this much chaos of it.
_CHAOS_MARGIN = 0.05
# "A few stray bytes": at most one per this many bytes, or this few in a short file ...
_BYTES_PER_STRAY = 1000
_MIN_STRAYS = 8
_MAX_STRAYS = 100  # ... and never more than this many places in one file.


def decode_bytes(data: bytes) -> str:
    """Report bytes to text (see :func:`decode`); raises :class:`InputError` with the reason."""
    return decode(data).text


def decode(data: bytes) -> DecodedText:
    """Report bytes to text with the encoding found and warnings for replaced stray bytes."""
    if not data.strip():
        raise InputError("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_allowing_strays(data, encoding, len(bom), why="its byte-order mark")
    if b"\x00" in data[:4096]:
        raise InputError("binary input (NUL bytes); expected text or HTML")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    for encoding in _ranked_candidates(data, declared):
        decoded = _decode_strict(data, encoding)
        if decoded is not None and _reads_as_chinese(decoded):
            warnings = _declared_mismatch(declared, encoding)
            return DecodedText(decoded, encoding, warnings)
    return _decode_with_fewest_strays(data, declared)


def declared_charset(data: bytes) -> str | None:
    """The page's ``<meta charset>`` (or http-equiv Content-Type) as a codec name, if known."""
    m = _META_CHARSET.search(data[:8192])
    codec = _codec(m.group(1).decode("ascii")) if m else None
    # Only the encodings reports come in: any two bytes of ASCII decode as UTF-16 into Han
    # characters, so a page wrongly declared UTF-16 would read as Chinese nonsense.
    return codec if codec in _DECLARABLE else None


def _codec(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSET.get(canonical, canonical)


def _ranked_candidates(data: bytes, declared: str | None) -> list[str]:
    """The detector's candidates best first (least chaos, then most coherence), with the
    declared charset first when the detector finds it about as good as its best."""
    matches = from_bytes(data, cp_isolation=_DETECTOR_CANDIDATES, preemptive_behaviour=False)
    scored = [(m.chaos, -m.coherence, _codec(m.encoding)) for m in matches]
    ranked = [enc for _, _, enc in sorted(scored) if enc]
    if declared and scored:
        best_chaos = min(chaos for chaos, _, _ in scored)
        if any(enc == declared and chaos <= best_chaos + _CHAOS_MARGIN for chaos, _, enc in scored):
            ranked.insert(0, declared)
    elif declared:
        ranked.append(declared)
    return list(dict.fromkeys(ranked))


def _decode_strict(data: bytes, encoding: str) -> str | None:
    for codec in (encoding, _FALLBACK.get(encoding)):
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _declared_mismatch(declared: str | None, encoding: str) -> list[str]:
    if declared is None or declared == encoding:
        return []
    return [f"the page declares charset {declared} but its bytes read as {encoding}"]


def _decode_with_fewest_strays(data: bytes, declared: str | None) -> DecodedText:
    """No encoding reads every byte: the one that reads all but a few, if any does."""
    allowed = _allowed_strays(data)
    best: tuple[list[int], str, str] | None = None
    for encoding in dict.fromkeys(e for e in (declared, "utf-8", "gb18030", "cp950") if e):
        result = _decode_recording(data, encoding, 0, allowed)
        if (
            result is not None
            and _reads_as_chinese(result[0])
            and (best is None or len(result[1]) < len(best[0]))
        ):
            best = (result[1], result[0], encoding)
    if best is None:
        raise InputError(
            "undecodable bytes: not UTF-8, GB18030/GBK, Big5 or another encoding giving Chinese text, "
            f"even allowing {allowed} stray byte(s)"
        )
    offsets, text, encoding = best
    return DecodedText(text, encoding, [_stray_warning(offsets, encoding)])


def _decode_allowing_strays(data: bytes, encoding: str, skip: int, why: str) -> DecodedText:
    allowed = _allowed_strays(data)
    result = _decode_recording(data, encoding, skip, allowed)
    if result is None:
        raise InputError(f"{encoding} by {why}, but more than {allowed} byte(s) are not valid {encoding}")
    text, offsets = result
    return DecodedText(text, encoding, [_stray_warning(offsets, encoding)] if offsets else [])


def _allowed_strays(data: bytes) -> int:
    return min(_MAX_STRAYS, max(_MIN_STRAYS, len(data) // _BYTES_PER_STRAY))


def _stray_warning(offsets: list[int], encoding: str) -> str:
    where = ", ".join(str(o) for o in offsets)
    count = len(offsets)
    return f"replaced {count} undecodable byte sequence(s) with U+FFFD at byte offset(s) {where} ({encoding})"


# One codec error handler for the whole process; each decoding keeps its own list of offsets.
_strays = threading.local()


class _TooManyStrays(Exception):
    pass


def _record_stray(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _strays.offsets.append(_strays.base + exc.start)
    if len(_strays.offsets) > _strays.allowed:
        raise _TooManyStrays
    return "\ufffd", exc.end


codecs.register_error("rulegov-record-strays", _record_stray)


def _decode_recording(data: bytes, encoding: str, skip: int, allowed: int) -> tuple[str, list[int]] | None:
    """``data[skip:]`` decoded in one pass with stray bytes replaced, and their byte offsets
    in ``data``; None when there are more than ``allowed``."""
    _strays.offsets, _strays.base, _strays.allowed = [], skip, allowed
    try:
        text = (data[skip:] if skip else data).decode(encoding, "rulegov-record-strays")
    except _TooManyStrays:
        return None
    return text, _strays.offsets


def _reads_as_chinese(text: str) -> bool:
    """Most non-ASCII characters are Han or CJK punctuation: what report text in the right
    encoding gives (markup and Latin letters aside), and what bytes decoded wrongly rarely do."""
    sample = [ch for ch in text[:50000] if ord(ch) > 0x7F and not ch.isspace()]
    cjk = sum(
        "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        for ch in sample
    )
    return bool(sample) and cjk / len(sample) >= 0.5
