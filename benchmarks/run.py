"""`make bench`: throughput and latency of framescope against the naive path, measured in one run.

    .venv/bin/python benchmarks/run.py [--model artifacts/default] [--repeats 3] [--quick]

Measures, on the same machine in one run:
1. naive: ``transformers.pipeline("text-classification", top_k=None)`` on the same artifact, called once per
   pre-split sentence (what a user would write by hand);
2. ``FramingModel.score_article`` on the inference core, article by article;
   with each backend and precision (torch fp32/bf16, OpenVINO fp32/bf16);
3. the HTTP service end to end with 1 and 16 concurrent clients posting a ~20-sentence article, served with
   the default engine (torch fp32) and with the fastest one that passes the accuracy check;
4. ``framescope score`` on a 2,000-article JSONL with that fast engine.
Each is repeated; medians are reported with the ratio to the naive baseline measured in the same run, plus
p50/p95 latency per article and peak resident memory. Every reduced-precision or alternative engine is checked
against torch fp32 on the dev split (identical labels on >= 99% of sentences, macro-F1 within 0.01).
Writes benchmarks/results/latest.{json,md}; takes about 6 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.modeling import FramingModel  # noqa: E402
from models.segmentation import segment  # noqa: E402
from service.launcher import running_server  # noqa: E402
from training.corpus import DEFAULT_CORPUS, load_corpus  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def articles_of_about(n_sentences: int, count: int) -> list[str]:
    """Corpus articles (dev/test/challenge first) trimmed or joined to about ``n_sentences`` sentences each."""
    pool = [a for a in load_corpus(DEFAULT_CORPUS) if a.split != "train"]
    texts: list[str] = []
    buffer: list[str] = []
    for article in pool * 50:
        buffer += article.sentence_texts()
        while len(buffer) >= n_sentences:
            texts.append(" ".join(buffer[:n_sentences]))
            buffer = buffer[n_sentences:]
            if len(texts) == count:
                return texts
    return texts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def naive_pipeline(model_path: Path):
    from transformers import pipeline

    return pipeline("text-classification", model=str(model_path), top_k=None, device=-1)


def measure_naive(classify, articles: list[str]) -> dict:
    latencies, sentences = [], 0
    started = time.perf_counter()
    for text in articles:
        split = [s.text for s in segment(text)]  # pre-split: the naive path is given sentences
        t0 = time.perf_counter()
        for sentence in split:
            classify(sentence)
        latencies.append(time.perf_counter() - t0)
        sentences += len(split)
    return summarize(sentences, time.perf_counter() - started, latencies)


def measure_core(model: FramingModel, articles: list[str]) -> dict:
    latencies, sentences = [], 0
    started = time.perf_counter()
    for text in articles:
        t0 = time.perf_counter()
        result = model.score_article(text)
        latencies.append(time.perf_counter() - t0)
        sentences += len(result.sentences)
    return summarize(sentences, time.perf_counter() - started, latencies)


def precision_check(reference: FramingModel, candidate: FramingModel) -> dict:
    """Labels of an engine against torch fp32 on the dev split (kept only at >= 99% identical, ΔF1 <= 0.01)."""
    import numpy as np

    from training.corpus import label_matrix, sentence_examples
    from training.evaluation import multilabel_metrics

    dev = sentence_examples(load_corpus(DEFAULT_CORPUS), ["dev"])
    texts, contexts = [e.text for e in dev], [e.context for e in dev]
    cut = np.array([reference.thresholds[n] for n in reference.label_names])
    gold = label_matrix(dev, reference.labels)
    ref = reference.predict(texts, contexts=contexts) >= cut
    cand = candidate.predict(texts, contexts=contexts) >= cut
    f1_ref = multilabel_metrics(gold, ref, reference.label_names)["macro_f1"]
    f1_cand = multilabel_metrics(gold, cand, reference.label_names)["macro_f1"]
    identical = float(np.mean(np.all(ref == cand, axis=1)))
    return {
        "identical_label_share": round(identical, 4),
        "macro_f1_fp32": f1_ref,
        "macro_f1": f1_cand,
        "passes": identical >= 0.99 and abs(f1_ref - f1_cand) <= 0.01,
    }


def summarize(sentences: int, seconds: float, latencies: list[float]) -> dict:
    return {
        "sentences_per_s": round(sentences / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "seconds": round(seconds, 2),
    }


async def http_load(base: str, article: str, clients: int, requests_per_client: int) -> tuple[list[float], int]:
    import httpx

    latencies: list[float] = []
    sentences = 0

    async def client(session: httpx.AsyncClient) -> None:
        nonlocal sentences
        for _ in range(requests_per_client):
            t0 = time.perf_counter()
            response = await session.post(
                f"{base}/v1/score", content=article.encode(), headers={"content-type": "text/plain"}
            )
            latencies.append(time.perf_counter() - t0)
            response.raise_for_status()
            sentences += response.json()["summary"]["sentence_count"]

    async with httpx.AsyncClient(timeout=120) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    return latencies, sentences


def engine_env(engine: tuple[str, str]) -> dict[str, str]:
    backend, precision = engine
    return {**os.environ, "FRAMESCOPE_BACKEND": backend, "FRAMESCOPE_PRECISION": precision}


def measure_http(model_path: Path, article: str, requests: int, repeats: int, engine: tuple[str, str]) -> dict:
    """One server for the engine; ``repeats`` rounds of 1 then 16 clients; medians per client count."""
    with running_server(model_path, engine_env(engine)) as server:
        base = server.base
        asyncio.run(http_load(base, article, 1, 3))  # warm-up
        runs: dict[int, list[dict]] = {1: [], 16: []}
        for _ in range(repeats):
            for clients, count in ((1, max(1, requests // 4)), (16, max(1, requests // 16))):
                started = time.perf_counter()
                latencies, sentences = asyncio.run(http_load(base, article, clients, count))
                runs[clients].append(summarize(sentences, time.perf_counter() - started, latencies))
        return {clients: median_of(rows) for clients, rows in runs.items()}


def measure_cli(model_path: Path, count: int, engine: tuple[str, str]) -> dict:
    articles = articles_of_about(8, count)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        source.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(articles)))
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "service.cli",
                "score",
                str(source),
                "-o",
                str(Path(folder) / "o.jsonl"),
                "--model",
                str(model_path),
                "--quiet",
            ],
            cwd=ROOT,
            env=engine_env(engine),
            check=True,
        )
        seconds = time.perf_counter() - started
        with open(Path(folder) / "o.jsonl", encoding="utf-8") as handle:
            sentences = sum(len(json.loads(line)["sentences"]) for line in handle)
    return {"articles": len(articles), **summarize(sentences, seconds, [])}


def median_of(runs: list[dict]) -> dict:
    keys = [k for k in runs[0] if isinstance(runs[0][k], int | float)]
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in keys} | {"repeats": len(runs)}


def to_markdown(report: dict) -> str:
    lines = [
        f"Measured {report['date']} on {report['machine']} (torch threads {report['torch_threads']}), "
        f"model `{report['model']}`; medians of {report['repeats']} repeats; `make bench` reproduces.",
        "",
        "| path | engine | sentences/s | p50 ms/article | p95 ms/article | × naive |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, row in report["results"].items():
        lines.append(
            f"| {name} | {row.get('engine', '-')} | {row['sentences_per_s']} | {row.get('p50_ms') or '-'} | "
            f"{row.get('p95_ms') or '-'} | {row.get('ratio_to_naive', '-')} |"
        )
    lines += ["", "Engines against torch fp32 on the dev split (kept at >= 99% identical labels, ΔF1 <= 0.01):", ""]
    lines += ["| engine | identical labels | macro-F1 | macro-F1 fp32 | passes |", "|---|---:|---:|---:|---|"]
    for engine, check in report["engine_checks"].items():
        lines.append(
            f"| {engine} | {check['identical_label_share']:.2%} | {check['macro_f1']} | {check['macro_f1_fp32']} | "
            f"{'yes' if check['passes'] else 'no'} |"
        )
    targets = report["targets"]
    lines += [
        "",
        f"Fast engine for the service and the CLI: {report['fast_engine']}. Peak resident memory of the benchmark "
        f"process: {report['peak_rss_mb']} MB; the whole run took {report['wall_seconds']} s.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for name, target in targets.items():
        lines.append(f"| {name} | {target['measured']} | {'yes' if target['met'] else 'no'} |")
    return "\n".join(lines) + "\n"


ENGINES = [("torch", "fp32"), ("torch", "bf16"), ("openvino", "fp32"), ("openvino", "bf16")]


def engine_name(engine: tuple[str, str]) -> str:
    return f"{engine[0]} {engine[1]}"


def measure_engines(model_path: Path, articles: list[str], repeats: int) -> tuple[dict, dict, dict]:
    """Naive pipeline and score_article per engine (rows), their accuracy checks, and the loaded models."""
    models = {engine: FramingModel.load(model_path, backend=engine[0], precision=engine[1]) for engine in ENGINES}
    for model in models.values():
        model.score_article(articles[0])  # warm-up
    classify = naive_pipeline(model_path)
    measure_naive(classify, articles[:1])  # warm-up, as for the engines
    runs: dict[str, list[dict]] = {"naive_pipeline": []} | {f"score_article {engine_name(e)}": [] for e in ENGINES}
    for _ in range(repeats):
        runs["naive_pipeline"].append(measure_naive(classify, articles))
        for engine, model in models.items():
            runs[f"score_article {engine_name(engine)}"].append(measure_core(model, articles))
    rows = {name: median_of(r) for name, r in runs.items()}
    rows["naive_pipeline"]["engine"] = "transformers pipeline"
    for engine in ENGINES:
        rows[f"score_article {engine_name(engine)}"]["engine"] = engine_name(engine)
    reference = models[("torch", "fp32")]
    checks = {engine_name(e): precision_check(reference, m) for e, m in models.items() if e != ("torch", "fp32")}
    return rows, checks, models


def fastest_passing(rows: dict, checks: dict) -> tuple[str, str]:
    passing = [e for e in ENGINES if e == ("torch", "fp32") or checks[engine_name(e)]["passes"]]
    return max(passing, key=lambda e: rows[f"score_article {engine_name(e)}"]["sentences_per_s"])


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "artifacts" / "default")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="Fewer articles (a smoke run).")
    args = parser.parse_args()
    started = time.perf_counter()
    articles = articles_of_about(20, 8 if args.quick else 40)
    results, checks, models = measure_engines(args.model, articles, args.repeats)
    del models
    fast = fastest_passing(results, checks)
    for engine in dict.fromkeys([("torch", "fp32"), fast]):
        http = measure_http(args.model, articles[0], 32 if args.quick else 128, args.repeats, engine)
        for clients, row in http.items():
            results[f"http {clients} client{'s' if clients > 1 else ''}, {engine_name(engine)}"] = row | {
                "engine": engine_name(engine)
            }
    results["framescope score (cli)"] = measure_cli(args.model, 200 if args.quick else 2000, fast) | {
        "engine": engine_name(fast)
    }
    base = results["naive_pipeline"]["sentences_per_s"]
    for row in results.values():
        row["ratio_to_naive"] = round(row["sentences_per_s"] / base, 2)
    http16 = results[f"http 16 clients, {engine_name(fast)}"]
    http1 = results[f"http 1 client, {engine_name(fast)}"]
    core = results[f"score_article {engine_name(fast)}"]
    cli = results["framescope score (cli)"]
    targets = {
        "HTTP, 16 clients: >= 10x naive sentences/s": {
            "measured": f"{http16['ratio_to_naive']}x",
            "met": http16["ratio_to_naive"] >= 10,
        },
        "HTTP p50 for a 20-sentence article <= 50 ms": {
            "measured": f"{http1['p50_ms']} ms (1 client)",
            "met": http1["p50_ms"] <= 50,
        },
        "framescope score within 20% of score_article": {
            "measured": f"{cli['sentences_per_s'] / core['sentences_per_s']:.0%} of its sentences/s",
            "met": cli["sentences_per_s"] >= 0.8 * core["sentences_per_s"],
        },
    }
    trained = FramingModel.load(args.model, verify=False).info.training
    if trained.get("fit_seconds"):
        targets["training the default model < 5 min on 2 cores"] = {
            "measured": f"{trained['fit_seconds'] / 60:.1f} min of fine-tuning ({trained['train_sentences']} "
            f"sentences, {trained['epochs']} epochs, {trained['torch_threads']} threads; from the artifact)",
            "met": trained["fit_seconds"] < 300,
        }
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"torch {torch.__version__} ({torch.backends.cpu.get_cpu_capability()})",
        "torch_threads": torch.get_num_threads(),
        "model": str(args.model),
        "repeats": args.repeats,
        "results": results,
        "engine_checks": checks,
        "fast_engine": engine_name(fast),
        "targets": targets,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(to_markdown(report))
    print(to_markdown(report))


if __name__ == "__main__":
    main()
