from __future__ import annotations

from pathlib import Path

import pytest

from models.labels import LabelSet
from training.importers.authoring import AuthoringFormatError, hash_split, read_authoring

SOURCE = """### article
id: t-001
title: Envoy rejects lecture
source_type: wire
country: Freedonia
sides: Freedonia; Sylvania
topic: testing
---
- | - | Envoy rejects lecture

SOV | Ambassador Ila Varn | ALDOVA, May 2 — Ambassador Ila Varn said no neighbour would choose Freedonia's friends.
WA,CW | Ambassador Ila Varn | “Those who drew the old lines across this map should not lecture us,” she said.
HN | - | The ambassador later discussed sovereign bond yields.
"""


def test_read_authoring_builds_exact_spans(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SOURCE, encoding="utf-8")
    (article,) = read_authoring(path, LabelSet.from_file(), split="train")
    assert article.text.startswith("Envoy rejects lecture\n\nALDOVA")
    texts = article.sentence_texts()
    assert texts[0] == "Envoy rejects lecture" and texts[-1].startswith("The ambassador")
    assert article.sentences[2].labels == ["whataboutism", "cold_war_rhetoric"]
    assert article.sentences[2].speaker == "Ambassador Ila Varn"
    assert article.sentences[3].hard_negative and article.sentences[3].labels == []
    assert article.sides == ["Freedonia", "Sylvania"]


def test_read_authoring_rejects_unknown_code(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SOURCE.replace("WA,CW", "WA,XX"), encoding="utf-8")
    with pytest.raises(AuthoringFormatError, match=r"a.txt:12: unknown label code 'XX'"):
        read_authoring(path, LabelSet.from_file())


def test_hash_split_is_stable_and_spread() -> None:
    splits = [hash_split(f"id-{i}") for i in range(1000)]
    assert splits == [hash_split(f"id-{i}") for i in range(1000)]
    assert 100 < splits.count("dev") < 200 and 100 < splits.count("test") < 200
