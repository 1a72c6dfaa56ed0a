from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings


def make_client(tiny_artifact, **overrides) -> Iterator[TestClient]:
    settings = Settings(model_path=tiny_artifact, **overrides)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def client(tiny_artifact) -> Iterator[TestClient]:
    yield from make_client(tiny_artifact, max_body_bytes=20_000, max_batch_articles=3)


@pytest.fixture
def keyed_client(tiny_artifact) -> Iterator[TestClient]:
    yield from make_client(tiny_artifact, api_key="s3cret")
