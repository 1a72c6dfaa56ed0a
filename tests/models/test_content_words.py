from __future__ import annotations

from models.content_words import is_content


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
