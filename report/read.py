"""Reading a scored archive for the report: what it holds (``inspect_scored``) and its sentences, a batch at a time.

Two layouts are read, as JSONL or Parquet: the article rows ``framescope score`` writes (``{"id", <kept columns>,
"labels", "sentences": [...], "summary"}``) and its per-sentence table (``--per-sentence``: ``id``, kept columns,
``index``, ``text``, ``labels`` joined by ``|``, ``speaker``, ``score_<label>``). Either way every batch becomes a
*sentence frame*: one row per sentence with positional columns that no input column can clash with:

- ``id``, ``index``, ``text``, ``speaker`` (None for the author's voice), ``link`` (the article's URL column, if any);
- ``g0``, ``g1``, ... the value of each ``--by`` column as text (``MISSING`` when the article has none);
- ``period``: the start of the article's ``--by`` time bucket as ``YYYY-MM-DD`` (``""`` without a usable date);
- ``n`` (1), ``c0``, ``c1``, ... 1 where the sentence carries label *j*, and ``s0``, ``s1``, ... its scores.

The local engine and the Ray engine both build their frames with these functions, so they see the same rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

TIME_UNITS = ("day", "week", "month", "quarter", "year")
MISSING = "(missing)"
ARTICLE_BATCH = 1024
SENTENCE_BATCH = 65536
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


class ReportError(ValueError):
    """A scored file the report cannot read, or options that do not fit it; the message says which."""


@dataclass(frozen=True)
class ReportSpec:
    """What to read from a scored file and how to group it."""

    path: str
    layout: str
    """``articles`` (the rows ``framescope score`` writes) or ``sentences`` (its ``--per-sentence`` table)."""
    fmt: str
    """``jsonl`` or ``parquet``."""
    labels: tuple[str, ...]
    groups: tuple[str, ...]
    """The ``--by`` columns compared side by side (an empty tuple: the archive as one group)."""
    time_unit: str | None
    date_field: str
    has_speaker: bool
    link_field: str | None

    def input_columns(self) -> list[str]:
        """Top-level columns to read (the Parquet projection)."""
        wanted = ["id", *self.groups]
        if self.time_unit:
            wanted.append(self.date_field)
        if self.link_field:
            wanted.append(self.link_field)
        if self.layout == "articles":
            wanted.append("sentences")
        else:
            wanted += ["index", "text", "labels", *(f"score_{name}" for name in self.labels)]
            if self.has_speaker:
                wanted.append("speaker")
        return list(dict.fromkeys(wanted))


# -- what the file holds -------------------------------------------------------------------------------------
def inspect_scored(
    path: str | Path, by: Sequence[str] = (), date_field: str = "date", link_field: str | None = "url"
) -> ReportSpec:
    """Read the first row (JSONL) or the schema (Parquet) and check ``by`` against the columns found.

    ``by`` names columns to compare and at most one time unit (``day``, ``week``, ``month``, ``quarter``,
    ``year``) bucketing ``date_field``. ``link_field`` is used for example links when the file has it."""
    source = Path(path)
    if not source.is_file():
        raise ReportError(f"no such file: {path}")
    fmt = "parquet" if source.suffix.lower() == ".parquet" else "jsonl"
    columns, labels, has_speaker = _parquet_layout(source) if fmt == "parquet" else _jsonl_layout(source)
    layout = "articles" if "sentences" in columns else "sentences"
    if layout == "sentences" and not {"id", "index", "labels"} <= set(columns):
        raise ReportError(
            f"{path} is neither scored articles (a 'sentences' column) nor a per-sentence table "
            "('id', 'index', 'labels' and 'score_<label>' columns): give the output of framescope score"
        )
    if not labels:
        raise ReportError(f"{path} has no label scores ('score_<label>' columns or sentence 'scores')")
    units = [name for name in by if name in TIME_UNITS]
    groups = tuple(dict.fromkeys(name for name in by if name not in TIME_UNITS))
    if len(set(units)) > 1:
        raise ReportError(f"--by takes one time unit, got {sorted(set(units))}")
    missing = [name for name in (*groups, *([date_field] if units else [])) if name not in columns]
    if missing:
        known = ", ".join(c for c in columns if c not in ("sentences", "summary", "labels"))
        raise ReportError(
            f"{path} has no column {missing[0]!r} (it has: {known}); keep it when scoring, "
            f"e.g. framescope score ARCHIVE -o SCORED --keep {','.join(missing)}"
        )
    return ReportSpec(
        path=str(source),
        layout=layout,
        fmt=fmt,
        labels=tuple(labels),
        groups=groups,
        time_unit=units[0] if units else None,
        date_field=date_field,
        has_speaker=has_speaker,
        link_field=link_field if link_field and link_field in columns else None,
    )


def _jsonl_layout(path: Path) -> tuple[list[str], list[str], bool]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                raise ReportError(f"{path}, line {number}: not valid JSON ({error})") from None
            if not isinstance(record, dict):
                raise ReportError(f"{path}, line {number}: expected an object")
            if "sentences" in record:
                labels = record.get("labels") or next((list(s["scores"]) for s in record["sentences"]), [])
                return list(record), list(labels), True
            return list(record), _score_labels(record), "speaker" in record
    raise ReportError(f"{path} is empty")


def _parquet_layout(path: Path) -> tuple[list[str], list[str], bool]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowInvalid) as error:
        raise ReportError(f"{path}: not a readable Parquet file ({error})") from None
    if "sentences" in schema.names:
        sentence = schema.field("sentences").type.value_type
        scores = sentence.field("scores").type
        return schema.names, [scores.field(i).name for i in range(scores.num_fields)], True
    return schema.names, _score_labels(schema.names), "speaker" in schema.names


def _score_labels(columns) -> list[str]:
    return [name[len("score_") :] for name in columns if name.startswith("score_")]


# -- batches -------------------------------------------------------------------------------------------------
def iter_frames(spec: ReportSpec) -> Iterator[pd.DataFrame]:
    """The file's sentence frames, a batch at a time (memory: one batch)."""
    if spec.fmt == "parquet":
        import pyarrow.parquet as pq

        size = ARTICLE_BATCH if spec.layout == "articles" else SENTENCE_BATCH
        for batch in pq.ParquetFile(spec.path).iter_batches(batch_size=size, columns=spec.input_columns()):
            yield frame_from_arrow(batch, spec)
        return
    size = ARTICLE_BATCH if spec.layout == "articles" else SENTENCE_BATCH
    with open(spec.path, encoding="utf-8") as handle:
        lines: list[str] = []
        first = 1
        for number, line in enumerate(handle, 1):
            lines.append(line)
            if len(lines) == size:
                yield frame_from_lines(lines, spec, first)
                lines, first = [], number + 1
        if lines:
            yield frame_from_lines(lines, spec, first)


