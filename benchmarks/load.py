"""`make load`: 32 concurrent clients for 60 s against the real server on loopback, bounded in time.

    .venv/bin/python benchmarks/load.py [--model artifacts/default] [--clients 32] [--seconds 60]

Passes when no response is an error other than the documented 503 back-pressure, and the server's resident
memory after the run is within 10% of its memory after warm-up (no leak). Reports p50/p95 latency and
throughput; writes benchmarks/results/load.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import articles_of_about, percentile  # noqa: E402
from service.launcher import running_server  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def hammer(base: str, articles: list[str], clients: int, seconds: float) -> tuple[Counter, list[float], int]:
    statuses: Counter = Counter()
    latencies: list[float] = []
    sentences = 0
    stop_at = time.monotonic() + seconds

    async def client(number: int, session: httpx.AsyncClient) -> None:
        nonlocal sentences
        i = number
        while time.monotonic() < stop_at:
            text = articles[i % len(articles)]
            i += clients
            t0 = time.perf_counter()
            try:
                response = await session.post(f"{base}/v1/score", json={"text": text})
            except httpx.HTTPError as error:
                statuses[type(error).__name__] += 1
                continue
            latencies.append(time.perf_counter() - t0)
            statuses[response.status_code] += 1
            if response.status_code == 200:
                sentences += response.json()["summary"]["sentence_count"]
            elif response.status_code == 503:
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as session:
        await asyncio.gather(*(client(n, session) for n in range(clients)))
    return statuses, latencies, sentences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "artifacts" / "default")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    articles = articles_of_about(20, 64)
    with running_server(args.model) as server:
        base = server.base
        asyncio.run(hammer(base, articles, args.clients, min(10.0, args.seconds / 6)))  # warm-up
        warm = rss_mb(server.process.pid)
        started = time.perf_counter()
        statuses, latencies, sentences = asyncio.run(hammer(base, articles, args.clients, args.seconds))
        elapsed = time.perf_counter() - started
        after = rss_mb(server.process.pid)
    errors = {str(k): v for k, v in statuses.items() if k not in (200, 503)}
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "responses": {str(k): v for k, v in statuses.items()},
        "errors": errors,
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "sentences_per_s": round(sentences / elapsed, 1),
        "rss_after_warmup_mb": round(warm, 1),
        "rss_after_run_mb": round(after, 1),
        "rss_growth": round(after / warm - 1, 4),
    }
    report["passed"] = not errors and report["rss_growth"] <= 0.10
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(report, indent=2) + "\n")
    summary = (
        f"{args.clients} clients for {report['seconds']} s: responses {report['responses']}, "
        f"errors {errors or 'none'}, "
        f"p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, {report['sentences_per_s']} sentences/s, "
        f"RSS {report['rss_after_warmup_mb']} -> {report['rss_after_run_mb']} MB ({report['rss_growth']:+.1%}): "
        f"{'PASS' if report['passed'] else 'FAIL'}"
    )
    (RESULTS / "load.md").write_text(f"Measured {report['date']} with `make load`: {summary}\n")
    print(summary)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
