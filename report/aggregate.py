"""Aggregation: partial tables per batch that merge by addition (both engines), then the report's figures.

Every figure of the report comes from four small tables (``Tables``), none of which holds a row per sentence:

- ``articles``: one row per article (``id``, its group values ``g0``..., its ``period``) with its sentence count
  ``n`` and its count of sentences carrying each label ``c0``...; shares per group, per group and period, and the
  bootstrap intervals (which resample articles) are all computed from it;
- ``cooccurrence``: sentences carrying label *a* and label *b* (the diagonal: sentences carrying *a*), and ``none``;
- ``speakers``: per speaker, sentences attributed to them and how many carry each label;
- ``examples``: the highest-scoring sentences per grouping, group and label (``top_examples``).

Memory grows with the number of articles and distinct speakers, never with the number of sentences.
``finalize`` turns the tables into the aggregates (a JSON-ready dict) that ``--format json`` writes and the HTML
page draws; it sorts everything it reads, so the order rows arrived in (one file, or Ray's blocks) never matters.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pandas as pd

from report.read import ReportSpec, iter_frames

ALL_DIMENSION = "(all)"
ALL_GROUP = "all articles"
BOOTSTRAP_CELLS = 500_000  # resampled article rows held at once while bootstrapping (memory ~ 40 bytes each)


@dataclass(frozen=True)
class ReportOptions:
    max_groups: int = 12
    """Groups shown per ``--by`` column (most articles first); the rest are pooled as one "other" group; 0: all."""
    bootstrap: int = 1000
    """Resamples of articles for the confidence intervals (0: none)."""
    confidence: float = 0.95
    seed: int = 0
    examples: int = 3
    """Highest-scoring sentences kept per grouping, group and label."""
    speakers: int = 10
    """Speakers listed per label."""
    link_template: str | None = None
    """Example links: ``{id}`` is replaced by the article id (default: the file's link column, if any)."""


@dataclass
class Tables:
    articles: pd.DataFrame
    cooccurrence: np.ndarray
    none: int
    speakers: pd.DataFrame
    examples: pd.DataFrame


def dimensions(spec: ReportSpec) -> list[str]:
    """The groupings compared: the ``--by`` columns, or the whole archive as one group."""
    return list(spec.groups) or [ALL_DIMENSION]


def group_columns(spec: ReportSpec) -> list[str]:
    return [f"g{i}" for i in range(len(spec.groups))]


def article_keys(spec: ReportSpec) -> list[str]:
    return ["id", *group_columns(spec), *(["period"] if spec.time_unit else [])]


def count_columns(spec: ReportSpec) -> list[str]:
    return ["n", *(f"c{j}" for j in range(len(spec.labels)))]


# -- per batch -----------------------------------------------------------------------------------------------
def article_partial(frame: pd.DataFrame, spec: ReportSpec) -> pd.DataFrame:
    keys = article_keys(spec)
    return frame.groupby(keys, sort=False)[count_columns(spec)].sum().reset_index()


def cooccurrence_partial(frame: pd.DataFrame, spec: ReportSpec) -> tuple[np.ndarray, int]:
    flags = frame[count_columns(spec)[1:]].to_numpy(dtype="int64")
    return flags.T @ flags, int((flags.sum(axis=1) == 0).sum())


def speaker_partial(frame: pd.DataFrame, spec: ReportSpec) -> pd.DataFrame:
    attributed = frame[frame["speaker"].notna()]
    return attributed.groupby("speaker", sort=False)[count_columns(spec)].sum().reset_index()


EXAMPLE_COLUMNS = ["dim", "group", "label", "score", "id", "index", "text", "speaker", "link"]


def example_partial(frame: pd.DataFrame, spec: ReportSpec, k: int) -> pd.DataFrame:
    """The top ``k`` labeled sentences of this batch per grouping, group and label."""
    parts = []
    for j in range(len(spec.labels)):
        labeled = frame[frame[f"c{j}"] == 1]
        if labeled.empty:
            continue
        for i, column in enumerate(group_columns(spec) or [None]):
            part = pd.DataFrame(
                {
                    "dim": i,
                    "group": labeled[column] if column else ALL_GROUP,
                    "label": j,
                    "score": labeled[f"s{j}"],
                    "id": labeled["id"],
                    "index": labeled["index"],
                    "text": labeled["text"],
                    "speaker": labeled["speaker"],
                    "link": labeled["link"],
                }
            )
            parts.append(top_examples(part, k))
    return top_examples(pd.concat(parts, ignore_index=True), k) if parts else empty_examples()


def empty_examples() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in EXAMPLE_COLUMNS})


