"""Dependencies shared by the routes: settings, the loaded model and batcher, the API key."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from service.batcher import MicroBatcher
from service.errors import APIError
from service.settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_batcher(request: Request) -> MicroBatcher:
    batcher = getattr(request.app.state, "batcher", None)
    if batcher is None:
        raise APIError(503, "the model is not loaded yet", {"Retry-After": "5"})
    return batcher


BatcherDep = Annotated[MicroBatcher, Depends(get_batcher)]


def require_api_key(request: Request, settings: SettingsDep) -> None:
    if settings.api_key is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    expected = settings.api_key.get_secret_value()
    # compare_digest takes the same time whatever prefix matches, so the key cannot be guessed byte by byte.
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.encode(), expected.encode()):
        raise APIError(
            401, "missing or wrong API key: send 'Authorization: Bearer <key>'", {"WWW-Authenticate": "Bearer"}
        )
