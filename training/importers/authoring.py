"""The plain-text authoring format the corpus is written in, one sentence per line::

    ### article
    id: cn-001
    title: ...
    source_type: press_conference
    country: China
    sides: China; United States
    topic: taiwan
    ---
    - | - | Headline
    SOV,SEC | Foreign Ministry spokesperson Li Wen | BEIJING, March 3 — ...
    HN | - | A hard negative sentence.

Each body line is ``LABELS | SPEAKER | SENTENCE``: label codes from the label set (``-`` none, ``HN`` a hard
negative), the speaker's fullest mention in the article (``-`` the author's voice). Sentences of a paragraph
are joined by one space, paragraphs by a blank line, so the gold spans are exact by construction. A line
without sentence-final punctuation (a headline, a byline) ends its own line instead of running on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.labels import LabelSet
from training.corpus import Article, GoldSentence

_FINAL = re.compile(r"[.!?…:;][\"”’')\]]*$")
HEADER_KEYS = ("id", "title", "source_type", "country", "sides", "topic")
NONE, HARD_NEGATIVE = "-", "HN"


class AuthoringFormatError(ValueError):
    pass


@dataclass
class _Draft:
    line: int
    meta: dict[str, str] = field(default_factory=dict)
    paragraphs: list[list[tuple[list[str], bool, str | None, str]]] = field(default_factory=lambda: [[]])
    in_body: bool = False


def _drafts(path: Path, codes: dict[str, str]) -> Iterator[_Draft]:
    draft: _Draft | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        where = f"{path}:{lineno}"
        if line.strip() == "### article":
            if draft:
                yield draft
            draft = _Draft(lineno)
            continue
        if draft is None:
            if line.strip():
                raise AuthoringFormatError(f"{where}: text before the first '### article'")
            continue
        if not draft.in_body:
            if line.strip() == "---":
                draft.in_body = True
            elif line.strip():
                key, sep, value = line.partition(":")
                if not sep:
                    raise AuthoringFormatError(f"{where}: expected 'key: value' in the header, got {line!r}")
                draft.meta[key.strip()] = value.strip()
            continue
        if not line.strip():
            if draft.paragraphs[-1]:
                draft.paragraphs.append([])
            continue
        parts = line.split(" | ", 2)
        if len(parts) != 3:
            raise AuthoringFormatError(f"{where}: expected 'LABELS | SPEAKER | SENTENCE', got {line[:60]!r}")
        label_field, speaker, sentence = (p.strip() for p in parts)
        names: list[str] = []
        if label_field not in (NONE, HARD_NEGATIVE):
            for code in (c.strip() for c in label_field.split(",")):
                if code not in codes:
                    raise AuthoringFormatError(f"{where}: unknown label code {code!r}; known: {sorted(codes)}")
                names.append(codes[code])
        if not sentence:
            raise AuthoringFormatError(f"{where}: empty sentence")
        draft.paragraphs[-1].append(
            (names, label_field == HARD_NEGATIVE, None if speaker == NONE else speaker, sentence)
        )
    if draft:
        yield draft


def hash_split(article_id: str, dev: float = 0.15, test: float = 0.15) -> str:
    """A stable split from the id alone, so adding articles never moves old ones."""
    bucket = int(hashlib.sha256(article_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "dev" if bucket < dev else "test" if bucket < dev + test else "train"


def read_authoring(path: str | Path, labels: LabelSet, split: str | None = None) -> list[Article]:
    """Parse one authoring file; ``split`` fixes every article's split, else :func:`hash_split` decides."""
    path = Path(path)
    articles = []
    for draft in _drafts(path, labels.by_code()):
        missing = [k for k in HEADER_KEYS if not draft.meta.get(k)]
        if missing:
            raise AuthoringFormatError(f"{path}:{draft.line}: header lacks {missing}")
        text_parts: list[str] = []
        sentences: list[GoldSentence] = []
        cursor = 0
        for p_index, paragraph in enumerate(p for p in draft.paragraphs if p):
            if p_index:
                text_parts.append("\n\n")
                cursor += 2
            for s_index, (names, hard, speaker, sentence) in enumerate(paragraph):
                if s_index:
                    separator = " " if _FINAL.search(paragraph[s_index - 1][3]) else "\n"
                    text_parts.append(separator)
                    cursor += 1
                sentences.append(GoldSentence(cursor, cursor + len(sentence), names, speaker, hard))
                text_parts.append(sentence)
                cursor += len(sentence)
        meta = draft.meta
        articles.append(
            Article(
                id=meta["id"],
                title=meta["title"],
                text="".join(text_parts),
                split=split or hash_split(meta["id"]),
                source_type=meta["source_type"],
                country=meta["country"],
                sides=[s.strip() for s in meta["sides"].split(";") if s.strip()],
                topic=meta["topic"],
                sentences=sentences,
            )
        )
    return articles
