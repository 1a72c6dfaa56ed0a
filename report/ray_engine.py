"""`framescope report --engine ray`: the same tables aggregated on Ray Data, for archives that live on a cluster.

Ray reads the file (``read_parquet`` with the columns the report needs, or ``read_text`` for JSONL), builds the
sentence frames with the local engine's functions (``report.read``), and aggregates them with Ray Data
``groupby``: article counts by article, speaker counts by speaker, label pairs by pair; the example sentences are
cut to the top few per block on the workers and merged on the driver. Only these tables come back to the driver,
and ``finalize`` turns them into the same figures as the local engine. Install with ``pip install .[ray]``.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from report.aggregate import (
    Tables,
    article_keys,
    cooccurrence_partial,
    count_columns,
    example_partial,
    merge_counts,
    top_examples,
)
from report.read import ReportSpec, frame_from_arrow, frame_from_lines


def tables_with_ray(
    spec: ReportSpec, examples: int = 3, address: str | None = None, num_cpus: int | None = None
) -> Tables:
    import ray

    if not ray.is_initialized():
        ray.init(
            address=address,
            num_cpus=num_cpus if address is None else None,
            include_dashboard=False,
            log_to_driver=False,
            ignore_reinit_error=True,
        )
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # one INFO line per pass otherwise
    frames = _sentence_frames(ray, spec)
    counts = count_columns(spec)
    articles = _sum_by(frames, article_keys(spec), counts, attributed_only=False)
    speakers = _sum_by(frames, ["speaker"], counts, attributed_only=True)
    matrix, none = _cooccurrence(frames, spec)
    top = frames.map_batches(_examples_batch, batch_format="pandas", fn_kwargs={"spec": spec, "k": examples})
    return Tables(
        articles=articles,
        cooccurrence=matrix,
        none=none,
        speakers=speakers,
        examples=top_examples(_collect(top), examples),
    )


def _sentence_frames(ray, spec: ReportSpec):
    if spec.fmt == "parquet":
        dataset = ray.data.read_parquet(spec.path, columns=spec.input_columns())
        return dataset.map_batches(_frames_from_arrow, batch_format="pyarrow", fn_kwargs={"spec": spec})
    dataset = ray.data.read_text(spec.path)
    return dataset.map_batches(_frames_from_text, batch_format="pandas", fn_kwargs={"spec": spec})


def _frames_from_arrow(batch, spec: ReportSpec) -> pd.DataFrame:
    return frame_from_arrow(batch, spec)


def _frames_from_text(batch: pd.DataFrame, spec: ReportSpec) -> pd.DataFrame:
    return frame_from_lines(batch["text"].tolist(), spec)


def _project(batch: pd.DataFrame, columns: list[str], attributed_only: bool) -> pd.DataFrame:
    if attributed_only:
        batch = batch[batch["speaker"].notna()]
    return batch[columns]


def _sum_by(frames, keys: list[str], counts: list[str], attributed_only: bool) -> pd.DataFrame:
    from ray.data.aggregate import Sum

    projected = frames.map_batches(
        _project, batch_format="pandas", fn_kwargs={"columns": keys + counts, "attributed_only": attributed_only}
    )
    summed = projected.groupby(keys).aggregate(*(Sum(on=name, alias_name=name) for name in counts))
    return merge_counts([_collect(summed)], keys, counts)


def _pairs_batch(batch: pd.DataFrame, spec: ReportSpec) -> pd.DataFrame:
    """Label pairs of this block as rows (a, b, count); the row (-1, -1) counts sentences with no label."""
    matrix, none = cooccurrence_partial(batch, spec)
    size = len(spec.labels)
    a, b = np.divmod(np.arange(size * size), size)
    return pd.DataFrame(
        {"a": [*a.tolist(), -1], "b": [*b.tolist(), -1], "count": [*matrix.ravel().tolist(), none]}
    ).astype("int64")


def _cooccurrence(frames, spec: ReportSpec) -> tuple[np.ndarray, int]:
    from ray.data.aggregate import Sum

    pairs = frames.map_batches(_pairs_batch, batch_format="pandas", fn_kwargs={"spec": spec})
    summed = _collect(pairs.groupby(["a", "b"]).aggregate(Sum(on="count", alias_name="count")))
    size = len(spec.labels)
    matrix = np.zeros((size, size), dtype="int64")
    none = 0
    for a, b, count in summed[["a", "b", "count"]].itertuples(index=False):
        if a < 0:
            none = int(count)
        else:
            matrix[int(a), int(b)] = int(count)
    return matrix, none


def _examples_batch(batch: pd.DataFrame, spec: ReportSpec, k: int) -> pd.DataFrame:
    return example_partial(batch, spec, k)


def _collect(dataset: Any) -> pd.DataFrame:
    """A (small) aggregated dataset as one pandas frame on the driver; empty when Ray returns no blocks."""
    frames = [batch for batch in dataset.iter_batches(batch_format="pandas", batch_size=None) if len(batch)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
