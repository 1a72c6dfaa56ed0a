from __future__ import annotations

from training.lexicon import LexiconBaseline

NAMES = ["sovereignty", "security_concerns", "cold_war_rhetoric", "whataboutism"]


def test_lexicon_flags_keywords_only() -> None:
    lexicon = LexiconBaseline.from_file()
    out = lexicon.predict(
        ["We defend our sovereignty.", "They cling to a Cold War mentality.", "Rain fell all day."], NAMES
    )
    assert out.tolist() == [[True, False, False, False], [False, False, True, False], [False] * 4]
