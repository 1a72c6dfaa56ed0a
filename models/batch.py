"""Batch scoring: stream articles from files, folders or stdin through the model, resumably.

Memory stays flat: rows are read, scored and written a chunk at a time. Every finished chunk is flushed to disk
(JSONL: appended and fsynced; Parquet: one part file renamed into place), so a run killed at any moment and
started again with ``resume=True`` skips the ids already written and ends with every input id exactly once.
Rows that cannot be scored (missing or non-string text, bad JSON, undecodable files) go to an errors file with
the reason, and the run continues. Columns named in ``keep`` (an outlet, a date, a URL) are carried from each input
row into its article row and its per-sentence rows, so a scored archive can be compared by them without a join.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from models.modeling import FramingModel

FORMATS = ("jsonl", "parquet")
ARTICLE_COLUMNS = ("id", "labels", "sentences", "summary")
SENTENCE_COLUMNS = ("id", "index", "start", "end", "text", "labels", "speaker")


@dataclass
class InputRow:
    id: str
    text: str | None
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    """The kept input columns (``keep``), in the order asked for; None where the row has no such column."""


def check_keep(keep: Sequence[str]) -> list[str]:
    """The columns to carry through, checked: none may shadow a column the output itself writes."""
    names = list(dict.fromkeys(keep))
    for name in names:
        if not name:
            raise ValueError("--keep names an empty column")
        if name in ARTICLE_COLUMNS or name in SENTENCE_COLUMNS or name.startswith("score_"):
            raise ValueError(
                f"cannot keep column {name!r}: the output writes a column of that name "
                f"({', '.join(dict.fromkeys(ARTICLE_COLUMNS + SENTENCE_COLUMNS))}, score_<label>)"
            )
    return names


def _plain(value: Any) -> Any:
    """A kept value as JSON and Parquet can both hold it: dates and times as ISO 8601 text."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


@dataclass
class ScoreStats:
    scored: int = 0
    skipped: int = 0
    errors: int = 0
    sentences: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.scored / self.seconds if self.seconds else 0.0
        return (
            f"scored {self.scored}, skipped {self.skipped} (already done), errors {self.errors}, "
            f"{self.sentences} sentences in {self.seconds:.1f}s ({rate:.1f} articles/s)"
        )


# -- reading -------------------------------------------------------------------------------------------------
def _row_from_record(record: Any, number: int, text_field: str, id_field: str, keep: Sequence[str] = ()) -> InputRow:
    if not isinstance(record, dict):
        return InputRow(line_id(number), None, f"expected an object, got {type(record).__name__}")
    raw_id = record.get(id_field)
    row_id = str(raw_id) if raw_id not in (None, "") else line_id(number)
    meta = {name: _plain(record.get(name)) for name in keep}
    text = record.get(text_field)
    if not isinstance(text, str):
        return InputRow(row_id, None, f"field {text_field!r} missing or not a string", meta)
    if not text.strip():
        return InputRow(row_id, None, f"field {text_field!r} is empty", meta)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return InputRow(row_id, None, f"field {text_field!r} holds a lone surrogate (not valid Unicode text)", meta)
    return InputRow(row_id, text, meta=meta)


def line_id(number: int) -> str:
    """The id of a row that has none: its line (or row) number, namespaced so it cannot collide with real ids."""
    return f"line-{number}"


def _jsonl_rows(lines: Iterable[str], text_field: str, id_field: str, keep: Sequence[str]) -> Iterator[InputRow]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            yield InputRow(line_id(number), None, f"line {number}: not valid JSON ({error})", dict.fromkeys(keep))
            continue
        yield _row_from_record(record, number, text_field, id_field, keep)


def _chain_line(first: str, rest: IO[str]) -> Iterator[str]:
    yield first
    yield from rest


def _parquet_rows(path: Path, text_field: str, id_field: str, keep: Sequence[str]) -> Iterator[InputRow]:
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            number += 1
            yield _row_from_record(record, number, text_field, id_field, keep)


