"""`framescope report`: framing across outlets and time in a scored archive, as one HTML page or as JSON.

``build_report`` reads the output of ``framescope score`` (article rows or the per-sentence table, JSONL or
Parquet), aggregates it in one streaming pass (``aggregate``; or on Ray Data, ``ray_engine``) and writes either
the aggregates (``--format json``) or a self-contained page of charts drawn from them (``page``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from report.aggregate import ReportOptions, Tables, finalize, tables_local
from report.read import TIME_UNITS, ReportError, ReportSpec, inspect_scored

__all__ = [
    "FORMATS",
    "TIME_UNITS",
    "ReportError",
    "ReportOptions",
    "ReportSpec",
    "aggregate",
    "build_report",
    "report_format",
    "stdin_as_file",
]

FORMATS = ("html", "json")
ENGINES = ("local", "ray")


def report_format(output: str, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ReportError(f"unknown report format {fmt!r}; choose one of {list(FORMATS)}")
        return fmt
    return "json" if output.lower().endswith(".json") else "html"


def aggregate(
    source: str | Path,
    by: Sequence[str] = (),
    options: ReportOptions | None = None,
    engine: str = "local",
    date_field: str = "date",
    link_field: str | None = "url",
    ray_address: str | None = None,
) -> dict:
    """The report's aggregates for a scored file (see ``aggregate.finalize`` for their shape)."""
    options = options or ReportOptions()
    if engine not in ENGINES:
        raise ReportError(f"unknown engine {engine!r}; choose local or ray")
    if options.max_groups < 0 or options.bootstrap < 0 or options.examples < 0 or options.speakers < 0:
        raise ReportError("--max-groups, --bootstrap, --examples and --speakers take 0 or more")
    if not 0 < options.confidence < 1:
        raise ReportError(f"--confidence must lie between 0 and 1, got {options.confidence}")
    spec = inspect_scored(source, by, date_field, link_field)
    tables: Tables
    if engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise ReportError("--engine ray needs Ray: pip install '.[ray]' (make venv installs it)") from None
        from report.ray_engine import tables_with_ray

        tables = tables_with_ray(spec, options.examples, address=ray_address)
    else:
        tables = tables_local(spec, options.examples)
    return finalize(tables, spec, options)


def build_report(
    source: str | Path,
    output: str,
    by: Sequence[str] = (),
    fmt: str | None = None,
    options: ReportOptions | None = None,
    engine: str = "local",
    date_field: str = "date",
    link_field: str | None = "url",
    ray_address: str | None = None,
    title: str | None = None,
) -> dict:
    """Aggregate ``source`` and write the page (or, with ``fmt="json"``, the aggregates) to ``output``
    (``-``: stdout; a file is written whole or not at all). Returns the aggregates."""
    kind = report_format(output, fmt)
    aggregates = aggregate(source, by, options, engine, date_field, link_field, ray_address)
    if kind == "json":
        text = json.dumps(aggregates, indent=2, ensure_ascii=False) + "\n"
    else:
        from report.page import render_html

        text = render_html(aggregates, title)
    _write(output, text)
    return aggregates


def _write(output: str, text: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output)
    temp = target.with_name(target.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)


@contextmanager
def stdin_as_file() -> Iterator[Path]:
    """Standard input copied to a temporary JSONL file (the report reads its input more than once)."""
    with tempfile.TemporaryDirectory(prefix="framescope-report-") as folder:
        path = Path(folder) / "stdin.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            shutil.copyfileobj(sys.stdin, handle)
        yield path
