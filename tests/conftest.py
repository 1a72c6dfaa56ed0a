"""Shared fixtures: a tiny randomly initialised BERT artifact and a tiny corpus, built offline in seconds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

LABELS = ["sovereignty", "security_concerns", "cold_war_rhetoric", "whataboutism"]
SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "china-daily-2022-02-25.txt"


def framed_news_article() -> str:
    """The seed article when ../shared is beside the checkout, else the authored test-split article with the most
    sovereignty and security sentences (a user's clone has no ../shared)."""
    if SEED_ARTICLE.is_file():
        return SEED_ARTICLE.read_text(encoding="utf-8")
    from training.corpus import load_corpus

    def framed(article) -> int:
        wanted = {"sovereignty", "security_concerns"}
        return min(sum(label in s.labels for s in article.sentences) for label in wanted)

    return max((a for a in load_corpus() if a.split == "test"), key=lambda a: (framed(a), a.id)).text


def tiny_encoder(folder: Path, num_labels: int | None = None) -> Path:
    """Save a 2-layer BERT with the bundled model's tokenizer (its vocabulary) into ``folder``."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification, BertModel

    from models.base_model import bundled_model_dir

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(bundled_model_dir()))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
    )
    if num_labels:
        config.num_labels = num_labels
        config.id2label = dict(enumerate(LABELS[:num_labels]))
        config.label2id = {name: i for i, name in config.id2label.items()}
        config.problem_type = "multi_label_classification"
    model = BertForSequenceClassification(config) if num_labels else BertModel(config)
    model.save_pretrained(str(folder), safe_serialization=True)
    tokenizer.save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="session")
def tiny_encoder_dir(tmp_path_factory) -> Path:
    return tiny_encoder(tmp_path_factory.mktemp("tiny-encoder"))


@pytest.fixture(scope="session")
def tiny_artifact(tmp_path_factory) -> Path:
    """A loadable framescope artifact around an untrained tiny BERT (thresholds 0.5)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from models.artifact import ArtifactInfo
    from models.labels import LabelSet
    from models.modeling import FramingModel

    source = tiny_encoder(tmp_path_factory.mktemp("tiny-source"), num_labels=len(LABELS))
    labels = LabelSet.from_file()
    info = ArtifactInfo(
        name="tiny-test",
        version="0.0.1",
        labels=labels.to_dicts(),
        thresholds=dict.fromkeys(labels.names, 0.5),
        max_length=32,
        base_model={"name": "tiny", "sha256": None},
    )
    model = FramingModel(
        AutoModelForSequenceClassification.from_pretrained(str(source)),
        AutoTokenizer.from_pretrained(str(source)),
        info,
    )
    target = tmp_path_factory.mktemp("tiny-artifact")
    model.save_pretrained(target)
    return target


@pytest.fixture(scope="session")
def local_ray():
    """One local Ray on 2 CPUs for every Ray test of the session (its start-up is slow on 2 cores)."""
    import ray  # the ray extra: `make venv` installs it, so Ray tests run (never skip) in `make test`

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="session")
def tiny_model(tiny_artifact):
    from models.modeling import FramingModel

    return FramingModel.load(tiny_artifact)


def make_article(article_id: str, split: str, sentences: list[tuple[str, list[str]]], **extra) -> dict:
    text, spans, cursor = [], [], 0
    for i, (sentence, labels) in enumerate(sentences):
        if i:
            text.append(" ")
            cursor += 1
        spans.append(
            {"start": cursor, "end": cursor + len(sentence), "labels": labels, "speaker": None, "hard_negative": False}
        )
        text.append(sentence)
        cursor += len(sentence)
    record = {
        "id": article_id,
        "title": sentences[0][0],
        "text": "".join(text),
        "split": split,
        "source_type": "wire",
        "country": "X",
        "sides": [],
        "topic": f"topic-{split}",
        "sentences": spans,
    }
    record.update(extra)
    return record


