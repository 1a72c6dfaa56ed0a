"""The committed corpus passes its own validator with the v1 quotas, and the data card's table is current."""

from __future__ import annotations

from models.labels import LabelSet
from training.corpus import DATA_DIR, DEFAULT_CORPUS
from training.validate import CorpusRequirements, replace_counts_block, validate_corpus


def test_corpus_passes_validator_with_quotas() -> None:
    report = validate_corpus(DEFAULT_CORPUS, LabelSet.from_file(), CorpusRequirements())
    assert report.ok, "\n".join(report.problems[:20])
    assert report.counts["challenge"]["articles"] >= 30


def test_datacard_counts_match_validator() -> None:
    report = validate_corpus(DEFAULT_CORPUS, LabelSet.from_file(), CorpusRequirements.none())
    card = (DATA_DIR / "DATACARD.md").read_text(encoding="utf-8")
    assert replace_counts_block(card, report.counts, report.near_duplicate_rate) == card, (
        "training/data/DATACARD.md is out of date: run `framescope data card`"
    )


def test_corpus_is_built_from_its_sources(tmp_path) -> None:
    from training.corpus import write_corpus
    from training.importers.authoring import read_authoring

    sources = DATA_DIR / "sources"
    labels = LabelSet.from_file()
    articles = []
    for path in sorted(sources.glob("*.txt")):
        articles += read_authoring(path, labels, "challenge" if path.name == "ch.txt" else None)
    rebuilt = tmp_path / "corpus.jsonl"
    write_corpus(articles, rebuilt)
    by_id = {line: None for line in rebuilt.read_text(encoding="utf-8").splitlines()}
    assert set(by_id) == set(DEFAULT_CORPUS.read_text(encoding="utf-8").splitlines()), (
        "corpus.jsonl differs from training/data/sources: run `make corpus`"
    )
