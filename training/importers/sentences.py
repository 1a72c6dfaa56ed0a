"""CSV or JSONL of labeled sentences: ``text`` plus ``labels`` (a JSON list, or names joined by ';' or ',').

An optional ``article_id`` column groups consecutive sentences into one article (joined by spaces); without
it each sentence becomes an article of one sentence.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from training.corpus import Article, read_jsonl
from training.importers.common import article_from_sentences
from training.importers.mapping import LabelMapping


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8", newline="") as handle:
            yield from enumerate(csv.DictReader(handle), 2)
    else:
        yield from read_jsonl(path)


def _labels(value: object, where: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            return [str(v) for v in json.loads(value)]
        separator = ";" if ";" in value else ","
        return [v.strip() for v in value.split(separator) if v.strip()]
    raise ValueError(f"{where}: 'labels' must be a list or a string, got {type(value).__name__}")


def read_sentences(path: str | Path, mapping: LabelMapping, split: str = "train") -> list[Article]:
    path = Path(path)
    grouped: dict[str, list[tuple[str, list[str]]]] = {}
    for number, row in _rows(path):
        where = f"{path}:{number}"
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: 'text' is missing or empty")
        key = str(row.get("article_id") or f"{path.stem}-{number}")
        grouped.setdefault(key, []).append((text, mapping.map(_labels(row.get("labels"), where))))
    return [article_from_sentences(key, items, split) for key, items in grouped.items()]
