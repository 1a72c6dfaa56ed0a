"""Liveness and readiness: open even when an API key is set."""

from __future__ import annotations

from fastapi import APIRouter, Request

from service.errors import error_response
from service.schemas import ErrorResponse, Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    summary="The model is loaded and the service accepts work",
    responses={503: {"model": ErrorResponse, "description": "Model not loaded (yet)."}},
)
async def readyz(request: Request):
    if getattr(request.app.state, "batcher", None) is None:
        return error_response(503, "the model is not loaded", {"Retry-After": "5"})
    return Health(status="ready")
