"""`framescope score --engine ray`: the same scoring on Ray Data, for a cluster or local Ray.

Input rows are read on the driver by the local engine's readers (so ids, errors, kept columns and formats are
identical), shipped to Ray in blocks, scored by ``map_batches`` over an actor pool whose actors each load the model
once, and written back in input order through the local engine's sinks; results are therefore row-for-row the same
as ``--engine local``. Install with ``pip install .[ray]``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from models.batch import InputRow, RunOutputs, ScoreStats, _skip_done, iter_input

ROWS_PER_DATASET = 4096  # bounds driver memory: rows go to Ray in windows of this size


class _Scorer:
    """A Ray actor: loads the model once, then scores batches of texts."""

    def __init__(self, model_path: str) -> None:
        from models.modeling import FramingModel

        self.model = FramingModel.load(model_path)

    def __call__(self, batch: dict) -> dict:
        texts = list(batch["text"])
        results = self.model.score_articles(texts)
        return {"position": batch["position"], "result": [json.dumps(r.to_dict()) for r in results]}


def score_with_ray(
    model_path: str | Path,
    source: str,
    output: str,
    text_field: str = "text",
    id_field: str = "id",
    chunk_size: int = 32,
    fmt: str | None = None,
    resume: bool = False,
    per_sentence: bool = False,
    address: str | None = None,
    num_actors: int = 1,
    num_cpus: int | None = None,
    keep: Sequence[str] = (),
) -> ScoreStats:
    import ray

    if not ray.is_initialized():
        ray.init(
            address=address,
            num_cpus=num_cpus if address is None else None,
            include_dashboard=False,
            log_to_driver=False,
            ignore_reinit_error=True,
        )
    model_path = Path(model_path).resolve()  # actors may run elsewhere: relative paths would not resolve there
    outputs = RunOutputs(source, output, fmt, resume, per_sentence, keep)
    stats = ScoreStats()
    rows = _skip_done(iter_input(source, text_field, id_field, outputs.keep), outputs.done, stats)
    started = time.perf_counter()
    try:
        while window := list(islice(rows, ROWS_PER_DATASET)):
            results = _score_window(ray, str(model_path), window, chunk_size, num_actors)
            for begin in range(0, len(window), chunk_size):
                outputs.write(
                    zip(window[begin : begin + chunk_size], results[begin : begin + chunk_size], strict=True), stats
                )
    finally:
        outputs.close()
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats


def _score_window(ray, model_path: str, window: list[InputRow], chunk_size: int, num_actors: int) -> list[dict | None]:
    good = [(i, row.text) for i, row in enumerate(window) if row.text is not None]
    results: list[dict | None] = [None] * len(window)
    if not good:
        return results
    dataset = ray.data.from_items([{"position": i, "text": text} for i, text in good])
    scored = dataset.map_batches(
        _Scorer,
        fn_constructor_kwargs={"model_path": model_path},
        batch_size=chunk_size,
        concurrency=num_actors,
        batch_format="numpy",
    )
    for row in scored.iter_rows():
        results[int(row["position"])] = json.loads(row["result"])
    return results
