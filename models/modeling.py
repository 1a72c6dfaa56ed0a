"""FramingModel: a fine-tuned encoder with a sigmoid head, its labels and per-label thresholds."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel

from models.artifact import ArtifactInfo, read_info, verify_files, write_info
from models.attribution import attribute_speakers
from models.backends import BACKENDS, PRECISIONS, Backend, build_backend, check_backend
from models.labels import LabelSet
from models.scoring import ArticleScore, build_article_score
from models.segmentation import SentenceSpan, segment

# Measured on 2 CPU cores (MiniLM-L6, previous-sentence context): a 20-sentence article takes 82 ms in batches of
# 8 and 100 ms in batches of 32 (padding to the longest costs more than small batches do); pooled, length-sorted
# sentences run at about the same rate for any size from 8 to 64.
DEFAULT_BATCH_SIZE = 8
WINDOW_STRIDE = 32
CONTEXTS = ("none", "previous")
__all__ = ["BACKENDS", "CONTEXTS", "PRECISIONS", "FramingModel"]


def clip_contexts(tokenizer, contexts: Sequence[str], max_length: int) -> list[str]:
    """The tail of each neighbouring sentence, at most a quarter of the window in tokens (not words: a URL or
    unspaced CJK text is one word but many tokens), so the sentence keeps most of the window."""
    keep = max(1, max_length // 4)
    spans = tokenizer(list(contexts), add_special_tokens=False, return_offsets_mapping=True, verbose=False)[
        "offset_mapping"
    ]
    return [
        text if len(offsets) <= keep else text[offsets[-keep][0] :]
        for text, offsets in zip(contexts, spans, strict=True)
    ]


def previous_sentences(sentences: Sequence[str]) -> list[str]:
    return ["", *sentences[:-1]] if sentences else []


def encode_sentences(
    tokenizer, sentences: Sequence[str], contexts: Sequence[str] | None, context: str, max_length: int, **kwargs
):
    """Tokenize sentences the one way training and inference share: alone, or with the clipped previous sentence
    as second segment (truncating only the sentence, which long sentences then window over)."""
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {CONTEXTS}, got {context!r}")
    if context == "none":
        return tokenizer(list(sentences), truncation=True, max_length=max_length, **kwargs)
    pairs = clip_contexts(tokenizer, contexts if contexts is not None else previous_sentences(sentences), max_length)
    return tokenizer(list(sentences), pairs, truncation="only_first", max_length=max_length, **kwargs)


def default_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class FramingModel:
    """Load with :meth:`load`, score sentences with :meth:`predict` and articles with :meth:`score_article`."""

    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer,
        info: ArtifactInfo,
        device: torch.device | None = None,
        precision: str = "fp32",
        backend: str = "torch",
        threads: int | None = None,
    ) -> None:
        self.precision = precision
        self.model = model
        self.tokenizer = tokenizer
        self.info = info
        self.labels = LabelSet.from_dicts(info.labels)
        self.device = device or default_device()
        check_backend(backend, self.device, precision)  # before moving weights to a device that may not exist
        self.model.to(self.device)  # type: ignore[arg-type]
        self.model.eval()
        id2label: dict = model.config.id2label or {}
        names = [id2label[i] for i in range(len(id2label))]
        if names != self.labels.names:
            raise ValueError(f"model config labels {names} differ from artifact labels {self.labels.names}")
        self.backend: Backend = build_backend(backend, model, tokenizer, self.device, precision, threads)

    # -- persistence -------------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        path: str | Path,
        device: str | torch.device | None = None,
        verify: bool = True,
        precision: str = "fp32",
        backend: str = "torch",
        threads: int | None = None,
    ) -> FramingModel:
        """Read and verify an artifact; ``backend`` "torch" or "openvino", ``precision`` "fp32" or "bf16"."""
        info = read_info(path)
        if verify:
            verify_files(path, info)
        model = AutoModelForSequenceClassification.from_pretrained(
            str(path), use_safetensors=True, trust_remote_code=False, local_files_only=True
        )
        tokenizer = AutoTokenizer.from_pretrained(str(path), trust_remote_code=False, local_files_only=True)
        return cls(model, tokenizer, info, torch.device(device) if device else None, precision, backend, threads)

    def save_pretrained(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(str(path), safe_serialization=True)
        self.tokenizer.save_pretrained(str(path))
        write_info(path, self.info)
        # safetensors writes its file owner-only (0600); an artifact mounted into the service's container runs as
        # another user, so every file gets the usual umask-based mode.
        umask = os.umask(0)
        os.umask(umask)
        for item in path.iterdir():
            if item.is_file():
                item.chmod(0o666 & ~umask)

    # -- properties ----------------------------------------------------------------------------------------
    @property
    def label_names(self) -> list[str]:
        return self.labels.names

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.info.thresholds)

    def resolve_thresholds(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        thresholds = self.thresholds
        for name, value in (overrides or {}).items():
            if name not in self.labels:
                raise KeyError(f"unknown label {name!r} in thresholds; known labels: {self.label_names}")
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"threshold for {name!r} must be within [0, 1], got {value!r}")
            thresholds[name] = float(value)
        return thresholds

    # -- inference -----------------------------------------------------------------------------------------
    @property
    def uses_context(self) -> bool:
        return self.info.context == "previous"

    @torch.inference_mode()
    def predict(
        self,
        sentences: str | Sequence[str],
        batch_size: int = DEFAULT_BATCH_SIZE,
        contexts: Sequence[str] | None = None,
    ) -> np.ndarray:
        """Probabilities, shape (len(sentences), len(labels)); a string counts as one sentence.

        For a model trained with context, ``contexts[i]`` is the sentence before ``sentences[i]`` (default: the
        previous item of ``sentences``, i.e. the list is read as one article). Sentences longer than the model's
        window are scored in overlapping windows and keep the highest probability per label. Windows are sorted
        by length so each batch pads little.
        """
        if isinstance(sentences, str):
            sentences = [sentences]
        n_labels = len(self.labels)
        if len(sentences) == 0:
            return np.zeros((0, n_labels), dtype=np.float32)
        if contexts is not None and len(contexts) != len(sentences):
            raise ValueError(f"got {len(contexts)} contexts for {len(sentences)} sentences")
        encoded = encode_sentences(
            self.tokenizer,
            list(sentences),
            contexts,
            self.info.context,
            self.info.max_length,
            # The stride must stay under the room the sentence has in a window (less when a context shares it).
            stride=min(WINDOW_STRIDE, self.info.max_length // (8 if self.uses_context else 4)),
            return_overflowing_tokens=True,
            padding=False,
        )
        owners: list[int] = encoded["overflow_to_sample_mapping"]
        input_ids: list[list[int]] = encoded["input_ids"]
        segments: list[list[int]] | None = encoded.get("token_type_ids")
        order = sorted(range(len(input_ids)), key=lambda i: len(input_ids[i]))
        window_probs = np.zeros((len(input_ids), n_labels), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            features: dict[str, list[list[int]]] = {"input_ids": [input_ids[i] for i in chunk]}
            if segments is not None:
                features["token_type_ids"] = [segments[i] for i in chunk]
            batch = self.tokenizer.pad(features, padding=True, return_tensors="np")
            logits = self.backend(dict(batch))
            window_probs[chunk] = torch.sigmoid(torch.from_numpy(logits)).numpy()
        probabilities = np.zeros((len(sentences), n_labels), dtype=np.float32)
        np.maximum.at(probabilities, np.asarray(owners), window_probs)
        return probabilities

    def score_spans(
        self,
        spans: Sequence[SentenceSpan],
        probabilities: np.ndarray,
        thresholds: Mapping[str, float] | None = None,
        speakers: Sequence[str | None] | None = None,
    ) -> ArticleScore:
        return build_article_score(
            spans, probabilities, self.label_names, self.resolve_thresholds(thresholds), speakers
        )

    def score_article(self, text: str, thresholds: Mapping[str, float] | None = None) -> ArticleScore:
        return self.score_articles([text], thresholds)[0]

    def score_articles(
        self,
        texts: Sequence[str],
        thresholds: Mapping[str, float] | Sequence[Mapping[str, float] | None] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> list[ArticleScore]:
        """Score several articles in shared forward passes (the batch script and the micro-batcher use this)."""
        per_article = list(thresholds) if isinstance(thresholds, Sequence) else [thresholds] * len(texts)
        resolved = [self.resolve_thresholds(t) for t in per_article]  # fail on bad thresholds before the work
        all_spans = [segment(text) for text in texts]
        flat = [span.text for spans in all_spans for span in spans]
        contexts = [c for spans in all_spans for c in previous_sentences([span.text for span in spans])]
        probabilities = self.predict(flat, batch_size=batch_size, contexts=contexts)
        results = []
        offset = 0
        for text, spans, cut in zip(texts, all_spans, resolved, strict=True):
            speakers = attribute_speakers(text, spans)
            results.append(self.score_spans(spans, probabilities[offset : offset + len(spans)], cut, speakers))
            offset += len(spans)
        return results
