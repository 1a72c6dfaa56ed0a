"""Multi-label metrics, threshold tuning, and the tables `framescope eval` prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def multilabel_metrics(gold: np.ndarray, pred: np.ndarray, label_names: Sequence[str]) -> dict[str, Any]:
    """Per-label precision/recall/F1/support, micro and macro F1, none-accuracy, exact match, co-occurrence.

    ``none_accuracy`` is the share of gold-none sentences predicted none. ``cooccurrence[a][b]`` counts
    sentences whose gold labels include ``a`` and whose predicted labels include ``b``: the diagonal holds
    hits, the rest shows which frames the model confuses or adds.
    """
    gold = gold.astype(bool)
    pred = pred.astype(bool)
    if gold.shape != pred.shape:
        raise ValueError(f"gold {gold.shape} and predicted {pred.shape} shapes differ")
    per_label = {}
    total_tp = total_fp = total_fn = 0
    for j, name in enumerate(label_names):
        tp = int(np.sum(gold[:, j] & pred[:, j]))
        fp = int(np.sum(~gold[:, j] & pred[:, j]))
        fn = int(np.sum(gold[:, j] & ~pred[:, j]))
        precision, recall, f1 = _prf(tp, fp, fn)
        per_label[name] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": int(gold[:, j].sum()),
        }
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
    gold_none = ~gold.any(axis=1)
    none_acc = float(np.mean(~pred[gold_none].any(axis=1))) if gold_none.any() else 0.0
    cooc = {
        a: {b: int(np.sum(gold[:, i] & pred[:, j])) for j, b in enumerate(label_names)}
        for i, a in enumerate(label_names)
    }
    cooc["(none)"] = {b: int(np.sum(gold_none & pred[:, j])) for j, b in enumerate(label_names)}
    return {
        "sentences": int(gold.shape[0]),
        "per_label": per_label,
        "micro_f1": round(_prf(total_tp, total_fp, total_fn)[2], 4),
        # Labels without gold support are left out of the average (their F1 is undefined, not 0).
        "macro_f1": round(
            float(np.mean(supported)) if (supported := [v["f1"] for v in per_label.values() if v["support"]]) else 0.0,
            4,
        ),
        "none_accuracy": round(none_acc, 4),
        "exact_match": round(float(np.mean(np.all(gold == pred, axis=1))) if len(gold) else 0.0, 4),
        "cooccurrence": cooc,
    }


def f_beta(tp: int, fp: int, fn: int, beta: float = 1.0) -> float:
    """F-beta from counts: beta < 1 weighs precision more than recall."""
    b2 = beta * beta
    denominator = (1 + b2) * tp + b2 * fn + fp
    return (1 + b2) * tp / denominator if denominator else 0.0


def tune_thresholds(
    gold: np.ndarray,
    probabilities: np.ndarray,
    label_names: Sequence[str],
    grid: Sequence[float] = THRESHOLD_GRID,
    beta: float = 1.0,
) -> dict[str, float]:
    """Per label, the grid threshold with the best F-beta on these (dev) sentences; ties go to the one nearest 0.5."""
    thresholds = {}
    for j, name in enumerate(label_names):
        best = (-1.0, 0.0, 0.5)
        for t in grid:
            pred = probabilities[:, j] >= t
            tp = int(np.sum(gold[:, j].astype(bool) & pred))
            fp = int(np.sum(~gold[:, j].astype(bool) & pred))
            fn = int(np.sum(gold[:, j].astype(bool) & ~pred))
            key = (f_beta(tp, fp, fn, beta), -abs(t - 0.5), t)
            if key > best:
                best = key
        thresholds[name] = float(best[2])
    return thresholds


def format_metrics_table(title: str, metrics: Mapping[str, Any], baseline: Mapping[str, Any] | None = None) -> str:
    """A Markdown table of per-label scores, with the lexicon baseline's F1 beside them when given."""
    head = "| label | precision | recall | F1 | support |" + (" lexicon F1 |" if baseline else "")
    rule = "|---|---:|---:|---:|---:|" + ("---:|" if baseline else "")
    rows = [f"**{title}** ({metrics['sentences']} sentences)", "", head, rule]
    for name, m in metrics["per_label"].items():
        row = f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
        if baseline:
            row += f" {baseline['per_label'][name]['f1']:.3f} |"
        rows.append(row)
    for key in ("macro_f1", "micro_f1", "none_accuracy", "exact_match"):
        row = f"| *{key.replace('_', ' ')}* | | | {metrics[key]:.3f} | |"
        if baseline:
            row += f" {baseline[key]:.3f} |"
        rows.append(row)
    return "\n".join(rows)


def format_cooccurrence(metrics: Mapping[str, Any]) -> str:
    cooc = metrics["cooccurrence"]
    names = list(metrics["per_label"])
    rows = ["gold \\ predicted | " + " | ".join(names), "|---" * (len(names) + 1) + "|"]
    for gold_name, counts in cooc.items():
        rows.append(f"| {gold_name} | " + " | ".join(str(counts[n]) for n in names) + " |")
    return "\n".join(rows)


def format_leakage(leakage: Mapping[str, Any]) -> str:
    """One line: how often a frame leaks onto a gold-none sentence that follows a framed one."""
    return (
        f"leakage {leakage['rate']:.3f}: {leakage['leaked']} of {leakage['sentences']} gold-none sentences right after "
        "a framed one were given a label"
    )
