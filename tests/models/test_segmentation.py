from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.labels import LabelSet
from models.segmentation import MAX_BLOCK_CHARS, segment
from training.file_eval import parse_passages, read_records, span_found


def texts(text: str) -> list[str]:
    return [s.text for s in segment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Talks stall over port access\nBy Mara Velic\n\nGENEVA, Feb. 25 — Delegates left early.",
            ["Talks stall over port access", "By Mara Velic", "GENEVA, Feb. 25 — Delegates left early."],
        ),
        (
            "The U.S. envoy met Gen. Okafor at No. 10 on Tuesday. Turnout rose 3.5 percent.",
            ["The U.S. envoy met Gen. Okafor at No. 10 on Tuesday.", "Turnout rose 3.5 percent."],
        ),
        # a quotation is split at its sentence ends; the closing mark and the attribution stay with its last one
        (
            "“We will not bend. Not now,” the minister said. Talks resume Friday.",
            ["“We will not bend.", "Not now,” the minister said.", "Talks resume Friday."],
        ),
        (
            '"They moved closer. We answered." He left. "Why now?" Ding asked. "Because," she said.',
            ['"They moved closer.', 'We answered."', "He left.", '"Why now?" Ding asked.', '"Because," she said.'],
        ),
        ('"Why?" he asked. Nobody answered.', ['"Why?" he asked.', "Nobody answered."]),
        # a dateline with its wire tag is one unit; a trailing credit stays with its sentence
        (
            "MOSCOW, April 4. /Orbis/. The ministry said talks would resume.",
            ["MOSCOW, April 4. /Orbis/.", "The ministry said talks would resume."],
        ),
        (
            "The fund deposited 2 billion kroner. — Harbour Wire",
            ["The fund deposited 2 billion kroner. — Harbour Wire"],
        ),
        # abbreviations that sentencex cuts after
        (
            "The China-U.S. talks ended. Ms. Varn left for SeaTac, Wash. on Friday. CERT.LV said nothing.",
            ["The China-U.S. talks ended.", "Ms. Varn left for SeaTac, Wash. on Friday.", "CERT.LV said nothing."],
        ),
        ("First line.\r\n\r\nSecond line!\r\nThird?", ["First line.", "Second line!", "Third?"]),
        ("   \n\n  ", []),
        ("word", ["word"]),
        # a party-and-state abbreviation is no sentence end; a lower-case word after a real end still starts one
        (
            "Sen. Lia Ortiz, D-N.M., asked about it. It passed.",
            ["Sen. Lia Ortiz, D-N.M., asked about it.", "It passed."],
        ),
        ("He said it. iPhones sold well.", ["He said it.", "iPhones sold well."]),
    ],
)
def test_segment_news_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_segment_joins_hard_wrapped_lines() -> None:
    text = "The delegation said the talks would\ncontinue next week in Vienna."
    assert texts(text) == ["The delegation said the talks would\ncontinue next week in Vienna."]


def test_segment_long_block_keeps_offsets() -> None:
    text = "alpha " * (MAX_BLOCK_CHARS // 2)
    spans = segment(text)
    assert len(spans) >= 2
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert "".join(s.text for s in spans).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_segment_offsets_hold_for_any_text(text: str) -> None:
    spans = segment(text)
    previous = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text
        assert span.start >= previous
        assert not text[previous : span.start].strip()  # nothing but whitespace is left out
        previous = span.end
    assert not text[previous:].strip()


REAL_PASSAGES = Path(__file__).resolve().parents[3] / "shared" / "realnews" / "passages.jsonl"


@pytest.mark.skipif(not REAL_PASSAGES.is_file(), reason="../shared/realnews is not beside this checkout")
def test_segment_real_passages_finds_gold_sentences() -> None:
    """At least 97% of the real passages' gold sentences come out exact (the real-news scorer's tolerance)."""
    passages = parse_passages(read_records(REAL_PASSAGES, "passages"), LabelSet.from_file().names)
    found = [[(s.start, s.end) for s in segment(passage.text)] for passage in passages]
    hit = sum(span_found(gold, spans) for passage, spans in zip(passages, found, strict=True) for gold in passage.spans)
    total = sum(len(passage.spans) for passage in passages)
    assert total and hit / total >= 0.97, f"{hit}/{total}"
