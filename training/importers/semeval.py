"""SemEval propaganda corpora, mapped onto framescope labels by a mapping file.

* SemEval-2020 Task 11: ``article{ID}.txt`` (one sentence per line) plus technique spans in
  ``article{ID}.task2-TC.labels`` or ``*.labels`` files (``ID<TAB>technique<TAB>start<TAB>end``, character
  offsets into the article). A sentence gets a label when a mapped technique span overlaps it.
* SemEval-2023 Task 3 subtask 3: ``article{ID}.txt`` (one paragraph per line) plus a labels file of
  ``ID<TAB>line<TAB>technique,technique`` rows. Labels are per paragraph, so each labeled line becomes
  one unit of the article, kept whole rather than guessed onto its sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from training.corpus import Article, GoldSentence
from training.importers.mapping import LabelMapping

_ARTICLE = re.compile(r"article(\d+)\.txt$")


def _articles(folder: Path) -> dict[str, Path]:
    found = {m.group(1): p for p in sorted(folder.rglob("article*.txt")) if (m := _ARTICLE.search(p.name))}
    if not found:
        raise ValueError(f"{folder}: no article<ID>.txt files found")
    return found


def _line_spans(text: str) -> list[tuple[int, int, int]]:
    """(line number from 1, start, end) of each non-blank line, stripped."""
    spans, offset = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            spans.append((number, start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def read_semeval2020(folder: str | Path, mapping: LabelMapping, split: str = "train") -> list[Article]:
    folder = Path(folder)
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for labels_file in sorted(folder.rglob("*.labels")):
        for number, row in enumerate(labels_file.read_text(encoding="utf-8").splitlines(), 1):
            if not row.strip():
                continue
            parts = row.split("\t")
            if len(parts) != 4 or not parts[2].isdigit() or not parts[3].isdigit():
                raise ValueError(f"{labels_file}:{number}: expected ID<TAB>technique<TAB>start<TAB>end, got {row!r}")
            spans[parts[0]].append((parts[1], int(parts[2]), int(parts[3])))
    articles = []
    for article_id, path in _articles(folder).items():
        text = path.read_text(encoding="utf-8")
        sentences = []
        for _, start, end in _line_spans(text):
            techniques = [t for t, s, e in spans.get(article_id, []) if s < end and e > start]
            sentences.append(GoldSentence(start, end, mapping.map(techniques)))
        articles.append(
            Article(
                id=f"semeval2020-{article_id}",
                title=text.strip().split("\n")[0][:80],
                text=text,
                split=split,
                source_type="imported",
                sentences=sentences,
            )
        )
    return articles


def read_semeval2023(folder: str | Path, mapping: LabelMapping, split: str = "train") -> list[Article]:
    folder = Path(folder)
    labels: dict[tuple[str, int], list[str]] = {}
    label_files = [p for p in sorted(folder.rglob("*.txt")) if not _ARTICLE.search(p.name)]
    for labels_file in label_files:
        for number, row in enumerate(labels_file.read_text(encoding="utf-8").splitlines(), 1):
            if not row.strip():
                continue
            parts = row.split("\t")
            if len(parts) not in (2, 3) or not parts[1].strip().isdigit():
                raise ValueError(f"{labels_file}:{number}: expected ID<TAB>line<TAB>techniques, got {row!r}")
            techniques = parts[2].split(",") if len(parts) == 3 else []
            labels[(parts[0].strip(), int(parts[1]))] = techniques
    articles = []
    for article_id, path in _articles(folder).items():
        text = path.read_text(encoding="utf-8")
        units = [
            GoldSentence(start, end, mapping.map(labels.get((article_id, number), [])))
            for number, start, end in _line_spans(text)
        ]
        articles.append(
            Article(
                id=f"semeval2023-{article_id}",
                title=text.strip().split("\n")[0][:80],
                text=text,
                split=split,
                source_type="imported",
                sentences=units,
            )
        )
    return articles
