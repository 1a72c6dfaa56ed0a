"""Measure speaker attribution against the corpus's gold speakers.

    .venv/bin/python benchmarks/attribution.py [--corpus CORPUS] [--errors N] [--split SPLIT]

Runs ``models.attribution.attribute_speakers`` on each article's gold sentence spans and reports accuracy on the
gold set (sentences with a gold speaker) and on all sentences, per split, at the three levels of
``training.attribution_eval`` (mention, the headline; exact; same speaker).
It also reports the gold set's accuracy by sentence form (pronoun cue, quotation running on, question-and-answer turn),
and the most common kinds of error. A last table runs it on framescope's own segmentation instead, as the service
will, scoring the sentences whose span matches a gold span exactly. ``--errors N`` lists N mismatches (of
``--split`` if given).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.attribution import attribute_speakers
from models.segmentation import segment
from training.attribution_eval import AttributionOutcome as Outcome
from training.attribution_eval import attribution_accuracy, attribution_outcomes, format_attribution_table
from training.corpus import DEFAULT_CORPUS, SPLITS, Article, load_corpus


def error_kind(outcome: Outcome) -> str:
    """Why a prediction misses the gold speaker."""
    gold, predicted = outcome.gold, outcome.predicted
    if gold is None:
        return "speaker given for the author's voice"
    if predicted is None:
        return "gold speaker missed (None predicted)"
    gold_words = {w.strip(".,").lower() for w in gold.split()}
    predicted_words = {w.strip(".,").lower() for w in predicted.split()}
    if predicted in gold or gold in predicted:
        return "right speaker, shorter or longer mention"
    if gold_words & predicted_words - {"the", "a", "an", "of", "in", "foreign", "ministry", "minister"}:
        return "right speaker, other wording"
    return "wrong speaker"


_TURN = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,5}:\s")
_PRONOUN_CUE = re.compile(r"(?:^|[,”\"]\s*)(?:he|she|it|they|He|She|It|They)\s+(?:\w+\s+)?\w+(?:ed|id|ld|ote)\b")


def sentence_form(sentence: str) -> str:
    """A rough surface class of a gold-attributed sentence, for accuracy per case."""
    if _TURN.match(sentence):
        return 'question-and-answer turn ("Name: ...")'
    if sentence[:1] in '"“' and sentence.rstrip()[-1:] in '"”':
        return "quotation alone (a later sentence of a quote)"
    if _PRONOUN_CUE.search(sentence):
        return 'pronoun cue ("..., she said", "He added")'
    return "other (a named cue, or a sentence of a turn)"


def segmented_outcomes(articles: list[Article]) -> tuple[list[Outcome], int]:
    """Attribution on framescope's own sentence spans; only spans equal to a gold span can be scored.

    Returns the scored outcomes and the number of gold sentences left unscored because no span matched them.
    """
    results, unmatched = [], 0
    for article in articles:
        spans = segment(article.text)
        predicted = {(s.start, s.end): p for s, p in zip(spans, attribute_speakers(article.text, spans), strict=True)}
        for gold in article.sentences:
            key = (gold.start, gold.end)
            if key in predicted:
                text = article.text[gold.start : gold.end]
                results.append(Outcome(article.id, article.split, text, gold.speaker, predicted[key]))
            else:
                unmatched += 1
    return results, unmatched


def accuracy(rows: list[Outcome], level: str = "mention") -> str:
    """Share of ``rows`` right at ``level`` ("mention", "exact" or "speaker")."""
    if not rows:
        return "n/a"
    right = sum(getattr(r, level) for r in rows)
    return f"{right / len(rows):.4f} ({right}/{len(rows)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", type=int, default=0, help="list this many mismatches")
    parser.add_argument("--split", choices=SPLITS, help="list mismatches of this split only")
    args = parser.parse_args()

    articles = load_corpus(args.corpus)
    results = attribution_outcomes(articles)
    attributed = [r for r in results if r.gold is not None]
    print(f"{len(articles)} articles, {len(results)} sentences, {len(attributed)} with a gold speaker\n")
    print(format_attribution_table(attribution_accuracy(results)))
    print("\nGold set by sentence form (gold spans, all splits):\n")
    print("| form | accuracy |")
    print("|---|---:|")
    forms = Counter(sentence_form(r.sentence) for r in attributed)
    for form, _ in forms.most_common():
        print(f"| {form} | {accuracy([r for r in attributed if sentence_form(r.sentence) == form])} |")

    errors = [r for r in results if not r.mention]
    print(f"\n{len(errors)} errors by kind:\n")
    print("| kind | errors | of which on the gold set |")
    print("|---|---:|---:|")
    kinds = Counter(error_kind(r) for r in errors)
    for kind, count in kinds.most_common():
        on_gold = sum(1 for r in errors if error_kind(r) == kind and r.gold is not None)
        print(f"| {kind} | {count} | {on_gold} |")

    segmented, unmatched = segmented_outcomes(articles)
    print(f"\nOn framescope's own segmentation ({unmatched} gold sentences had no exactly matching span):\n")
    print("| split | gold set (attributed sentences) | all sentences |")
    print("|---|---:|---:|")
    for split in (*SPLITS, None):
        rows = [r for r in segmented if split is None or r.split == split]
        name = split or "**all**"
        print(f"| {name} | {accuracy([r for r in rows if r.gold is not None])} | {accuracy(rows)} |")

    if args.errors:
        listed = [r for r in errors if args.split is None or r.split == args.split][: args.errors]
        print()
        for r in listed:
            print(f"[{r.article}] gold={r.gold!r} predicted={r.predicted!r}\n    {r.sentence}")


if __name__ == "__main__":
    main()
