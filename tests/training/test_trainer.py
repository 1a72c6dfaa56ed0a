from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import TrainingArguments

from models.modeling import FramingModel
from tests.conftest import LABELS
from training import cli_args
from training.cli_args import parse_train_args, with_cpu_bf16
from training.corpus import SentenceExample
from training.trainer import evaluate_splits, positive_weights, train
from training.training_args import FramingArguments


def smoke_args(
    corpus: Path, base: Path, out: Path, context: str = "none", real_news_dir: str = "none"
) -> tuple[FramingArguments, TrainingArguments]:
    framing = FramingArguments(
        base_model=str(base),
        corpus=str(corpus),
        max_length=32,
        model_name="smoke",
        context=context,
        real_news_dir=real_news_dir,
    )
    training = TrainingArguments(
        output_dir=str(out),
        max_steps=3,
        per_device_train_batch_size=8,
        learning_rate=1e-3,
        report_to="none",
        save_strategy="no",
        disable_tqdm=True,
        use_cpu=True,
        seed=3,
    )
    return framing, training


@pytest.mark.parametrize("context", ["none", "previous"])
def test_train_writes_complete_loadable_artifact(
    tiny_corpus: Path, tiny_encoder_dir: Path, tmp_path: Path, context: str
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    passage = {"text": "They moved closer. Rain fell.", "sentences": [{"text": "They moved closer.", "labels": []}]}
    (real / "passages.jsonl").write_text(json.dumps(passage) + "\n", encoding="utf-8")
    (real / "sentences.jsonl").write_text(json.dumps({"text": "Rain fell.", "labels": []}) + "\n", encoding="utf-8")
    out = train(*smoke_args(tiny_corpus, tiny_encoder_dir, tmp_path / "artifact", context, str(real)))
    for name in ("config.json", "model.safetensors", "tokenizer.json", "framescope.json", "MODEL_CARD.md"):
        assert (out / name).is_file(), name
    assert not list(out.glob("*.bin")) and not list(out.glob("*.pt"))
    info = json.loads((out / "framescope.json").read_text())
    assert [label["name"] for label in info["labels"]] == LABELS
    assert set(info["thresholds"]) == set(LABELS) and all(0 < t < 1 for t in info["thresholds"].values())
    assert set(info["metrics"]) == {"dev", "test", "challenge"}
    assert set(info["metrics"]["dev"]) == {"model", "lexicon", "leakage"}
    leakage = info["metrics"]["dev"]["leakage"]
    assert 0.0 <= leakage["rate"] <= 1.0 and leakage["leaked"] <= leakage["sentences"]
    assert len(info["corpus"]["sha256"]) == 64 and len(info["base_model"]["sha256"]) == 64
    assert {"torch", "transformers"} <= set(info["versions"])
    assert info["training"]["fit_seconds"] > 0 and info["training"]["train_sentences"] > 0
    config = json.loads((out / "config.json").read_text())
    assert config["id2label"] == {str(i): name for i, name in enumerate(LABELS)}
    model = FramingModel.load(out)
    assert model.predict(["A sentence."]).shape == (1, len(LABELS))
    assert "| sovereignty |" in (out / "MODEL_CARD.md").read_text()
    assert model.info.context == context
    assert info["real_news"]["passages"]["segmentation"]["gold_sentences"] == 1
    assert info["real_news"]["sentences"]["model"]["sentences"] == 1
    assert "## Real news" in (out / "MODEL_CARD.md").read_text()


def test_train_is_reproducible_with_seed(tiny_corpus: Path, tiny_encoder_dir: Path, tmp_path: Path) -> None:
    first = train(*smoke_args(tiny_corpus, tiny_encoder_dir, tmp_path / "one"))
    second = train(*smoke_args(tiny_corpus, tiny_encoder_dir, tmp_path / "two"))
    a, b = (json.loads((p / "framescope.json").read_text()) for p in (first, second))
    assert a["files"]["model.safetensors"] == b["files"]["model.safetensors"]


def test_positive_weights_favour_rare_labels(tiny_corpus: Path) -> None:
    from models.labels import LabelSet
    from training.corpus import load_corpus, sentence_examples

    examples = sentence_examples(load_corpus(tiny_corpus), ["train"])
    weights = positive_weights(examples, LabelSet.from_file(), cap=4.0)
    assert weights.shape == (4,) and float(weights.min()) >= 1.0 and float(weights.max()) <= 4.0


def test_parse_train_args_config_then_overrides(tiny_corpus: Path) -> None:
    framing, training = parse_train_args(["--corpus", str(tiny_corpus), "--num_train_epochs", "2"])
    assert training.num_train_epochs == 2 and framing.corpus == str(tiny_corpus)
    assert training.seed == 13  # from training/configs/default.json


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--bf16", "true"], ["--bf16", "true", "--use_cpu", "true"]),
        (["--bf16"], ["--bf16", "--use_cpu", "true"]),
        (["--bf16", "true", "--bf16", "false"], ["--bf16", "true", "--bf16", "false"]),
        (["--bf16", "true", "--use_cpu", "false"], ["--bf16", "true", "--use_cpu", "false"]),
        (["--seed", "3"], ["--seed", "3"]),
    ],
)
def test_with_cpu_bf16_adds_use_cpu_only_for_bf16_without_cuda(
    argv: list[str], expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(cli_args, "cpu_has_native_bf16", lambda: True)
    assert with_cpu_bf16(argv) == expected


def test_with_cpu_bf16_trains_fp32_on_a_cpu_without_native_bf16(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(cli_args, "cpu_has_native_bf16", lambda: False)
    assert with_cpu_bf16(["--bf16", "true"]) == ["--bf16", "true", "--bf16", "false"]


def test_with_cpu_bf16_leaves_gpu_machines_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert with_cpu_bf16(["--bf16", "true"]) == ["--bf16", "true"]


def test_parse_train_args_trains_bf16_on_the_cpu(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(cli_args, "cpu_has_native_bf16", lambda: True)
    _, training = parse_train_args(["--corpus", str(tiny_corpus), "--bf16", "true"])
    assert training.bf16 and training.use_cpu


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("max_length", 4, "max_length"),
        ("corpus", "nope.jsonl", "corpus"),
        ("real_news_dir", "nope", "real_news_dir"),
        ("freeze_layers", -1, "freeze_layers"),
        ("average_last", 1.0, "average_last"),
    ],
)
def test_framing_arguments_validate(field: str, value, words: str, tiny_corpus: Path) -> None:
    kwargs = {"corpus": str(tiny_corpus), field: value}
    with pytest.raises(ValueError, match=words):
        FramingArguments(**kwargs)


def test_train_with_frozen_embeddings_keeps_them_and_moves_the_rest(
    tiny_corpus: Path, tiny_encoder_dir: Path, tmp_path: Path
) -> None:
    from transformers import AutoModelForSequenceClassification

    framing, training = smoke_args(tiny_corpus, tiny_encoder_dir, tmp_path / "frozen")
    framing.freeze_embeddings = True
    out = train(framing, training)
    base = AutoModelForSequenceClassification.from_pretrained(tiny_encoder_dir, num_labels=4)
    trained = FramingModel.load(out).model
    before, after = base.base_model.embeddings, trained.base_model.embeddings
    assert torch.equal(before.word_embeddings.weight, after.word_embeddings.weight)
    assert torch.equal(before.position_embeddings.weight, after.position_embeddings.weight)
    first_layer = "encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(base.base_model.get_parameter(first_layer), trained.base_model.get_parameter(first_layer))


def test_train_with_frozen_lower_layer_keeps_it_and_moves_the_top(
    tiny_corpus: Path, tiny_encoder_dir: Path, tmp_path: Path
) -> None:
    from transformers import AutoModelForSequenceClassification

    framing, training = smoke_args(tiny_corpus, tiny_encoder_dir, tmp_path / "frozen1")
    framing.freeze_embeddings, framing.freeze_layers = True, 1
    out = train(framing, training)
    base = AutoModelForSequenceClassification.from_pretrained(tiny_encoder_dir, num_labels=4)
    trained = FramingModel.load(out).model
    for name, moved in [("encoder.layer.0.output.dense.weight", False), ("encoder.layer.1.output.dense.weight", True)]:
        same = torch.equal(base.base_model.get_parameter(name), trained.base_model.get_parameter(name))
        assert same is not moved, name


@pytest.mark.parametrize(
    ("embeddings", "layers", "words"), [(True, 3, "only 2 layers"), (False, 1, "freeze_embeddings")]
)
def test_freeze_lower_layers_rejects_impossible_requests(
    tiny_encoder_dir: Path, embeddings: bool, layers: int, words: str
) -> None:
    from transformers import AutoModelForSequenceClassification

    from training.trainer import freeze_lower_layers

    network = AutoModelForSequenceClassification.from_pretrained(tiny_encoder_dir, num_labels=4)
    with pytest.raises(ValueError, match=words):
        freeze_lower_layers(network, embeddings, layers)


def test_weight_averaging_sets_the_mean_of_the_last_fraction() -> None:
    from types import SimpleNamespace

    from training.trainer import WeightAveraging

    model = torch.nn.Linear(1, 1, bias=False)
    callback = WeightAveraging(fraction=0.5, every=1)
    for step, value in enumerate([10.0, 20.0, 1.0, 2.0, 3.0], 1):
        model.weight.data.fill_(value)
        callback.on_step_end(None, SimpleNamespace(global_step=step, max_steps=6), None, model=model)
    callback.on_train_end(None, None, None, model=model)
    assert model.weight.item() == pytest.approx(2.0)  # steps 3 to 5: the last half of six steps


def test_weight_averaging_leaves_frozen_weights_alone() -> None:
    from types import SimpleNamespace

    from training.trainer import WeightAveraging

    model = torch.nn.Linear(1, 1)
    model.bias.requires_grad_(False)
    callback = WeightAveraging(fraction=1.0, every=1)
    for step, value in enumerate([1.0, 3.0], 1):
        model.weight.data.fill_(value)
        model.bias.data.fill_(value)
        callback.on_step_end(None, SimpleNamespace(global_step=step, max_steps=2), None, model=model)
    callback.on_train_end(None, None, None, model=model)
    assert (model.weight.item(), model.bias.item()) == (pytest.approx(2.0), 3.0)


def test_evaluate_splits_uses_given_probabilities_and_predicts_the_rest(
    tiny_model: FramingModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = {
        split: [SentenceExample(f"{split}-1", 0, f"A {split} sentence.", ["sovereignty"], "")]
        for split in ("train", "dev", "test")
    }
    read: list[list[str]] = []
    predict = tiny_model.predict

    def counting_predict(sentences, *args, **kwargs):
        read.append(list(sentences))
        return predict(sentences, *args, **kwargs)

    monkeypatch.setattr(tiny_model, "predict", counting_predict)
    given = np.array([[0.9, 0.1, 0.1, 0.1]], dtype=np.float32)  # sovereignty on: dev is scored from these
    metrics = evaluate_splits(tiny_model, examples, thresholds=dict.fromkeys(LABELS, 0.5), probabilities={"dev": given})
    assert read == [["A test sentence."]]
    assert set(metrics) == {"dev", "test"}
    assert metrics["dev"]["model"]["per_label"]["sovereignty"]["f1"] == 1.0
