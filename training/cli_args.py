"""Parse `framescope train` arguments: a JSON config, then command-line overrides, through HfArgumentParser."""

from __future__ import annotations

import json
from pathlib import Path

from transformers import HfArgumentParser, TrainingArguments

from training.training_args import DEFAULT_CONFIG, FramingArguments


def config_to_argv(config: dict) -> list[str]:
    argv: list[str] = []
    for key, value in config.items():
        if value is None:
            continue
        argv += [f"--{key}", json.dumps(value) if isinstance(value, list | dict) else str(value)]
    return argv


def parse_train_args(argv: list[str], config: Path | None = None) -> tuple[FramingArguments, TrainingArguments]:
    """Config values first, the command line after them, so the command line wins."""
    parser = HfArgumentParser((FramingArguments, TrainingArguments))  # type: ignore[arg-type]
    path = config or DEFAULT_CONFIG
    try:
        values = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read training config {path}: {error}") from error
    framing_args, training_args = parser.parse_args_into_dataclasses(args=config_to_argv(values) + argv)
    return framing_args, training_args
