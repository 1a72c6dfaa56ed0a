"""The `framescope` command: thin shells over library functions (see `framescope --help`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from service.settings import DEFAULT_MODEL_PATH

app = typer.Typer(
    help="Label every sentence of a news article with the framing devices it uses.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Validate, build and import labeled data.", no_args_is_help=True)
app.add_typer(data_app, name="data")

ModelOption = Annotated[
    Path,
    typer.Option("--model", "-m", envvar="FRAMESCOPE_MODEL_PATH", help="Artifact folder (default: artifacts/default)."),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


def _load_model(path: Path):
    """Load an artifact with the same FRAMESCOPE_* settings the service uses (backend, precision, threads)."""
    import torch

    from models.artifact import ArtifactError
    from models.modeling import FramingModel
    from service.settings import get_settings

    settings = get_settings()
    if settings.torch_threads:
        torch.set_num_threads(settings.torch_threads)
    try:
        return FramingModel.load(
            path, precision=settings.precision, backend=settings.backend, threads=settings.torch_threads
        )
    except ArtifactError as error:
        raise _fail(str(error)) from None


# -- data ----------------------------------------------------------------------------------------------------
@data_app.command("validate")
def data_validate(
    path: Annotated[Path, typer.Argument(help="Corpus JSONL.")] = Path("training/data/corpus.jsonl"),
    labels_file: Annotated[Path | None, typer.Option(help="Label set JSON (default: the project's).")] = None,
    quotas: Annotated[bool, typer.Option(help="Enforce corpus-v1 quotas (off for your own data).")] = True,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a corpus: schema, spans, labels, split leakage, near-duplicates, quotas; print the counts.

    Example: framescope data validate training/data/corpus.jsonl
    """
    from models.labels import DEFAULT_LABELS_FILE, LabelSet
    from training.validate import CorpusRequirements, format_counts, validate_corpus

    labels = LabelSet.from_file(labels_file or DEFAULT_LABELS_FILE)
    report = validate_corpus(path, labels, CorpusRequirements() if quotas else CorpusRequirements.none())
    if json_out:
        typer.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "problems": report.problems,
                    "counts": report.counts,
                    "near_duplicate_rate": report.near_duplicate_rate,
                },
                indent=2,
            )
        )
    else:
        if report.counts:
            typer.echo(format_counts(report.counts))
        typer.echo(f"\nnear-duplicate rate: {report.near_duplicate_rate:.2%}")
        for problem in report.problems:
            typer.secho(f"problem: {problem}", fg=typer.colors.RED, err=True)
        typer.echo("ok" if report.ok else f"{len(report.problems)} problem(s)")
    raise typer.Exit(0 if report.ok else 1)


@data_app.command("card")
def data_card(
    path: Annotated[Path, typer.Argument(help="Corpus JSONL.")] = Path("training/data/corpus.jsonl"),
    card: Annotated[Path, typer.Option(help="Data card to update.")] = Path("training/data/DATACARD.md"),
    check: Annotated[bool, typer.Option(help="Only check that the card's table is current (exit 1 if not).")] = False,
) -> None:
    """Write the validator's count table into the data card between its markers.

    Example: framescope data card --check
    """
    from models.labels import LabelSet
    from training.validate import CorpusRequirements, replace_counts_block, validate_corpus

    report = validate_corpus(path, LabelSet.from_file(), CorpusRequirements.none())
    current = card.read_text(encoding="utf-8")
    updated = replace_counts_block(current, report.counts, report.near_duplicate_rate)
    if check:
        if updated != current:
            raise _fail(f"{card} is out of date: run `framescope data card`")
        typer.echo(f"{card} is current")
        return
    card.write_text(updated, encoding="utf-8")
    typer.echo(f"updated {card}")


@data_app.command("build")
def data_build(
    sources: Annotated[
        list[Path], typer.Argument(help="Authoring-format files (see training/importers/authoring.py).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Corpus JSONL to write.")],
    challenge: Annotated[
        list[Path] | None, typer.Option(help="Authoring files whose articles form the challenge split.")
    ] = None,
) -> None:
    """Assemble authoring-format files into a corpus JSONL (splits: hash of the id; challenge files fixed).

    Example: framescope data build corpus_src/*.txt --challenge corpus_src/challenge.txt -o corpus.jsonl
    """
    from models.labels import LabelSet
    from training.corpus import write_corpus
    from training.importers.authoring import read_authoring

    labels = LabelSet.from_file()
    challenge_set = {p.resolve() for p in challenge or []}
    articles = []
    for source in [*sources, *(challenge or [])]:
        if source.resolve() in challenge_set and source in sources:
            continue
        articles += read_authoring(source, labels, "challenge" if source.resolve() in challenge_set else None)
    write_corpus(articles, output)
    typer.echo(f"wrote {len(articles)} articles to {output}")


