"""Choose the sentence segmenter by measurement: gold sentence spans of the corpus, the corpus's multi-sentence
quotations, real news passages (when ../shared/realnews is beside the checkout) and tricky news cases.

    .venv/bin/python benchmarks/segmenters.py [CORPUS]

Candidates: pysbd and sentencex as they come, and framescope's segmenter (sentencex with the news rules of
``models/segmentation.py``). For each it reports the share of gold sentences whose exact span is found (real passages:
within the real-news scorer's tolerance of 1 character at the start and 2 at the end), the tricky cases passed, and
the time. All candidates see the same paragraph blocks (framescope splits on lines first).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import segmentation
from models.labels import LabelSet
from training.corpus import DEFAULT_CORPUS, load_corpus
from training.file_eval import parse_passages, read_records, span_found

TRICKY = [
    ("The U.S. envoy met Gen. Okafor on Feb. 25.", 1),
    ("Prices rose 3.5 percent. Exports fell 2.1 percent.", 2),
    ("“We will not bend. Not now,” the minister said. Talks resume Friday.", 3),
    ('"They moved closer. We answered." He left. "Why now?" Ding asked.', 4),
    ("MOSCOW, April 4. /Orbis/. The ministry said talks would resume.", 2),
    ("Ms. Varn left for SeaTac, Wash. on Friday. CERT.LV said nothing.", 2),
    ("He waited... Then he left.", 2),
    ("Dr. Amara Lind of No. 10 Downing St. declined to comment.", 1),
    ("The talks ended at 5 p.m. on Tuesday without a deal.", 1),
    ("Is this sovereignty? Or is it fear? Nobody knows.", 3),
    ("Sen. Harlow (R., Ohio) said the vote was close. It passed.", 2),
    ("The ministry said: “This is final.” Reporters left.", 2),
    ("The report cited Art. 51 of the U.N. Charter in full.", 1),
    ("Ms. Varn said the talks were over. Mr. Odede agreed.", 2),
    ("The China-U.S. talks ended. Nobody spoke.", 2),
    ("Sen. Lia Ortiz, D-N.M., asked about it. It passed.", 2),
]


def pysbd_splitter() -> Callable[[str], list[str]]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda block: [str(s) for s in segmenter.segment(block)]


def sentencex_splitter() -> Callable[[str], list[str]]:
    import sentencex

    return lambda block: list(sentencex.segment("en", block))


def spans_with(splitter: Callable[[str], list[str]], text: str) -> list[tuple[int, int]]:
    original = segmentation._boundaries

    def boundaries(block: str) -> list[int]:
        cuts, cursor = [], 0
        for piece in (p.strip() for p in splitter(block)):
            found = block.find(piece, cursor) if piece else -1
            if found >= 0:
                cursor = found + len(piece)
                cuts.append(cursor)
        return cuts

    segmentation._boundaries = boundaries
    try:
        return [(s.start, s.end) for s in segmentation.segment(text)]
    finally:
        segmentation._boundaries = original


REAL_PASSAGES = Path(__file__).resolve().parents[2] / "shared" / "realnews" / "passages.jsonl"
OPENING = "“„«"
CLOSING = "”»"


def quote_state(text: str, inside: bool) -> bool:
    """Whether a quotation is still open after ``text``, given whether one was open before it."""
    for char in text:
        if char in OPENING:
            inside = True
        elif char in CLOSING:
            inside = False
        elif char == '"':
            inside = not inside
    return inside


def quotation_spans(articles) -> tuple[list[tuple[str, set[tuple[int, int]]]], int]:
    """Gold spans of the sentences inside quotations that run over two or more gold sentences, per article."""
    sets, quotations = [], 0
    for article in articles:
        inside, run, chosen = False, [], set()
        for sentence in article.sentences:
            text = article.text[sentence.start : sentence.end]
            run.append((sentence.start, sentence.end))
            inside = quote_state(text, inside)
            if not inside:
                if len(run) >= 2 and any(c in article.text[run[0][0] : run[0][1]] for c in OPENING + '"'):
                    chosen.update(run)
                    quotations += 1
                run = []
        if chosen:
            sets.append((article.text, chosen))
    return sets, quotations


def real_passages() -> list[tuple[str, list[tuple[int, int]]]]:
    if not REAL_PASSAGES.is_file():
        return []
    passages = parse_passages(read_records(REAL_PASSAGES, "passages"), LabelSet.from_file().names)
    return [(passage.text, passage.spans) for passage in passages]


def framescope_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in segmentation.segment(text)]


def main(corpus: Path) -> None:
    articles = load_corpus(corpus)
    quotes, n_quotations = quotation_spans(articles)
    n_quote_sentences = sum(len(spans) for _, spans in quotes)
    passages = real_passages()
    print(f"{len(articles)} articles, {sum(len(a.sentences) for a in articles)} gold sentences from {corpus}")
    print(f"quote-heavy set: {n_quotations} multi-sentence quotations, {n_quote_sentences} gold sentences")
    print(
        f"real passages: {len(passages)} passages, {sum(len(s) for _, s in passages)} gold sentences"
        if passages
        else f"real passages: none ({REAL_PASSAGES} absent)"
    )
    print()
    print(
        "| segmenter | corpus sentences exact | quote-heavy set exact | real passages exact | tricky cases | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    candidates: list[tuple[str, Callable[[str], list[tuple[int, int]]]]] = [
        ("pysbd", lambda text, s=pysbd_splitter(): spans_with(s, text)),
        ("sentencex", lambda text, s=sentencex_splitter(): spans_with(s, text)),
        ("framescope (sentencex + news rules)", framescope_spans),
    ]
    for name, spans_of in candidates:
        started = time.perf_counter()
        hit = total = 0
        for article in articles:
            gold = {(s.start, s.end) for s in article.sentences}
            hit += len(gold & set(spans_of(article.text)))
            total += len(gold)
        quote_hit = sum(len(spans & set(spans_of(text))) for text, spans in quotes)
        real_hit = 0
        for text, spans in passages:
            found = spans_of(text)
            real_hit += sum(span_found(gold, found) for gold in spans)
        real_total = sum(len(s) for _, s in passages)
        real = f"{real_hit}/{real_total} ({real_hit / real_total:.3f})" if real_total else "n/a"
        tricky = sum(len(spans_of(text)) == n for text, n in TRICKY)
        seconds = time.perf_counter() - started
        quote = f"{quote_hit}/{n_quote_sentences} ({quote_hit / max(1, n_quote_sentences):.3f})"
        print(f"| {name} | {hit / total:.4f} | {quote} | {real} | {tricky}/{len(TRICKY)} | {seconds:.1f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)
