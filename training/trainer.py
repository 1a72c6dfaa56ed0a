"""`framescope train`: fine-tune an encoder on the corpus and write one self-describing artifact folder.

The steps are small named functions so notebooks can call them one by one; :func:`train` runs them all.
"""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from datasets import Dataset
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    Trainer,
    TrainerCallback,
    TrainingArguments,
    set_seed,
)

from models.artifact import ArtifactInfo
from models.base_model import ResolvedBaseModel, resolve_base_model
from models.labels import LabelSet
from models.modeling import FramingModel, encode_sentences
from training.attribution_eval import attribution_accuracy, attribution_outcomes
from training.corpus import SPLITS, Article, SentenceExample, file_sha256, label_matrix, load_corpus, sentence_examples
from training.evaluation import multilabel_metrics, tune_thresholds
from training.file_eval import evaluate_folder, leakage_rate
from training.lexicon import LexiconBaseline
from training.model_card import write_model_card
from training.training_args import FramingArguments

logger = logging.getLogger(__name__)


@dataclass
class SplitData:
    articles: list[Article]
    examples: dict[str, list[SentenceExample]]


def load_splits(args: FramingArguments, labels: LabelSet) -> SplitData:
    articles = load_corpus(args.corpus)
    examples = {split: sentence_examples(articles, [split]) for split in SPLITS}
    if not examples["train"]:
        raise ValueError(f"corpus {args.corpus} has no training sentences")
    if args.max_train_sentences is not None:
        examples["train"] = examples["train"][: args.max_train_sentences]
    label_matrix(examples["train"], labels)  # fails early on a label outside the label set
    return SplitData(articles, examples)


def build_model(base: ResolvedBaseModel, labels: LabelSet):
    """Tokenizer and a BERT-style classifier with a fresh head, labels written into its config."""
    tokenizer = AutoTokenizer.from_pretrained(base.location, trust_remote_code=False)
    model = AutoModelForSequenceClassification.from_pretrained(
        base.location,
        num_labels=len(labels),
        id2label=dict(enumerate(labels.names)),
        label2id={name: i for i, name in enumerate(labels.names)},
        problem_type="multi_label_classification",
        ignore_mismatched_sizes=True,  # a base that already has a head of another size gets a fresh one
        use_safetensors=True,
        trust_remote_code=False,
    )
    return tokenizer, model


def encode(examples: Sequence[SentenceExample], labels: LabelSet, tokenizer, max_length: int, context: str) -> Dataset:
    targets = label_matrix(examples, labels)
    encoded = encode_sentences(
        tokenizer, [e.text for e in examples], [e.context for e in examples], context, max_length
    )
    return Dataset.from_dict({**encoded, "labels": targets.tolist()})


def positive_weights(examples: Sequence[SentenceExample], labels: LabelSet, cap: float) -> torch.Tensor:
    targets = label_matrix(examples, labels)
    positives = targets.sum(axis=0)
    negatives = len(targets) - positives
    ratio = np.sqrt(negatives / np.maximum(positives, 1.0))
    return torch.tensor(np.clip(ratio, 1.0, cap), dtype=torch.float32)


def weighted_bce(pos_weight: torch.Tensor):
    def compute_loss(outputs, labels, num_items_in_batch=None):
        logits = outputs["logits"]
        return torch.nn.functional.binary_cross_entropy_with_logits(
            logits, labels.to(logits.dtype), pos_weight=pos_weight.to(logits.device)
        )

    return compute_loss


HEAD_PREFIXES = ("classifier", "pooler", "bert.pooler", "pre_classifier")


def head_and_body_optimizer(model, training_args: TrainingArguments, head_learning_rate: float) -> torch.optim.AdamW:
    """AdamW with a larger step for the freshly initialised head.

    Sentence-transformers checkpoints never trained the pooler for classification; at the encoder's small
    learning rate the head barely leaves the label base rates in a few epochs (measured: train-set scores of
    positives and negatives stayed within 0.01 of each other), while a larger head rate separates them.
    """
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    head = [p for n, p in trainable if n.startswith(HEAD_PREFIXES)]
    body = [p for n, p in trainable if not n.startswith(HEAD_PREFIXES)]
    return torch.optim.AdamW(
        [
            {"params": body, "lr": training_args.learning_rate},
            {"params": head, "lr": head_learning_rate},
        ],
        weight_decay=training_args.weight_decay,
    )