def frame_from_lines(lines: Sequence[str], spec: ReportSpec, first_line: int = 1) -> pd.DataFrame:
    """A sentence frame from JSONL lines (blank lines skipped)."""
    records = []
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ReportError(f"{spec.path}, line {number}: not valid JSON ({error})") from None
        if not isinstance(record, dict):
            raise ReportError(f"{spec.path}, line {number}: expected an object, got {type(record).__name__}")
        records.append(record)
    return frame_from_records(records, spec)


def frame_from_records(records: Sequence[dict[str, Any]], spec: ReportSpec) -> pd.DataFrame:
    """A sentence frame from parsed rows of either layout."""
    if spec.layout == "sentences":
        columns = {name: _objects([r.get(name) for r in records]) for name in spec.input_columns()}
        scores = {name: np.array([r.get(f"score_{name}") for r in records], dtype=float) for name in spec.labels}
        return _normalize(columns, scores, _flags_from_text(columns["labels"], spec), spec)
    rows: dict[str, list[Any]] = {name: [] for name in ("index", "text", "speaker", "labels", "scores")}
    article_of: list[int] = []
    for position, record in enumerate(records):
        for sentence in record.get("sentences") or []:
            article_of.append(position)
            rows["index"].append(sentence.get("index"))
            rows["text"].append(sentence.get("text"))
            rows["speaker"].append(sentence.get("speaker"))
            rows["labels"].append(sentence.get("labels") or ())
            rows["scores"].append(sentence.get("scores") or {})
    columns = {name: _objects(rows[name]) for name in ("index", "text", "speaker")}
    for name in ["id", *spec.groups, *_meta_fields(spec)]:
        columns[name] = _objects([records[i].get(name) for i in article_of])
    scores = {name: np.array([s.get(name, np.nan) for s in rows["scores"]], dtype=float) for name in spec.labels}
    return _normalize(columns, scores, _flags_from_lists(rows["labels"], spec), spec)


