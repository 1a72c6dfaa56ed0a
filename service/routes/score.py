"""POST /v1/score (JSON or text/plain) and POST /v1/score/batch."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from models.evidence import explain_article
from models.scoring import ArticleScore
from service.batcher import Overloaded
from service.dependencies import BatcherDep, SettingsDep
from service.errors import APIError, describe_validation_errors
from service.schemas import EXAMPLE_TEXT, BatchRequest, BatchResponse, ErrorResponse, ScoreRequest, ScoreResponse

router = APIRouter(prefix="/v1", tags=["score"])
logger = logging.getLogger("framescope.service")

# Written out rather than BatchRequest.model_json_schema(): that one nests ScoreRequest under "$defs", whose
# "#/$defs/..." references do not resolve once embedded in the OpenAPI document.
BATCH_SCHEMA = {
    "type": "object",
    "properties": {
        "articles": {"type": "array", "items": ScoreRequest.model_json_schema(), "description": "Scored in order."}
    },
    "required": ["articles"],
    "additionalProperties": False,
}

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        400: "Body is not valid UTF-8.",
        401: "API key missing or wrong.",
        413: "Body or batch too large.",
        415: "Unsupported content type.",
        422: "Invalid JSON, fields, thresholds or empty text.",
        503: "Model not loaded, or the queue is full (see Retry-After).",
    }.items()
}


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise APIError(400, f"the body is not valid UTF-8 (byte {error.start})") from None


def _validate(model_type, data):
    try:
        return model_type.model_validate(data)
    except ValidationError as error:
        raise APIError(422, describe_validation_errors(error.errors())) from None


def _parse(model_type, raw: bytes):
    try:
        data = json.loads(_decode(raw))
    except ValueError as error:
        raise APIError(422, f"malformed JSON: {error}") from None
    except RecursionError:
        raise APIError(422, "malformed JSON: nested too deeply") from None
    return _validate(model_type, data)


async def _read_score_request(request: Request) -> ScoreRequest:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if content_type == "application/json":
        return _parse(ScoreRequest, body)
    if content_type == "text/plain":
        return _validate(ScoreRequest, {"text": _decode(body)})
    raise APIError(
        415, f"content type {content_type or '(none)'!r} is not supported; use application/json or text/plain"
    )


async def _score(batcher, item: ScoreRequest) -> ArticleScore:
    try:
        batcher.model.resolve_thresholds(item.thresholds)
    except (KeyError, ValueError) as error:
        raise APIError(422, f"thresholds: {error.args[0] if error.args else error}") from None
    try:
        result: ArticleScore = await batcher.score(item.text, item.thresholds)
    except Overloaded as error:
        raise APIError(503, str(error), {"Retry-After": "1"}) from None
    except Exception as error:
        logger.error("scoring failed: %s", type(error).__name__)  # never the text
        raise APIError(422, "this text could not be scored") from None
    return result


async def _explain(batcher, items: list[ScoreRequest], results: list[ArticleScore]) -> None:
    """Explanations cost ~50 forward passes per labeled sentence: one request at a time, 503 rather than a queue."""
    wanted = [(item, result) for item, result in zip(items, results, strict=True) if item.explain]
    if not wanted:
        return
    if batcher.explain_slot.locked():
        raise APIError(503, "explanations are busy; retry shortly or score without explain", {"Retry-After": "2"})
    async with batcher.explain_slot:
        for _, result in wanted:
            await asyncio.to_thread(explain_article, batcher.model, result)


def _response(batcher, item: ScoreRequest, result: ArticleScore) -> ScoreResponse:
    info = batcher.model.info
    return ScoreResponse(id=item.id, model={"name": info.name, "version": info.version}, **result.to_dict())


@router.post(
    "/score",
    response_model=ScoreResponse,
    summary="Score one article",
    description='Send JSON (`{"text": ..., "id": ..., "thresholds": {...}}`) or the article as text/plain.',
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": ScoreRequest.model_json_schema(),
                    "example": {"text": EXAMPLE_TEXT, "id": "a-1"},
                },
                "text/plain": {"schema": {"type": "string", "pattern": r"\S"}, "example": EXAMPLE_TEXT},
            },
        }
    },
)
async def score(request: Request, batcher: BatcherDep) -> ScoreResponse:
    item = await _read_score_request(request)
    result = await _score(batcher, item)
    await _explain(batcher, [item], [result])
    request.state.sentences = len(result.sentences)
    return _response(batcher, item, result)


@router.post(
    "/score/batch",
    response_model=BatchResponse,
    summary="Score several articles; results in order",
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BATCH_SCHEMA}},
        }
    },
)
async def score_batch(request: Request, batcher: BatcherDep, settings: SettingsDep) -> BatchResponse:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise APIError(415, f"content type {content_type or '(none)'!r} is not supported; use application/json")
    batch: BatchRequest = _parse(BatchRequest, await request.body())
    if len(batch.articles) > settings.max_batch_articles:
        raise APIError(413, f"{len(batch.articles)} articles exceed the batch limit of {settings.max_batch_articles}")
    for position, item in enumerate(batch.articles):
        try:
            batcher.model.resolve_thresholds(item.thresholds)  # reject before any article is queued
        except (KeyError, ValueError) as error:
            raise APIError(422, f"articles.{position}.thresholds: {error.args[0] if error.args else error}") from None
    results = list(await asyncio.gather(*(_score(batcher, item) for item in batch.articles)))
    await _explain(batcher, batch.articles, results)
    request.state.sentences = sum(len(r.sentences) for r in results)
    return BatchResponse(results=[_response(batcher, i, r) for i, r in zip(batch.articles, results, strict=True)])
