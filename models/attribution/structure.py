"""An article as attribution sees it: sentences with their quotation state, paragraphs and headlines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from models.attribution.lexicon import _DATELINE, _MASK
from models.segmentation import SentenceSpan


@dataclass
class _Sentence:
    text: str
    masked: str  # quoted characters replaced by _MASK, offsets kept
    starts_in_quote: bool
    quoted: bool  # any quoted text, or a quotation running on from the previous sentence
    quote_only: bool  # every letter is inside a quotation
    paragraph_start: bool
    headline: bool  # the first line, or a later line without closing punctuation (a byline, a section head)
    dateline: bool  # "WARSAW, May 8 — ..."


def _mask_quotes(text: str, in_quote: bool) -> tuple[str, bool, bool, bool]:
    """Mask quoted characters (offsets kept); return (masked, in_quote at the end, any quoted, all quoted).

    A straight double quote toggles; curly quotes open and close. Single quotes are left alone: the apostrophe
    and the closing single quote are the same character.
    """
    out = []
    quoted_any = in_quote
    letters_outside = False
    for char in text:
        if char == '"':
            in_quote = not in_quote
            quoted_any = True
            out.append(char)
        elif char == "“":
            in_quote = quoted_any = True
            out.append(char)
        elif char == "”":
            in_quote = False
            out.append(char)
        elif in_quote:
            out.append(char if char.isspace() else _MASK)
        else:
            letters_outside = letters_outside or char.isalnum()
            out.append(char)
    return "".join(out), in_quote, quoted_any, quoted_any and not letters_outside


def _sentences(text: str, spans: Sequence[SentenceSpan]) -> list[_Sentence]:
    sentences = []
    in_quote = False  # a quotation stays open across sentences, not across paragraphs
    for i, span in enumerate(spans):
        paragraph_start = i == 0 or "\n" in text[spans[i - 1].end : span.start]
        if paragraph_start:
            in_quote = False
        sentence = text[span.start : span.end]
        line_end = i + 1 == len(spans) or "\n" in text[span.end : spans[i + 1].start]
        headline = paragraph_start and line_end and (i == 0 or not re.search(r"[.!?…\"”’']$", sentence))
        masked, in_quote_after, quoted, quote_only = _mask_quotes(sentence, in_quote)
        dateline = bool(_DATELINE.match(sentence))
        sentences.append(_Sentence(sentence, masked, in_quote, quoted, quote_only, paragraph_start, headline, dateline))
        in_quote = in_quote_after
    return sentences
