"""The ``rulegov`` command line: a thin layer over the library functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from rulegov_nlp.textprep import InputError, decode_bytes

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Rule-of-law annual reports to structured data."
)
train_app = typer.Typer(
    no_args_is_help=False, help="Rebuild the trained parts of a pipeline from the corpus."
)
app.add_typer(train_app, name="train")
err = Console(stderr=True, soft_wrap=True, highlight=False)  # paths must not wrap

INPUT_SUFFIXES = {".txt", ".html", ".htm"}
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


def load_pipeline(model: Path | None):
    """The pipeline, or a clear message and exit code 2 when there is none."""
    from rulegov_nlp import ModelNotFoundError, load

    try:
        return load(model)
    except (ModelNotFoundError, OSError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


@dataclass
class Source:
    name: str
    text: str | None = None
    error: str | None = None


def iter_sources(paths: list[str]) -> Iterator[Source]:
    """Files, folders (recursive) and '-' for stdin, decoded; unreadable ones carry an error."""
    for raw in paths:
        if raw == "-":
            yield _decode_source("<stdin>", sys.stdin.buffer.read())
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not files:
                yield Source(raw, error="folder holds no .txt/.html/.htm files")
            for file in files:
                yield _read_source(file)
        else:
            yield _read_source(path)


def _read_source(path: Path) -> Source:
    try:
        return _decode_source(str(path), path.read_bytes())
    except FileNotFoundError:
        return Source(str(path), error="no such file")
    except IsADirectoryError:
        return Source(str(path), error="is a directory")
    except PermissionError:
        return Source(str(path), error="permission denied")


def _decode_source(name: str, data: bytes) -> Source:
    try:
        return Source(name, decode_bytes(data))
    except InputError as exc:
        return Source(name, error=str(exc))


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
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 8,
    model: ModelOption = None,
) -> None:
    """Extract records from reports; a failing file is reported and the rest go on."""
    from rulegov_nlp.output import open_sink

    try:
        sink = open_sink(output, fmt)  # a bad destination fails before the model loads
    except InputError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--output' / '--format'") from None
    nlp = load_pipeline(model)
    sources = list(iter_sources(paths))
    failed = [s for s in sources if s.error]
    for s in failed:
        err.print(f"[red]failed[/red] {escape(s.name)}: {escape(s.error)}")
    good = [s for s in sources if not s.error]
    try:
        with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
            task = progress.add_task("extracting", total=len(good))
            for start in range(0, len(good), batch_size):
                batch = good[start : start + batch_size]
                for source, record, problem in _extract_batch(batch, nlp, workers, batch_size):
                    if problem:
                        failed.append(source)
                        err.print(f"[red]failed[/red] {escape(source.name)}: {escape(problem)}")
                    else:
                        sink.write(record)
                progress.advance(task, len(batch))
    finally:
        sink.close()
    if failed:
        err.print(f"{len(failed)} of {len(sources)} input(s) failed")
        raise typer.Exit(1)


def _extract_batch(batch: list[Source], nlp, workers: int, batch_size: int):
    """Yield (source, record, problem); a failing batch is retried one document at a time."""
    from rulegov_nlp import extract, extract_many

    try:
        texts = [s.text for s in batch]
        records = list(extract_many(texts, nlp=nlp, n_process=workers, batch_size=batch_size,
                                    ids=[s.name for s in batch]))  # fmt: skip
        for source, record in zip(batch, records, strict=True):
            yield source, record, None
    except Exception:  # isolate the bad document; the others still come out
        for source in batch:
            try:
                yield source, extract(source.text, nlp=nlp, record_id=source.name), None
            except Exception as exc:
                yield source, None, f"{type(exc).__name__}: {exc}"


@app.command()
def info(model: ModelOption = None) -> None:
    """Model path, version, labels and components."""
    from rulegov_nlp import __version__
    from rulegov_nlp.pipeline import default_model_path
    from rulegov_nlp.spans import LABELS

    nlp = load_pipeline(model)
    data = {
        "rulegov_nlp": __version__,
        "model": str(model or default_model_path()),
        "model_version": nlp.meta.get("version"),
        "spacy": nlp.meta.get("spacy_version"),
        "labels": list(LABELS),
        "section_labels": ["header", "preamble", "measures", "shortcomings", "leadership", "plans", "other"],
        "components": nlp.pipe_names,
        "segmenter": nlp.tokenizer.segmenter,
    }
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
    from rulegov_nlp.evaluate import evaluate_paths, format_report

    if baseline:
        from rulegov_nlp.baseline import baseline_predictor

        result = evaluate_paths(gold, predictor=baseline_predictor, errors=errors, subset=subset)
    else:
        result = evaluate_paths(gold, nlp=load_pipeline(model), errors=errors, subset=subset)
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
    from rulegov_nlp import extract
    from rulegov_nlp.corpus.records import RECORD_SUFFIXES, iter_file
    from rulegov_nlp.report import ReportExtraMissing, require_report_extra, write_report

    try:
        require_report_extra()  # before the model loads: say what to install
    except ReportExtraMissing as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    nlp = None
    records: list[dict[str, Any]] = []
    failed = 0
    for raw in paths:
        found: list[tuple[str, dict[str, Any] | str]] = []  # (name, record or why it failed)
        if Path(raw).suffix in RECORD_SUFFIXES:
            found = [(name, getattr(item, "reason", item)) for name, item in iter_file(Path(raw))]
        else:
            for source in iter_sources([raw]):
                if source.error:
                    found.append((source.name, source.error))
                    continue
                nlp = load_pipeline(model) if nlp is None else nlp
                try:
                    found.append((source.name, extract(source.text, nlp=nlp, record_id=source.name)))
                except Exception as exc:  # one bad report must not lose the page
                    found.append((source.name, f"{type(exc).__name__}: {exc}"))
        for name, item in found:
            if isinstance(item, str):
                failed += 1
                err.print(f"[red]failed[/red] {escape(name)}: {escape(item)}")
                item = {"id": name, "error": item}  # listed on the page as a failed report
            records.append(item)
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
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("build/segmenter/student"),
    corpus: Annotated[Path, typer.Option(help="Corpus source folder (markup).")] = Path("corpus/src"),
    iterations: Annotated[int, typer.Option(min=1)] = 6,
    seed: Annotated[int, typer.Option()] = 0,
) -> None:
    """Train the compact pkuseg student from the stock model's corrected segmentation."""
    from rulegov_nlp.training.segmenter import train_segmenter

    figures = train_segmenter(sorted(corpus.glob("*.txt")), output, iterations=iterations, seed=seed)
    typer.echo(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
