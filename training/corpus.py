"""The corpus: one JSON record per article, gold sentences as character spans with their labels."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from models.labels import LabelSet

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CORPUS = DATA_DIR / "corpus.jsonl"
SPLITS = ("train", "dev", "test", "challenge")


@dataclass
class GoldSentence:
    start: int
    end: int
    labels: list[str] = field(default_factory=list)
    speaker: str | None = None
    hard_negative: bool = False


@dataclass
class Article:
    id: str
    title: str
    text: str
    split: str
    source_type: str = "other"
    country: str = ""
    sides: list[str] = field(default_factory=list)
    topic: str = ""
    sentences: list[GoldSentence] = field(default_factory=list)

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        record = dict(data)
        record["sentences"] = [GoldSentence(**s) for s in record.get("sentences", [])]
        return cls(**record)


@dataclass
class SentenceExample:
    article_id: str
    index: int
    text: str
    labels: list[str]
    context: str = ""
    """The sentence before this one in its article ("" for the first)."""


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield (line number, record); a malformed line raises ValueError naming the file and line."""
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                raise ValueError(f"{path}:{lineno}: not valid JSON: {error}") from error
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{lineno}: expected a JSON object, got {type(record).__name__}")
            yield lineno, record


def load_corpus(path: str | Path = DEFAULT_CORPUS) -> list[Article]:
    articles = []
    for lineno, record in read_jsonl(path):
        try:
            articles.append(Article.from_dict(record))
        except TypeError as error:
            raise ValueError(f"{path}:{lineno}: record does not fit the corpus schema: {error}") from error
    return articles


def write_corpus(articles: Iterable[Article], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sentence_examples(articles: Iterable[Article], splits: Sequence[str] | None = None) -> list[SentenceExample]:
    examples = []
    for article in articles:
        if splits is not None and article.split not in splits:
            continue
        texts = article.sentence_texts()
        for i, s in enumerate(article.sentences):
            examples.append(SentenceExample(article.id, i, texts[i], list(s.labels), texts[i - 1] if i else ""))
    return examples


def label_matrix(examples: Sequence[SentenceExample], labels: LabelSet) -> np.ndarray:
    """Multi-hot float32 matrix (n, labels); labels outside the set raise KeyError."""
    matrix = np.zeros((len(examples), len(labels)), dtype=np.float32)
    for row, example in enumerate(examples):
        for name in example.labels:
            matrix[row, labels.index(name)] = 1.0
    return matrix
