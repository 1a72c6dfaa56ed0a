from __future__ import annotations

import pytest

from models.labels import LabelSet


def test_label_set_from_project_file() -> None:
    labels = LabelSet.from_file()
    assert labels.names == ["sovereignty", "security_concerns", "cold_war_rhetoric", "whataboutism"]
    assert labels.by_code()["WA"] == "whataboutism"
    assert all(label.definition for label in labels)


def test_label_set_rejects_duplicates() -> None:
    with pytest.raises(ValueError, match="unique"):
        LabelSet.from_names(["a", "a"])


def test_label_set_index_of_unknown_label_names_known_ones() -> None:
    with pytest.raises(KeyError, match="known labels"):
        LabelSet.from_names(["a", "b"]).index("c")
