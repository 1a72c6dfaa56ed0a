"""Choose the sentence segmenter by measurement: gold sentence spans of the corpus plus tricky news cases.

    .venv/bin/python benchmarks/segmenters.py [CORPUS]

For each candidate it reports the share of gold sentences whose exact (start, end) span is found, the share of
articles segmented exactly, the tricky cases passed, and the time. Candidates see the same paragraph blocks
(framescope splits on lines first), so the comparison is of the sentence splitter itself.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import segmentation
from training.corpus import DEFAULT_CORPUS, load_corpus

TRICKY = [
    ("The U.S. envoy met Gen. Okafor on Feb. 25.", 1),
    ("Prices rose 3.5 percent. Exports fell 2.1 percent.", 2),
    ("“We will not bend. Not now,” the minister said. Talks resume Friday.", 2),
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


def main(corpus: Path) -> None:
    articles = load_corpus(corpus)
    print(f"{len(articles)} articles, {sum(len(a.sentences) for a in articles)} gold sentences from {corpus}\n")
    print("| segmenter | gold sentences exact | articles exact | tricky cases | seconds |")
    print("|---|---:|---:|---:|---:|")
    for name, make in (("pysbd", pysbd_splitter), ("sentencex", sentencex_splitter)):
        splitter = make()
        started = time.perf_counter()
        hit = total = exact_articles = 0
        for article in articles:
            gold = {(s.start, s.end) for s in article.sentences}
            found = set(spans_with(splitter, article.text))
            hit += len(gold & found)
            total += len(gold)
            exact_articles += gold == found
        tricky = sum(len(spans_with(splitter, text)) == n for text, n in TRICKY)
        seconds = time.perf_counter() - started
        print(
            f"| {name} | {hit / total:.4f} | {exact_articles}/{len(articles)} | "
            f"{tricky}/{len(TRICKY)} | {seconds:.1f} |"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)
