"""Shared by the importers: turn labeled sentences into an article whose spans are exact by construction."""

from __future__ import annotations

from collections.abc import Sequence

from training.corpus import Article, GoldSentence


def article_from_sentences(
    article_id: str, items: Sequence[tuple[str, list[str]]], split: str, separator: str = " "
) -> Article:
    """Join (text, labels) pairs with ``separator``; whitespace inside each text is collapsed to one space."""
    texts = [" ".join(text.split()) for text, _ in items]
    sentences, cursor = [], 0
    for text, (_, labels) in zip(texts, items, strict=True):
        sentences.append(GoldSentence(cursor, cursor + len(text), list(labels)))
        cursor += len(text) + len(separator)
    return Article(
        id=article_id,
        title=texts[0][:80],
        text=separator.join(texts),
        split=split,
        source_type="imported",
        sentences=sentences,
    )
