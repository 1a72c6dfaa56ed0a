"""FramingModel: a fine-tuned encoder with a sigmoid head, its labels and per-label thresholds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel

from models.artifact import ArtifactInfo, read_info, verify_files, write_info
from models.labels import LabelSet
from models.scoring import ArticleScore, build_article_score
from models.segmentation import SentenceSpan, segment

DEFAULT_BATCH_SIZE = 32
WINDOW_STRIDE = 32


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
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.info = info
        self.labels = LabelSet.from_dicts(info.labels)
        self.device = device or default_device()
        self.model.to(self.device)  # type: ignore[arg-type]
        self.model.eval()
        id2label: dict = model.config.id2label or {}
        names = [id2label[i] for i in range(len(id2label))]
        if names != self.labels.names:
            raise ValueError(f"model config labels {names} differ from artifact labels {self.labels.names}")

    # -- persistence -------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path, device: str | torch.device | None = None, verify: bool = True) -> FramingModel:
        info = read_info(path)
        if verify:
            verify_files(path, info)
        model = AutoModelForSequenceClassification.from_pretrained(
            str(path), use_safetensors=True, trust_remote_code=False, local_files_only=True
        )
        tokenizer = AutoTokenizer.from_pretrained(str(path), trust_remote_code=False, local_files_only=True)
        return cls(model, tokenizer, info, torch.device(device) if device else None)

    def save_pretrained(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(str(path), safe_serialization=True)
        self.tokenizer.save_pretrained(str(path))
        write_info(path, self.info)

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
    @torch.inference_mode()
    def predict(self, sentences: str | Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Probabilities, shape (len(sentences), len(labels)); a string counts as one sentence.

        Sentences longer than the model's window are scored in overlapping windows and keep the highest
        probability per label. Windows are sorted by length so each batch pads little.
        """
        if isinstance(sentences, str):
            sentences = [sentences]
        n_labels = len(self.labels)
        if len(sentences) == 0:
            return np.zeros((0, n_labels), dtype=np.float32)
        encoded = self.tokenizer(
            list(sentences),
            truncation=True,
            max_length=self.info.max_length,
            stride=min(WINDOW_STRIDE, self.info.max_length // 4),  # must stay under the window
            return_overflowing_tokens=True,
            padding=False,
        )
        owners: list[int] = encoded["overflow_to_sample_mapping"]
        input_ids: list[list[int]] = encoded["input_ids"]
        order = sorted(range(len(input_ids)), key=lambda i: len(input_ids[i]))
        window_probs = np.zeros((len(input_ids), n_labels), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            batch = self.tokenizer.pad(
                {"input_ids": [input_ids[i] for i in chunk]}, padding=True, return_tensors="pt"
            ).to(self.device)
            logits = self.model(**batch).logits
            window_probs[chunk] = torch.sigmoid(logits.float()).cpu().numpy()
        probabilities = np.zeros((len(sentences), n_labels), dtype=np.float32)
        np.maximum.at(probabilities, np.asarray(owners), window_probs)
        return probabilities

    def score_spans(
        self, spans: Sequence[SentenceSpan], probabilities: np.ndarray, thresholds: Mapping[str, float] | None = None
    ) -> ArticleScore:
        return build_article_score(spans, probabilities, self.label_names, self.resolve_thresholds(thresholds))

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
        probabilities = self.predict(flat, batch_size=batch_size)
        results = []
        offset = 0
        for spans, cut in zip(all_spans, resolved, strict=True):
            results.append(self.score_spans(spans, probabilities[offset : offset + len(spans)], cut))
            offset += len(spans)
        return results
