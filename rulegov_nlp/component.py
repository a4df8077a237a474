"""The one contract every rulegov pipeline component keeps.

A component declares its data files (:class:`DataFile`: name, format, what it holds), and
the base class does the rest the same way for all six components:

* the data comes from the package unless ``initialize(data=…)``, ``from_disk`` or
  ``from_bytes`` gives other data; a missing or malformed file raises
  :class:`DataFileError`, naming the file and line;
* the engine (compiled regexes, a model) is built from the data on first use, so that
  ``spacy.load`` does not build what ``from_disk`` replaces anyway;
* ``to_disk``/``from_disk`` and ``to_bytes``/``from_bytes`` run over one serializer map
  (file name -> bytes), so a pipeline saved either way carries the same files.
"""

# No ``from __future__ import annotations``: spaCy validates ``initialize`` arguments with a
# pydantic model built from the signature, which needs the annotations evaluated here.
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar

import numpy as np
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from rulegov_nlp.spans import register_extensions
from rulegov_nlp.text.wordlists import WordListError, read_words

E = TypeVar("E")
Format = Literal["json", "lines", "tsv", "text", "npz"]
CFG = "cfg"  # the component settings travel with its data (as spaCy's own components do)


class DataFileError(ValueError):
    """A component data file that is missing or malformed; the message names file and line."""

    def __init__(self, file: str | Path, reason: str, line: int | None = None) -> None:
        where = f"{file}, line {line}" if line is not None else str(file)
        super().__init__(f"{where}: {reason}")
        self.file, self.line, self.reason = str(file), line, reason


@dataclass(frozen=True)
class DataFile:
    """One data file of a component: its name in the component directory, its format,
    a note on what it holds (the ``_doc`` of the file), and where the package keeps it.

    Formats: ``json`` (an object), ``lines`` (one entry a line, '#' comments), ``tsv`` (a
    header row, then rows of as many tab-separated fields, kept as text for the engine),
    ``text`` (kept as text) and ``npz`` (numpy arrays)."""

    name: str
    format: Format
    doc: str
    package: tuple[str, str] | None = None  # (package, path inside it) of the bundled copy
    optional: bool = False  # absent means "none": the component then works without it
    columns: int = 1  # ``lines``: tab-separated columns an entry may have


def parse(file: DataFile, raw: bytes, origin: str | Path) -> Any:
    """The content of ``raw`` in the file's format; DataFileError when it does not fit."""
    if file.format == "npz":
        try:
            with np.load(io.BytesIO(raw)) as arrays:
                return {key: arrays[key] for key in arrays.files}
        except (OSError, ValueError) as err:
            raise DataFileError(origin, f"not a numpy .npz archive ({err})") from err
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataFileError(origin, "not UTF-8 text", raw.count(b"\n", 0, err.start) + 1) from err
    if file.format == "json":
        return _parse_json(text, origin)
    if file.format == "lines":
        try:
            return read_words(text, str(origin), file.columns)
        except WordListError as err:
            raise DataFileError(origin, err.reason, err.line) from err
    if file.format == "tsv":
        _check_tsv(text, origin)
    return text


def _parse_json(text: str, origin: str | Path) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataFileError(origin, f"malformed JSON: {err.msg}", err.lineno) from err
    if not isinstance(value, dict):
        raise DataFileError(origin, f"expected a JSON object, found {type(value).__name__}", 1)
    return value


def _check_tsv(text: str, origin: str | Path) -> None:
    """Every row has as many fields as the header (the first line that is not a comment)."""
    width = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.count("\t") + 1
        if width is None:
            width = fields
        elif fields != width:
            raise DataFileError(origin, f"{fields} tab-separated fields, the header has {width}", number)


def dump(file: DataFile, value: Any) -> bytes:
    """The bytes of a file, in its format (the inverse of :func:`parse`)."""
    if file.format == "npz":
        out = io.BytesIO()
        np.savez_compressed(out, **value)
        return out.getvalue()
    if file.format == "json":
        return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")
    if file.format == "lines":
        return ("\n".join(value) + "\n").encode("utf-8")
    return value.encode("utf-8")


def read_package_file(file: DataFile) -> Any:
    """The bundled copy of a data file, parsed (None for an optional file the package lacks)."""
    if file.package is None:
        if file.optional:
            return None
        raise DataFileError(file.name, "the package has no copy of this file")
    package, name = file.package
    source = resources.files(package).joinpath(name)
    if not source.is_file():
        raise DataFileError(f"{package}/{name}", "missing from the installed package")
    return parse(file, source.read_bytes(), f"{package}/{name}")


