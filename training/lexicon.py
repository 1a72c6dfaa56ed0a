"""The keyword-lexicon baseline: the floor any model must clear, per label.

Patterns live in ``data/lexicon.json`` (label -> list of case-insensitive regular expressions); a sentence gets
a label when any of its patterns matches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DEFAULT_LEXICON = Path(__file__).resolve().parent / "data" / "lexicon.json"


class LexiconBaseline:
    def __init__(self, patterns: dict[str, list[str]]) -> None:
        self.compiled = {label: [re.compile(p, re.IGNORECASE) for p in items] for label, items in patterns.items()}

    @classmethod
    def from_file(cls, path: str | Path = DEFAULT_LEXICON) -> LexiconBaseline:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def predict(self, sentences: Sequence[str], label_names: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(sentences), len(label_names)), dtype=bool)
        for j, name in enumerate(label_names):
            for pattern in self.compiled.get(name, []):
                for i, sentence in enumerate(sentences):
                    if not out[i, j] and pattern.search(sentence):
                        out[i, j] = True
        return out
