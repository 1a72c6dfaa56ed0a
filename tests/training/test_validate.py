from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.labels import LabelSet
from tests.conftest import make_article
from training.validate import CorpusRequirements, near_duplicates, validate_corpus

LABELS = LabelSet.from_file()
LOOSE = CorpusRequirements.none()


def good_records() -> list[dict]:
    return [
        make_article(
            "t1",
            "train",
            [
                ("Our borders are ours to decide alone, the minister said today.", ["sovereignty"]),
                ("The weather in the capital was mild.", []),
            ],
        ),
        make_article(
            "d1",
            "dev",
            [
                ("Missiles parked next door force us to respond.", ["security_concerns"]),
                ("Delegates ate lunch near the old harbour wall.", []),
            ],
        ),
        make_article(
            "c1",
            "challenge",
            [
                ("Talk of rival camps returns to the polar north.", ["cold_war_rhetoric"]),
                ("Icebreakers left port at dawn on Monday morning.", []),
            ],
        ),
    ]


def write(tmp_path: Path, records: list[dict], raw_lines: list[str] | None = None) -> Path:
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps(r) for r in records] + (raw_lines or [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems(tmp_path: Path, records: list[dict], **kwargs) -> list[str]:
    return validate_corpus(write(tmp_path, records, **kwargs), LABELS, LOOSE).problems


def test_validate_accepts_good_corpus(tmp_path: Path) -> None:
    report = validate_corpus(write(tmp_path, good_records()), LABELS, LOOSE)
    assert report.ok, report.problems
    assert report.counts["total"]["articles"] == 3 and report.counts["train"]["sovereignty"] == 1


def test_validate_reports_bad_json_with_line(tmp_path: Path) -> None:
    found = problems(tmp_path, good_records(), raw_lines=["{not json"])
    assert any("corpus.jsonl:4: not valid JSON" in p for p in found)


def test_validate_reports_missing_field(tmp_path: Path) -> None:
    records = good_records()
    del records[0]["text"]
    assert any("(t1): missing field 'text'" in p for p in problems(tmp_path, records))


def test_validate_reports_wrong_type(tmp_path: Path) -> None:
    records = good_records()
    records[0]["sentences"] = "nope"
    assert any("field 'sentences' must be list" in p for p in problems(tmp_path, records))


def test_validate_reports_span_outside_text(tmp_path: Path) -> None:
    records = good_records()
    records[0]["sentences"][1]["end"] = 10_000
    assert any("outside the text" in p for p in problems(tmp_path, records))


def test_validate_reports_span_off_boundary(tmp_path: Path) -> None:
    records = good_records()
    records[0]["sentences"][0]["end"] -= 3
    assert any("not on word boundaries" in p for p in problems(tmp_path, records))


def test_validate_reports_uncovered_text(tmp_path: Path) -> None:
    records = good_records()
    records[0]["sentences"] = records[0]["sentences"][:1]
    assert any("text after the last sentence" in p for p in problems(tmp_path, records))


def test_validate_reports_unknown_label(tmp_path: Path) -> None:
    records = good_records()
    records[0]["sentences"][0]["labels"] = ["propaganda"]
    assert any("unknown label 'propaganda'" in p for p in problems(tmp_path, records))


def test_validate_reports_duplicate_id(tmp_path: Path) -> None:
    records = good_records()
    records[1]["id"] = "t1"
    assert any("article id 't1' already used" in p for p in problems(tmp_path, records))


def test_validate_reports_bad_split(tmp_path: Path) -> None:
    records = good_records()
    records[0]["split"] = "holdout"
    assert any("split 'holdout'" in p for p in problems(tmp_path, records))


def test_validate_reports_split_leakage(tmp_path: Path) -> None:
    records = good_records()
    records.append(
        make_article(
            "d2",
            "dev",
            [
                ("Our borders are ours to decide alone, the minister said today.", ["sovereignty"]),
                ("A second sentence about something else.", []),
            ],
        )
    )
    found = problems(tmp_path, records)
    assert any("split leakage" in p and "t1 (train)" in p and "d2 (dev)" in p for p in found)
    assert any("near-duplicate rate" in p for p in found)


def test_validate_reports_challenge_topic_overlap(tmp_path: Path) -> None:
    records = good_records()
    records[2]["topic"] = records[0]["topic"]
    assert any("challenge split shares topics" in p for p in problems(tmp_path, records))


def test_validate_reports_challenge_speaker_overlap(tmp_path: Path) -> None:
    records = good_records()
    records[0]["sentences"][0]["speaker"] = "Minister Ola Berg"
    records[2]["sentences"][0]["speaker"] = "Minister Ola Berg"
    assert any("shares speakers" in p for p in problems(tmp_path, records))


def test_validate_reports_speaker_missing_from_text(tmp_path: Path) -> None:
    records = good_records()
    records[0]["sentences"][0]["speaker"] = "the minister"  # in the text (case aside): fine
    records[1]["sentences"][0]["speaker"] = "Defence Minister Ola Berg"  # nowhere in d1
    found = problems(tmp_path, records)
    missing = [p for p in found if "does not occur" in p]
    assert len(missing) == 1
    assert "(d1): sentence 0 speaker 'Defence Minister Ola Berg' does not occur" in missing[0]


def test_validate_reports_quota_shortfall(tmp_path: Path) -> None:
    found = validate_corpus(write(tmp_path, good_records()), LABELS, CorpusRequirements()).problems
    assert "corpus has 3 articles, needs at least 220" in found
    assert any("whataboutism, needs at least 350" in p for p in found)


def test_validate_reports_article_length(tmp_path: Path) -> None:
    req = CorpusRequirements.none()
    req.article_sentences = (3, 25)
    found = validate_corpus(write(tmp_path, good_records()), LABELS, req).problems
    assert any("2 sentences, articles need 3 to 25" in p for p in found)


@pytest.mark.parametrize(
    ("a", "b", "dup"),
    [
        (
            "The quick brown fox jumps over the lazy dog today",
            "The quick brown fox jumps over the lazy dog today!",
            True,
        ),
        (
            "The quick brown fox jumps over the lazy dog today",
            "A slow green turtle walks under the busy bridge now",
            False,
        ),
    ],
)
def test_near_duplicates(a: str, b: str, dup: bool) -> None:
    assert bool(near_duplicates([("x", a), ("y", b)])) is dup
