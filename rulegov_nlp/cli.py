"""The ``rulegov`` command line: a thin layer over the library functions."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rulegov_nlp.reading import (
    DEFAULT_MAX_BYTES,
    InputEntry,
    ReadError,
    display_name,
    list_inputs,
    read_report,
    read_stream,
)
from rulegov_nlp.textprep import InputError
from rulegov_nlp.workers import WorkerPool

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Rule-of-law annual reports to structured data."
)
train_app = typer.Typer(
    no_args_is_help=False, help="Rebuild the trained parts of a pipeline from the corpus."
)
app.add_typer(train_app, name="train")
err = Console(stderr=True, soft_wrap=True, highlight=False)  # paths must not wrap

ModelOption = Annotated[
    Path | None, typer.Option("--model", "-m", help="Pipeline directory (default: bundled).")
]


def main() -> None:
    """Entry point: user errors end with a message and exit code, never a traceback."""
    try:
        app()
    except (InputError, FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)


def _show_version(value: bool) -> None:
    if value:
        from rulegov_nlp import __version__

        typer.echo(f"rulegov_nlp {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Rule-of-law annual reports to structured data."""


def load_pipeline(model: Path | None):
    """The pipeline, or a clear message and exit code 2 when there is none."""
    from rulegov_nlp import ModelNotFoundError, load

    try:
        return load(model)
    except (ModelNotFoundError, OSError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def fail(message: str) -> NoReturn:
    """A user error before any work: one line on stderr, exit code 2."""
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(2)


# --- input side: one record per input, read lazily, failures local ---------------------------


@dataclass
class Source:
    """One input read: its text and decoding warnings, or why it could not be read."""

    name: str
    text: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def read_source(entry: InputEntry, max_bytes: int) -> Source:
    """Read and decode one input; a problem becomes the source's error, never an exception."""
    if entry.problem is not None:
        return Source(entry.name, error=entry.problem)
    try:
        if entry.path is None:
            decoded = read_stream(sys.stdin.buffer, entry.name, max_bytes=max_bytes)
        else:
            decoded = read_report(entry.path, max_bytes=max_bytes)
    except ReadError as exc:
        return Source(entry.name, error=exc.reason)
    return Source(entry.name, decoded.text, decoded.warnings)


def records_for(
    entries: list[InputEntry], nlp, pool: WorkerPool | None, batch_size: int, max_bytes: int
) -> Iterator[dict[str, Any]]:
    """One record per input, in input order. Files are read only a little ahead of the
    extraction (bounded memory); an input that cannot be read gets an error record too."""
    from rulegov_nlp import extract_many

    read_ahead: deque[Source] = deque()

    def rows() -> Iterator[dict[str, str | None]]:
        for entry in entries:
            source = read_source(entry, max_bytes)
            read_ahead.append(source)
            if source.error is None:
                yield {"text": source.text, "id": source.name}

    records = extract_many(
        rows(), nlp=nlp, pool=pool, batch_size=batch_size, on_error="record", id_column="id"
    )
    for record in records:
        while read_ahead[0].error is not None:
            yield _unread_record(read_ahead.popleft())
        record["warnings"] = read_ahead.popleft().warnings
        yield record
    while read_ahead:
        yield _unread_record(read_ahead.popleft())


def _unread_record(source: Source) -> dict[str, Any]:
    from rulegov_nlp.record import error_record

    return error_record(source.name, "", f"ReadError: {source.error}") | {"warnings": []}


def _refuse_output_over_input(output: Path | None, entries: list[InputEntry]) -> None:
    """``-o`` naming one of the inputs would overwrite a report: refused before any work."""
    if output is None or not output.exists():
        return
    for entry in entries:
        if entry.path is not None and entry.problem is None and _same_file(output, entry.path):
            fail(f"output {display_name(output)} is one of the inputs; it would be overwritten")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# --- progress ----------------------------------------------------------------------------------


class RunProgress:
    """Count/total, the current file, chars/s and ETA: a live bar on a terminal, else a line
    on stderr every ``every`` seconds; :meth:`summary` gives the closing line."""

    def __init__(self, console: Console, total: int, every: float):
        self.console, self.total, self.every = console, total, every
        self.done = self.failed = self.chars = 0
        self.started = self._last_line = time.perf_counter()
        self._bar: Progress | None = None
        if console.is_terminal:
            self._bar = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[current]}"),
                console=console,
            )
            self._task = self._bar.add_task("extracting", total=total, rate="", current="")

    def __enter__(self) -> RunProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, record: dict[str, Any]) -> None:
        self.done += 1
        self.failed += bool(record.get("error"))
        self.chars += len(record.get("text") or "")
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=f"{self.rate():,.0f} chars/s", current=record["id"])
        elif time.perf_counter() - self._last_line >= self.every:
            self._last_line = time.perf_counter()
            self.console.print(
                f"progress: {self.done}/{self.total} reports, {self.chars:,} chars, "
                f"{self.rate():,.0f} chars/s, ETA {self.eta()}, current {escape(str(record['id']))}"
            )

    def rate(self) -> float:
        return self.chars / max(time.perf_counter() - self.started, 1e-9)

    def eta(self) -> str:
        elapsed = time.perf_counter() - self.started
        left = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        return f"{int(left) // 60}:{int(left) % 60:02d}"

    def summary(self, skipped: int, folders: int) -> str:
        elapsed = time.perf_counter() - self.started
        unread = f", {folders} folder(s) not read" if folders else ""
        return (
            f"done: {self.done} reports, {self.failed} failed, {skipped} skipped{unread}, "
            f"{self.chars:,} chars in {elapsed:.1f} s ({self.rate():,.0f} chars/s)"
        )


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or '-' for stdin (.txt, .html, .htm).")],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout: .jsonl records, .csv/.parquet/.xlsx tables, "
            "or a folder (ends with '/') for the table set. Folders are created.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="jsonl, csv, parquet or xlsx; default: from OUT's suffix (parquet for a folder, "
            "jsonl to stdout).",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Worker processes, started once for the run.")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Reports handed to a worker at a time.")
    ] = 4,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse input files larger than this many bytes.")
    ] = DEFAULT_MAX_BYTES,
    progress_every: Annotated[
        float,
        typer.Option(
            "--progress-every", min=0, help="Seconds between progress lines when stderr is no terminal."
        ),
    ] = 10.0,
    model: ModelOption = None,
) -> None:
    """Extract one record per input; a failing file gets a record with its error, is reported
    on stderr, and the rest go on (exit code 1 when any failed)."""
    from rulegov_nlp.output import open_sink

    entries = list(list_inputs(paths))
    _refuse_output_over_input(Path(output) if output else None, entries)
    try:
        sink = open_sink(output, fmt)  # a bad destination fails before the model loads
    except InputError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--output' / '--format'") from None
    for entry in entries:
        if entry.skipped:
            err.print(f"[yellow]skipped[/yellow] {escape(entry.name)}: {escape(entry.skipped)}")
        elif entry.folder:
            err.print(f"[red]failed[/red] {escape(entry.name)}: {escape(entry.problem or '')}")
    reports = [e for e in entries if e.is_report]
    folders_failed = sum(e.folder and e.problem is not None for e in entries)
    nlp = load_pipeline(model)
    with contextlib.ExitStack() as stack:
        stack.callback(sink.close)
        pool = stack.enter_context(WorkerPool(nlp, workers)) if workers > 1 else None
        progress = stack.enter_context(RunProgress(err, len(reports), progress_every))
        for record in records_for(reports, nlp, pool, batch_size, max_bytes):
            if record.get("error"):
                err.print(f"[red]failed[/red] {escape(record['id'])}: {escape(record['error'])}")
            sink.write(record)
            progress.advance(record)
    err.print(progress.summary(skipped=sum(e.skipped is not None for e in entries), folders=folders_failed))
    if progress.failed or folders_failed:
        raise typer.Exit(1)