def frame_from_arrow(batch, spec: ReportSpec) -> pd.DataFrame:
    """A sentence frame from an Arrow record batch or table of either layout (Parquet and Ray read these)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
    if spec.layout == "sentences":
        columns = {name: _arrow_objects(table.column(name)) for name in spec.input_columns()}
        scores = {name: _arrow_floats(table.column(f"score_{name}")) for name in spec.labels}
        return _normalize(columns, scores, _flags_from_text(columns["labels"], spec), spec)
    nested = table.column("sentences").combine_chunks()
    parents = pc.list_parent_indices(nested).to_numpy()
    sentences = pc.list_flatten(nested)
    structs = pc.struct_field(sentences, "scores")
    columns = {name: _arrow_objects(pc.struct_field(sentences, name)) for name in ("index", "text", "speaker")}
    for name in dict.fromkeys(["id", *spec.groups, *_meta_fields(spec)]):
        values = _arrow_objects(table.column(name))
        columns[name] = values[parents] if len(parents) else np.array([], dtype=object)
    scores = {name: _arrow_floats(pc.struct_field(structs, name)) for name in spec.labels}
    return _normalize(columns, scores, _flags_from_arrow(pc.struct_field(sentences, "labels"), spec), spec)


def _meta_fields(spec: ReportSpec) -> list[str]:
    return [name for name in (spec.date_field if spec.time_unit else None, spec.link_field) if name]


def _objects(values: Sequence[Any]) -> np.ndarray:
    """A 1-D object array of ``values`` (tuples and lists stay elements; numpy would otherwise unpack them)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _arrow_objects(column) -> np.ndarray:
    """An Arrow column as a numpy array of Python values (None for null; dates as datetime.date)."""
    return _objects(column.to_pylist())


def _arrow_floats(column) -> np.ndarray:
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=float)


def _flags_from_text(values: np.ndarray, spec: ReportSpec) -> np.ndarray:
    """(sentences, labels) 0/1 from the per-sentence table's ``a|b`` label text, split once per distinct value."""
    return _by_unique(values, lambda value: _label_row(_split_labels(value), spec), stack=True)


def _flags_from_lists(values: Sequence[Sequence[str]], spec: ReportSpec) -> np.ndarray:
    return _by_unique(_objects([tuple(v) for v in values]), lambda value: _label_row(value, spec), stack=True)


def _flags_from_arrow(labels, spec: ReportSpec) -> np.ndarray:
    import pyarrow.compute as pc

    flags = np.zeros((len(labels), len(spec.labels)), dtype="int64")
    names = pc.list_flatten(labels)
    owners = pc.list_parent_indices(labels).to_numpy()
    for j, name in enumerate(spec.labels):
        flags[owners[pc.equal(names, name).to_numpy(zero_copy_only=False)], j] = 1
    return flags


def _label_row(labels: Sequence[str], spec: ReportSpec) -> np.ndarray:
    return np.array([name in labels for name in spec.labels], dtype="int64")


