"""The ``rulegov`` command line: a thin layer over the library functions."""

from __future__ import annotations

import csv
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

from rulegov_nlp.reading import decode_bytes
from rulegov_nlp.textprep import InputError

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
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl (records) or csv (one row per entity).")
    ] = "jsonl",
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 8,
    model: ModelOption = None,
) -> None:
    """Extract records from reports; a failing file is reported and the rest go on."""
    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("--format must be jsonl or csv")
    nlp = load_pipeline(model)
    sources = list(iter_sources(paths))
    failed = [s for s in sources if s.error]
    for s in failed:
        err.print(f"[red]failed[/red] {escape(s.name)}: {escape(s.error)}")
    good = [s for s in sources if not s.error]
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    writer = _writer(out, fmt)
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
                        writer(record)
                progress.advance(task, len(batch))
    finally:
        if output:
            out.close()
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


def _writer(out, fmt: str):
    if fmt == "jsonl":
        return lambda record: out.write(json.dumps(record, ensure_ascii=False) + "\n")
    rows = csv.writer(out)
    rows.writerow(["id", "label", "start", "end", "text", "attrs"])

    def write(record: dict[str, Any]) -> None:
        for ent in record["entities"]:
            text = record["text"][ent["start"] : ent["end"]]
            attrs = json.dumps(ent["attrs"], ensure_ascii=False)
            rows.writerow([record["id"], ent["label"], ent["start"], ent["end"], text, attrs])

    return write


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
    model: ModelOption = None,
) -> None:
    """Score the pipeline (or the baseline) against gold records."""
    from rulegov_nlp.evaluate import evaluate_paths, format_report

    if baseline:
        from rulegov_nlp.baseline import baseline_predictor

        result = evaluate_paths(gold, predictor=baseline_predictor, errors=errors)
    else:
        result = evaluate_paths(gold, nlp=load_pipeline(model), errors=errors)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else format_report(result))


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
