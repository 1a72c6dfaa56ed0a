from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from report import ReportOptions, aggregate
from report.aggregate import bootstrap_interval
from report.read import MISSING

OPTIONS = ReportOptions(bootstrap=200)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_source(aggregates: dict) -> dict:
    return {key: value for key, value in aggregates.items() if key not in ("source", "layout")}


def test_aggregate_matches_a_count_by_hand(scored_jsonl: Path) -> None:
    rows = read_jsonl(scored_jsonl)
    labels = rows[0]["labels"]
    result = aggregate(scored_jsonl, ["outlet", "month"], OPTIONS)
    sentences = [(row, s) for row in rows for s in row["sentences"]]
    assert result["totals"]["articles"] == len(rows) == 26
    assert result["totals"]["sentences"] == len(sentences)
    assert result["totals"]["none"] == sum(not s["labels"] for _, s in sentences)
    by_outlet: dict[str, Counter] = {}
    for row, sentence in sentences:
        counter = by_outlet.setdefault(row["outlet"] or MISSING, Counter())
        counter["sentences"] += 1
        counter.update(sentence["labels"])
    groups = {g["group"]: g for g in result["groups"]["outlet"]}
    assert set(groups) == set(by_outlet)
    for name, counter in by_outlet.items():
        assert groups[name]["sentences"] == counter["sentences"]
        for label in labels:
            assert groups[name]["labeled"][label] == counter[label]
            assert groups[name]["share"][label] == pytest.approx(counter[label] / counter["sentences"], abs=1e-6)
            low, high = groups[name]["interval"][label]
            assert low - 1e-9 <= groups[name]["share"][label] <= high + 1e-9
    assert sum(g["articles"] for g in groups.values()) == 26
    matrix = np.array(result["cooccurrence"]["counts"])
    assert (matrix == matrix.T).all()
    assert matrix.diagonal().tolist() == [result["totals"]["labeled"][label] for label in labels]
    expected_pair = sum("sovereignty" in s["labels"] and "whataboutism" in s["labels"] for _, s in sentences)
    assert matrix[labels.index("sovereignty"), labels.index("whataboutism")] == expected_pair


def test_aggregate_over_time_buckets_dates_by_month(scored_jsonl: Path) -> None:
    rows = read_jsonl(scored_jsonl)
    result = aggregate(scored_jsonl, ["outlet", "month"], OPTIONS)
    assert result["totals"]["periods"] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert result["totals"]["dated_articles"] == 25  # "soon" is no date
    over_time = result["over_time"]["outlet"]
    march = [r for r in over_time if r["period"] == "2024-03-01"]
    expected = [r for r in rows if str(r["date"]).startswith("2024-03")]
    assert sum(r["articles"] for r in march) == len(expected)
    assert sum(r["sentences"] for r in march) == sum(len(r["sentences"]) for r in expected)
    for group in result["groups"]["outlet"]:
        periods = [r for r in over_time if r["group"] == group["group"]]
        undated = sum(
            len(r["sentences"]) for r in rows if (r["outlet"] or MISSING) == group["group"] and r["date"] == "soon"
        )
        assert sum(r["sentences"] for r in periods) == group["sentences"] - undated


def test_aggregate_speakers_and_examples(scored_jsonl: Path) -> None:
    rows = read_jsonl(scored_jsonl)
    result = aggregate(scored_jsonl, ["outlet"], ReportOptions(bootstrap=0, examples=2))
    voiced = Counter(
        (label, s["speaker"]) for r in rows for s in r["sentences"] if s["speaker"] for label in s["labels"]
    )
    assert voiced, "the archive's quotations are attributed"
    for label, speakers in result["speakers"].items():
        assert [(s["speaker"], s["sentences"]) for s in speakers] == sorted(
            ((speaker, n) for (name, speaker), n in voiced.items() if name == label),
            key=lambda item: (-item[1], item[0]),
        )[: len(speakers)]
    scores = {(r["id"], s["index"]): s for r in rows for s in r["sentences"]}
    for by_label in result["examples"]["outlet"].values():
        for label, examples in by_label.items():
            assert len(examples) <= 2
            assert [e["score"] for e in examples] == sorted((e["score"] for e in examples), reverse=True)
            for example in examples:
                assert label in scores[(example["id"], example["index"])]["labels"]
                assert example["text"] == scores[(example["id"], example["index"])]["text"]


def test_aggregate_same_from_jsonl_parquet_and_per_sentence_tables(scored_jsonl: Path, scored_parquet: Path) -> None:
    reference = without_source(aggregate(scored_jsonl, ["outlet", "week"], OPTIONS))
    for path in (
        scored_parquet,
        scored_jsonl.with_name("scored.sentences.jsonl"),
        scored_parquet.with_name("scored.sentences.parquet"),
    ):
        assert without_source(aggregate(path, ["outlet", "week"], OPTIONS)) == reference, path


def test_aggregate_pools_small_groups(scored_jsonl: Path) -> None:
    full = aggregate(scored_jsonl, ["outlet"], OPTIONS)
    pooled = aggregate(scored_jsonl, ["outlet"], ReportOptions(bootstrap=200, max_groups=2))
    names = [g["group"] for g in pooled["groups"]["outlet"]]
    assert len(names) == 3 and names[-1] == "other (2 groups)"
    assert names[:2] == [g["group"] for g in full["groups"]["outlet"]][:2]
    assert sum(g["sentences"] for g in pooled["groups"]["outlet"]) == full["totals"]["sentences"]
    assert set(pooled["examples"]["outlet"]) == set(names)


def test_aggregate_without_by_is_one_group(scored_jsonl: Path) -> None:
    result = aggregate(scored_jsonl, [], OPTIONS)
    (only,) = result["groups"]["(all)"]
    assert (only["articles"], only["sentences"]) == (26, result["totals"]["sentences"])
    assert result["over_time"] == {}


def test_bootstrap_interval_is_reproducible_and_degenerate_for_equal_articles() -> None:
    sentences = np.array([10, 10, 10, 10])
    same = np.array([[5, 0], [5, 0], [5, 0], [5, 0]])
    low, high = bootstrap_interval(sentences, same, ReportOptions(bootstrap=300), [0, 1, 2])
    assert low.tolist() == high.tolist() == [0.5, 0.0]
    varied = np.array([[0, 1], [10, 2], [3, 3], [7, 0]])
    first = bootstrap_interval(sentences, varied, ReportOptions(bootstrap=300), [0, 1, 2])
    again = bootstrap_interval(sentences, varied, ReportOptions(bootstrap=300), [0, 1, 2])
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert (first[0] < varied.sum(0) / 40).all() and (first[1] > varied.sum(0) / 40).all()