def iter_input(
    source: str, text_field: str = "text", id_field: str = "id", keep: Sequence[str] = ()
) -> Iterator[InputRow]:
    """Rows from ``-`` (stdin: JSONL when it starts with '{', else one article), .jsonl, .csv, .parquet,
    or a folder of .txt files (id = file name without extension). ``keep`` names input columns to carry along
    (plain text and .txt files have none: their kept values are None)."""
    if source == "-":
        first = sys.stdin.readline()
        if first.lstrip().startswith("{"):
            yield from _jsonl_rows(_chain_line(first, sys.stdin), text_field, id_field, keep)
        else:
            text = first + sys.stdin.read()
            error = None if text.strip() else "stdin is empty"
            yield InputRow("stdin", text if error is None else None, error, dict.fromkeys(keep))
        return
    path = Path(source)
    if path.is_dir():
        for file in sorted(path.glob("*.txt")):
            try:
                yield InputRow(file.stem, file.read_text(encoding="utf-8"), meta=dict.fromkeys(keep))
            except UnicodeDecodeError as error:
                yield InputRow(file.stem, None, f"{file.name} is not UTF-8: {error}", dict.fromkeys(keep))
        return
    if not path.is_file():
        raise FileNotFoundError(f"input {source!r} is neither a file, a folder nor '-'")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        csv.field_size_limit(2**31 - 1)  # articles can be longer than the csv module's 128 kB default
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as handle:
            for number, record in enumerate(csv.DictReader(handle), 1):
                yield _row_from_record(record, number, text_field, id_field, keep)
    elif suffix == ".parquet":
        yield from _parquet_rows(path, text_field, id_field, keep)
    else:
        # Undecodable bytes become lone surrogates, which _row_from_record reports as an error row.
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            yield from _jsonl_rows(handle, text_field, id_field, keep)


# -- results -------------------------------------------------------------------------------------------------
def result_row(row_id: str, result: dict, meta: dict[str, Any] | None = None) -> dict:
    """An article row: its id, the kept input columns, then the result as the REST API returns it."""
    return {"id": row_id, **(meta or {}), **result}


def sentence_rows(row: dict, keep: Sequence[str] = ()) -> list[dict]:
    """The flattened per-sentence table: one row per sentence (with the article's kept columns and the sentence's
    speaker), one ``score_<label>`` column per label."""
    meta = {name: row.get(name) for name in keep}
    return [
        {
            "id": row["id"],
            **meta,
            "index": s["index"],
            "start": s["start"],
            "end": s["end"],
            "text": s["text"],
            "labels": "|".join(s["labels"]),
            "speaker": s.get("speaker"),
            **{f"score_{name}": value for name, value in s["scores"].items()},
        }
        for s in row["sentences"]
    ]


def score_rows(
    model: FramingModel, rows: Iterator[InputRow], chunk_size: int = 32, explain: bool = False
) -> Iterator[list[tuple[InputRow, dict | None]]]:
    """Chunks of (row, result) pairs in input order; result is None for rows with an error."""
    from models.evidence import explain_article

    while chunk := list(islice(rows, chunk_size)):
        good = [row for row in chunk if row.text is not None]
        try:
            results: list[Any] = model.score_articles([row.text or "" for row in good])
        except Exception:
            results = [_score_alone(model, row) for row in good]  # one bad row must not stop the run
        if explain:
            results = [explain_article(model, r) if not isinstance(r, Exception) else r for r in results]
        scored = iter(results)
        pairs: list[tuple[InputRow, dict | None]] = []
        for row in chunk:
            result = next(scored) if row.text is not None else None
            if isinstance(result, Exception):
                row.error, result = f"could not be scored: {type(result).__name__}: {result}"[:500], None
            pairs.append((row, result.to_dict() if result is not None else None))
        yield pairs


def _score_alone(model: FramingModel, row: InputRow) -> Any:
    try:
        return model.score_article(row.text or "")
    except Exception as error:
        return error


