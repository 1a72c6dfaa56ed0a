"""How good evidence is: plausibility against human rationales and faithfulness to the model.

- **Plausibility**: token F1 between the words of the evidence phrases and the words of the rationale phrases
  of one (sentence, label), averaged over the label's pairs (the codebook's "Rationales" section).
- **Comprehensiveness**: the drop in the label's probability when all its evidence is removed from the sentence;
  reported as the mean drop and the share of pairs where the probability went down.
- **Sufficiency**: the label's probability with the evidence phrases alone (joined by spaces), beside the
  probability with the whole sentence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from models.content_words import word_spans
from models.evidence import Evidence, Explainer, Span, without
from models.modeling import FramingModel


def _words(text: str, spans: Iterable[Span]) -> set[Span]:
    return {w for start, end in spans for w in word_spans(text) if start <= w[0] and w[1] <= end}


def token_f1(text: str, predicted: Iterable[Span], gold: Iterable[Span]) -> float:
    """F1 of the words covered by ``predicted`` against the words covered by ``gold`` (both empty: 1.0)."""
    guess, truth = _words(text, predicted), _words(text, gold)
    if not guess and not truth:
        return 1.0
    overlap = len(guess & truth)
    return 2 * overlap / (len(guess) + len(truth)) if overlap else 0.0


@dataclass(frozen=True)
class Case:
    """One (sentence, label) to explain; ``gold`` are rationale spans inside ``text`` (empty when there are none)."""

    text: str
    context: str
    label: str
    gold: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Scored:
    case: Case
    evidence: tuple[Evidence, ...]
    full: float
    removed: float
    alone: float


def score_cases(model: FramingModel, cases: Sequence[Case], explainer: Explainer) -> list[Scored]:
    """Explain every case (one call per sentence for all its labels) and rescore with and without the evidence."""
    by_sentence: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        by_sentence[(case.text, case.context)].append(case)
    scored: list[Scored] = []
    for (text, context), group in by_sentence.items():
        found = explainer(model, text, context, [c.label for c in group])
        variants, contexts = [text], [context]
        for case in group:
            spans = [(e.start, e.end) for e in found[case.label]]
            variants += [
                without(text, spans),
                " ".join(e.text for e in sorted(found[case.label], key=lambda e: e.start)),
            ]
            contexts += [context, context]
        probabilities = model.predict(variants, contexts=contexts)
        for k, case in enumerate(group):
            column = model.label_names.index(case.label)
            full, removed, alone = probabilities[[0, 1 + 2 * k, 2 + 2 * k], column]
            scored.append(Scored(case, tuple(found[case.label]), float(full), float(removed), float(alone)))
    return scored


def summarize(scored: Sequence[Scored], labels: Sequence[str]) -> dict:
    """Per label and macro: plausibility F1 (cases with rationales), comprehensiveness and sufficiency."""

    def stats(items: Sequence[Scored]) -> dict:
        with_gold = [s for s in items if s.case.gold]
        drops = np.array([s.full - s.removed for s in items])
        return {
            "pairs": len(items),
            "plausibility_f1": round(
                float(
                    np.mean(
                        [token_f1(s.case.text, [(e.start, e.end) for e in s.evidence], s.case.gold) for s in with_gold]
                    )
                ),
                3,
            )
            if with_gold
            else None,
            "comprehensiveness": round(float(drops.mean()), 3) if items else None,
            "lowered_share": round(float((drops > 0).mean()), 3) if items else None,
            "sufficiency": round(float(np.mean([s.alone for s in items])), 3) if items else None,
            "full_probability": round(float(np.mean([s.full for s in items])), 3) if items else None,
            "mean_phrases": round(float(np.mean([len(s.evidence) for s in items])), 2) if items else None,
            "mean_words": round(
                float(np.mean([len(_words(s.case.text, [(e.start, e.end) for e in s.evidence])) for s in items])), 2
            )
            if items
            else None,
        }

    per_label = {label: stats([s for s in scored if s.case.label == label]) for label in labels}
    present = [row for row in per_label.values() if row["plausibility_f1"] is not None]
    return {
        "per_label": per_label,
        "macro_plausibility_f1": round(float(np.mean([row["plausibility_f1"] for row in present])), 3)
        if present
        else None,
        "all": stats(scored),
    }
