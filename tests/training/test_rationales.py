"""The gold rationale set: built from its authoring file, valid against the corpus, and the validator's rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.labels import LabelSet
from training.corpus import load_corpus
from training.rationales import (
    RATIONALES,
    RationaleFormatError,
    build_rationales,
    rationale_pairs,
    read_rationale_source,
    validate_rationales,
)


def test_rationales_pass_validator_with_150_dev_sentences() -> None:
    assert validate_rationales() == []
    pairs = rationale_pairs()
    assert len({(p.article_id, p.index) for p in pairs if p.article_id}) >= 150
    assert {p.label for p in pairs} == set(LabelSet.from_file().names)


def test_rationales_are_built_from_their_sources() -> None:
    rebuilt = [json.dumps(record, ensure_ascii=False) for record in build_rationales()]
    assert rebuilt == RATIONALES.read_text(encoding="utf-8").splitlines(), (
        "rationales.jsonl differs from training/data/rationales/: run `make rationales`"
    )


def _one_record(tmp_path: Path, phrase: str) -> Path:
    article = next(a for a in load_corpus() if a.id == "la-002")
    sentence = article.sentences[3]
    start = article.text.index(phrase, sentence.start)
    record = {
        "id": article.id,
        "split": article.split,
        "sentences": [
            {
                "start": sentence.start,
                "end": sentence.end,
                "labels": sentence.labels,
                "rationales": {"sovereignty": [{"start": start, "end": start + len(phrase), "text": phrase}]},
            }
        ],
    }
    path = tmp_path / "rationales.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_validate_rationales_accepts_a_content_phrase(tmp_path: Path) -> None:
    assert validate_rationales(_one_record(tmp_path, "belongs to the Republic of Panama")) == []


def test_validate_rationales_rejects_stop_word_edges(tmp_path: Path) -> None:
    problems = validate_rationales(_one_record(tmp_path, "belongs to the"))
    assert len(problems) == 1 and "content word" in problems[0]


def test_read_rationale_source_rejects_phrase_not_in_sentence(tmp_path: Path) -> None:
    source = tmp_path / "dev.txt"
    source.write_text("la-002 3\nSOV: belongs to Colombia\n", encoding="utf-8")
    articles = {a.id: a for a in load_corpus()}
    with pytest.raises(RationaleFormatError, match=r"dev\.txt:2"):
        read_rationale_source(source, articles, LabelSet.from_file())