class WeightAveraging(TrainerCallback):
    """Stochastic weight averaging: the mean of the trainable weights over the last ``fraction`` of the steps.

    Copied into the model when training ends. Measured on seeds of the default recipe, one run's real-news
    figures swing by several points; averaging points along the trajectory is a free way to damp that.
    """

    def __init__(self, fraction: float, every: int = 10) -> None:
        self.fraction, self.every = fraction, every
        self.average: dict[str, torch.Tensor] = {}
        self.count = 0

    def on_step_end(self, args, state, control, model=None, **kwargs):
        start = int(state.max_steps * (1 - self.fraction))
        if model is None or state.global_step < start or (state.global_step - start) % self.every:
            return
        self.count += 1
        with torch.no_grad():
            for name, parameter in model.named_parameters():
                if not parameter.requires_grad:
                    continue
                if name not in self.average:
                    self.average[name] = parameter.detach().clone().float()
                else:
                    self.average[name] += (parameter.detach().float() - self.average[name]) / self.count

    def on_train_end(self, args, state, control, model=None, **kwargs):
        if model is None or not self.average:
            return
        with torch.no_grad():
            for name, parameter in model.named_parameters():
                if name in self.average:
                    parameter.copy_(self.average[name].to(parameter.dtype))
        logger.info("weights averaged over %d points of the last %.0f%% of training", self.count, 100 * self.fraction)


def fit(
    model,
    tokenizer,
    train_dataset: Dataset,
    training_args: TrainingArguments,
    loss=None,
    head_learning_rate: float | None = None,
    average_last: float = 0.0,
) -> None:
    optimizer = head_and_body_optimizer(model, training_args, head_learning_rate) if head_learning_rate else None
    trainer = Trainer(
        optimizers=(optimizer, None),
        model=model,
        args=training_args,
        train_dataset=train_dataset,
        data_collator=DataCollatorWithPadding(tokenizer),
        processing_class=tokenizer,
        compute_loss_func=loss,
        callbacks=[WeightAveraging(average_last)] if average_last else None,
    )
    trainer.train()


