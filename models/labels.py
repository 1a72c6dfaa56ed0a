"""The label set is data: names, short codes and codebook definitions live in a JSON file."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_LABELS_FILE = Path(__file__).resolve().parent.parent / "training" / "data" / "labels.json"


@dataclass(frozen=True)
class Label:
    name: str
    definition: str = ""
    code: str = ""


@dataclass(frozen=True)
class LabelSet:
    labels: tuple[Label, ...]

    def __post_init__(self) -> None:
        names = [label.name for label in self.labels]
        if not names:
            raise ValueError("a label set needs at least one label")
        if len(set(names)) != len(names):
            raise ValueError(f"label names must be unique, got {names}")

    @classmethod
    def from_names(cls, names: Sequence[str]) -> LabelSet:
        return cls(tuple(Label(name=n) for n in names))

    @classmethod
    def from_dicts(cls, items: Sequence[dict]) -> LabelSet:
        return cls(tuple(Label(**item) for item in items))

    @classmethod
    def from_file(cls, path: str | Path = DEFAULT_LABELS_FILE) -> LabelSet:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dicts(data["labels"])

    def to_dicts(self) -> list[dict]:
        return [asdict(label) for label in self.labels]

    @property
    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"unknown label {name!r}; known labels: {self.names}") from None

    def by_code(self) -> dict[str, str]:
        return {label.code: label.name for label in self.labels if label.code}

    def __len__(self) -> int:
        return len(self.labels)

    def __iter__(self) -> Iterator[Label]:
        return iter(self.labels)

    def __contains__(self, name: object) -> bool:
        return name in self.names
