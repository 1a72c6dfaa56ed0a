from __future__ import annotations

from models.content_words import content_runs, is_content


def test_is_content_rejects_stop_words_and_lone_letters() -> None:
    assert [is_content(w) for w in ["the", "into", "them", "We'll", "S", "bloc", "NATO", "1991"]] == [
        False,
        False,
        False,
        False,
        False,
        True,
        True,
        True,
    ]


def test_content_runs_split_at_stop_words_and_punctuation() -> None:
    text = "A small Anglo-Saxon clique, he said, drags the region into bloc confrontation."
    assert [text[s:e] for s, e in content_runs(text)] == [
        "small Anglo-Saxon clique",
        "said",
        "drags",
        "region",
        "bloc confrontation",
    ]