TINY_SENTENCES = [
    ("No foreign capital decides who governs this country.", ["sovereignty"]),
    ("Missiles stationed minutes from our border leave us no choice but to respond.", ["security_concerns"]),
    ("The bloc wants to slice the world into camps again.", ["cold_war_rhetoric"]),
    ("Those who bombed Belgrade should check their own record first.", ["whataboutism"]),
    ("The ministry published its schedule for the week on Monday.", []),
    ("Rainfall in the capital reached 12.5 millimetres by noon.", []),
    ("Officials discussed sovereign debt restructuring at length.", []),
    ("The museum opened a Cold War submarine exhibit.", []),
]


@pytest.fixture
def tiny_corpus(tmp_path) -> Path:
    path = tmp_path / "corpus.jsonl"
    records = []
    for k, split in enumerate(["train", "train", "train", "dev", "test", "challenge"]):
        rotated = TINY_SENTENCES[k:] + TINY_SENTENCES[:k]
        records.append(make_article(f"a{k}", split, [(f"{s} ({split} {k})", lab) for s, lab in rotated]))
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# -- a scored archive for the report: authored articles with outlet and date columns, scored by
# `framescope score --keep outlet,date` with the tiny model (JSONL and Parquet, each with its per-sentence table) --
ARCHIVE_OUTLETS = ["Capital Daily", "Harbour Wire", "The <b>Voice</b>"]
ARCHIVE_DATES = ["2024-01-09", "2024-01-23T08:30:00+05:00", "2024-02-14", "2024-03-02T23:59:00Z"]
ARCHIVE_SENTENCES = [
    "Foreign Minister Ila Varn said no foreign capital decides who governs this country.",
    '"Missiles stationed minutes from our border leave us no choice but to respond," spokesman Oren Tal said.',
    "The bloc wants to slice the world into camps again, according to Deputy Premier Sana Ruiz.",
    "Those who bombed Belgrade should check their own record first.",
    "The ministry published its schedule for the week on Monday.",
    "Rainfall in the capital reached 12.5 millimetres by noon.",
    "Officials discussed sovereign debt restructuring at length.",
    "The museum opened a Cold War submarine exhibit.",
]


def archive_records() -> list[dict]:
    """26 articles: 3 outlets x 4 dates x 2, one without an outlet and one without a usable date."""
    records = []
    for number in range(24):
        outlet, date = ARCHIVE_OUTLETS[number % 3], ARCHIVE_DATES[(number // 3) % 4]
        start = number % len(ARCHIVE_SENTENCES)
        picked = (ARCHIVE_SENTENCES[start:] + ARCHIVE_SENTENCES[:start])[: 3 + number % 4]
        records.append({"id": f"art-{number:02d}", "text": " ".join(picked), "outlet": outlet, "date": date})
    records.append({"id": "art-24", "text": " ".join(ARCHIVE_SENTENCES[:3]), "outlet": None, "date": "2024-02-01"})
    records.append({"id": "art-25", "text": " ".join(ARCHIVE_SENTENCES[2:6]), "outlet": "Harbour Wire", "date": "soon"})
    return records


def score_archive(archive: Path, output: Path, tiny_artifact: Path, *extra: str) -> Path:
    from typer.testing import CliRunner

    from service.cli import app

    result = CliRunner().invoke(
        app,
        [
            "score",
            str(archive),
            "-o",
            str(output),
            "--model",
            str(tiny_artifact),
            "--keep",
            "outlet,date",
            "-q",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "archive.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in archive_records()), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def scored_jsonl(archive: Path, tiny_artifact: Path, tmp_path_factory) -> Path:
    """Article rows; ``scored.sentences.jsonl`` beside it is the per-sentence table."""
    return score_archive(archive, tmp_path_factory.mktemp("scored") / "scored.jsonl", tiny_artifact, "--per-sentence")


@pytest.fixture(scope="session")
def scored_parquet(archive: Path, tiny_artifact: Path, tmp_path_factory) -> Path:
    """Article rows; ``scored.sentences.parquet`` beside it is the per-sentence table."""
    return score_archive(archive, tmp_path_factory.mktemp("scored") / "scored.parquet", tiny_artifact, "--per-sentence")