@data_app.command("import")
def data_import(
    fmt: Annotated[
        str, typer.Argument(help="One of: sentences (CSV/JSONL text,labels), label-studio, semeval2020, semeval2023.")
    ],
    source: Annotated[Path, typer.Argument(help="File or folder to read.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Corpus JSONL to write.")],
    mapping: Annotated[Path | None, typer.Option(help="Label mapping JSON (defaults per format).")] = None,
    split: Annotated[str, typer.Option(help="Split for the imported articles.")] = "train",
) -> None:
    """Import labeled data into the corpus format.

    Example: framescope data import label-studio export.json -o extra.jsonl
    """
    from training.corpus import write_corpus
    from training.importers import registry

    try:
        articles = registry.import_data(fmt, source, mapping, split)
    except (ValueError, OSError) as error:
        raise _fail(str(error)) from None
    write_corpus(articles, output)
    typer.echo(f"imported {len(articles)} articles, {sum(len(a.sentences) for a in articles)} sentences to {output}")


# -- train / eval --------------------------------------------------------------------------------------------
@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def train(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option(help="JSON config (default: training/configs/default.json).")] = None,
) -> None:
    """Fine-tune on the corpus and write an artifact. Other options override the config (--help-args lists them).

    Example: framescope train --config training/configs/default.json --num_train_epochs 4 --output_dir artifacts/try
    """
    from training.cli_args import parse_train_args

    if "--help-args" in ctx.args:
        parse_train_args(["--help"], config)
        return
    from training.trainer import train as run_training

    framing_args, training_args = parse_train_args(list(ctx.args), config)
    typer.echo(f"artifact written to {run_training(framing_args, training_args)}")


