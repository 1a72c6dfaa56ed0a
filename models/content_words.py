"""Words of a sentence and whether each is a content word (not on the bundled English stop-word list).

Evidence and rationales are made of content words: a stop word ("that", "into", "them") or punctuation tells a
reader nothing on its own, so it may sit inside a phrase but never begins or ends one.
"""

from __future__ import annotations

import re
from functools import cache

from stop_words import get_stop_words

WORD = re.compile(r"\w+(?:['’]\w+)*")


@cache
def stop_words() -> frozenset[str]:
    # The package ships its lists as files: nothing is fetched at run time.
    return frozenset(word.replace("’", "'") for word in get_stop_words("en"))


def is_content(word: str) -> bool:
    """Not a stop word nor a lone letter: "1991", "NATO" and "bloc" count; "the", "its", "we'll", "S" do not."""
    normal = word.lower().replace("’", "'")
    return normal not in stop_words() and (len(normal) > 1 or normal.isdigit())


def word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text)]
