"""Evaluate an artifact on labeled files in the two plain formats real-news evaluation uses.

- **sentences**: one JSON object a line, ``{"text", "labels", "borderline"?}``; each text is scored as an article
  of its own (segmentation included) and gets the union of its predicted sentences' labels.
- **passages**: ``{"text", "sentences": [{"text", "labels", "borderline"?}]}``, each gold sentence an exact substring
  of ``text`` in order. The passage is scored whole (segmentation and context as in production); each gold
  sentence gets the union of the labels of the predicted sentences that overlap more than half of the shorter of
  the two spans.

Borderline gold sentences are left out of the scores. Labels are the artifact's label names; ``[]`` is none. The
figures agree with the real-news scorer kept beside the data (same matching, same exactness tolerance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.modeling import FramingModel
from models.scoring import ArticleScore
from training.corpus import read_jsonl
from training.evaluation import multilabel_metrics

# A predicted span is "exact" for a gold sentence within these tolerances (a stray quote or space at the edges).
EXACT_START_TOLERANCE = 1
EXACT_END_TOLERANCE = 2


class EvalFileError(ValueError):
    """An evaluation file that cannot be read: says which line and why."""


@dataclass
class GoldPassage:
    text: str
    spans: list[tuple[int, int]]
    labels: list[list[str]]
    borderline: list[bool]


def read_eval_file(path: str | Path) -> tuple[str, list[dict]]:
    """Read a JSONL evaluation file and tell its format: ``"passages"``, ``"sentences"`` or ``"corpus"``."""
    try:
        records = [record for _, record in read_jsonl(path)]
    except ValueError as error:
        raise EvalFileError(str(error)) from None
    if not records:
        raise EvalFileError(f"{path}: no records")
    first = records[0]
    if "split" in first and "sentences" in first:
        return "corpus", records
    if isinstance(first.get("sentences"), list):
        return "passages", records
    if "labels" in first and "text" in first:
        return "sentences", records
    raise EvalFileError(
        f"{path}:1: unknown format (keys {sorted(first)}); expected passages with 'sentences', "
        "sentences with 'text' and 'labels', or a framescope corpus"
    )


def _check_labels(labels: Any, known: Sequence[str], where: str) -> list[str]:
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise EvalFileError(f"{where}: 'labels' must be a list of label names, got {labels!r}")
    unknown = sorted(set(labels) - set(known))
    if unknown:
        raise EvalFileError(f"{where}: labels {unknown} are not in the artifact's label set {list(known)}")
    return labels


def parse_passages(records: Sequence[dict], known: Sequence[str]) -> list[GoldPassage]:
    passages = []
    for number, record in enumerate(records, 1):
        text = record.get("text")
        if not isinstance(text, str):
            raise EvalFileError(f"passage {number}: 'text' must be a string")
        spans, labels, borderline, position = [], [], [], 0
        for k, sentence in enumerate(record.get("sentences") or [], 1):
            where = f"passage {number}, sentence {k}"
            sentence_text = sentence.get("text") if isinstance(sentence, dict) else None
            if not isinstance(sentence_text, str) or not sentence_text:
                raise EvalFileError(f"{where}: 'text' must be a non-empty string")
            start = text.find(sentence_text, position)
            if start < 0:
                raise EvalFileError(f"{where}: the sentence is not a substring of the passage after the one before")
            position = start + len(sentence_text)
            spans.append((start, position))
            labels.append(_check_labels(sentence.get("labels", []), known, where))
            borderline.append(bool(sentence.get("borderline")))
        passages.append(GoldPassage(text, spans, labels, borderline))
    return passages


def span_found(gold: tuple[int, int], predicted: Sequence[tuple[int, int]]) -> bool:
    """Whether one of the ``predicted`` spans is the ``gold`` span within the exactness tolerances."""
    start, end = gold
    return any(
        abs(p_start - start) <= EXACT_START_TOLERANCE and abs(p_end - end) <= EXACT_END_TOLERANCE
        for p_start, p_end in predicted
    )


def _overlaps(gold: tuple[int, int], predicted: tuple[int, int]) -> bool:
    shared = min(gold[1], predicted[1]) - max(gold[0], predicted[0])
    return shared > 0.5 * min(gold[1] - gold[0], predicted[1] - predicted[0])


def _matrix(label_sets: Sequence[Sequence[str]], names: Sequence[str]) -> np.ndarray:
    matrix = np.zeros((len(label_sets), len(names)), dtype=bool)
    for i, labels in enumerate(label_sets):
        for label in labels:
            matrix[i, names.index(label)] = True
    return matrix


def leakage_rate(gold: Sequence[Sequence[bool | None]], predicted: Sequence[Sequence[bool]]) -> dict[str, float | int]:
    """Share of gold-none sentences given a label while the gold sentence before them (same document) carries one.

    ``gold[d][i]`` says whether sentence ``i`` of document ``d`` carries any gold label, ``predicted[d][i]``
    whether the model gave it one; a ``None`` gold entry (a borderline sentence) is skipped as a target but still
    counts as a predecessor by its labels.
    """
    at_risk = leaked = 0
    for gold_doc, predicted_doc in zip(gold, predicted, strict=True):
        for i in range(1, len(gold_doc)):
            if gold_doc[i] is None or gold_doc[i] or not gold_doc[i - 1]:
                continue
            at_risk += 1
            leaked += bool(predicted_doc[i])
    return {"rate": round(leaked / at_risk, 4) if at_risk else 0.0, "sentences": at_risk, "leaked": leaked}


def evaluate_passages(model: FramingModel, passages: Sequence[GoldPassage]) -> dict[str, Any]:
    """Per-label metrics, none accuracy, segmentation exactness and leakage on passages scored whole."""
    names = model.label_names
    scored: list[ArticleScore] = model.score_articles([p.text for p in passages])
    gold_labels: list[list[str]] = []
    predicted_labels: list[list[str]] = []
    exact = total = 0
    leak_gold: list[list[bool | None]] = []
    leak_predicted: list[list[bool]] = []
    for passage, article in zip(passages, scored, strict=True):
        predicted_spans = [(s.start, s.end, s.labels) for s in article.sentences]
        doc_gold: list[bool | None] = []
        doc_predicted: list[bool] = []
        for (start, end), labels, borderline in zip(passage.spans, passage.labels, passage.borderline, strict=True):
            total += 1
            exact += span_found((start, end), [(p_start, p_end) for p_start, p_end, _ in predicted_spans])
            union = sorted(
                {
                    label
                    for p_start, p_end, p_labels in predicted_spans
                    if _overlaps((start, end), (p_start, p_end))
                    for label in p_labels
                }
            )
            # A borderline sentence is no target, but its labels still decide whether the next one is at risk.
            doc_gold.append(None if borderline and not labels else bool(labels))
            doc_predicted.append(bool(union))
            if not borderline:
                gold_labels.append(labels)
                predicted_labels.append(union)
        leak_gold.append(doc_gold)
        leak_predicted.append(doc_predicted)
    metrics = multilabel_metrics(_matrix(gold_labels, names), _matrix(predicted_labels, names), names)
    return {
        "model": metrics,
        "segmentation": {"exact": exact, "gold_sentences": total, "rate": round(exact / total, 4) if total else 0.0},
        "leakage": leakage_rate(leak_gold, leak_predicted),
        "passages": len(passages),
    }


def evaluate_sentences(model: FramingModel, records: Sequence[dict]) -> dict[str, Any]:
    """Per-label metrics and none accuracy on single sentences, each scored as an article of its own."""
    names = model.label_names
    rows = []
    for number, record in enumerate(records, 1):
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise EvalFileError(f"sentence {number}: 'text' must be a non-empty string")
        labels = _check_labels(record.get("labels", []), names, f"sentence {number}")
        if not record.get("borderline"):
            rows.append((text, labels))
    scored = model.score_articles([text for text, _ in rows])
    predicted = [sorted({label for s in article.sentences for label in s.labels}) for article in scored]
    gold = _matrix([labels for _, labels in rows], names)
    return {"model": multilabel_metrics(gold, _matrix(predicted, names), names)}


def read_records(path: str | Path, expected: str) -> list[dict]:
    """The records of an evaluation file that must be in the ``expected`` format."""
    kind, records = read_eval_file(path)
    if kind != expected:
        raise EvalFileError(f"{path}: expected {expected}, found {kind}")
    return records


def evaluate_folder(model: FramingModel, folder: str | Path) -> dict[str, Any]:
    """Both real-news files of a folder (``passages.jsonl`` scored whole, ``sentences.jsonl`` alone), where present."""
    folder = Path(folder)
    results: dict[str, Any] = {"folder": folder.name}
    if (passages := folder / "passages.jsonl").is_file():
        records = read_records(passages, "passages")
        results["passages"] = evaluate_passages(model, parse_passages(records, model.label_names))
    if (sentences := folder / "sentences.jsonl").is_file():
        results["sentences"] = evaluate_sentences(model, read_records(sentences, "sentences"))
    return results