def evaluate_splits(
    model: FramingModel,
    examples: dict[str, list[SentenceExample]],
    thresholds: dict[str, float] | None = None,
    probabilities: Mapping[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Model and lexicon-baseline metrics on every non-empty split but train.

    ``probabilities`` holds splits already predicted (training predicts dev to tune thresholds), so no split is
    read by the model twice.
    """
    labels = model.labels
    lexicon = LexiconBaseline.from_file()
    cut = model.resolve_thresholds(thresholds)
    results: dict[str, Any] = {}
    for split, items in examples.items():
        if split == "train" or not items:
            continue
        texts = [e.text for e in items]
        gold = label_matrix(items, labels).astype(bool)
        split_probabilities = (probabilities or {}).get(split)
        if split_probabilities is None:
            split_probabilities = model.predict(texts, contexts=[e.context for e in items])
        predicted = split_probabilities >= np.array([cut[n] for n in labels.names])
        results[split] = {
            "model": multilabel_metrics(gold, predicted, labels.names),
            "lexicon": multilabel_metrics(gold, lexicon.predict(texts, labels.names), labels.names),
            "leakage": corpus_leakage(items, gold, predicted),
        }
    return results


def corpus_leakage(items: Sequence[SentenceExample], gold: np.ndarray, predicted: np.ndarray) -> dict:
    """The leakage rate (see :func:`training.file_eval.leakage_rate`) over the articles of one split."""
    by_article: dict[str, list[tuple[int, bool, bool]]] = {}
    for example, gold_row, predicted_row in zip(items, gold, predicted, strict=True):
        by_article.setdefault(example.article_id, []).append(
            (example.index, bool(gold_row.any()), bool(predicted_row.any()))
        )
    ordered = [sorted(rows) for rows in by_article.values()]
    return leakage_rate([[g for _, g, _ in rows] for rows in ordered], [[p for _, _, p in rows] for rows in ordered])


def library_versions() -> dict[str, str]:
    import datasets
    import transformers

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "datasets": datasets.__version__,
    }


def freeze_lower_layers(network: torch.nn.Module, embeddings: bool, layers: int) -> None:
    """Stop gradients at the embeddings and the lowest ``layers`` transformer layers.

    With everything below layer N fixed, backpropagation stops at N: on CPU the step cost falls roughly with
    the share of layers frozen, and the general-purpose lower layers keep what pre-training taught them.
    """
    base: Any = network.base_model
    encoder_layers = base.encoder.layer
    if layers > len(encoder_layers):
        raise ValueError(f"freeze_layers={layers} but the encoder has only {len(encoder_layers)} layers")
    if layers and not embeddings:
        raise ValueError("freeze_layers needs freeze_embeddings (gradients would still flow through the layers)")
    frozen: list[torch.nn.Module] = [base.embeddings] if embeddings else []
    frozen += list(encoder_layers[:layers])
    if embeddings:
        network.get_input_embeddings().weight.requires_grad_(False)  # type: ignore[operator]
    for module in frozen:
        for parameter in module.parameters():
            parameter.requires_grad_(False)


def train(args: FramingArguments, training_args: TrainingArguments) -> Path:
    """Run every step and return the artifact folder (``training_args.output_dir``)."""
    set_seed(training_args.seed)
    labels = LabelSet.from_file(args.labels_file)
    data = load_splits(args, labels)
    base = resolve_base_model(args.base_model)
    tokenizer, network = build_model(base, labels)
    freeze_lower_layers(network, args.freeze_embeddings, args.freeze_layers)
    train_dataset = encode(data.examples["train"], labels, tokenizer, args.max_length, args.context)
    loss = (
        weighted_bce(positive_weights(data.examples["train"], labels, args.max_pos_weight))
        if args.class_weighting
        else None
    )
    fit_started = time.perf_counter()
    fit(network, tokenizer, train_dataset, training_args, loss, args.head_learning_rate, args.average_last)
    fit_seconds = time.perf_counter() - fit_started

    info = ArtifactInfo(
        name=args.model_name,
        version=args.model_version,
        labels=labels.to_dicts(),
        thresholds={name: 0.5 for name in labels.names},
        max_length=args.max_length,
        context=args.context,
        base_model={"name": base.name, "sha256": base.weights_sha256},
        corpus={"path": Path(args.corpus).name, "sha256": file_sha256(args.corpus), "articles": len(data.articles)},
        versions=library_versions(),
        training={
            "fit_seconds": round(fit_seconds, 1),
            "device": str(network.device),
            "torch_threads": torch.get_num_threads(),
            "epochs": training_args.num_train_epochs,
            "train_sentences": len(data.examples["train"]),
        },
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    model = FramingModel(network, tokenizer, info, device=network.device)
    predicted: dict[str, np.ndarray] = {}
    if data.examples["dev"]:
        dev = data.examples["dev"]
        predicted["dev"] = model.predict([e.text for e in dev], contexts=[e.context for e in dev])
        info.thresholds = tune_thresholds(
            label_matrix(dev, labels), predicted["dev"], labels.names, beta=args.threshold_beta
        )
    info.metrics = evaluate_splits(model, data.examples, probabilities=predicted)
    info.attribution = attribution_accuracy(attribution_outcomes(data.articles))
    real_news = args.resolved_real_news_dir()
    if real_news is not None:
        info.real_news = evaluate_folder(model, real_news)
    output_dir = Path(training_args.output_dir or "artifacts/default")
    model.save_pretrained(output_dir)
    write_model_card(output_dir, info, {split: len(items) for split, items in data.examples.items()})
    logger.info("wrote artifact to %s", output_dir)
    return output_dir