def read_package_data(files: Iterable[DataFile]) -> dict[str, Any]:
    """Every bundled data file of a component, by file name (optional absent ones left out)."""
    data = {file.name: read_package_file(file) for file in files}
    return {name: value for name, value in data.items() if value is not None}


class _Unbuilt:
    """Marks an engine not built yet (None is a valid engine: no section model)."""


UNBUILT = _Unbuilt()


class Component(Generic[E]):
    """Base of the rulegov components: data files, lazy engine, initialize, serialization.

    Subclasses set ``data_files`` and define ``build`` (the engine from the parsed data) and
    ``__call__``; components with settings worth saving define ``settings``/``apply_settings``.
    """

    data_files: ClassVar[tuple[DataFile, ...]] = ()

    def __init__(self, name: str) -> None:
        register_extensions()
        self.name = name
        self._data: dict[str, Any] | None = None
        self._engine: E | _Unbuilt = UNBUILT

    # --- data and engine ---------------------------------------------------------------------
    @property
    def data(self) -> dict[str, Any]:
        """The parsed data files by name: the package's unless given otherwise."""
        if self._data is None:
            self._data = read_package_data(self.data_files)
        return self._data

    def set_data(self, data: dict[str, Any], engine: E | _Unbuilt = UNBUILT) -> None:
        """Use ``data`` from now on; the engine is rebuilt on next use unless given."""
        self._data = data
        self._engine = engine

    def build(self, data: dict[str, Any]) -> E:
        """The engine over the parsed data files."""
        raise NotImplementedError

    @property
    def engine(self) -> E:
        """The engine, built from the data on first use."""
        if isinstance(self._engine, _Unbuilt):
            self._engine = self.build(self.data)
        return self._engine

    def settings(self) -> dict[str, Any]:
        """Settings saved with the data (as ``cfg``); none by default."""
        return {}

    def apply_settings(self, cfg: dict[str, Any]) -> None:
        """Take back what :meth:`settings` saved."""

    # --- spaCy API ---------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        data: str | Path | Mapping[str, Any] | None = None,
    ) -> None:
        """Load the data afresh: from ``data`` (a directory laid out as ``to_disk`` writes it,
        or parsed contents by file name over the package data), else from the package."""
        if isinstance(data, str | Path):
            self.from_disk(data)
            return
        merged = read_package_data(self.data_files)
        merged.update(data or {})
        self.set_data(merged)

    # --- serialization: one map, file name -> bytes ------------------------------------------
    def _getters(self) -> dict[str, Callable[[], bytes]]:
        data = self.data
        getters: dict[str, Callable[[], bytes]] = {
            file.name: (lambda file=file: dump(file, data[file.name]))
            for file in self.data_files
            if file.name in data
        }
        if self.settings():
            getters[CFG] = lambda: json.dumps(self.settings()).encode("utf-8")
        return getters

    def _load(self, raw: Mapping[str, bytes | None], origin: Callable[[str], str | Path]) -> None:
        """Parse the files read (None: absent); an excluded file keeps the current data."""
        data: dict[str, Any] = {}
        for file in self.data_files:
            if file.name not in raw:  # excluded
                if file.name in self.data:
                    data[file.name] = self.data[file.name]
                continue
            content = raw[file.name]
            if content is not None:
                data[file.name] = parse(file, content, origin(file.name))
            elif not file.optional:
                raise DataFileError(origin(file.name), "missing from the saved component")
        if raw.get(CFG) is not None:
            self.apply_settings(_parse_json(raw[CFG].decode("utf-8"), origin(CFG)))
        self.set_data(data)

    def _keys(self) -> list[str]:
        return [file.name for file in self.data_files] + ([CFG] if self.settings() else [])

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes(self._getters(), exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> "Component[E]":
        raw: dict[str, bytes | None] = {}
        setters = {key: (lambda value, key=key: raw.__setitem__(key, value)) for key in self._keys()}
        util.from_bytes(bytes_data, setters, exclude)
        excluded = set(exclude)
        for key in self._keys():
            if key not in raw and key not in excluded and key.split(".")[0] not in excluded:
                raw[key] = None  # absent from the bytes
        self._load(raw, lambda name: f"<bytes of {self.name}>/{name}")
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        def writer(getter: Callable[[], bytes]) -> Callable[[Path], None]:
            def write(target: Path) -> None:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(getter())

            return write

        util.to_disk(path, {key: writer(getter) for key, getter in self._getters().items()}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Component[E]":
        raw: dict[str, bytes | None] = {}

        def reader(key: str) -> Callable[[Path], None]:
            return lambda target: raw.__setitem__(key, target.read_bytes() if target.is_file() else None)

        util.from_disk(path, {key: reader(key) for key in self._keys()}, exclude)
        self._load(raw, lambda name: Path(path) / name)
        return self