def _split_labels(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [part for part in value.split("|") if part]
    return list(value)


def _normalize(
    columns: dict[str, np.ndarray], scores: dict[str, np.ndarray], flags: np.ndarray, spec: ReportSpec
) -> pd.DataFrame:
    """The sentence frame of the module docstring from the input's columns (numpy arrays, one row per sentence),
    the label scores and the 0/1 label flags."""
    count = len(columns["id"])
    out = pd.DataFrame(
        {
            "id": _by_unique(columns["id"], _as_text),
            "index": np.asarray(columns["index"], dtype="int64"),
            "text": columns["text"],
            "speaker": _by_unique(columns["speaker"], _text_or_none) if spec.has_speaker else _nones(count),
            "link": _by_unique(columns[spec.link_field], _text_or_none) if spec.link_field else _nones(count),
        }
    )
    for i, name in enumerate(spec.groups):
        out[f"g{i}"] = _by_unique(columns[name], group_value)
    if spec.time_unit:
        unit = spec.time_unit
        out["period"] = _by_unique(columns[spec.date_field], lambda value: period_start(value, unit))
    out["n"] = np.ones(count, dtype="int64")
    for j in range(len(spec.labels)):
        out[f"c{j}"] = flags[:, j] if count else np.array([], dtype="int64")
    for j, name in enumerate(spec.labels):
        out[f"s{j}"] = scores[name]
    return out


def _nones(count: int) -> np.ndarray:
    return np.full(count, None, dtype=object)


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def group_value(value: Any) -> str:
    """A ``--by`` value as the report shows it: text; ``MISSING`` for null or empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return MISSING
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or MISSING


def _by_unique(values: np.ndarray, function, stack: bool = False) -> np.ndarray:
    """``function`` of each value, called once per distinct value (article-level columns and label sets repeat).

    Returns an object array, or with ``stack`` the results (equal-length rows) stacked into a 2-D array."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
    except TypeError:  # unhashable values (lists, dicts): key them by their JSON text
        seen: dict[Any, int] = {}
        codes = np.empty(len(values), dtype=np.intp)
        firsts: list[Any] = []
        for position, value in enumerate(values):
            code = seen.setdefault(_hashable(value), len(firsts))
            if code == len(firsts):
                firsts.append(value)
            codes[position] = code
        uniques = _objects(firsts)
    mapped = [function(None if _missing(value) else value) for value in uniques]
    if stack:
        width = len(mapped[0]) if mapped else 0
        table = np.array(mapped, dtype="int64").reshape(len(mapped), width)
        return table[codes] if len(codes) else np.zeros((0, width), dtype="int64")
    return _objects(mapped)[codes] if len(codes) else np.array([], dtype=object)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _hashable(value: Any) -> Any:
    if isinstance(value, list | dict | tuple | np.ndarray):
        return json.dumps(value.tolist() if isinstance(value, np.ndarray) else value, sort_keys=True, default=str)
    return None if _missing(value) else value


def period_start(value: Any, unit: str) -> str:
    """The first day of ``unit`` containing the date ``value`` as ``YYYY-MM-DD``; ``""`` when it holds no date.

    Text starting with an ISO date (``2024-03-05``, ``2024-03-05T23:30:00-05:00``) counts as written, without
    moving it to another time zone; other text is parsed by pandas; numbers are not taken for dates."""
    if value is None or isinstance(value, bool | int | float):
        return ""
    if isinstance(value, str):
        match = _ISO_DATE.match(value)
        text = match.group(1) if match else value
        stamp = pd.to_datetime(text, errors="coerce", format="ISO8601" if match else "mixed")
    else:
        stamp = pd.to_datetime(value, errors="coerce")
    if stamp is pd.NaT or pd.isna(stamp):
        return ""
    stamp = pd.Timestamp(stamp)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    day = stamp.normalize()
    if unit == "week":
        day = day - pd.Timedelta(days=day.weekday())
    elif unit == "month":
        day = day.replace(day=1)
    elif unit == "quarter":
        day = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    elif unit == "year":
        day = day.replace(month=1, day=1)
    return day.strftime("%Y-%m-%d")
