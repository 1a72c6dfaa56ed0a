"""The codebook's own yes/no examples, scored by the default artifact (`make test` trains it through `make model`)."""

from __future__ import annotations

import re

import pytest

from models.modeling import FramingModel
from service.settings import DEFAULT_MODEL_PATH
from training.corpus import DATA_DIR

CODEBOOK = DATA_DIR / "CODEBOOK.md"
_SECTION = re.compile(r"^## `(?P<label>[a-z_]+)`", re.MULTILINE)
_ITEM = re.compile(r"^\d+\. (?P<text>.+?)(?: \((?:[a-z ,']+)\))?$")


def codebook_examples() -> list[tuple[str, str, bool]]:
    """(label, sentence, positive) for every numbered example under a label's Positive/Negative lists."""
    text = CODEBOOK.read_text(encoding="utf-8")
    sections = list(_SECTION.finditer(text))
    examples = []
    for i, section in enumerate(sections):
        body = text[section.end() : sections[i + 1].start() if i + 1 < len(sections) else len(text)]
        body = body.split("\n## ", 1)[0]
        positive = None
        for line in body.splitlines():
            if line.startswith("Positive:"):
                positive = True
            elif line.startswith("Negative:"):
                positive = False
            elif positive is not None and (item := _ITEM.match(line.strip())):
                examples.append((section["label"], item["text"].strip(), positive))
    return examples


def test_codebook_examples_are_parsed() -> None:
    examples = codebook_examples()
    labels = {label for label, _, _ in examples}
    assert labels == {"sovereignty", "security_concerns", "cold_war_rhetoric", "whataboutism"}
    assert sum(positive for _, _, positive in examples) >= 24
    assert sum(not positive for _, _, positive in examples) >= 24
    assert all("(" not in sentence[-12:] for _, sentence, positive in examples if not positive)


@pytest.fixture(scope="module")
def default_model() -> FramingModel:
    assert (DEFAULT_MODEL_PATH / "framescope.json").is_file(), "no default artifact: run `make model` first"
    return FramingModel.load(DEFAULT_MODEL_PATH)


# The bar is every example right; the default model does not reach it yet (the README lists the misses), so
# this holds the measured floor: every negative stays unlabeled and no fewer positives than today are found.
MIN_POSITIVES_FOUND = 15


def test_default_model_labels_codebook_examples(default_model: FramingModel) -> None:
    examples = codebook_examples()
    scored = default_model.score_articles([sentence for _, sentence, _ in examples])
    found = [{label for s in article.sentences for label in s.labels} for article in scored]
    false_alarms = [
        (sentence, sorted(got))
        for (_, sentence, positive), got in zip(examples, found, strict=True)
        if not positive and got
    ]
    missed = [
        (label, sentence)
        for (label, sentence, positive), got in zip(examples, found, strict=True)
        if positive and label not in got
    ]
    positives = sum(positive for _, _, positive in examples)
    assert not false_alarms, false_alarms
    assert positives - len(missed) >= MIN_POSITIVES_FOUND, missed
