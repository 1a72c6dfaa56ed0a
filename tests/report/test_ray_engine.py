"""--engine ray aggregates to the same numbers as the local engine (Ray runs locally on 2 CPUs)."""

from __future__ import annotations

from pathlib import Path

import pytest
import ray  # the ray extra: `make venv` installs it, so this test runs (never skips) in `make test`

from report import ReportOptions, aggregate


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_aggregates_equal_local(local_ray, scored_jsonl: Path, scored_parquet: Path) -> None:
    options = ReportOptions(bootstrap=300, max_groups=2, examples=2)
    for path in (scored_jsonl, scored_parquet.with_name("scored.sentences.parquet")):
        local = aggregate(path, ["outlet", "month"], options)
        remote = aggregate(path, ["outlet", "month"], options, engine="ray")
        assert remote == local, path
        assert local["totals"]["articles"] == 26 and local["speakers"]["sovereignty"] is not None
