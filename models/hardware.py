"""What this machine's processor can do, for choices that depend on it (bf16 autocast, engines)."""

from __future__ import annotations

import functools
from pathlib import Path

# CPU flags that make bf16 matrix work native; without them torch emulates bf16 on the CPU, which is many times
# slower than fp32 (measured here: a training step on 2 AVX2 cores went from about 0.3 s to over 30 s).
NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


@functools.cache
def cpu_flags() -> frozenset[str]:
    """The processor's feature flags from /proc/cpuinfo (empty where that file does not exist)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


@functools.cache
def cpu_has_native_bf16() -> bool:
    """True when the CPU computes bf16 natively (AVX-512 BF16 or AMX), so CPU bf16 autocast speeds work up."""
    import torch

    try:
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except AttributeError:  # an older or newer torch without the private probes: read the flags instead
        return bool(cpu_flags() & NATIVE_BF16_FLAGS)