@app.command()
def info(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    model: ModelOption = None,
) -> None:
    """Versions (rulegov_nlp, model, spacy, spacy-pkuseg, scikit-learn, python), the model's
    path, labels, components and stored scores: a table, or JSON with --json."""
    from rulegov_nlp import __version__
    from rulegov_nlp.pipeline import default_model_path
    from rulegov_nlp.vocabulary import ENTITY_LABELS

    nlp = load_pipeline(model)
    data = {
        "rulegov_nlp": __version__,
        "model": str(model or default_model_path()),
        "model_version": nlp.meta.get("version"),
        "spacy": nlp.meta.get("spacy_version"),
        "installed": _installed_versions(),
        "labels": list(ENTITY_LABELS),
        "section_labels": ["header", "preamble", "measures", "shortcomings", "leadership", "plans", "other"],
        "components": nlp.pipe_names,
        "segmenter": nlp.tokenizer.segmenter,
        "scores": nlp.meta.get("performance") or nlp.meta.get("scores"),
    }
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        table.add_row(key.replace("_", " "), escape(str(value if value is not None else "not stored")))
    Console(soft_wrap=True).print(table)


def _installed_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for package in ("spacy", "spacy-pkuseg", "scikit-learn", "charset-normalizer", "datasets"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Record files (.jsonl/.json) or folders.")],
) -> None:
    """Check records against the annotation contract; every problem is listed."""
    from rulegov_nlp.corpus.validate import validate_paths

    problems = validate_paths(files)
    for p in problems:
        typer.echo(f"{p.path}\t{p.record_id}\t{p.reason}")
    if problems:
        err.print(f"{len(problems)} problem(s)")
        raise typer.Exit(1)
    err.print("all records valid")