def top_examples(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """The ``k`` highest scores per (dim, group, label); ties go to the lower article id, then sentence index."""
    if frame.empty:
        return empty_examples()
    ordered = frame.sort_values(
        ["dim", "group", "label", "score", "id", "index"], ascending=[True, True, True, False, True, True]
    )
    return ordered.groupby(["dim", "group", "label"], sort=False).head(k).reset_index(drop=True)


# -- merging -------------------------------------------------------------------------------------------------
def merge_counts(parts: Iterable[pd.DataFrame], keys: list[str], counts: list[str]) -> pd.DataFrame:
    """Sum count rows with equal keys; sorted by the keys (int64 counts)."""
    frames = [part for part in parts if not part.empty]
    if not frames:
        return pd.DataFrame({**{key: pd.Series([], dtype=object) for key in keys}, **dict.fromkeys(counts, 0)})
    merged = pd.concat(frames, ignore_index=True).groupby(keys, sort=True)[counts].sum().reset_index()
    return merged.astype(dict.fromkeys(counts, "int64"))


class Accumulator:
    """The local engine's running totals: feed it sentence frames, then take ``tables()``."""

    COMPACT_ROWS = 200_000

    def __init__(self, spec: ReportSpec, examples: int) -> None:
        self.spec = spec
        self.k = examples
        labels = len(spec.labels)
        self.articles: list[pd.DataFrame] = []
        self.article_rows = 0
        self.cooccurrence = np.zeros((labels, labels), dtype="int64")
        self.none = 0
        self.speakers: list[pd.DataFrame] = []
        self.speaker_rows = 0
        self.examples = empty_examples()

    def add(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        spec, counts = self.spec, count_columns(self.spec)
        part = article_partial(frame, spec)
        self.articles.append(part)
        self.article_rows += len(part)
        if self.article_rows > self.COMPACT_ROWS and len(self.articles) > 1:
            self.articles = [merge_counts(self.articles, article_keys(spec), counts)]
            self.article_rows = len(self.articles[0])
        matrix, none = cooccurrence_partial(frame, spec)
        self.cooccurrence += matrix
        self.none += none
        speakers = speaker_partial(frame, spec)
        self.speakers.append(speakers)
        self.speaker_rows += len(speakers)
        if self.speaker_rows > self.COMPACT_ROWS and len(self.speakers) > 1:
            self.speakers = [merge_counts(self.speakers, ["speaker"], counts)]
            self.speaker_rows = len(self.speakers[0])
        self.examples = top_examples(
            pd.concat([self.examples, example_partial(frame, spec, self.k)], ignore_index=True), self.k
        )

    def tables(self) -> Tables:
        counts = count_columns(self.spec)
        return Tables(
            articles=merge_counts(self.articles, article_keys(self.spec), counts),
            cooccurrence=self.cooccurrence,
            none=self.none,
            speakers=merge_counts(self.speakers, ["speaker"], counts),
            examples=self.examples,
        )


def tables_local(spec: ReportSpec, examples: int = 3) -> Tables:
    """Stream the file once, a batch at a time."""
    accumulator = Accumulator(spec, examples)
    for frame in iter_frames(spec):
        accumulator.add(frame)
    return accumulator.tables()


# -- figures -------------------------------------------------------------------------------------------------
def finalize(tables: Tables, spec: ReportSpec, options: ReportOptions | None = None) -> dict:
    """The aggregates: totals, shares per group with bootstrap intervals, shares per group and period,
    co-occurrence, top speakers per label and example sentences; plain JSON types only."""
    options = options or ReportOptions()
    labels = list(spec.labels)
    counts = count_columns(spec)
    articles = tables.articles.sort_values(article_keys(spec), ignore_index=True)
    total_sentences = int(articles["n"].sum())
    labeled = {name: int(articles[f"c{j}"].sum()) for j, name in enumerate(labels)}
    result: dict = {
        "source": spec.path,
        "layout": spec.layout,
        "labels": labels,
        "by": {"groups": list(spec.groups), "time": spec.time_unit, "date_field": spec.date_field},
        "settings": {
            "max_groups": options.max_groups,
            "bootstrap": options.bootstrap,
            "confidence": options.confidence,
            "seed": options.seed,
            "examples": options.examples,
            "speakers": options.speakers,
        },
        "totals": {
            "articles": len(articles),
            "sentences": total_sentences,
            "labeled": labeled,
            "share": {name: _share(count, total_sentences) for name, count in labeled.items()},
            "none": int(tables.none),
            "attributed": int(tables.speakers["n"].sum()) if len(tables.speakers) else 0,
        },
        "groups": {},
        "over_time": {},
        "cooccurrence": {"labels": labels, "counts": tables.cooccurrence.astype(int).tolist()},
        "speakers": _top_speakers(tables.speakers, labels, options.speakers),
        "examples": {},
    }
    if spec.time_unit:
        dated = articles[articles["period"] != ""]
        result["totals"]["dated_articles"] = len(dated)
        result["totals"]["periods"] = sorted(dated["period"].unique().tolist())
    for i, dimension in enumerate(dimensions(spec)):
        column = f"g{i}" if spec.groups else None
        names = articles[column] if column else pd.Series(ALL_GROUP, index=articles.index, dtype=object)
        shown = _shown_groups(names, articles["n"], options.max_groups)
        mapped = names.map(shown)
        order = list(dict.fromkeys(shown.values()))
        result["groups"][dimension] = [
            _group_row(dimension, group, articles[mapped == group], labels, options) for group in order
        ]
        if spec.time_unit:
            result["over_time"][dimension] = _over_time(articles, mapped, order, labels, counts)
        result["examples"][dimension] = _examples(tables.examples, i, shown, order, labels, options)
    return result


def _share(count: float, total: float) -> float:
    return round(float(count) / float(total), 6) if total else 0.0


def _shown_groups(names: pd.Series, sentences: pd.Series, max_groups: int) -> dict[str, str]:
    """Each group's name in the report: itself for the ``max_groups`` with most articles, else the pooled name."""
    sizes = (
        pd.DataFrame({"group": names, "articles": 1, "sentences": sentences})
        .groupby("group")
        .sum()
        .reset_index()
        .sort_values(["articles", "sentences", "group"], ascending=[False, False, True])
    )
    ranked = sizes["group"].tolist()
    if not max_groups or len(ranked) <= max_groups:
        return {name: name for name in ranked}
    kept, pooled = ranked[:max_groups], ranked[max_groups:]
    other = f"other ({len(pooled)} groups)"
    return {**{name: name for name in kept}, **dict.fromkeys(pooled, other)}


def _group_row(dimension: str, group: str, rows: pd.DataFrame, labels: list[str], options: ReportOptions) -> dict:
    sentences = rows["n"].to_numpy(dtype="int64")
    labeled = rows[[f"c{j}" for j in range(len(labels))]].to_numpy(dtype="int64")
    total = int(sentences.sum())
    low, high = bootstrap_interval(sentences, labeled, options, _seed(options.seed, dimension, group))
    return {
        "group": group,
        "articles": len(rows),
        "sentences": total,
        "labeled": {name: int(labeled[:, j].sum()) for j, name in enumerate(labels)},
        "share": {name: _share(labeled[:, j].sum(), total) for j, name in enumerate(labels)},
        "interval": {name: [round(float(low[j]), 6), round(float(high[j]), 6)] for j, name in enumerate(labels)},
    }


def _seed(seed: int, dimension: str, group: str) -> list[int]:
    return [seed, zlib.crc32(dimension.encode("utf-8")), zlib.crc32(group.encode("utf-8"))]


def bootstrap_interval(
    sentences: np.ndarray, labeled: np.ndarray, options: ReportOptions, seed: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each label's share of sentences, resampling whole articles with replacement.

    ``sentences`` (articles,) and ``labeled`` (articles, labels) are per-article counts in a fixed order (by id),
    so the same seed gives the same interval whichever engine counted them."""
    articles = len(sentences)
    point = labeled.sum(axis=0) / max(int(sentences.sum()), 1)
    if articles < 2 or options.bootstrap <= 0:
        return point, point
    rng = np.random.default_rng(seed)
    values = np.column_stack([sentences, labeled]).astype("float64")
    step = max(1, min(options.bootstrap, BOOTSTRAP_CELLS // articles))
    shares = []
    for start in range(0, options.bootstrap, step):
        draws = rng.integers(0, articles, size=(min(step, options.bootstrap - start), articles))
        sums = values[draws].sum(axis=1)
        shares.append(sums[:, 1:] / sums[:, :1])
    stacked = np.vstack(shares)
    tail = (1 - options.confidence) / 2
    return np.quantile(stacked, tail, axis=0), np.quantile(stacked, 1 - tail, axis=0)


def _over_time(
    articles: pd.DataFrame, mapped: pd.Series, order: list[str], labels: list[str], counts: list[str]
) -> list[dict]:
    dated = articles.assign(group=mapped)
    dated = dated[dated["period"] != ""]
    if dated.empty:
        return []
    sums = dated.groupby(["group", "period"])[counts].sum()
    sizes = dated.groupby(["group", "period"]).size()
    rank = {group: position for position, group in enumerate(order)}
    rows = []
    for (group, period), row in sorted(sums.iterrows(), key=lambda item: (rank[item[0][0]], item[0][1])):
        total = int(row["n"])
        rows.append(
            {
                "group": group,
                "period": period,
                "articles": int(sizes[(group, period)]),
                "sentences": total,
                "labeled": {name: int(row[f"c{j}"]) for j, name in enumerate(labels)},
                "share": {name: _share(row[f"c{j}"], total) for j, name in enumerate(labels)},
            }
        )
    return rows


def _top_speakers(speakers: pd.DataFrame, labels: list[str], limit: int) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for j, name in enumerate(labels):
        carrying = speakers[speakers[f"c{j}"] > 0]
        top = carrying.sort_values([f"c{j}", "n", "speaker"], ascending=[False, False, True]).head(limit)
        result[name] = [
            {
                "speaker": str(row["speaker"]),
                "sentences": int(row[f"c{j}"]),
                "attributed": int(row["n"]),
                "share": _share(row[f"c{j}"], row["n"]),
            }
            for _, row in top.iterrows()
        ]
    return result


def _examples(
    examples: pd.DataFrame, dimension: int, shown: dict[str, str], order: list[str], labels: list[str], options
) -> dict[str, dict[str, list[dict]]]:
    rows = examples[examples["dim"] == dimension]
    rows = rows.assign(group=rows["group"].map(shown))
    rows = top_examples(rows, options.examples)
    result: dict[str, dict[str, list[dict]]] = {group: {name: [] for name in labels} for group in order}
    for _, row in rows.iterrows():
        link = row["link"] if isinstance(row["link"], str) else None
        if options.link_template:
            link = options.link_template.replace("{id}", quote(str(row["id"]), safe=""))
        result[row["group"]][labels[int(row["label"])]].append(
            {
                "id": str(row["id"]),
                "index": int(row["index"]),
                "text": str(row["text"]),
                "speaker": row["speaker"] if isinstance(row["speaker"], str) else None,
                "score": round(float(row["score"]), 6),
                "link": link,
            }
        )
    return result
