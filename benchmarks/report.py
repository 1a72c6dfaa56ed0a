"""`make report-bench`: peak memory and time of `framescope report` on a 1,000,000-sentence Parquet archive.

    .venv/bin/python benchmarks/report.py [--sentences 1000000] [--per-article 20] [--keep-files]

Writes a synthetic scored archive shaped like `framescope score --keep outlet,date` output (40 outlets, three years
of dates, 2,000 speakers, four labels whose shares drift by outlet and month) in two layouts: the article rows
(nested sentences) and the per-sentence table. Each is reported (`--by outlet --by month`, HTML) by the CLI in a
child process whose peak resident memory (ru_maxrss) is read from wait4. Passes when each stays under 2 GB.
Writes benchmarks/results/report.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
LABELS = ["sovereignty", "security_concerns", "cold_war_rhetoric", "whataboutism"]
LIMIT_MB = 2048
ARTICLES_PER_CHUNK = 2_000


def synthetic_chunk(rng: np.random.Generator, first: int, articles: int, per_article: int) -> dict[str, np.ndarray]:
    """Columns of ``articles`` articles, one row per sentence (article-level columns repeated)."""
    article = np.repeat(np.arange(first, first + articles), per_article)
    outlet = article % 40
    month = (article * 7919) % 36
    drift = (outlet[:, None] % 5 - 2) * 0.4 + np.sin(month[:, None] / 6 + np.arange(len(LABELS))) * 0.5
    scores = 1 / (1 + np.exp(-rng.normal(-2.6 + drift, 1.6)))
    speaker = rng.integers(0, 2_000, size=len(article))
    attributed = rng.random(len(article)) < 0.4
    return {
        "article": article,
        "index": np.tile(np.arange(per_article), articles),
        "outlet": outlet,
        "month": month,
        "day": (article % 28) + 1,
        "scores": scores,
        "speaker": np.where(attributed, speaker, -1),
    }


def _texts(chunk: dict[str, np.ndarray]) -> list[str]:
    return [
        f"Sentence {i} of article a{a:07d}, about as long as a sentence of wire copy quoting an official on policy."
        for a, i in zip(chunk["article"].tolist(), chunk["index"].tolist(), strict=True)
    ]


def _dates(chunk: dict[str, np.ndarray]) -> list[str]:
    return [
        f"{2022 + m // 12}-{m % 12 + 1:02d}-{d:02d}"
        for m, d in zip(chunk["month"].tolist(), chunk["day"].tolist(), strict=True)
    ]


def _speakers(chunk: dict[str, np.ndarray]) -> list[str | None]:
    return [f"Spokesperson {s:04d}" if s >= 0 else None for s in chunk["speaker"].tolist()]


def _labels(chunk: dict[str, np.ndarray]) -> list[list[str]]:
    on = chunk["scores"] >= 0.5
    return [[LABELS[j] for j in np.flatnonzero(row)] for row in on]


def sentence_table(chunk: dict[str, np.ndarray]) -> pa.Table:
    return pa.table(
        {
            "id": [f"a{a:07d}" for a in chunk["article"].tolist()],
            "outlet": [f"Outlet {o:02d}" for o in chunk["outlet"].tolist()],
            "date": _dates(chunk),
            "index": chunk["index"],
            "start": chunk["index"] * 110,
            "end": chunk["index"] * 110 + 105,
            "text": _texts(chunk),
            "labels": ["|".join(names) for names in _labels(chunk)],
            "speaker": _speakers(chunk),
            **{f"score_{name}": chunk["scores"][:, j] for j, name in enumerate(LABELS)},
        }
    )


def article_table(chunk: dict[str, np.ndarray], per_article: int) -> pa.Table:
    flat = sentence_table(chunk)
    labels = pa.array(_labels(chunk), pa.list_(pa.string()))
    scores = pa.StructArray.from_arrays([flat.column(f"score_{n}").combine_chunks() for n in LABELS], names=LABELS)
    sentence = pa.StructArray.from_arrays(
        [flat.column(name).combine_chunks() for name in ("index", "start", "end", "text")]
        + [labels, scores, flat.column("speaker").combine_chunks()],
        names=["index", "start", "end", "text", "labels", "scores", "speaker"],
    )
    articles = len(flat) // per_article
    offsets = pa.array(np.arange(0, len(flat) + 1, per_article, dtype="int32"))
    first = np.arange(articles) * per_article
    return pa.table(
        {
            "id": flat.column("id").take(first),
            "outlet": flat.column("outlet").take(first),
            "date": flat.column("date").take(first),
            "labels": pa.array([LABELS] * articles, pa.list_(pa.string())),
            "sentences": pa.ListArray.from_arrays(offsets, sentence),
            "summary": pa.StructArray.from_arrays([pa.array(np.full(articles, per_article))], names=["sentence_count"]),
        }
    )


def write_archives(folder: Path, sentences: int, per_article: int) -> tuple[Path, Path]:
    rng = np.random.default_rng(20)
    articles = sentences // per_article
    paths = folder / "scored.parquet", folder / "scored.sentences.parquet"
    writers: list[pq.ParquetWriter | None] = [None, None]
    for first in range(0, articles, ARTICLES_PER_CHUNK):
        chunk = synthetic_chunk(rng, first, min(ARTICLES_PER_CHUNK, articles - first), per_article)
        for k, table in enumerate((article_table(chunk, per_article), sentence_table(chunk))):
            if writers[k] is None:
                writers[k] = pq.ParquetWriter(paths[k], table.schema)
            writers[k].write_table(table)  # type: ignore[union-attr]
    for writer in writers:
        if writer is not None:
            writer.close()
    return paths


def measure(source: Path, output: Path) -> dict:
    """Run the report in a child process; its own peak RSS comes from wait4's rusage."""
    command = [sys.executable, "-m", "service.cli", "report", str(source), "-o", str(output)]
    command += ["--by", "outlet", "--by", "month"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"report failed on {source}")
    return {
        "input": source.name,
        "input_mb": round(source.stat().st_size / 2**20, 1),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "html_mb": round(output.stat().st_size / 2**20, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--per-article", type=int, default=20)
    parser.add_argument("--keep-files", type=Path, help="Write the archives and reports here and keep them.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="framescope-report-bench-") as temp:
        folder = args.keep_files or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        archives = write_archives(folder, args.sentences, args.per_article)
        print(f"wrote {args.sentences:,} sentences in two layouts in {time.perf_counter() - started:.0f}s", flush=True)
        rows = [measure(path, folder / f"{path.stem}.html") for path in archives]
    for row, layout in zip(rows, ("article rows", "per-sentence table"), strict=True):
        row["layout"] = layout
        row["pass"] = row["peak_rss_mb"] < LIMIT_MB
    result = {
        "sentences": args.sentences,
        "articles": args.sentences // args.per_article,
        "command": "framescope report SCORED.parquet -o report.html --by outlet --by month",
        "limit_mb": LIMIT_MB,
        "runs": rows,
    }
    lines = [
        f"`framescope report` on {args.sentences:,} sentences ({result['articles']:,} articles, 40 outlets, "
        "36 months), `--by outlet --by month`, HTML:",
        "",
        "| input (Parquet) | size MB | seconds | peak RSS MB | HTML MB | under 2 GB |",
        "|---|---:|---:|---:|---:|---|",
        *(
            f"| {r['layout']} | {r['input_mb']} | {r['seconds']} | {r['peak_rss_mb']} | {r['html_mb']} | "
            f"{'yes' if r['pass'] else 'NO'} |"
            for r in rows
        ),
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "report.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if not all(r["pass"] for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
