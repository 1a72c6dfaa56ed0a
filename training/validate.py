"""`framescope data validate`: schema, spans, labels, split leakage, near-duplicates, quotas and counts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from models.labels import LabelSet
from training.corpus import SPLITS, Article, read_jsonl

REQUIRED_FIELDS = {"id": str, "title": str, "text": str, "split": str, "sentences": list}
OPTIONAL_FIELDS = {"source_type": str, "country": str, "sides": list, "topic": str}
SHINGLE = 5
NEAR_DUPLICATE_JACCARD = 0.8
MIN_WORDS_FOR_DUPLICATES = 8  # short lines (bylines, datelines, "He declined to comment.") legitimately repeat
_WORD = re.compile(r"\w+")


@dataclass
class CorpusRequirements:
    """The corpus-v1 quotas; a user's own data set is validated with ``CorpusRequirements.none()``."""

    min_articles: int = 220
    min_sentences: int = 2600
    min_per_label: int = 350
    min_multi_label: int = 200
    min_none: int = 1200
    min_hard_negatives: int = 400
    min_challenge_articles: int = 30
    article_sentences: tuple[int, int] = (6, 25)
    max_near_duplicate_rate: float = 0.01

    @classmethod
    def none(cls) -> CorpusRequirements:
        return cls(0, 0, 0, 0, 0, 0, 0, (1, 10**9), 0.01)


@dataclass
class ValidationReport:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    near_duplicate_pairs: list[tuple[str, str, float]] = field(default_factory=list)
    near_duplicate_rate: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_schema(record: dict, where: str, problems: list[str]) -> bool:
    ok = True
    for name, kind in {**REQUIRED_FIELDS, **OPTIONAL_FIELDS}.items():
        if name not in record:
            if name in REQUIRED_FIELDS:
                problems.append(f"{where}: missing field {name!r}")
                ok = False
            continue
        if not isinstance(record[name], kind):
            problems.append(f"{where}: field {name!r} must be {kind.__name__}, got {type(record[name]).__name__}")
            ok = False
    if ok:
        for i, sentence in enumerate(record["sentences"]):
            if not isinstance(sentence, dict) or not all(isinstance(sentence.get(k), int) for k in ("start", "end")):
                problems.append(f"{where}: sentence {i} needs integer 'start' and 'end'")
                ok = False
            elif not isinstance(sentence.get("labels", []), list):
                problems.append(f"{where}: sentence {i} 'labels' must be a list")
                ok = False
    return ok


def _check_spans(article: Article, where: str, labels: LabelSet, problems: list[str]) -> None:
    text = article.text
    previous_end = 0
    for i, s in enumerate(article.sentences):
        if not 0 <= s.start < s.end <= len(text):
            problems.append(f"{where}: sentence {i} span [{s.start}, {s.end}) is outside the text (length {len(text)})")
            continue
        if s.start < previous_end:
            problems.append(f"{where}: sentence {i} span [{s.start}, {s.end}) overlaps or precedes the previous one")
        elif text[previous_end : s.start].strip():
            problems.append(
                f"{where}: text {text[previous_end : s.start][:40]!r} before sentence {i} is in no sentence"
            )
        piece = text[s.start : s.end]
        at_boundary = (s.start == 0 or text[s.start - 1].isspace()) and (s.end == len(text) or text[s.end].isspace())
        if piece != piece.strip() or not at_boundary:
            problems.append(f"{where}: sentence {i} span [{s.start}, {s.end}) {piece[:40]!r} is not on word boundaries")
        for name in s.labels:
            if name not in labels:
                problems.append(f"{where}: sentence {i} has unknown label {name!r}; allowed: {labels.names}")
        if len(set(s.labels)) != len(s.labels):
            problems.append(f"{where}: sentence {i} repeats a label: {s.labels}")
        if s.hard_negative and s.labels:
            problems.append(f"{where}: sentence {i} is marked hard_negative but has labels {s.labels}")
        # A gold speaker is a mention in the article (capitalisation aside: "The embassy" opens a sentence).
        if s.speaker is not None and s.speaker.lower() not in text.lower():
            problems.append(f"{where}: sentence {i} speaker {s.speaker!r} does not occur in the article text")
        previous_end = max(previous_end, s.end)
    if text[previous_end:].strip():
        problems.append(f"{where}: text after the last sentence is in no sentence")


