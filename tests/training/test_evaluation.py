from __future__ import annotations

import numpy as np
import pytest

from training.evaluation import format_metrics_table, multilabel_metrics, tune_thresholds

NAMES = ["a", "b"]


def test_multilabel_metrics_counts() -> None:
    gold = np.array([[1, 0], [1, 1], [0, 0], [0, 1]])
    pred = np.array([[1, 0], [0, 1], [1, 0], [0, 0]])
    m = multilabel_metrics(gold, pred, NAMES)
    assert m["per_label"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert m["per_label"]["b"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert m["micro_f1"] == round(2 * (2 / 3) * 0.5 / ((2 / 3) + 0.5), 4)
    assert m["macro_f1"] == round((0.5 + 0.6667) / 2, 4)
    assert m["none_accuracy"] == 0.0  # the one gold-none sentence got a label
    assert m["exact_match"] == 0.25
    assert m["cooccurrence"]["b"] == {"a": 0, "b": 1}
    assert m["cooccurrence"]["(none)"] == {"a": 1, "b": 0}


def test_tune_thresholds_finds_separating_cut() -> None:
    gold = np.array([[1, 0], [1, 0], [0, 1], [0, 1]])
    probs = np.array([[0.9, 0.2], [0.7, 0.1], [0.3, 0.35], [0.2, 0.4]])
    cut = tune_thresholds(gold, probs, NAMES)
    assert 0.3 < cut["a"] <= 0.7
    assert 0.2 < cut["b"] <= 0.35


def test_tune_thresholds_with_small_beta_trades_recall_for_precision() -> None:
    # One label: three positives (0.9, 0.6, 0.4) and a negative at 0.5. F1 takes all three positives with the
    # negative (cut 0.4); F0.5 drops the low positive to keep precision (cut above 0.5).
    gold = np.array([[1], [1], [1], [0], [0]])
    probs = np.array([[0.9], [0.6], [0.4], [0.5], [0.1]])
    assert tune_thresholds(gold, probs, ["a"])["a"] <= 0.4
    assert 0.5 < tune_thresholds(gold, probs, ["a"], beta=0.5)["a"] <= 0.6


def test_f_beta_is_f1_at_one_and_zero_without_predictions() -> None:
    from training.evaluation import f_beta

    assert f_beta(2, 1, 1) == pytest.approx(2 / 3)
    assert f_beta(0, 0, 3, beta=0.5) == 0.0


def test_format_metrics_table_has_baseline_column() -> None:
    m = multilabel_metrics(np.eye(2), np.eye(2), NAMES)
    table = format_metrics_table("dev", m, m)
    assert "lexicon F1" in table and "| a | 1.000 | 1.000 | 1.000 | 1 | 1.000 |" in table
