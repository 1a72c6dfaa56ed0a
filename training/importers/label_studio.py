"""Label Studio JSON export of a text-classification project (multi-choice ``choices`` results).

Each task is one sentence (``data.text``); ``data.article_id``, when present, groups tasks into articles.
The first annotation that is not cancelled is used.
"""

from __future__ import annotations

import json
from pathlib import Path

from training.corpus import Article
from training.importers.common import article_from_sentences
from training.importers.mapping import LabelMapping


def read_label_studio(path: str | Path, mapping: LabelMapping, split: str = "train") -> list[Article]:
    path = Path(path)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(tasks, list):
        raise ValueError(f"{path}: a Label Studio export is a JSON list of tasks")
    grouped: dict[str, list[tuple[str, list[str]]]] = {}
    for position, task in enumerate(tasks):
        where = f"{path}: task {task.get('id', position) if isinstance(task, dict) else position}"
        data = task.get("data") if isinstance(task, dict) else None
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: data.text is missing or empty")
        choices: list[str] = []
        for annotation in task.get("annotations", []):
            if annotation.get("was_cancelled"):
                continue
            for result in annotation.get("result", []):
                if result.get("type") == "choices":
                    choices += result.get("value", {}).get("choices", [])
            break
        key = str(data.get("article_id") or f"ls-{task.get('id', position)}")
        grouped.setdefault(key, []).append((text, mapping.map(choices)))
    return [article_from_sentences(key, items, split) for key, items in grouped.items()]
