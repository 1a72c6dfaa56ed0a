"""The FastAPI application: the model loads once in the lifespan; routes stay thin."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import torch
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from models.artifact import ArtifactError, read_info
from models.modeling import FramingModel
from service.batcher import MicroBatcher
from service.dependencies import require_api_key
from service.errors import install_error_handlers
from service.middleware import AccessLogMiddleware, BodyLimitMiddleware
from service.routes import health, model, score
from service.settings import Settings, get_settings

logger = logging.getLogger("framescope.service")
STATIC_DIR = Path(__file__).resolve().parent / "static"


def document_label_names(app: FastAPI, model_path: Path) -> None:
    """Name the model's labels in the OpenAPI schema, so `thresholds` keys are documented (and fuzzed) exactly."""
    try:
        names = [label["name"] for label in read_info(model_path).labels]
    except ArtifactError:
        return  # start-up will fail with the clear error; the schema stays generic
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for node in _walk(schema):
                thresholds = node.get("properties", {}).get("thresholds")
                for variant in (thresholds or {}).get("anyOf", [thresholds] if thresholds else []):
                    if variant.get("type") == "object":
                        variant["propertyNames"] = {"enum": names}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.torch_threads:
            torch.set_num_threads(settings.torch_threads)
        # A missing or corrupt artifact raises here: the server refuses to start rather than serve 503 forever.
        loaded = await asyncio.to_thread(
            FramingModel.load,
            settings.model_path,
            None,
            True,
            settings.precision,
            settings.backend,
            settings.torch_threads,
        )
        batcher = MicroBatcher(loaded, settings.batch_wait_ms, settings.max_batch_sentences, settings.queue_size)
        await batcher.start()
        app.state.batcher = batcher
        logger.info("model %s %s loaded from %s", loaded.info.name, loaded.info.version, settings.model_path)
        try:
            yield
        finally:
            app.state.batcher = None
            await batcher.stop()

    app = FastAPI(
        title="framescope",
        version="0.1.0",
        description="Label every sentence of a news article with the framing devices it uses.",
        lifespan=lifespan,
    )
    app.state.batcher = None
    document_label_names(app, settings.model_path)
    app.dependency_overrides.setdefault(get_settings, lambda: settings)
    install_error_handlers(app)
    app.include_router(health.router)
    secured = [Depends(require_api_key)]
    app.include_router(score.router, dependencies=secured)
    app.include_router(model.router, dependencies=secured)
    if STATIC_DIR.is_dir():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="page")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLogMiddleware)
    return app
