"""What model is serving: labels with definitions, thresholds, metrics, provenance."""

from __future__ import annotations

from fastapi import APIRouter

from service.dependencies import BatcherDep
from service.schemas import ErrorResponse, LabelInfo, ModelInfo

router = APIRouter(prefix="/v1", tags=["model"])


@router.get(
    "/model", response_model=ModelInfo, responses={503: {"model": ErrorResponse}, 401: {"model": ErrorResponse}}
)
async def model_info(batcher: BatcherDep) -> ModelInfo:
    info = batcher.model.info
    return ModelInfo(
        name=info.name,
        version=info.version,
        labels=[
            LabelInfo(
                name=label["name"], definition=label.get("definition", ""), threshold=info.thresholds[label["name"]]
            )
            for label in info.labels
        ],
        thresholds=info.thresholds,
        metrics=info.metrics,
        base_model=info.base_model,
        corpus=info.corpus,
        created=info.created,
        backend=batcher.model.backend.name,
        precision=batcher.model.precision,
    )