@app.command()
def evaluate(
    gold: Annotated[list[Path], typer.Option("--gold", "-g", help="Gold records: .jsonl, .json or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[int, typer.Option("--errors", help="List the first N errors per label.")] = 0,
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Score the plain regex baseline instead.")
    ] = False,
    subset: Annotated[
        str | None,
        typer.Option(
            "--subset",
            help="Score a fixed part: a (even ids) or b (odd ids), the two development halves; "
            "from:N or below:N by id number.",
        ),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Score the pipeline (or the baseline) against gold records."""
    from rulegov_nlp.corpus.records import RecordError
    from rulegov_nlp.evaluate import evaluate_paths, format_report

    try:
        if baseline:
            from rulegov_nlp.baseline import baseline_predictor

            result = evaluate_paths(gold, predictor=baseline_predictor, errors=errors, subset=subset)
        else:
            result = evaluate_paths(gold, nlp=load_pipeline(model), errors=errors, subset=subset)
    except RecordError as exc:
        fail(str(exc))
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else format_report(result))


@app.command()
def report(
    paths: Annotated[
        list[str],
        typer.Argument(help="Report files or folders (extracted here), or .jsonl/.json record files."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML page to write.")] = Path(
        "report.html"
    ),
    model: ModelOption = None,
) -> None:
    """One self-contained HTML page: corpus charts and tables, and every report highlighted."""
    from rulegov_nlp.corpus.records import RECORD_SUFFIXES, iter_file
    from rulegov_nlp.report import ReportExtraMissing, require_report_extra, write_report

    try:
        require_report_extra()  # before the model loads: say what to install
    except ReportExtraMissing as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    records: list[dict[str, Any]] = []
    nlp = None
    for raw in paths:
        if Path(raw).suffix in RECORD_SUFFIXES:
            for name, item in iter_file(Path(raw)):
                records.append(item if isinstance(item, dict) else {"id": name, "error": item.reason})
            continue
        reports = [e for e in list_inputs([raw]) if e.is_report]  # extracted like `rulegov extract`
        if reports:
            nlp = nlp or load_pipeline(model)
            records += records_for(reports, nlp, None, 4, DEFAULT_MAX_BYTES)
    failed = 0
    for record in records:  # a failed report is listed on the page, and here
        if record.get("error"):
            failed += 1
            err.print(f"[red]failed[/red] {escape(str(record['id']))}: {escape(record['error'])}")
    path = write_report(records, output)
    err.print(f"wrote {escape(str(path))}: {len(records)} report(s), {failed} failed")
    if failed:
        raise typer.Exit(1)


@train_app.callback(invoke_without_command=True)
def train_all(
    ctx: typer.Context,
    corpus: Annotated[Path, typer.Option(help="Corpus folder with train/dev/test.jsonl.")] = Path("corpus"),
    output: Annotated[Path, typer.Option("--output", "-o", help="Pipeline directory to write.")] = Path(
        "models/rulegov_zh"
    ),
    segmenter: Annotated[Path | None, typer.Option(help="Trained pkuseg student (default: retrain).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Rebuild every trained part of the pipeline from the corpus (segmenter, section classifier)."""
    if ctx.invoked_subcommand is not None:
        return
    from rulegov_nlp.training.pipeline import train_pipeline

    scores = train_pipeline(corpus, output, segmenter_dir=segmenter, seed=seed, log=err.print)
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))


@train_app.command("segmenter")
def train_segmenter_cmd(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the student model to.")
    ] = Path("build/segmenter/student"),
    corpus: Annotated[Path, typer.Option(help="Corpus source folder (markup).")] = Path("corpus/src"),
    iterations: Annotated[int, typer.Option(min=1, help="pkuseg training iterations.")] = 6,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Train the compact pkuseg student from the stock model's corrected segmentation."""
    from rulegov_nlp.training.segmenter import train_segmenter

    texts = sorted(corpus.glob("*.txt"))
    figures = train_segmenter(texts, output, iterations=iterations, seed=seed, progress=err.print)
    typer.echo(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
