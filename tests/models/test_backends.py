from __future__ import annotations

import copy
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from models.modeling import FramingModel

SENTENCES = [
    "They encircle us.",
    "Rain fell on the capital for most of the day, and the market closed early.",
    "The minister said " + "very " * 300 + "much.",  # windowed: several windows of uneven length
    "",
]


@pytest.fixture(scope="module")
def openvino_model(tiny_artifact: Path) -> FramingModel:
    return FramingModel.load(tiny_artifact, backend="openvino")


def test_openvino_fp32_matches_torch(openvino_model: FramingModel, tiny_model: FramingModel) -> None:
    np.testing.assert_allclose(openvino_model.predict(SENTENCES), tiny_model.predict(SENTENCES), atol=1e-4)


def test_openvino_matches_torch_with_context(tiny_model: FramingModel) -> None:
    info = copy.deepcopy(tiny_model.info)
    info.context = "previous"
    context_model = FramingModel(tiny_model.model, tiny_model.tokenizer, info)
    compiled = FramingModel(tiny_model.model, tiny_model.tokenizer, info, backend="openvino")
    contexts = ["", "A long previous sentence " * 20, "x", "y"]
    np.testing.assert_allclose(
        compiled.predict(SENTENCES, contexts=contexts), context_model.predict(SENTENCES, contexts=contexts), atol=1e-4
    )


def test_openvino_bf16_stays_close_to_fp32(tiny_artifact: Path, tiny_model: FramingModel) -> None:
    bf16 = FramingModel.load(tiny_artifact, backend="openvino", precision="bf16")
    np.testing.assert_allclose(bf16.predict(SENTENCES), tiny_model.predict(SENTENCES), atol=0.03)


def test_openvino_serves_threads_concurrently(openvino_model: FramingModel, tiny_model: FramingModel) -> None:
    expected = tiny_model.predict(SENTENCES)
    results: list[np.ndarray] = []

    def work() -> None:
        results.append(openvino_model.predict(SENTENCES))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    for result in results:
        np.testing.assert_allclose(result, expected, atol=1e-4)


def test_load_rejects_unknown_backend(tiny_artifact: Path) -> None:
    with pytest.raises(ValueError, match=r"backend must be one of .* got 'tensorrt'"):
        FramingModel.load(tiny_artifact, backend="tensorrt")


def test_openvino_rejects_a_cuda_device(tiny_model: FramingModel) -> None:
    with pytest.raises(ValueError, match="runs on the CPU"):
        FramingModel(
            tiny_model.model, tiny_model.tokenizer, tiny_model.info, device=torch.device("cuda"), backend="openvino"
        )
