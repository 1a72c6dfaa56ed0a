"""Sentence segmentation with character offsets into the original text.

sentencex finds the boundaries: on the corpus's gold sentence spans it matched more sentences exactly than pysbd
(pysbd kept a closing quote and the next opening quote in one sentence), and it is much faster; see
``benchmarks/segmenters.py`` for the measurement that chose it. The splitter's own output is not trusted for offsets:
each sentence it returns is located in the text, and the text between consecutive boundaries becomes one
sentence, so every non-blank character lands in exactly one span and ``text[start:end] == sentence``. One cut of
sentencex's is undone: after a lone initial before lower case or another initial ("D-N.M., asked"), which the
benchmark's tricky cases show it makes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import sentencex

# Bounds the work per splitter call on pathological input (1 MB without punctuation); cut at whitespace.
MAX_BLOCK_CHARS = 5_000
_LINE = re.compile(r"[^\r\n]+")
_INITIAL_END = re.compile(r"(?:^|[\s.-])[A-Z]\.$")
_CONTINUES = re.compile(r"\s*(?:[a-z]|[A-Z]\.,)")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int
    text: str


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of paragraph-like blocks: lines, with hard-wrapped lines joined back together.

    A line continues the previous one when the previous one does not end like a sentence and this one starts
    in lower case; headlines, bylines and datelines stay blocks of their own.
    """
    start = end = -1
    previous_line = ""
    for match in _LINE.finditer(text):
        line = match.group()
        if not line.strip():
            if start >= 0:
                yield start, end
                start = -1
            continue
        continues = (
            start >= 0
            and not _SENTENCE_END.search(previous_line)
            and line.lstrip()[:1].islower()
            and "\n\n" not in text[end : match.start()].replace("\r", "")
        )
        previous_line = line
        if continues:
            end = match.end()
        else:
            if start >= 0:
                yield start, end
            start, end = match.start(), match.end()
    if start >= 0:
        yield start, end


def _pieces(start: int, end: int, text: str) -> Iterator[tuple[int, int]]:
    """Cut over-long blocks at whitespace so the splitter never sees more than MAX_BLOCK_CHARS at once."""
    while end - start > MAX_BLOCK_CHARS:
        cut = text.rfind(" ", start + MAX_BLOCK_CHARS // 2, start + MAX_BLOCK_CHARS)
        if cut <= start:
            cut = start + MAX_BLOCK_CHARS
        yield start, cut
        start = cut
    yield start, end


def _boundaries(block: str) -> list[int]:
    """Offsets in ``block`` where the splitter ends a sentence."""
    cuts: list[int] = []
    cursor = 0
    for sentence in sentencex.segment("en", block):
        piece = str(sentence).strip()
        if not piece:
            continue
        found = block.find(piece, cursor)
        if found < 0:
            continue
        cursor = found + len(piece)
        cuts.append(cursor)
    # "Sen. Lia Ortiz, D-N.M., asked" is cut after "D-N." by the splitter: a cut after a lone initial, before
    # lower case or another initial and a comma, was an abbreviation's period.
    return [cut for cut in cuts if not (_INITIAL_END.search(block, 0, cut) and _CONTINUES.match(block, cut))]


def segment(text: str) -> list[SentenceSpan]:
    """Split ``text`` into sentences; for every span, ``text[span.start:span.end] == span.text``."""
    spans: list[SentenceSpan] = []
    for block_start, block_end in _blocks(text):
        for piece_start, piece_end in _pieces(block_start, block_end, text):
            block = text[piece_start:piece_end]
            previous = 0
            # Line breaks inside a block are wrapping, not boundaries; same-length replacement keeps offsets.
            flat = block.replace("\r", " ").replace("\n", " ")
            for cut in [*_boundaries(flat), len(block)]:
                chunk = block[previous:cut]
                stripped = chunk.strip()
                if stripped:
                    offset = piece_start + previous + (len(chunk) - len(chunk.lstrip()))
                    spans.append(SentenceSpan(offset, offset + len(stripped), stripped))
                previous = cut
    return spans
