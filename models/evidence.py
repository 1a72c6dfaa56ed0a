"""Evidence phrases: which content words of a sentence carry each of its labels, by occlusion.

For a labeled sentence, each content word is removed in turn (all copies scored in one batch) and the drop in
the label's probability is its weight. Words with a positive weight are kept; kept words with only stop words
and spaces between them merge into one phrase; the phrases are scored once more (removed whole, one batch) and
the ``TOP_K`` with the largest drop are the evidence. (Keeping only words with at least a quarter or a tenth of
the strongest word's weight gave shorter phrases that matched the rationales less: ``benchmarks/evidence.py``.)
A phrase therefore begins and ends with a content word, and a stop word or punctuation is never evidence on its
own (``benchmarks/evidence.py`` measures this against human rationales beside the single-word method it
replaced, ``word_evidence``). Cost is bounded: only labeled sentences are explained, at most ``MAX_SENTENCES``
per request, and sentences with more than ``MAX_WORDS`` content words occlude word groups instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from models.content_words import WORD, is_content, word_spans
from models.modeling import FramingModel
from models.scoring import ArticleScore

MAX_SENTENCES = 24
MAX_WORDS = 48
TOP_K = 3
_JOINABLE = set(" -–")


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str
    weight: float


Span = tuple[int, int]
Explainer = Callable[[FramingModel, str, str, Sequence[str]], dict[str, list[Evidence]]]


def _group(spans: Sequence[Span], max_units: int) -> list[Span]:
    """The spans, merged into consecutive groups when there are more than ``max_units``."""
    if len(spans) <= max_units:
        return list(spans)
    size = -(-len(spans) // max_units)
    return [(spans[i][0], spans[min(i + size, len(spans)) - 1][1]) for i in range(0, len(spans), size)]


def _units(sentence: str, max_units: int) -> list[Span]:
    return _group(word_spans(sentence), max_units)


def without(sentence: str, spans: Sequence[Span]) -> str:
    """The sentence with ``spans`` removed (whitespace collapsed)."""
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        pieces.append(sentence[cursor:start])
        cursor = end
    pieces.append(sentence[cursor:])
    return " ".join("".join(pieces).split())


def occlusion_drops(
    model: FramingModel, sentence: str, context: str, labels: Sequence[str], removals: Sequence[Sequence[Span]]
) -> np.ndarray:
    """(removals, labels) drop in each label's probability when each set of spans is removed; one batch."""
    variants = [sentence] + [without(sentence, spans) for spans in removals]
    probabilities = model.predict(variants, contexts=[context] * len(variants))
    columns = [model.label_names.index(name) for name in labels]
    return probabilities[0, columns] - probabilities[1:, columns]


def occlusion_weights(
    model: FramingModel, sentence: str, context: str, labels: Sequence[str], max_units: int = MAX_WORDS
) -> tuple[list[Span], np.ndarray]:
    """Word spans of ``sentence`` and the (units, labels) drop in probability when each unit is removed."""
    units = _units(sentence, max_units)
    return units, occlusion_drops(model, sentence, context, labels, [[unit] for unit in units])


def _evidence(sentence: str, span: Span, weight: float) -> Evidence:
    return Evidence(span[0], span[1], sentence[span[0] : span[1]], float(weight))


def word_evidence(model: FramingModel, sentence: str, context: str, labels: Sequence[str]) -> dict[str, list[Evidence]]:
    """The earlier method: the ``TOP_K`` single words (stop words included) whose removal lowers the label most."""
    units, drops = occlusion_weights(model, sentence, context, labels)
    return {
        label: [_evidence(sentence, units[i], drops[i, j]) for i in np.argsort(-drops[:, j]) if drops[i, j] > 0][:TOP_K]
        for j, label in enumerate(labels)
    }


def _bridgeable(gap: str) -> bool:
    """Only stop words, spaces and hyphens: "interference in the internal affairs" stays one phrase; a comma splits."""
    return set(WORD.sub("", gap)) <= _JOINABLE and not any(is_content(word) for word in WORD.findall(gap))


def _merge(sentence: str, kept: Sequence[Span]) -> list[Span]:
    """Kept content words in sentence order, merged when only stop words and spaces lie between them."""
    phrases: list[Span] = []
    for start, end in sorted(kept):
        if phrases and _bridgeable(sentence[phrases[-1][1] : start]):
            phrases[-1] = (phrases[-1][0], end)
        else:
            phrases.append((start, end))
    return phrases


def phrase_evidence(
    model: FramingModel, sentence: str, context: str, labels: Sequence[str]
) -> dict[str, list[Evidence]]:
    """Up to ``TOP_K`` phrases of content words per label, each weighted by the drop when it is removed whole."""
    words = _group([span for span in word_spans(sentence) if is_content(sentence[span[0] : span[1]])], MAX_WORDS)
    if not words:
        return {label: [] for label in labels}
    drops = occlusion_drops(model, sentence, context, labels, [[word] for word in words])
    candidates: dict[str, list[Span]] = {}
    for j, label in enumerate(labels):
        kept = [words[i] for i in range(len(words)) if drops[i, j] > 0]
        candidates[label] = _merge(sentence, kept)
    phrases = sorted({span for spans in candidates.values() for span in spans})
    if not phrases:
        return {label: [] for label in labels}
    phrase_drops = occlusion_drops(model, sentence, context, labels, [[span] for span in phrases])
    evidence: dict[str, list[Evidence]] = {}
    for j, label in enumerate(labels):
        scored = [(phrase_drops[phrases.index(span), j], span) for span in candidates[label]]
        ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: -item[0])[:TOP_K]
        evidence[label] = [_evidence(sentence, span, weight) for weight, span in ranked]
    return evidence


def explain_article(
    model: FramingModel,
    result: ArticleScore,
    max_sentences: int = MAX_SENTENCES,
    explainer: Explainer = phrase_evidence,
) -> ArticleScore:
    """Attach ``evidence`` (label -> spans into the article with weights) to the first labeled sentences."""
    explained = 0
    previous = ""
    for sentence in result.sentences:
        context = previous
        previous = sentence.text
        if not sentence.labels or explained >= max_sentences:
            continue
        explained += 1
        found = explainer(model, sentence.text, context, sentence.labels)
        sentence.evidence = {
            label: [
                asdict(Evidence(sentence.start + item.start, sentence.start + item.end, item.text, item.weight))
                for item in items
            ]
            for label, items in found.items()
        }
    return result
