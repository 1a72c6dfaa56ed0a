"""--engine ray aggregates to the same numbers as the local engine (Ray runs locally on 2 CPUs)."""

from __future__ import annotations

from pathlib import Path

from report import ReportOptions, aggregate


def test_ray_aggregates_equal_local(local_ray, scored_parquet: Path) -> None:
    options = ReportOptions(bootstrap=300, max_groups=2, examples=2)
    local = aggregate(scored_parquet, ["outlet", "month"], options)
    remote = aggregate(scored_parquet, ["outlet", "month"], options, engine="ray")
    assert remote == local
    assert local["totals"]["articles"] == 26 and any(local["speakers"].values())
    assert [g["group"] for g in local["groups"]["outlet"]][-1] == "other (2 groups)"
