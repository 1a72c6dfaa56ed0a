"""The gold rationale set: for labeled corpus sentences, the words a second annotator marked as carrying each frame.

Written by hand in ``data/rationales/*.txt`` (the codebook's "Rationales" section is the guideline), built into
``data/rationales.jsonl`` in the corpus's own conventions: one record per article (``id``, ``split``,
``sentences``), spans as character offsets into the corpus article's ``text``. The authoring format::

    af-013 5
    # the sentence, for the annotator's eye (ignored)
    CW: recruited into anybody's camp | east or west
    SOV: Non-alignment

A block names an article and a sentence index; each line under it gives a label code and 1 to 3 phrases, each
copied from the sentence (its first whole-word occurrence is the span).

    python -m training.rationales          # rebuild rationales.jsonl from data/rationales/*.txt and validate it
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.content_words import WORD, is_content
from models.labels import LabelSet
from training.corpus import DATA_DIR, DEFAULT_CORPUS, Article, load_corpus, read_jsonl

RATIONALES = DATA_DIR / "rationales.jsonl"
SOURCES = DATA_DIR / "rationales"
MAX_PHRASES = 3
_BLOCK = re.compile(r"^([a-z]+-\d+) (\d+)$")


class RationaleFormatError(ValueError):
    pass


@dataclass(frozen=True)
class RationalePair:
    """One (sentence, label) of the set, with the sentence's context and the rationale spans inside the sentence."""

    article_id: str
    index: int
    text: str
    context: str
    label: str
    spans: tuple[tuple[int, int], ...]


def _locate(sentence: str, phrase: str, where: str) -> tuple[int, int]:
    match = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", sentence)
    if not match:
        raise RationaleFormatError(f"{where}: {phrase!r} is not in the sentence")
    return match.start(), match.end()


def read_rationale_source(path: Path, articles: dict[str, Article], labels: LabelSet) -> dict[str, dict]:
    """Article id -> record built from one authoring file (errors name the file and line)."""
    codes = {label["code"]: label["name"] for label in labels.to_dicts()}
    records: dict[str, dict] = {}
    sentence: dict | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line, where = raw.strip(), f"{path}:{lineno}"
        if not line or line.startswith("#"):
            continue
        block = _BLOCK.match(line)
        if block:
            article = articles.get(block[1])
            index = int(block[2])
            if article is None or index >= len(article.sentences):
                raise RationaleFormatError(f"{where}: no sentence {index} in article {block[1]!r}")
            gold = article.sentences[index]
            record = records.setdefault(article.id, {"id": article.id, "split": article.split, "sentences": []})
            sentence = {"start": gold.start, "end": gold.end, "labels": list(gold.labels), "rationales": {}}
            record["sentences"].append(sentence)
            continue
        code, _, phrases = line.partition(":")
        if sentence is None or code not in codes:
            raise RationaleFormatError(f"{where}: expected 'ID INDEX' or 'CODE: phrase | phrase', got {line!r}")
        text = articles[next(reversed(records))].text
        start = sentence["start"]
        spans = []
        for phrase in (p.strip() for p in phrases.split("|")):
            begin, end = _locate(text[start : sentence["end"]], phrase, where)
            spans.append({"start": start + begin, "end": start + end, "text": phrase})
        sentence["rationales"][codes[code]] = sorted(spans, key=lambda span: span["start"])
    return records


def build_rationales(
    sources: Path = SOURCES, corpus: Path = DEFAULT_CORPUS, labels: LabelSet | None = None
) -> list[dict]:
    articles = {a.id: a for a in load_corpus(corpus)}
    records: dict[str, dict] = {}
    for path in sorted(sources.glob("*.txt")):
        records.update(read_rationale_source(path, articles, labels or LabelSet.from_file()))
    for record in records.values():
        record["sentences"].sort(key=lambda s: s["start"])
    return sorted(records.values(), key=lambda r: r["id"])


def write_rationales(records: Iterable[dict], path: Path = RATIONALES) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _check_span(text: str, span: dict, where: str, problems: list[str]) -> None:
    piece = text[span["start"] : span["end"]]
    if piece != span.get("text"):
        problems.append(f"{where}: span text {span.get('text')!r} is not the article's {piece!r}")
    words = WORD.findall(piece)
    if not words or not is_content(words[0]) or not is_content(words[-1]):
        problems.append(f"{where}: {piece!r} must begin and end with a content word")
    elif not (piece.startswith(words[0]) and piece.endswith(words[-1])):
        problems.append(f"{where}: {piece!r} must begin and end on a word, not punctuation")


def validate_rationales(path: Path = RATIONALES, corpus: Path = DEFAULT_CORPUS) -> list[str]:
    """Problems: unknown articles or sentences, labels other than the gold ones, and spans that break the guideline."""
    articles = {a.id: a for a in load_corpus(corpus)}
    problems: list[str] = []
    for lineno, record in read_jsonl(path):
        where = f"{path}:{lineno} ({record.get('id', '?')})"
        article = articles.get(record.get("id", ""))
        if article is None or record.get("split") != article.split:
            problems.append(f"{where}: no corpus article with this id and split")
            continue
        gold = {(s.start, s.end): s for s in article.sentences}
        for sentence in record["sentences"]:
            here = f"{where} sentence [{sentence['start']}, {sentence['end']})"
            match = gold.get((sentence["start"], sentence["end"]))
            if match is None:
                problems.append(f"{here}: not a gold sentence of the article")
                continue
            if sorted(sentence["rationales"]) != sorted(match.labels) or sentence["labels"] != match.labels:
                problems.append(f"{here}: rationales {sorted(sentence['rationales'])} != gold labels {match.labels}")
            for label, spans in sentence["rationales"].items():
                if not 1 <= len(spans) <= MAX_PHRASES:
                    problems.append(f"{here} {label}: {len(spans)} phrases, needs 1 to {MAX_PHRASES}")
                for span in spans:
                    if not sentence["start"] <= span["start"] < span["end"] <= sentence["end"]:
                        problems.append(f"{here} {label}: span {span} lies outside the sentence")
                    else:
                        _check_span(article.text, span, f"{here} {label}", problems)
    return problems


def rationale_pairs(path: Path = RATIONALES, corpus: Path = DEFAULT_CORPUS) -> list[RationalePair]:
    """Every (sentence, label) of the set, spans relative to the sentence, context = the sentence before it."""
    articles = {a.id: a for a in load_corpus(corpus)}
    pairs = []
    for _, record in read_jsonl(path):
        article = articles[record["id"]]
        texts = article.sentence_texts()
        index_of = {(s.start, s.end): i for i, s in enumerate(article.sentences)}
        for sentence in record["sentences"]:
            i = index_of[(sentence["start"], sentence["end"])]
            for label, spans in sentence["rationales"].items():
                relative = tuple((s["start"] - sentence["start"], s["end"] - sentence["start"]) for s in spans)
                pairs.append(RationalePair(article.id, i, texts[i], texts[i - 1] if i else "", label, relative))
    return pairs


def main(argv: Sequence[str] | None = None) -> None:
    write_rationales(build_rationales())
    problems = validate_rationales()
    pairs = rationale_pairs()
    print(json.dumps({"path": str(RATIONALES), "pairs": len(pairs), "problems": problems[:20]}, ensure_ascii=False))
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
