"""The self-describing artifact folder a training run writes and the service loads.

Besides the Hugging Face files (config with ``id2label``, safetensors weights, tokenizer) it holds
``framescope.json``: labels with their definitions, tuned thresholds, metrics, the corpus and base-model
hashes, library versions, and the sha256 of every file, checked on load so a swapped file is refused.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from models.base_model import sha256_file

METADATA_FILE = "framescope.json"
FORMAT_VERSION = 1
HASHED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")


class ArtifactError(RuntimeError):
    """The artifact folder is missing, incomplete, or its files do not match their recorded hashes."""


@dataclass
class ArtifactInfo:
    name: str
    version: str
    labels: list[dict[str, str]]
    thresholds: dict[str, float]
    max_length: int = 128
    context: str = "none"
    """``previous``: the model reads each sentence with the one before it (as the second segment)."""
    base_model: dict[str, Any] = field(default_factory=dict)
    corpus: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    """How the run went: wall seconds of fine-tuning, device, threads, epochs, training sentences."""
    attribution: dict[str, Any] = field(default_factory=dict)
    """Speaker attribution accuracy on the training corpus's gold speakers (``training.attribution_eval``)."""
    real_news: dict[str, Any] = field(default_factory=dict)
    """Scores on real labeled news measured after training, when such files were at hand (evaluation only)."""
    files: dict[str, str] = field(default_factory=dict)
    created: str = ""
    format_version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArtifactInfo:
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})


def read_info(folder: str | Path) -> ArtifactInfo:
    folder = Path(folder)
    if not folder.is_dir():
        raise ArtifactError(
            f"no model artifact at {folder}: train one with `make model` (or `framescope train`), "
            "or point --model / FRAMESCOPE_MODEL_PATH at an artifact folder"
        )
    meta = folder / METADATA_FILE
    if not meta.is_file():
        raise ArtifactError(f"{folder} is not a framescope artifact: {METADATA_FILE} is missing")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArtifactError(f"{meta} cannot be read: {error}") from error
    if data.get("format_version") != FORMAT_VERSION:
        raise ArtifactError(f"{meta} has format_version {data.get('format_version')!r}, expected {FORMAT_VERSION}")
    return ArtifactInfo.from_dict(data)


def write_info(folder: str | Path, info: ArtifactInfo) -> None:
    folder = Path(folder)
    info.files = {name: sha256_file(folder / name) for name in HASHED_FILES if (folder / name).is_file()}
    (folder / METADATA_FILE).write_text(json.dumps(info.to_dict(), indent=2) + "\n", encoding="utf-8")


def verify_files(folder: str | Path, info: ArtifactInfo) -> None:
    folder = Path(folder)
    if "model.safetensors" not in info.files:
        raise ArtifactError(f"{folder}: no safetensors weights recorded; only safetensors artifacts load")
    for name, expected in info.files.items():
        path = folder / name
        if not path.is_file():
            raise ArtifactError(f"{folder}: {name} is missing")
        actual = sha256_file(path)
        if actual != expected:
            raise ArtifactError(
                f"{path} has sha256 {actual}, but training recorded {expected}: the artifact was changed "
                "after training and is refused"
            )
