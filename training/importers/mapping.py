"""Label mappings are small JSON files (training/configs/mappings/), not code."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MAPPING_DIR = Path(__file__).resolve().parent.parent / "configs" / "mappings"


@dataclass(frozen=True)
class LabelMapping:
    table: dict[str, str | None]

    @classmethod
    def from_file(cls, path: str | Path) -> LabelMapping:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        table = data.get("labels")
        if not isinstance(table, dict):
            raise ValueError(f"label mapping {path} needs a 'labels' object of source -> target names")
        return cls(table)

    @classmethod
    def default(cls, name: str) -> LabelMapping:
        return cls.from_file(MAPPING_DIR / f"{name}.json")

    def map(self, names: Iterable[str]) -> list[str]:
        """Mapped, de-duplicated target labels in first-seen order; unmapped names are dropped."""
        out: list[str] = []
        for name in names:
            target = self.table.get(name.strip())
            if target and target not in out:
                out.append(target)
        return out
