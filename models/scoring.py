"""Result types of scoring an article: sentences with offsets, scores and labels, and a summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from models.segmentation import SentenceSpan


@dataclass
class SentenceScore:
    index: int
    start: int
    end: int
    text: str
    labels: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[dict]] | None = None
    """On request: per label, the words that drove it (character spans into the article, with weights)."""
    speaker: str | None = None
    """Who the sentence is attributed to (fullest mention in the article); None for the author's own voice."""


@dataclass
class ArticleSummary:
    sentence_count: int
    label_counts: dict[str, int]
    label_shares: dict[str, float]
    dominant: str | None
    """The label carried by most sentences; ``None`` when no sentence carries any (ties: label order)."""
    speakers: list[dict] = field(default_factory=list)
    """Per speaker (None = the author): sentence count and how many of those carry each frame."""


@dataclass
class ArticleScore:
    labels: list[str]
    sentences: list[SentenceScore] = field(default_factory=list)
    summary: ArticleSummary | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def apply_thresholds(
    probabilities: np.ndarray, label_names: Sequence[str], thresholds: Mapping[str, float]
) -> np.ndarray:
    """Boolean (n, labels) matrix: a label is on where its probability reaches its threshold."""
    cut = np.array([thresholds[name] for name in label_names], dtype=probabilities.dtype)
    return probabilities >= cut


def summarize(sentences: Sequence[SentenceScore], label_names: Sequence[str]) -> ArticleSummary:
    from models.attribution import speaker_table

    counts = {name: 0 for name in label_names}
    for sentence in sentences:
        for name in sentence.labels:
            counts[name] += 1
    total = len(sentences)
    shares = {name: (round(count / total, 4) if total else 0.0) for name, count in counts.items()}
    best = max(label_names, key=lambda name: counts[name], default=None)
    dominant = best if best is not None and counts[best] > 0 else None
    speakers = speaker_table([s.labels for s in sentences], [s.speaker for s in sentences])
    return ArticleSummary(total, counts, shares, dominant, speakers)


def build_article_score(
    spans: Sequence[SentenceSpan],
    probabilities: np.ndarray,
    label_names: Sequence[str],
    thresholds: Mapping[str, float],
    speakers: Sequence[str | None] | None = None,
) -> ArticleScore:
    on = apply_thresholds(probabilities, label_names, thresholds)
    sentences = [
        SentenceScore(
            index=i,
            start=span.start,
            end=span.end,
            text=span.text,
            labels=[name for j, name in enumerate(label_names) if on[i, j]],
            scores={name: round(float(probabilities[i, j]), 6) for j, name in enumerate(label_names)},
            speaker=speakers[i] if speakers is not None else None,
        )
        for i, span in enumerate(spans)
    ]
    return ArticleScore(list(label_names), sentences, summarize(sentences, label_names))
