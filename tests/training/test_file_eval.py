"""Evaluation on the plain passages/sentences formats (tiny model), the leakage rate, and agreement with the real-news
scorer on the default artifact when ../shared/realnews is beside the checkout."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from training.file_eval import (
    EvalFileError,
    evaluate_passages,
    evaluate_sentences,
    leakage_rate,
    parse_passages,
    read_eval_file,
)

LABELS = ["sovereignty", "security_concerns", "cold_war_rhetoric", "whataboutism"]
REAL_NEWS = Path(__file__).resolve().parents[3] / "shared" / "realnews"


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


PASSAGE = {
    "text": 'MOSCOW, April 4. /Orbis/. "They moved closer. We answered," he said. Rain fell.',
    "sentences": [
        {"text": "MOSCOW, April 4. /Orbis/.", "labels": []},
        {"text": '"They moved closer.', "labels": ["security_concerns"]},
        {"text": 'We answered," he said.', "labels": [], "borderline": True},
        {"text": "Rain fell.", "labels": []},
    ],
}


def test_read_eval_file_detects_each_format(tmp_path: Path) -> None:
    assert read_eval_file(write_jsonl(tmp_path / "p.jsonl", [PASSAGE]))[0] == "passages"
    assert read_eval_file(write_jsonl(tmp_path / "s.jsonl", [{"text": "x", "labels": []}]))[0] == "sentences"
    corpus = {"id": "a", "split": "dev", "text": "x", "sentences": []}
    assert read_eval_file(write_jsonl(tmp_path / "c.jsonl", [corpus]))[0] == "corpus"


@pytest.mark.parametrize(
    ("content", "words"),
    [("", "no records"), ("{nope\n", "not valid JSON"), ("[1]\n", "JSON object"), ('{"a": 1}\n', "unknown format")],
)
def test_read_eval_file_rejects_bad_input(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalFileError, match=words):
        read_eval_file(path)


def test_parse_passages_rejects_unknown_labels_and_missing_sentences() -> None:
    with pytest.raises(EvalFileError, match="not in the artifact's label set"):
        parse_passages([{"text": "A b.", "sentences": [{"text": "A b.", "labels": ["nope"]}]}], LABELS)
    with pytest.raises(EvalFileError, match="not a substring"):
        parse_passages([{"text": "A b.", "sentences": [{"text": "C d.", "labels": []}]}], LABELS)


def test_leakage_rate_counts_only_none_after_framed() -> None:
    gold = [[True, False, False, True, False], [False, None, False]]
    predicted = [[True, True, False, True, False], [True, True, True]]
    # at risk: doc 0 sentences 1 and 4 (after framed ones); doc 1 has no framed predecessor
    assert leakage_rate(gold, predicted) == {"rate": 0.5, "sentences": 2, "leaked": 1}
    assert leakage_rate([[False]], [[True]]) == {"rate": 0.0, "sentences": 0, "leaked": 0}


def test_evaluate_passages_reports_segmentation_and_skips_borderline(tiny_model) -> None:
    result = evaluate_passages(tiny_model, parse_passages([PASSAGE], tiny_model.label_names))
    assert result["segmentation"] == {"exact": 4, "gold_sentences": 4, "rate": 1.0}
    assert result["model"]["sentences"] == 3  # the borderline sentence is left out
    # the borderline sentence is no target for leakage; "Rain fell." follows an unlabeled (borderline) one
    assert result["leakage"]["sentences"] == 0
    assert set(result["model"]["per_label"]) == set(LABELS)


def test_evaluate_sentences_scores_each_text_alone(tiny_model) -> None:
    records = [{"text": "They moved closer. We answered.", "labels": ["security_concerns"]}, {"text": "Rain fell."}]
    result = evaluate_sentences(tiny_model, records)
    assert result["model"]["sentences"] == 2
    assert 0.0 <= result["model"]["none_accuracy"] <= 1.0


def _scorer_figures(output: str) -> tuple[float, float]:
    macro = float(re.search(r"passages .*?macro-F1 ([0-9.]+)", output).group(1))  # type: ignore[union-attr]
    leakage = float(re.search(r"leakage ([0-9.]+)", output).group(1))  # type: ignore[union-attr]
    return macro, leakage


@pytest.mark.skipif(not (REAL_NEWS / "score.py").is_file(), reason="../shared/realnews is not beside this checkout")
def test_eval_agrees_with_real_news_scorer_on_default_artifact(tmp_path: Path) -> None:
    from service.settings import DEFAULT_MODEL_PATH

    assert (DEFAULT_MODEL_PATH / "framescope.json").is_file(), "no default artifact: run `make model` first"
    framescope = str(Path(sys.executable).with_name("framescope"))
    scorer = subprocess.run(
        [sys.executable, str(REAL_NEWS / "score.py"), "--framescope", framescope, "--model", str(DEFAULT_MODEL_PATH)],
        capture_output=True,
        text=True,
        check=True,
    )
    metrics_file = tmp_path / "eval.json"
    subprocess.run(
        [framescope, "eval", str(DEFAULT_MODEL_PATH), str(REAL_NEWS / "passages.jsonl"), "--json", str(metrics_file)],
        capture_output=True,
        check=True,
    )
    ours = json.loads(metrics_file.read_text(encoding="utf-8"))
    macro, leakage = _scorer_figures(scorer.stdout)
    assert ours["model"]["macro_f1"] == pytest.approx(macro, abs=0.0015)
    assert ours["leakage"]["rate"] == pytest.approx(leakage, abs=0.0015)