# -- writing -------------------------------------------------------------------------------------------------
class JsonlSink:
    """Appends JSON lines; each chunk is flushed and fsynced, a torn last line is cut off on resume."""

    def __init__(self, path: str, resume: bool, keep_empty: bool = True) -> None:
        self.path = path
        self.keep_empty = keep_empty  # an error file nobody needs is removed at close
        self.stdout = path == "-"
        if self.stdout:
            self.handle: IO[str] = sys.stdout
            return
        if resume:
            _truncate_torn_line(Path(path))
        self.handle = open(path, "a" if resume else "w", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def done_ids(self) -> set[str]:
        return _jsonl_ids(Path(self.path)) if not self.stdout else set()

    def retain(self, ids: set[str]) -> None:
        """Drop rows whose id is not in ``ids`` (side rows of a chunk whose main rows never landed)."""
        if self.stdout:
            return
        self.handle.close()
        path = Path(self.path)
        temp = path.with_name(path.name + ".tmp")
        with open(path, encoding="utf-8") as source, open(temp, "w", encoding="utf-8") as target:
            for line in source:
                if str(json.loads(line)["id"]) in ids:
                    target.write(line)
        os.replace(temp, path)  # a kill mid-rewrite leaves the old file whole
        self.handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def write(self, rows: list[dict]) -> None:
        for row in rows:
            self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.handle.flush()
        if not self.stdout:
            os.fsync(self.handle.fileno())

    def close(self) -> None:
        if not self.stdout:
            self.handle.close()
            path = Path(self.path)
            if not self.keep_empty and path.exists() and path.stat().st_size == 0:
                path.unlink()


class ParquetSink:
    """Writes each chunk as a part file (renamed into place whole), merged into the target at the end."""

    def __init__(self, path: str, resume: bool) -> None:
        self.path = Path(path)
        self.parts = self.path.with_name(self.path.name + ".parts")
        if not resume:
            self.path.unlink(missing_ok=True)
            for part in self.parts.glob("*") if self.parts.exists() else []:
                part.unlink()
        self.parts.mkdir(parents=True, exist_ok=True)
        for temp in self.parts.glob("*.tmp"):
            temp.unlink()  # a part that was being written when the run died
        if resume and self.path.is_file():
            if any(self.parts.glob("part-*.parquet")):
                self.path.unlink()  # killed after the merge, before the parts were removed: the parts hold it all
            else:
                # A finished (merged) earlier run: its rows become the first part, so the next merge keeps them.
                os.replace(self.path, self.parts / "part-000000-previous.parquet")
        self.count = len(list(self.parts.glob("part-*.parquet")))

    def done_ids(self) -> set[str]:
        import pyarrow.parquet as pq

        ids: set[str] = set()
        for part in sorted(self.parts.glob("part-*.parquet")):
            ids.update(pq.read_table(part, columns=["id"]).column("id").to_pylist())
        return ids

    def retain(self, ids: set[str]) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        for part in sorted(self.parts.glob("part-*.parquet")):
            table = pq.read_table(part)
            kept = table.filter(pc.is_in(table.column("id"), value_set=pa.array(sorted(ids), pa.string())))
            if kept.num_rows != table.num_rows:
                pq.write_table(kept, part)

    def write(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not rows:
            return
        temp = self.parts / f"part-{self.count:06d}.parquet.tmp"
        pq.write_table(pa.Table.from_pylist(rows), temp)
        os.replace(temp, self.parts / f"part-{self.count:06d}.parquet")
        self.count += 1

    def close(self) -> None:
        """Merge the parts part by part (memory stays at one part) into a temporary file, then rename it."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        parts = sorted(self.parts.glob("part-*.parquet"))
        temp = self.path.with_name(self.path.name + ".tmp")
        schemas = [pq.read_schema(p) for p in parts]
        if parts and all(s.equals(schemas[0]) for s in schemas):
            with pq.ParquetWriter(temp, schemas[0]) as writer:
                for part in parts:
                    writer.write_table(pq.read_table(part))
        elif parts:
            # Parts whose column types differ (e.g. evidence present in some chunks only) are unified in memory.
            merged = pa.concat_tables([pq.read_table(p) for p in parts], promote_options="permissive")
            pq.write_table(merged, temp)
        else:
            pq.write_table(pa.table({"id": pa.array([], pa.string())}), temp)
        os.replace(temp, self.path)
        for part in parts:
            part.unlink()
        self.parts.rmdir()


def _truncate_torn_line(path: Path) -> None:
    if not path.is_file():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)


def _jsonl_ids(path: Path) -> set[str]:
    ids: set[str] = set()
    if path.is_file():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.endswith("\n"):
                    ids.add(str(json.loads(line)["id"]))
    return ids


def output_format(output: str, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ValueError(f"unknown output format {fmt!r}; choose one of {list(FORMATS)}")
        return fmt
    return "parquet" if output.lower().endswith(".parquet") else "jsonl"


def open_sink(path: str, fmt: str, resume: bool) -> JsonlSink | ParquetSink:
    if fmt == "parquet":
        if path == "-":
            raise ValueError("Parquet output needs a file path, not '-'")
        return ParquetSink(path, resume)
    return JsonlSink(path, resume)


def side_path(output: str, suffix: str, fmt: str) -> str:
    """``scored.jsonl`` -> ``scored.errors.jsonl``; stdout's side files go to the working directory."""
    base = Path("framescope-output" if output == "-" else output)
    stem = base.name[: -len(base.suffix)] if base.suffix else base.name
    return str(base.with_name(f"{stem}.{suffix}.{fmt}"))


def check_output_paths(source: str, output: str, per_sentence: bool, fmt: str) -> None:
    """Refuse an output (or side file) that is the input: opening it for writing would truncate the articles."""
    if source == "-":
        return
    sources = [Path(source)] if Path(source).is_file() else []
    targets = [output, side_path(output, "errors", "jsonl")]
    if per_sentence:
        targets.append(side_path(output, "sentences", fmt))
    for target in targets:
        if target != "-" and any(Path(target).resolve() == s.resolve() for s in sources):
            raise ValueError(f"output {target!r} is the input file {source!r}: writing it would destroy the input")


class RunOutputs:
    """One run's output, its errors file and (with ``per_sentence``) its per-sentence table; both engines write
    through it. With ``resume``, ``done`` holds the ids already written (scored or failed), and per-sentence rows
    of a chunk whose main rows never landed are dropped. ``keep`` names the input columns each row carries."""

    def __init__(
        self, source: str, output: str, fmt: str | None, resume: bool, per_sentence: bool, keep: Sequence[str] = ()
    ) -> None:
        kind = output_format(output, fmt)
        check_output_paths(source, output, per_sentence, kind)
        self.keep = check_keep(keep)
        self.main = open_sink(output, kind, resume)
        self.errors = JsonlSink(side_path(output, "errors", "jsonl"), resume, keep_empty=False)
        self.sentences = open_sink(side_path(output, "sentences", kind), kind, resume) if per_sentence else None
        self.done: set[str] = set()
        if resume:
            scored_ids = self.main.done_ids()
            self.done = scored_ids | self.errors.done_ids()
            if self.sentences is not None:
                self.sentences.retain(scored_ids)

    def write(self, chunk: Iterable[tuple[InputRow, dict | None]], stats: ScoreStats) -> None:
        """Write one chunk of (row, result or None for a failed row) and count it into ``stats``."""
        pairs = list(chunk)
        scored = [result_row(row.id, result, row.meta) for row, result in pairs if result is not None]
        failed = [{"id": row.id, "error": row.error} for row, result in pairs if result is None]
        if self.sentences is not None:
            self.sentences.write([s for row in scored for s in sentence_rows(row, self.keep)])
        self.errors.write(failed)
        self.main.write(scored)  # last: an id counts as done once its row is written
        stats.scored += len(scored)
        stats.errors += len(failed)
        stats.sentences += sum(len(r["sentences"]) for r in scored)

    def close(self) -> None:
        for sink in (self.main, self.errors, self.sentences):
            if sink is not None:
                sink.close()


# -- the run -------------------------------------------------------------------------------------------------
def score_stream(
    model: FramingModel,
    source: str,
    output: str,
    text_field: str = "text",
    id_field: str = "id",
    chunk_size: int = 32,
    fmt: str | None = None,
    resume: bool = False,
    per_sentence: bool = False,
    progress: bool = False,
    explain: bool = False,
    keep: Sequence[str] = (),
) -> ScoreStats:
    """Score every row of ``source`` into ``output`` (JSONL or Parquet) plus an errors file (and per-sentence table);
    the input columns named in ``keep`` are carried into both."""
    outputs = RunOutputs(source, output, fmt, resume, per_sentence, keep)
    stats = ScoreStats()
    started = time.perf_counter()
    bar = _progress_bar(progress)
    try:
        rows = _skip_done(iter_input(source, text_field, id_field, outputs.keep), outputs.done, stats)
        for chunk in score_rows(model, rows, chunk_size, explain):
            outputs.write(chunk, stats)
            if bar is not None:
                bar.update(len(chunk))
                elapsed = time.perf_counter() - started
                bar.set_postfix(sentences_per_s=f"{stats.sentences / elapsed:.0f}")
    finally:
        if bar is not None:
            bar.close()
        outputs.close()
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats


def _skip_done(rows: Iterator[InputRow], done: set[str], stats: ScoreStats) -> Iterator[InputRow]:
    for row in rows:
        if row.id in done:
            stats.skipped += 1
            continue
        yield row


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit="articles", dynamic_ncols=True, file=sys.stderr)