@app.command("eval")
def evaluate(
    artifact: Annotated[Path, typer.Argument(help="Artifact folder.")] = DEFAULT_MODEL_PATH,
    data: Annotated[
        Path | None,
        typer.Argument(
            help="Corpus JSONL (default: the project's corpus), or a JSONL of passages or of single sentences."
        ),
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the metrics as JSON here.")] = None,
) -> None:
    """Per-label precision/recall/F1, micro/macro F1, none-accuracy and the leakage rate, on the corpus's splits
    (with exact match, co-occurrence, the lexicon baseline and speaker attribution) or on a labeled file:

    - passages, {"text", "sentences": [{"text", "labels", "borderline"}]}: scored whole, gold sentences matched to
      predicted ones by overlap; also segmentation exactness;
    - sentences, {"text", "labels", "borderline"}: each scored alone.

    Borderline sentences are left out. Labels are the artifact's names.

    Examples:

      framescope eval artifacts/default

      framescope eval artifacts/default ../shared/realnews/passages.jsonl
    """
    from training.corpus import DEFAULT_CORPUS

    path = data or DEFAULT_CORPUS
    if not path.is_file():
        raise _fail(f"no such file: {path}")
    from training.file_eval import EvalFileError, read_eval_file

    try:
        kind, records = read_eval_file(path)
    except (EvalFileError, OSError) as error:
        raise _fail(str(error)) from None
    model = _load_model(artifact)
    try:
        payload = _evaluate_corpus(model, path) if kind == "corpus" else _evaluate_file(model, kind, records, path)
    except EvalFileError as error:
        raise _fail(str(error)) from None
    if json_out:
        json_out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def _evaluate_corpus(model, path: Path) -> dict:
    from training.attribution_eval import attribution_accuracy, attribution_outcomes, format_attribution_table
    from training.corpus import SPLITS, load_corpus, sentence_examples
    from training.evaluation import format_cooccurrence, format_leakage, format_metrics_table
    from training.trainer import evaluate_splits

    articles = load_corpus(path)
    results = evaluate_splits(model, {split: sentence_examples(articles, [split]) for split in SPLITS})
    for split, result in results.items():
        typer.echo(format_metrics_table(split, result["model"], result["lexicon"]) + "\n")
        typer.echo(format_leakage(result["leakage"]) + "\n")
        typer.echo(f"label co-occurrence on {split} (gold rows, predicted columns)\n")
        typer.echo(format_cooccurrence(result["model"]) + "\n")
    attribution = attribution_accuracy(attribution_outcomes(articles))
    typer.echo("speaker attribution on the gold speakers (rule-based, the same for every artifact)\n")
    typer.echo(format_attribution_table(attribution) + "\n")
    return {**results, "attribution": attribution}


def _evaluate_file(model, kind: str, records: list[dict], path: Path) -> dict:
    from training.evaluation import format_leakage, format_metrics_table
    from training.file_eval import evaluate_passages, evaluate_sentences, parse_passages

    if kind == "passages":
        result = evaluate_passages(model, parse_passages(records, model.label_names))
        title = f"{path.name}: {result['passages']} passages scored whole"
        typer.echo(format_metrics_table(title, result["model"]) + "\n")
        seg = result["segmentation"]
        typer.echo(
            f"segmentation exact on {seg['exact']} of {seg['gold_sentences']} gold sentences ({seg['rate']:.3f})"
        )
        typer.echo(format_leakage(result["leakage"]) + "\n")
    else:
        result = evaluate_sentences(model, records)
        typer.echo(format_metrics_table(f"{path.name}: sentences scored alone", result["model"]) + "\n")
    return {"file": str(path), "format": kind, **result}


# -- score / serve -------------------------------------------------------------------------------------------
@app.command()
def score(
    input_path: Annotated[
        str, typer.Argument(metavar="INPUT", help="JSONL, CSV or Parquet file, folder of .txt files, or - for stdin.")
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="JSONL or Parquet file to write, - for stdout.")] = "-",
    model_path: ModelOption = DEFAULT_MODEL_PATH,
    text_field: Annotated[str, typer.Option(help="Column holding the article text.")] = "text",
    id_field: Annotated[
        str, typer.Option(help="Column holding the article id (default: line number or file name).")
    ] = "id",
    fmt: Annotated[
        str | None, typer.Option("--format", help="jsonl or parquet (default: by the output's extension).")
    ] = None,
    resume: Annotated[bool, typer.Option(help="Skip ids already in the output (after a crash or kill).")] = False,
    per_sentence: Annotated[
        bool, typer.Option(help="Also write OUTPUT.sentences.<ext>: one row per sentence.")
    ] = False,
    chunk_size: Annotated[int, typer.Option(min=1, help="Articles read, scored and written together.")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    explain: Annotated[bool, typer.Option(help="Add evidence phrases per label to labeled sentences (slow).")] = False,
    engine: Annotated[
        str, typer.Option(help="local, or ray for Ray Data (needs the ray extra, which make venv installs).")
    ] = "local",
    ray_address: Annotated[
        str | None, typer.Option(envvar="RAY_ADDRESS", help="Ray cluster (default: local Ray).")
    ] = None,
    keep: Annotated[
        list[str] | None,
        typer.Option(
            help="Input columns to carry into every article row and per-sentence row, comma-separated or repeated "
            "(default: none). Example: --keep outlet,date,url"
        ),
    ] = None,
) -> None:
    """Score articles: one row per article, as the REST API returns it; bad rows go to OUTPUT.errors.jsonl.

    Examples:

      framescope score articles.jsonl -o scored.jsonl --per-sentence

      cat article.txt | framescope score -

      framescope score archive.parquet -o scored.parquet --keep outlet,date,url --resume

      framescope score archive.parquet -o scored.parquet --engine ray --ray-address auto
    """
    from models.batch import check_keep, score_stream

    if engine not in ("local", "ray"):
        raise _fail(f"unknown engine {engine!r}; choose local or ray")
    try:
        kept = check_keep([name.strip() for value in keep or [] for name in value.split(",") if name.strip()])
    except ValueError as error:
        raise _fail(str(error)) from None
    if engine == "ray":
        from models.batch_ray import score_with_ray

        if explain:
            raise _fail("--explain runs with the local engine only")
        _load_model(model_path)  # fail fast, with the same message, before starting Ray
        try:
            stats = score_with_ray(
                model_path,
                input_path,
                output,
                text_field=text_field,
                id_field=id_field,
                chunk_size=chunk_size,
                fmt=fmt,
                resume=resume,
                per_sentence=per_sentence,
                address=ray_address,
                keep=kept,
            )
        except (FileNotFoundError, ValueError) as error:
            raise _fail(str(error)) from None
    else:
        model = _load_model(model_path)
        try:
            stats = score_stream(
                model,
                input_path,
                output,
                text_field=text_field,
                id_field=id_field,
                chunk_size=chunk_size,
                fmt=fmt,
                resume=resume,
                per_sentence=per_sentence,
                progress=not quiet and sys.stderr.isatty(),
                explain=explain,
                keep=kept,
            )
        except (FileNotFoundError, ValueError) as error:
            raise _fail(str(error)) from None
    if not quiet:
        typer.secho(stats.summary(), err=True)


@app.command()
def report(
    scored: Annotated[
        str,
        typer.Argument(
            metavar="SCORED",
            help="Output of framescope score (article rows or --per-sentence table), JSONL or Parquet; - for stdin.",
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="HTML (or JSON) file to write, - for stdout. Example: -o report.html")
    ] = "-",
    by: Annotated[
        list[str] | None,
        typer.Option(
            help="A column to compare (kept with framescope score --keep), or a time unit (day, week, month, quarter, "
            "year) bucketing --date-field; repeat it. Example: --by outlet --by month"
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="html or json (the aggregates); default by the output's extension."),
    ] = None,
    date_field: Annotated[
        str, typer.Option(help="Column holding the article date. Example: --date-field published")
    ] = ("date"),
    link_field: Annotated[
        str, typer.Option(help="Column with the article URL, used for example links when present.")
    ] = "url",
    link_template: Annotated[
        str | None,
        typer.Option(help="Example links from the id instead. Example: --link-template 'https://archive.test/{id}'"),
    ] = None,
    max_groups: Annotated[
        int, typer.Option(min=0, help="Groups shown per --by column (most articles first; the rest pooled); 0: all.")
    ] = 12,
    bootstrap: Annotated[
        int, typer.Option(min=0, help="Bootstrap resamples of articles for the intervals (0: none).")
    ] = 1000,
    confidence: Annotated[float, typer.Option(min=0.5, max=0.999, help="Interval coverage.")] = 0.95,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 0,
    examples: Annotated[int, typer.Option(min=0, help="Example sentences per frame and group.")] = 3,
    speakers: Annotated[int, typer.Option(min=0, help="Speakers listed per frame.")] = 10,
    title: Annotated[str | None, typer.Option(help="Page title (default: from SCORED).")] = None,
    engine: Annotated[
        str,
        typer.Option(help="local, or ray to aggregate on Ray Data (needs the ray extra, which make venv installs)."),
    ] = "local",
    ray_address: Annotated[
        str | None, typer.Option(envvar="RAY_ADDRESS", help="Ray cluster (default: local Ray).")
    ] = None,
) -> None:
    """Chart framing in a scored archive: frame shares per group over time, groups side by side with bootstrap
    intervals, label co-occurrence, top speakers per frame and example sentences, in one self-contained HTML page
    (no network needed to view it), or the same aggregates as JSON.

    Examples:

      framescope score archive.jsonl -o scored.jsonl --keep outlet,date,url

      framescope report scored.jsonl -o report.html --by outlet --by month

      framescope report scored.parquet -o aggregates.json --by outlet --engine ray --ray-address auto
    """
    from contextlib import nullcontext

    from report import ReportError, ReportOptions, build_report, stdin_as_file

    options = ReportOptions(
        max_groups=max_groups,
        bootstrap=bootstrap,
        confidence=confidence,
        seed=seed,
        examples=examples,
        speakers=speakers,
        link_template=link_template,
    )
    source = stdin_as_file() if scored == "-" else nullcontext(Path(scored))
    try:
        with source as path:
            aggregates = build_report(
                path,
                output,
                by or [],
                fmt=fmt,
                options=options,
                engine=engine,
                date_field=date_field,
                link_field=link_field,
                ray_address=ray_address,
                title=title or ("Framing report: stdin" if scored == "-" else None),
            )
    except (ReportError, OSError) as error:
        raise _fail(str(error)) from None
    if output != "-":
        totals = aggregates["totals"]
        typer.secho(f"wrote {output}: {totals['articles']} articles, {totals['sentences']} sentences", err=True)


@app.command()
def serve(
    model_path: ModelOption = DEFAULT_MODEL_PATH,
    host: Annotated[str, typer.Option(envvar="FRAMESCOPE_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="FRAMESCOPE_PORT")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="uvicorn worker processes.")] = 1,
) -> None:
    """Serve the REST API and web page.

    Example: framescope serve --port 8000

    then: curl -X POST localhost:8000/v1/score -H 'content-type: text/plain' -d 'Text.'
    """
    import os

    import uvicorn

    from models.artifact import ArtifactError, read_info

    try:
        read_info(model_path)
    except ArtifactError as error:
        raise _fail(str(error)) from None
    os.environ["FRAMESCOPE_MODEL_PATH"] = str(model_path)
    if workers > 1 and "FRAMESCOPE_TORCH_THREADS" not in os.environ:
        # Each worker process runs its own model; sharing the cores avoids oversubscription.
        os.environ["FRAMESCOPE_TORCH_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    uvicorn.run("service.app:create_app", factory=True, host=host, port=port, workers=workers)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
