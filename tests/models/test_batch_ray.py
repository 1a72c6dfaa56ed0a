"""--engine ray gives the same rows as the local engine (Ray runs locally on 2 CPUs)."""

from __future__ import annotations

import json
from pathlib import Path

from models.batch import score_stream


def test_ray_engine_matches_local(local_ray, tiny_model, tiny_artifact: Path, tmp_path: Path) -> None:
    from models.batch_ray import score_with_ray

    source = tmp_path / "in.jsonl"
    rows = [
        {"id": f"a{i}", "text": f"Article {i}. " + "More words here. " * (i % 4), "outlet": f"o{i % 3}"}
        for i in range(30)
    ]
    rows.insert(7, {"id": "broken", "text": 3})
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    local_stats = score_stream(
        tiny_model, str(source), str(tmp_path / "local.jsonl"), chunk_size=8, per_sentence=True, keep=["outlet"]
    )
    ray_stats = score_with_ray(
        tiny_artifact, str(source), str(tmp_path / "ray.jsonl"), chunk_size=8, per_sentence=True, keep=["outlet"]
    )
    for name in ("{}.jsonl", "{}.errors.jsonl", "{}.sentences.jsonl"):
        local = (tmp_path / name.format("local")).read_text(encoding="utf-8")
        remote = (tmp_path / name.format("ray")).read_text(encoding="utf-8")
        assert local == remote, name
    assert (ray_stats.scored, ray_stats.errors) == (local_stats.scored, local_stats.errors) == (30, 1)
    assert json.loads((tmp_path / "ray.jsonl").read_text(encoding="utf-8").splitlines()[4])["outlet"] == "o1"
