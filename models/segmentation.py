"""Sentence segmentation with character offsets into the original text.

sentencex finds the boundaries: on the corpus's gold sentence spans it matched more sentences exactly than pysbd
(pysbd kept a closing quote and the next opening quote in one sentence), and it is much faster; see
``benchmarks/segmenters.py`` for the measurement that chose it. The splitter's own output is not trusted for offsets:
each sentence it returns is located in the text, and the text between consecutive boundaries becomes one
sentence, so every non-blank character lands in exactly one span and ``text[start:end] == sentence``.

News copy needs rules on top of the splitter (each measured in ``benchmarks/segmenters.py`` on real passages and on
the corpus's quotations), because a frame lives in one sentence and a merged pair gets one label set:

- A quotation running over several sentences is split at each of its sentence ends (sentencex keeps a quotation
  whole); the closing quote mark stays with the sentence it closes, and a short attribution after a closing quote
  ('"Why now?" Ding asked.') stays with the quote's last sentence.
- A dateline with a wire tag ("MOSCOW, April 4. /TASS/.") is one unit, and a trailing credit ("— Bloomberg")
  stays with its sentence.
- A period is no sentence end after a title before the name ("Gen. Okafor"), after a lone initial before lower
  case or another initial ("D-N.M., asked", "China-U.S."), after a short capitalised abbreviation before lower case
  ("Wash. on April 6"), or inside a token ("CERT.LV"); a question inside a quote that its attribution continues
  ('"Why?" he asked') does not end the sentence either.
- Lines come first: headline, byline, dateline and caption lines stay sentences of their own.
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
_CONTINUES = re.compile(r"\s*(?:[a-z]|[A-Z]\.,)|[A-Z]\.")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_QUOTES_BLANKED = str.maketrans({mark: " " for mark in '"“”„«»'})
_CLOSERS = frozenset("\"”’'»)]")
_LOWER_NEXT = re.compile(r"\s*[a-z]")
_SHORT_ABBREVIATION = re.compile(r"(?:^|\s)[A-Z][a-z]{1,4}\.$")
_ASKED = re.compile(r"[?!][\"”’'»]*$")
_WIRE_TAG = re.compile(r"/[A-Za-z][\w-]{0,20}/\.?|\([A-Z][\w-]{0,20}\)\.?")
_HONORIFIC = re.compile(
    r"(?:^|[\s(])(?:Mr|Ms|Mrs|Messrs|Dr|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Sen|Rep|Gov|Prof|Rev|Hon|St)\.$"
)
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.'’-]*\s){1,6}(?:said|says|asked|asks|added|adds|told [\w\s]{1,30}|wrote|replied|declared|noted|"
    r"stressed|insisted|warned)(?:\s[\w’'-]+){0,5}\.?"
)
_DASH_CONTINUES = re.compile(r"[—–-]{1,2}\s*[a-z]")
_CREDIT = re.compile(r"[—–-]{1,2}\s*[A-Z][^.!?]{0,60}")


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
    """Offsets in ``block`` where a sentence ends (sentencex's cuts, corrected for news by the rules below)."""
    # sentencex never cuts inside a quotation, but news quotes run over several sentences and each carries its own
    # frame: the splitter sees the block with its double quote marks blanked (same length, so offsets hold).
    masked = block.translate(_QUOTES_BLANKED)
    cuts: list[int] = []
    cursor = 0
    for sentence in sentencex.segment("en", masked):
        piece = str(sentence).strip()
        if not piece:
            continue
        found = masked.find(piece, cursor)
        if found < 0:
            continue
        cursor = found + len(piece)
        # A closing quote mark (or bracket) right after the end belongs to the sentence it closes.
        while cursor < len(block) and block[cursor] in _CLOSERS:
            cursor += 1
        cuts.append(cursor)
    kept: list[int] = []
    for index, cut in enumerate(cuts):
        following = block[cut : cuts[index + 1] if index + 1 < len(cuts) else len(block)]
        if not _is_false_cut(block, cut, following):
            kept.append(cut)
    return kept


def _is_false_cut(block: str, cut: int, following: str) -> bool:
    """True where a cut of the splitter's is no sentence end in news copy."""
    # "Sen. Lia Ortiz, D-N.M., asked", "China-U.S. relations": a lone initial's period before lower case or
    # another initial was an abbreviation's.
    if _INITIAL_END.search(block, 0, cut) and _CONTINUES.match(block, cut):
        return True
    # "SeaTac, Wash. on April 6": a short capitalised abbreviation before lower case; and '"Why?" he asked',
    # a question or exclamation inside a quote that the attribution continues.
    if _LOWER_NEXT.match(block, cut) and (_SHORT_ABBREVIATION.search(block, 0, cut) or _ASKED.search(block, 0, cut)):
        return True
    # "CERT.LV": a sentence end is followed by white space.
    if cut < len(block) and not block[cut].isspace():
        return True
    # "Gen. Okafor", "Ms. Lind": a title's period before the name.
    if _HONORIFIC.search(block, 0, cut):
        return True
    stripped = following.strip()
    # '"Why did they come?" Ding asked.': a closing quote's attribution stays with the quote's last sentence; and
    # a piece that starts with a colon or comma continues the one before it.
    if block[cut - 1 : cut] in _CLOSERS and _ATTRIBUTION.fullmatch(stripped):
        return True
    if stripped[:1] in {":", ";", ","} or _DASH_CONTINUES.match(stripped):
        return True
    # "MOSCOW, April 4. /TASS/." is one dateline, and a trailing "— Bloomberg" credit belongs to its sentence.
    return bool(_WIRE_TAG.fullmatch(stripped) or _CREDIT.fullmatch(stripped))


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
