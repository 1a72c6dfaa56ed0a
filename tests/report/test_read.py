from __future__ import annotations

import json
from pathlib import Path

import pytest

from report.read import ReportError, inspect_scored, period_start


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2024-03-05", "month", "2024-03-01"),
        ("2024-03-31T23:30:00-05:00", "month", "2024-03-01"),  # the date as written, not moved to UTC
        ("2024-03-07", "week", "2024-03-04"),
        ("2024-08-19", "quarter", "2024-07-01"),
        ("2024-08-19", "year", "2024-01-01"),
        ("March 5, 2024", "day", "2024-03-05"),
        ("soon", "month", ""),
        (None, "month", ""),
        (20240305, "month", ""),
    ],
)
def test_period_start_buckets(value, unit: str, expected: str) -> None:
    assert period_start(value, unit) == expected


def test_inspect_names_the_missing_column_and_how_to_keep_it(scored_jsonl: Path) -> None:
    with pytest.raises(ReportError, match=r"no column 'country'.*--keep country"):
        inspect_scored(scored_jsonl, ["country", "month"])


def test_inspect_refuses_two_time_units(scored_jsonl: Path) -> None:
    with pytest.raises(ReportError, match="one time unit"):
        inspect_scored(scored_jsonl, ["month", "year"])


def test_inspect_refuses_unscored_files(tmp_path: Path) -> None:
    path = tmp_path / "raw.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Not scored."}) + "\n", encoding="utf-8")
    with pytest.raises(ReportError, match="neither scored articles"):
        inspect_scored(path, [])


def test_inspect_reads_both_layouts(scored_jsonl: Path, scored_parquet: Path) -> None:
    article = inspect_scored(scored_parquet, ["outlet", "month"])
    sentence = inspect_scored(scored_jsonl.with_name("scored.sentences.jsonl"), ["outlet", "month"])
    assert (article.layout, sentence.layout) == ("articles", "sentences")
    assert article.labels == sentence.labels and "whataboutism" in article.labels
    assert article.has_speaker and sentence.has_speaker
    assert article.groups == ("outlet",) and article.time_unit == "month"


def test_frame_groups_any_json_value_as_text(scored_jsonl: Path) -> None:
    from report.read import MISSING, frame_from_records

    spec = inspect_scored(scored_jsonl, ["outlet"])
    sentence = {"index": 0, "text": "A.", "labels": ["whataboutism"], "scores": dict.fromkeys(spec.labels, 0.9)}
    records = [
        {"id": 7, "outlet": ["Daily", "Weekly"], "sentences": [sentence, {**sentence, "index": 1, "labels": []}]},
        {"id": "b", "outlet": None, "sentences": [sentence]},
        {"id": "c", "outlet": 2024.0, "sentences": [sentence]},
        {"id": "d", "outlet": ["Daily", "Weekly"], "sentences": []},
    ]
    frame = frame_from_records(records, spec)
    assert frame["id"].tolist() == ["7", "7", "b", "c"]
    assert frame["g0"].tolist() == ["['Daily', 'Weekly']", "['Daily', 'Weekly']", MISSING, "2024"]
    assert frame[f"c{spec.labels.index('whataboutism')}"].tolist() == [1, 0, 1, 1]
    assert frame["n"].sum() == 4