def _shingles(sentence: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(sentence.lower())
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)))


def near_duplicates(sentences: Sequence[tuple[str, str]]) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) of sentences whose word-5-gram Jaccard similarity is >= 0.8."""
    shingles = [
        _shingles(text) if len(_WORD.findall(text)) >= MIN_WORDS_FOR_DUPLICATES else frozenset()
        for _, text in sentences
    ]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, items in enumerate(shingles):
        for item in items:
            index[item].append(i)
    candidates = {pair for members in index.values() if len(members) < 500 for pair in combinations(members, 2)}
    pairs = []
    for i, j in sorted(candidates):
        a, b = shingles[i], shingles[j]
        score = len(a & b) / len(a | b)
        if score >= NEAR_DUPLICATE_JACCARD:
            pairs.append((i, j, round(score, 3)))
    return pairs


def count_table(articles: Sequence[Article], labels: LabelSet) -> dict[str, dict[str, int]]:
    rows = ["articles", "sentences", *labels.names, "multi_label", "none", "hard_negatives", "attributed"]
    table = {split: dict.fromkeys(rows, 0) for split in [*SPLITS, "total"]}
    for article in articles:
        for split in (article.split, "total"):
            row = table.setdefault(split, dict.fromkeys(rows, 0))
            row["articles"] += 1
            for s in article.sentences:
                row["sentences"] += 1
                for name in s.labels:
                    if name in row:
                        row[name] += 1
                row["multi_label"] += len(s.labels) > 1
                row["none"] += not s.labels
                row["hard_negatives"] += s.hard_negative
                row["attributed"] += s.speaker is not None
    return table


INSTITUTION_WORDS = {
    "ministry",
    "office",
    "embassy",
    "government",
    "kremlin",
    "department",
    "agency",
    "council",
    "commission",
    "committee",
    "parliament",
    "mission",
    "presidency",
    "secretariat",
    "institute",
    "service",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "officials",
    "diplomats",
    "delegation",
    "statement",
    "readout",
    "command",
    "forces",
    "navy",
    "army",
    "cabinet",
    "administration",
    "assembly",
    "senate",
    "house",
    "coalition",
    "party",
}


def is_named_person(speaker: str) -> bool:
    """A named person ("Foreign Ministry spokesperson Lin Hao"), not a collective voice ("Russia's Foreign Ministry").

    Collective voices of a country recur across splits by nature; named people must not leak into the challenge.
    """
    words = speaker.split()
    return (
        len(words) >= 2
        and not speaker.lower().startswith(("the ", "a ", "an "))
        and words[-1].lower().strip(".,") not in INSTITUTION_WORDS
        and words[-1][:1].isupper()
    )


def _check_challenge(articles: Sequence[Article], problems: list[str]) -> None:
    challenge = [a for a in articles if a.split == "challenge"]
    others = [a for a in articles if a.split != "challenge"]
    shared_topics = {a.topic for a in challenge} & {a.topic for a in others}
    if shared_topics:
        problems.append(f"challenge split shares topics with other splits: {sorted(shared_topics)}")

    def people(group: Sequence[Article]) -> set[str]:
        return {s.speaker for a in group for s in a.sentences if s.speaker and is_named_person(s.speaker)}

    shared_speakers = people(challenge) & people(others)
    if shared_speakers:
        problems.append(f"challenge split shares speakers with other splits: {sorted(shared_speakers)[:10]}")


def _check_quotas(
    table: dict[str, dict[str, int]], labels: LabelSet, req: CorpusRequirements, problems: list[str]
) -> None:
    total = table["total"]
    wanted = {
        "articles": req.min_articles,
        "sentences": req.min_sentences,
        "multi_label": req.min_multi_label,
        "none": req.min_none,
        "hard_negatives": req.min_hard_negatives,
        **dict.fromkeys(labels.names, req.min_per_label),
    }
    for key, minimum in wanted.items():
        if total[key] < minimum:
            problems.append(f"corpus has {total[key]} {key.replace('_', ' ')}, needs at least {minimum}")
    if table["challenge"]["articles"] < req.min_challenge_articles:
        problems.append(
            f"challenge split has {table['challenge']['articles']} articles, "
            f"needs at least {req.min_challenge_articles}"
        )


def validate_corpus(
    path: str | Path, labels: LabelSet, requirements: CorpusRequirements | None = None
) -> ValidationReport:
    req = requirements or CorpusRequirements()
    report = ValidationReport()
    problems = report.problems
    articles: list[Article] = []
    where_of: dict[str, str] = {}
    try:
        records = list(read_jsonl(path))
    except (OSError, ValueError) as error:
        problems.append(str(error))
        return report
    for lineno, record in records:
        where = f"{path}:{lineno} ({record.get('id', '?')})"
        if not _check_schema(record, where, problems):
            continue
        try:
            article = Article.from_dict(record)
        except TypeError as error:
            problems.append(f"{where}: {error}")
            continue
        if article.id in where_of:
            problems.append(f"{where}: article id {article.id!r} already used at {where_of[article.id]}")
        where_of[article.id] = where
        if article.split not in SPLITS:
            problems.append(f"{where}: split {article.split!r} is not one of {list(SPLITS)}")
        low, high = req.article_sentences
        if not low <= len(article.sentences) <= high:
            problems.append(f"{where}: {len(article.sentences)} sentences, articles need {low} to {high}")
        _check_spans(article, where, labels, problems)
        articles.append(article)

    flat = [(a.id, a.text[s.start : s.end]) for a in articles for s in a.sentences]
    split_of = {a.id: a.split for a in articles}
    pairs = near_duplicates(flat)
    for i, j, score in pairs:
        (id_a, text_a), (id_b, _) = flat[i], flat[j]
        report.near_duplicate_pairs.append((id_a, id_b, score))
        if split_of[id_a] != split_of[id_b]:
            problems.append(
                f"split leakage: near-duplicate sentences (Jaccard {score}) in {id_a} ({split_of[id_a]}) and "
                f"{id_b} ({split_of[id_b]}): {text_a[:60]!r}"
            )
    duplicated = {i for i, _, _ in pairs} | {j for _, j, _ in pairs}
    report.near_duplicate_rate = round(len(duplicated) / len(flat), 4) if flat else 0.0
    if report.near_duplicate_rate >= req.max_near_duplicate_rate:
        problems.append(
            f"near-duplicate rate {report.near_duplicate_rate:.2%} (word 5-gram Jaccard >= {NEAR_DUPLICATE_JACCARD}) "
            f"must stay under {req.max_near_duplicate_rate:.0%}"
        )
    if any(a.split == "challenge" for a in articles):
        _check_challenge(articles, problems)
    report.counts = count_table(articles, labels)
    _check_quotas(report.counts, labels, req, problems)
    return report


def format_counts(counts: dict[str, dict[str, Any]]) -> str:
    columns = list(counts)
    rows = list(next(iter(counts.values())))
    lines = ["| | " + " | ".join(columns) + " |", "|---" + "|---:" * len(columns) + "|"]
    for row in rows:
        lines.append(f"| {row} | " + " | ".join(str(counts[c][row]) for c in columns) + " |")
    return "\n".join(lines)


COUNTS_START, COUNTS_END = "<!-- counts:start -->", "<!-- counts:end -->"


def replace_counts_block(document: str, counts: dict[str, dict[str, Any]], near_duplicate_rate: float) -> str:
    """Put the validator's count table between the data card's markers (generated, never typed by hand)."""
    if COUNTS_START not in document or COUNTS_END not in document:
        raise ValueError(f"the data card needs the markers {COUNTS_START} and {COUNTS_END}")
    head, rest = document.split(COUNTS_START, 1)
    _, tail = rest.split(COUNTS_END, 1)
    block = (
        f"{COUNTS_START}\n{format_counts(counts)}\n\n"
        f"Near-duplicate rate (word 5-gram Jaccard >= {NEAR_DUPLICATE_JACCARD}): "
        f"{near_duplicate_rate:.2%}\n{COUNTS_END}"
    )
    return head + block + tail
