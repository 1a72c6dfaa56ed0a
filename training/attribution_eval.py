"""Speaker attribution measured against the corpus's gold speakers.

``models.attribution.attribute_speakers`` runs on each article's gold sentence spans; a prediction is compared to
the gold speaker at three levels of strictness:

- **exact**: the predicted mention is the gold string, character for character;
- **mention** (the headline level): the same mention up to case and a leading article ("The Kremlin" for "the
  Kremlin"; the corpus's writers were not consistent about either);
- **speaker**: the same speaker named by a shorter or longer mention (``models.attribution.same_speaker``: "Gen.
  Dwight A. Carrasco" for "the head of U.S. Africa Command, Gen. Dwight A. Carrasco"; a bare role such as
  "foreign minister" never counts).

The **gold set** is the sentences with a gold speaker; accuracy on all sentences also counts ``None`` (the
author's own voice) as an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from models.attribution import attribute_speakers, same_speaker
from models.segmentation import SentenceSpan
from training.corpus import SPLITS, Article

LEVELS = ("mention", "exact", "speaker")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def normalized_mention(mention: str | None) -> str | None:
    """A mention without case, a leading article or surrounding punctuation."""
    if mention is None:
        return None
    return _ARTICLE.sub("", mention.strip(" .,")).lower()


@dataclass
class AttributionOutcome:
    article: str
    split: str
    sentence: str
    gold: str | None
    predicted: str | None

    @property
    def exact(self) -> bool:
        return self.gold == self.predicted

    @property
    def mention(self) -> bool:
        return normalized_mention(self.gold) == normalized_mention(self.predicted)

    @property
    def speaker(self) -> bool:
        return self.mention or (
            self.gold is not None and self.predicted is not None and same_speaker(self.gold, self.predicted)
        )


def attribution_outcomes(articles: Iterable[Article]) -> list[AttributionOutcome]:
    """Attribution of every sentence of ``articles``, on their gold sentence spans."""
    results = []
    for article in articles:
        spans = [SentenceSpan(s.start, s.end, article.text[s.start : s.end]) for s in article.sentences]
        predicted = attribute_speakers(article.text, spans)
        for gold, span, speaker in zip(article.sentences, spans, predicted, strict=True):
            results.append(AttributionOutcome(article.id, article.split, span.text, gold.speaker, speaker))
    return results


def attribution_accuracy(outcomes: list[AttributionOutcome]) -> dict[str, Any]:
    """Per split and for ``all``: sentence counts and accuracy at each level, on the gold set and on all
    sentences (the mention level), as ``{"dev": {"gold_sentences": n, "gold": {"mention": 0.9, ...}, ...}}``."""

    def share(rows: list[AttributionOutcome], level: str) -> float | None:
        return round(sum(getattr(r, level) for r in rows) / len(rows), 4) if rows else None

    report: dict[str, Any] = {}
    for split in (*SPLITS, "all"):
        rows = [r for r in outcomes if split == "all" or r.split == split]
        if not rows:
            continue
        gold = [r for r in rows if r.gold is not None]
        report[split] = {
            "articles": len({r.article for r in rows}),
            "sentences": len(rows),
            "gold_sentences": len(gold),
            "gold": {level: share(gold, level) for level in LEVELS},
            "all_sentences": share(rows, "mention"),
        }
    return report


def format_attribution_table(report: dict[str, Any]) -> str:
    """A Markdown table of ``attribution_accuracy``'s report ("n/a" where a split has no gold speaker)."""

    def cell(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    lines = [
        "| split | gold-attributed sentences | mention | exact | same speaker | all sentences (mention) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for split, row in report.items():
        gold = row["gold"]
        name = f"**{split}**" if split == "all" else split
        lines.append(
            f"| {name} | {row['gold_sentences']} | {cell(gold['mention'])} | {cell(gold['exact'])} | "
            f"{cell(gold['speaker'])} | {cell(row['all_sentences'])} |"
        )
    return "\n".join(lines)
