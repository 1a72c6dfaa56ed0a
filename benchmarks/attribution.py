"""Measure speaker attribution against the corpus's gold speakers.

    .venv/bin/python benchmarks/attribution.py [--corpus CORPUS] [--errors N] [--split SPLIT]

Runs ``models.attribution.attribute_speakers`` on each article's gold sentence spans and reports accuracy on the
gold set (sentences with a gold speaker) and on all sentences (None counts as an answer), per split, at three
levels of strictness:

- **exact**: the predicted mention is the gold string, character for character;
- **mention**: the same mention up to case and a leading article ("The Kremlin" for "the Kremlin"; writers of the
  corpus were not consistent about either);
- **speaker**: the same speaker named by a shorter or longer mention: the same personal name ("Gen. Dwight A.
  Carrasco" for "the head of U.S. Africa Command, Gen. Dwight A. Carrasco"), or, for a body, one mention inside the
  other with a proper name in the shorter one ("Libyan National Army" for "the eastern-based Libyan National
  Army"; a bare role such as "foreign minister" never counts).

The headline figure is **mention**; the other two are printed beside it. It also reports, per split, the gold set's accuracy by sentence form (pronoun cue, quotation running on, question-and-answer turn),
and the most common kinds of error. A last table runs it on framescope's own segmentation instead, as the service
will, scoring the sentences whose span matches a gold span exactly. ``--errors N`` lists N mismatches (of
``--split`` if given).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.attribution import attribute_speakers, same_speaker
from models.segmentation import SentenceSpan, segment
from training.corpus import DEFAULT_CORPUS, SPLITS, Article, load_corpus


@dataclass
class Outcome:
    article: str
    split: str
    sentence: str
    gold: str | None
    predicted: str | None

    @property
    def exact(self) -> bool:
        return self.gold == self.predicted

    @property
    def correct(self) -> bool:
        """The same mention up to case and a leading article (the headline level)."""
        return normalized_mention(self.gold) == normalized_mention(self.predicted)

    @property
    def same_speaker(self) -> bool:
        return self.correct or (
            self.gold is not None and self.predicted is not None and same_speaker(self.gold, self.predicted)
        )


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def normalized_mention(mention: str | None) -> str | None:
    """A mention without case, a leading article or surrounding punctuation."""
    if mention is None:
        return None
    return _ARTICLE.sub("", mention.strip(" .,")).lower()


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


def outcomes(articles: list[Article]) -> list[Outcome]:
    """Attribution on the gold sentence spans."""
    results = []
    for article in articles:
        spans = [SentenceSpan(s.start, s.end, article.text[s.start : s.end]) for s in article.sentences]
        predicted = attribute_speakers(article.text, spans)
        for gold, span, speaker in zip(article.sentences, spans, predicted, strict=True):
            results.append(Outcome(article.id, article.split, span.text, gold.speaker, speaker))
    return results


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


def accuracy(rows: list[Outcome], level: str = "correct") -> str:
    """Share of ``rows`` right at ``level`` ("exact", "correct" for the mention level, or "same_speaker")."""
    if not rows:
        return "n/a"
    right = sum(getattr(r, level) for r in rows)
    return f"{right / len(rows):.4f} ({right}/{len(rows)})"


def ratio(rows: list[Outcome], level: str) -> str:
    return f"{sum(getattr(r, level) for r in rows) / len(rows):.3f}" if rows else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", type=int, default=0, help="list this many mismatches")
    parser.add_argument("--split", choices=SPLITS, help="list mismatches of this split only")
    args = parser.parse_args()

    articles = load_corpus(args.corpus)
    results = outcomes(articles)
    attributed = [r for r in results if r.gold is not None]
    print(f"{len(articles)} articles, {len(results)} sentences, {len(attributed)} with a gold speaker\n")
    print("| split | articles | gold set: mention | gold set: exact | gold set: speaker | all sentences: mention |")
    print("|---|---:|---:|---:|---:|---:|")
    for split in (*SPLITS, None):
        rows = [r for r in results if split is None or r.split == split]
        gold = [r for r in rows if r.gold is not None]
        count = len({r.article for r in rows})
        name = split or "**all**"
        exact, speaker = ratio(gold, "exact"), ratio(gold, "same_speaker")
        print(f"| {name} | {count} | {accuracy(gold)} | {exact} | {speaker} | {accuracy(rows)} |")

    print("\nGold set by sentence form (gold spans, all splits):\n")
    print("| form | accuracy |")
    print("|---|---:|")
    forms = Counter(sentence_form(r.sentence) for r in attributed)
    for form, _ in forms.most_common():
        print(f"| {form} | {accuracy([r for r in attributed if sentence_form(r.sentence) == form])} |")

    errors = [r for r in results if not r.correct]
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
