"""Stream articles from a file, folder or stdin through the model in chunks, writing one JSON line each.

Memory stays flat: records are read, scored and written a chunk at a time. Rows that cannot be scored
(missing or non-string text, bad JSON) are written to an errors stream with the reason, and the run goes on.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from models.modeling import FramingModel


@dataclass
class InputRow:
    id: str
    text: str | None
    error: str | None = None


@dataclass
class ScoreStats:
    scored: int = 0
    errors: int = 0
    sentences: int = 0
    seconds: float = 0.0


def _row_from_record(record: Any, number: int, text_field: str, id_field: str) -> InputRow:
    if not isinstance(record, dict):
        return InputRow(str(number), None, f"expected a JSON object, got {type(record).__name__}")
    row_id = str(record.get(id_field) or number)
    text = record.get(text_field)
    if not isinstance(text, str):
        return InputRow(row_id, None, f"field {text_field!r} missing or not a string")
    if not text.strip():
        return InputRow(row_id, None, f"field {text_field!r} is empty")
    return InputRow(row_id, text)


def _jsonl_rows(handle: Iterable[str], text_field: str, id_field: str) -> Iterator[InputRow]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            yield InputRow(str(number), None, f"line {number}: not valid JSON ({error})")
            continue
        yield _row_from_record(record, number, text_field, id_field)


def iter_input(source: str, text_field: str = "text", id_field: str = "id") -> Iterator[InputRow]:
    """Rows from ``-`` (stdin: JSONL when it starts with '{', else one article), .jsonl/.csv, or a .txt folder."""
    if source == "-":
        first = sys.stdin.readline()
        if first.lstrip().startswith("{"):
            yield from _jsonl_rows(_chain_line(first, sys.stdin), text_field, id_field)
        else:
            text = first + sys.stdin.read()
            yield InputRow("stdin", text) if text.strip() else InputRow("stdin", None, "stdin is empty")
        return
    path = Path(source)
    if path.is_dir():
        for file in sorted(path.glob("*.txt")):
            try:
                yield InputRow(file.stem, file.read_text(encoding="utf-8"))
            except UnicodeDecodeError as error:
                yield InputRow(file.stem, None, f"{file.name} is not UTF-8: {error}")
        return
    if not path.is_file():
        raise FileNotFoundError(f"input {source!r} is neither a file, a folder nor '-'")
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8", newline="") as handle:
            for number, record in enumerate(csv.DictReader(handle), 1):
                yield _row_from_record(record, number, text_field, id_field)
        return
    with open(path, encoding="utf-8", errors="strict") as handle:
        yield from _jsonl_rows(handle, text_field, id_field)


def _chain_line(first: str, rest: IO[str]) -> Iterator[str]:
    yield first
    yield from rest


def score_rows(
    model: FramingModel, rows: Iterator[InputRow], chunk_size: int = 32
) -> Iterator[tuple[InputRow, dict | None]]:
    """(row, result) pairs in input order; result is None for rows with an error."""
    while chunk := list(islice(rows, chunk_size)):
        good = [row for row in chunk if row.text is not None]
        scored = iter(model.score_articles([row.text or "" for row in good]))
        for row in chunk:
            yield row, (next(scored).to_dict() if row.text is not None else None)


def score_stream(
    model: FramingModel,
    source: str,
    output: str,
    text_field: str = "text",
    id_field: str = "id",
    chunk_size: int = 32,
) -> ScoreStats:
    stats = ScoreStats()
    started = time.perf_counter()
    with ExitStack() as stack:
        out = sys.stdout if output == "-" else stack.enter_context(open(output, "w", encoding="utf-8"))
        errors = (
            sys.stderr if output == "-" else stack.enter_context(open(f"{output}.errors.jsonl", "w", encoding="utf-8"))
        )
        for row, result in score_rows(model, iter_input(source, text_field, id_field), chunk_size):
            if result is None:
                errors.write(json.dumps({"id": row.id, "error": row.error}) + "\n")
                stats.errors += 1
                continue
            out.write(json.dumps({"id": row.id, **result}, ensure_ascii=False) + "\n")
            stats.scored += 1
            stats.sentences += len(result["sentences"])
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats
