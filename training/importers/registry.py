"""Format name -> importer, with each format's default label mapping."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from training.corpus import Article
from training.importers.label_studio import read_label_studio
from training.importers.mapping import LabelMapping
from training.importers.semeval import read_semeval2020, read_semeval2023
from training.importers.sentences import read_sentences

Importer = Callable[[Path, LabelMapping, str], list[Article]]

IMPORTERS: dict[str, tuple[Importer, str]] = {
    "sentences": (read_sentences, "identity"),
    "label-studio": (read_label_studio, "identity"),
    "semeval2020": (read_semeval2020, "semeval2020"),
    "semeval2023": (read_semeval2023, "semeval2023"),
}


def import_data(fmt: str, source: str | Path, mapping: str | Path | None = None, split: str = "train") -> list[Article]:
    if fmt not in IMPORTERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {sorted(IMPORTERS)}")
    importer, default_mapping = IMPORTERS[fmt]
    table = LabelMapping.from_file(mapping) if mapping else LabelMapping.default(default_mapping)
    return importer(Path(source), table, split)
