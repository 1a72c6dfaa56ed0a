"""Inference backends: run the fine-tuned network with torch, or the same weights compiled by OpenVINO.

Both take a padded batch of numpy token arrays and return float32 logits, so ``FramingModel.predict`` (windowing,
length-sorted batches, thresholds) is shared. OpenVINO converts the loaded torch module in memory at load time
(about 2 s for MiniLM-L6): the artifact on disk stays the one verified set of safetensors weights.
Measured on 2 AMD EPYC cores with `make bench` (benchmarks/run.py): OpenVINO bf16 runs score_article about 2.2x as
fast as torch fp32, with 99.2% identical labels on the dev split (see the README's Performance section).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Mapping

import numpy as np
import torch
from transformers import PreTrainedModel

BACKENDS = ("torch", "openvino")
PRECISIONS = ("fp32", "bf16")


class Backend:
    name = "base"

    def __call__(self, batch: Mapping[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError


class TorchBackend(Backend):
    name = "torch"

    def __init__(self, model: PreTrainedModel, device: torch.device, precision: str) -> None:
        self.model = model
        self.device = device
        self.precision = precision

    @torch.inference_mode()
    def __call__(self, batch: Mapping[str, np.ndarray]) -> np.ndarray:
        tensors = {name: torch.from_numpy(values).to(self.device) for name, values in batch.items()}
        # bf16 autocast is opt-in: benchmarks/run.py checks its labels against fp32 on the dev split.
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.precision == "bf16"):
            logits = self.model(**tensors).logits
        return logits.float().cpu().numpy()


class OpenVINOBackend(Backend):
    name = "openvino"

    def __init__(self, model: PreTrainedModel, tokenizer, precision: str, threads: int | None = None) -> None:
        try:
            import openvino as ov
        except ImportError as error:  # an optional extra: say how to get it
            raise RuntimeError(
                "the openvino backend needs the openvino package: pip install 'framescope[openvino]'"
            ) from error
        example = dict(tokenizer(["a short sentence"], ["its context"], return_tensors="pt"))
        # Tracing warns that shape checks become constants; outputs match torch on any padding (tested).
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            converted = ov.convert_model(model.eval(), example_input=example)
        self.input_names = [port.get_any_name() for port in converted.inputs]
        config = {
            # Explicit: OpenVINO picks bf16 by itself on CPUs that have it, fp32 must be asked for.
            "INFERENCE_PRECISION_HINT": "bf16" if precision == "bf16" else "f32",
            "INFERENCE_NUM_THREADS": threads or torch.get_num_threads(),
        }
        self.compiled = ov.Core().compile_model(converted, "CPU", config)
        # One infer request per thread: a request is not safe to share between the service's worker threads.
        self._local = threading.local()

    def __call__(self, batch: Mapping[str, np.ndarray]) -> np.ndarray:
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self.compiled.create_infer_request()
        inputs = {name: batch[name].astype(np.int64) for name in self.input_names if name in batch}
        return np.asarray(request.infer(inputs)[0], dtype=np.float32)


def check_backend(name: str, device: torch.device, precision: str) -> None:
    if name not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {name!r}")
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    if name == "openvino" and device.type != "cpu":
        raise ValueError(f"the openvino backend runs on the CPU, got device {device}")


def build_backend(
    name: str, model: PreTrainedModel, tokenizer, device: torch.device, precision: str, threads: int | None = None
) -> Backend:
    check_backend(name, device, precision)
    if name == "openvino":
        return OpenVINOBackend(model, tokenizer, precision, threads)
    return TorchBackend(model, device, precision)
