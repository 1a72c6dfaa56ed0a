"""Arguments of `framescope train`: framescope's own plus transformers' TrainingArguments.

Parsed by HfArgumentParser from the command line or from a JSON config file (see training/configs/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.base_model import BUNDLED
from models.labels import DEFAULT_LABELS_FILE
from training.corpus import DEFAULT_CORPUS

CONFIG_DIR = Path(__file__).resolve().parent / "configs"
# Real labeled news kept beside a checkout (never in it): evaluation only, never training or threshold tuning.
SHARED_REAL_NEWS = Path(__file__).resolve().parents[2] / "shared" / "realnews"
DEFAULT_CONFIG = CONFIG_DIR / "default.json"


@dataclass
class FramingArguments:
    base_model: str = field(
        default=BUNDLED,
        metadata={
            "help": f"Encoder to fine-tune: {BUNDLED!r} (bundled, hash-checked), a local model folder, or a hub id."
        },
    )
    corpus: str = field(default=str(DEFAULT_CORPUS), metadata={"help": "Corpus JSONL (one article per line)."})
    labels_file: str = field(
        default=str(DEFAULT_LABELS_FILE), metadata={"help": "Label set JSON (names, definitions)."}
    )
    max_length: int = field(default=128, metadata={"help": "Token window per sentence; longer ones are windowed."})
    context: str = field(
        default="none",
        metadata={"help": "'previous': read each sentence with the one before it (helps replies and quotes); 'none'."},
    )
    class_weighting: bool = field(
        default=True, metadata={"help": "Weight positives by sqrt(negatives/positives) per label in the BCE loss."}
    )
    head_learning_rate: float = field(
        default=2e-3,
        metadata={"help": "Learning rate of the pooler and classifier head (the encoder uses --learning_rate)."},
    )
    max_pos_weight: float = field(default=4.0, metadata={"help": "Upper bound of a label's positive weight."})
    freeze_embeddings: bool = field(
        default=False,
        metadata={
            "help": "Keep the encoder's embedding tables fixed (about half of MiniLM's weights): faster steps on CPU."
        },
    )
    freeze_layers: int = field(
        default=0,
        metadata={
            "help": "Keep the lowest N transformer layers fixed as well (with --freeze_embeddings): no backward pass "
            "through them, so each step is cheaper on CPU."
        },
    )
    threshold_beta: float = field(
        default=1.0,
        metadata={
            "help": "Per-label thresholds maximise F-beta on dev: 1 balances precision and recall, below 1 favours "
            "precision (fewer frames given to neutral sentences)."
        },
    )
    average_last: float = field(
        default=0.0,
        metadata={"help": "Average the weights over this last fraction of the training steps (0: off; e.g. 0.3)."},
    )
    max_train_sentences: int | None = field(
        default=None, metadata={"help": "Use at most this many training sentences (smoke runs)."}
    )
    real_news_dir: str = field(
        default="auto",
        metadata={
            "help": "Folder with real labeled news (passages.jsonl, sentences.jsonl) measured into the artifact after "
            "training, for evaluation only; 'auto': ../shared/realnews beside the checkout when present; 'none': skip."
        },
    )
    model_name: str = field(default="framescope-minilm", metadata={"help": "Name recorded in the artifact."})
    model_version: str = field(default="0.1.0", metadata={"help": "Version recorded in the artifact."})

    def resolved_real_news_dir(self) -> Path | None:
        """The real-news folder to measure on, or None (``none``, or ``auto`` without ../shared/realnews)."""
        if self.real_news_dir == "none":
            return None
        if self.real_news_dir == "auto":
            return SHARED_REAL_NEWS if (SHARED_REAL_NEWS / "passages.jsonl").is_file() else None
        return Path(self.real_news_dir)

    def __post_init__(self) -> None:
        if not 8 <= self.max_length <= 512:
            raise ValueError(f"max_length must be within [8, 512], got {self.max_length}")
        if self.context not in ("none", "previous"):
            raise ValueError(f"context must be 'none' or 'previous', got {self.context!r}")
        if not 0 < self.head_learning_rate < 1:
            raise ValueError(f"head_learning_rate must be within (0, 1), got {self.head_learning_rate}")
        if self.max_pos_weight < 1.0:
            raise ValueError(f"max_pos_weight must be >= 1, got {self.max_pos_weight}")
        if not 0 < self.threshold_beta <= 10:
            raise ValueError(f"threshold_beta must be within (0, 10], got {self.threshold_beta}")
        if not 0 <= self.average_last < 1:
            raise ValueError(f"average_last must be within [0, 1), got {self.average_last}")
        if self.freeze_layers < 0:
            raise ValueError(f"freeze_layers must be >= 0, got {self.freeze_layers}")
        if self.max_train_sentences is not None and self.max_train_sentences < 1:
            raise ValueError(f"max_train_sentences must be positive, got {self.max_train_sentences}")
        if self.real_news_dir not in ("auto", "none") and not Path(self.real_news_dir).is_dir():
            raise ValueError(f"real_news_dir folder not found: {self.real_news_dir!r}")
        for name in ("corpus", "labels_file"):
            if not Path(getattr(self, name)).is_file():
                raise ValueError(f"{name} file not found: {getattr(self, name)!r}")
