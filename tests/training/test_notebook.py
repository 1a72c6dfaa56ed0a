"""The retraining notebook runs top to bottom (smoke mode) and leaves an artifact and its figures behind."""

from __future__ import annotations

import json
from pathlib import Path

import papermill

from models.modeling import FramingModel
from service.settings import REPO_ROOT

NOTEBOOK = REPO_ROOT / "training" / "notebooks" / "retrain.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in cells)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in cells if c["cell_type"] == "code")


def test_notebook_smoke_run_produces_artifact_and_figures(tmp_path: Path) -> None:
    artifact, figures = tmp_path / "artifact", tmp_path / "figures"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(tmp_path / "out.ipynb"),
        parameters={"smoke": True, "output_dir": str(artifact), "figures_dir": str(figures), "epochs": 1},
        cwd=str(REPO_ROOT),
        kernel_name="python3",
        progress_bar=False,
    )
    assert FramingModel.load(artifact).predict(["A sentence."]).shape == (1, 4)
    assert {p.name for p in figures.glob("*.png")} == {
        "label_counts.png",
        "f1_per_label.png",
        "precision_recall.png",
        "cooccurrence.png",
    }
