from __future__ import annotations

import pytest

from training.attribution_eval import (
    AttributionOutcome,
    attribution_accuracy,
    attribution_outcomes,
    format_attribution_table,
    normalized_mention,
)
from training.corpus import Article, GoldSentence


def outcome(gold: str | None, predicted: str | None, split: str = "dev") -> AttributionOutcome:
    return AttributionOutcome("a1", split, "A sentence.", gold, predicted)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [("The Kremlin", "kremlin"), ("the Kremlin.", "kremlin"), ("A reporter", "reporter"), (None, None)],
)
def test_normalized_mention_drops_case_article_and_punctuation(mention: str | None, expected: str | None) -> None:
    assert normalized_mention(mention) == expected


@pytest.mark.parametrize(
    ("gold", "predicted", "levels"),
    [
        ("the Kremlin", "the Kremlin", {"exact", "mention", "speaker"}),
        ("the Kremlin", "The Kremlin", {"mention", "speaker"}),
        ("the head of Africa Command, Gen. Dwight Carrasco", "Gen. Dwight Carrasco", {"speaker"}),
        ("Foreign Minister Ana Lo", "foreign minister", set()),
        ("Foreign Minister Ana Lo", None, set()),
        (None, None, {"exact", "mention", "speaker"}),
        (None, "Ana Lo", set()),
    ],
)
def test_outcome_levels_grade_a_prediction(gold: str | None, predicted: str | None, levels: set[str]) -> None:
    result = outcome(gold, predicted)
    assert {level for level in ("exact", "mention", "speaker") if getattr(result, level)} == levels


def test_attribution_accuracy_reports_each_split_and_all() -> None:
    outcomes = [
        outcome("Ana Lo", "Ana Lo", "dev"),
        outcome("Ana Lo", "Ben Lo", "dev"),
        outcome(None, None, "dev"),
        outcome("the Kremlin", "The Kremlin", "test"),
    ]
    report = attribution_accuracy(outcomes)
    assert set(report) == {"dev", "test", "all"}
    assert report["dev"]["gold_sentences"] == 2 and report["dev"]["gold"]["mention"] == 0.5
    assert report["dev"]["all_sentences"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["test"]["gold"] == {"mention": 1.0, "exact": 0.0, "speaker": 1.0}
    assert report["all"]["gold_sentences"] == 3
    table = format_attribution_table(report)
    assert table.count("\n") == len(report) + 1 and "| **all** | 3 |" in table


def test_attribution_outcomes_follow_the_gold_spans() -> None:
    text = 'Minister Ana Lo said the port would open. "We are ready," she said. Prices rose.'
    first, second = text.index('"We'), text.index("Prices")
    article = Article(
        "a1",
        "t",
        text,
        "dev",
        sentences=[
            GoldSentence(0, first - 1, speaker="Minister Ana Lo"),
            GoldSentence(first, second - 1, speaker="Minister Ana Lo"),
            GoldSentence(second, len(text)),
        ],
    )
    results = attribution_outcomes([article])
    assert [r.sentence for r in results] == [text[: first - 1], text[first : second - 1], "Prices rose."]
    assert [r.exact for r in results] == [True, True, True]


def test_format_attribution_table_says_na_without_gold_speakers() -> None:
    report = attribution_accuracy([outcome(None, None, "challenge")])
    assert "| challenge | 0 | n/a | n/a | n/a | 1.000 |" in format_attribution_table(report)
