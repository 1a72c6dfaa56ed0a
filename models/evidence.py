"""Evidence words: which words of a sentence drove each of its labels, by occlusion.

For a labeled sentence, each word is removed in turn (all copies scored in one batch) and the drop in the
label's probability is that word's weight: model-agnostic, and faithful by construction to this model. The
top words with a positive weight are the evidence. Cost is bounded: only labeled sentences are explained, at
most ``MAX_SENTENCES`` per request, and sentences longer than ``MAX_WORDS`` words occlude word groups instead of
single words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from models.modeling import FramingModel
from models.scoring import ArticleScore

MAX_SENTENCES = 24
MAX_WORDS = 48
TOP_K = 3
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str
    weight: float


def _units(sentence: str, max_units: int) -> list[tuple[int, int]]:
    """Word spans, merged into consecutive groups when there are more than ``max_units``."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
    if len(words) <= max_units:
        return words
    size = -(-len(words) // max_units)
    return [(words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)]


def _without(sentence: str, spans: Sequence[tuple[int, int]]) -> str:
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        pieces.append(sentence[cursor:start])
        cursor = end
    pieces.append(sentence[cursor:])
    return " ".join("".join(pieces).split())


def occlusion_weights(
    model: FramingModel, sentence: str, context: str, labels: Sequence[str], max_units: int = MAX_WORDS
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Word spans of ``sentence`` and the (units, labels) drop in probability when each unit is removed."""
    units = _units(sentence, max_units)
    variants = [sentence] + [_without(sentence, [unit]) for unit in units]
    probabilities = model.predict(variants, contexts=[context] * len(variants))
    columns = [model.label_names.index(name) for name in labels]
    return units, probabilities[0, columns] - probabilities[1:, columns]


def explain_article(model: FramingModel, result: ArticleScore, max_sentences: int = MAX_SENTENCES) -> ArticleScore:
    """Attach ``evidence`` (label -> spans into the article with weights) to the first labeled sentences."""
    explained = 0
    previous = ""
    for sentence in result.sentences:
        context = previous
        previous = sentence.text
        if not sentence.labels or explained >= max_sentences:
            continue
        explained += 1
        units, drops = occlusion_weights(model, sentence.text, context, sentence.labels)
        evidence: dict[str, list[dict]] = {}
        for j, label in enumerate(sentence.labels):
            order = [i for i in np.argsort(-drops[:, j]) if drops[i, j] > 0][:TOP_K]
            evidence[label] = [
                asdict(
                    Evidence(
                        sentence.start + units[i][0],
                        sentence.start + units[i][1],
                        sentence.text[units[i][0] : units[i][1]],
                        float(drops[i, j]),
                    )
                )
                for i in order
            ]
        sentence.evidence = evidence
    return result


def faithfulness(model: FramingModel, sentences: Sequence[str], contexts: Sequence[str]) -> dict:
    """Share of (sentence, label) pairs whose probability drops when the top evidence words are all removed."""
    lowered = total = 0
    thresholds = model.thresholds
    probabilities = model.predict(list(sentences), contexts=list(contexts))
    for i, (sentence, context) in enumerate(zip(sentences, contexts, strict=True)):
        labels = [n for j, n in enumerate(model.label_names) if probabilities[i, j] >= thresholds[n]]
        if not labels:
            continue
        units, drops = occlusion_weights(model, sentence, context, labels)
        for j, label in enumerate(labels):
            top = [units[k] for k in np.argsort(-drops[:, j])[:TOP_K] if drops[k, j] > 0]
            if not top:
                total += 1
                continue
            reduced = model.predict([_without(sentence, top)], contexts=[context])[0, model.label_names.index(label)]
            total += 1
            lowered += bool(reduced < probabilities[i, model.label_names.index(label)])
    return {"pairs": total, "lowered": lowered, "rate": round(lowered / total, 4) if total else 0.0}
