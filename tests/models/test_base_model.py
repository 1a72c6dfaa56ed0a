from __future__ import annotations

from pathlib import Path

import pytest

from models.base_model import (
    BUNDLED,
    BUNDLED_WEIGHTS_SHA256,
    BaseModelError,
    resolve_base_model,
    verify_bundled_weights,
)


def test_resolve_bundled_checks_pinned_hash() -> None:
    resolved = resolve_base_model(BUNDLED)
    assert resolved.weights_sha256 == BUNDLED_WEIGHTS_SHA256
    assert (Path(resolved.location) / "config.json").is_file()


def test_verify_bundled_weights_rejects_mismatch(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(BaseModelError, match="expected 53aa"):
        verify_bundled_weights(tmp_path)


def test_resolve_local_folder_without_safetensors_fails(tmp_path: Path) -> None:
    with pytest.raises(BaseModelError, match=r"no model\.safetensors"):
        resolve_base_model(str(tmp_path))


def test_resolve_missing_path_fails() -> None:
    with pytest.raises(BaseModelError, match="not a model folder"):
        resolve_base_model("./no/such/folder")


def test_resolve_hub_id_passes_through() -> None:
    resolved = resolve_base_model("someone/some-model")
    assert resolved.location == "someone/some-model" and resolved.weights_sha256 is None


def test_load_real_base_model_embeds() -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    location = resolve_base_model(BUNDLED).location
    tokenizer = AutoTokenizer.from_pretrained(location)
    model = AutoModel.from_pretrained(location, use_safetensors=True)
    with torch.inference_mode():
        out = model(**tokenizer(["Sovereignty is not negotiable."], return_tensors="pt")).last_hidden_state
    assert out.shape[-1] == 384 and torch.isfinite(out).all()
