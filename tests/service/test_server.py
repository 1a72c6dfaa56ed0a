"""The real server process with the default artifact (`make test` trains it first through `make model`)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from service.launcher import running_server
from service.settings import DEFAULT_MODEL_PATH
from tests.conftest import framed_news_article


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    assert (DEFAULT_MODEL_PATH / "framescope.json").is_file(), "no default artifact: run `make model` first"
    with running_server(DEFAULT_MODEL_PATH) as running:
        yield running.base


def test_server_scores_news_article_with_exact_offsets(server: str) -> None:
    text = framed_news_article()
    response = httpx.post(
        f"{server}/v1/score", content=text.encode(), headers={"content-type": "text/plain"}, timeout=60
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"]["sentence_count"] == len(body["sentences"]) > 5
    for sentence in body["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    # The article quotes officials appealing to sovereignty and security concerns: the real model must see both.
    found = {label for sentence in body["sentences"] for label in sentence["labels"]}
    assert {"sovereignty", "security_concerns"} <= found, found


def test_server_model_route_reports_default_artifact(server: str) -> None:
    body = httpx.get(f"{server}/v1/model", timeout=10).json()
    assert body["base_model"]["name"] == "bundled:all-MiniLM-L6-v2"
    assert set(body["metrics"]) == {"dev", "test", "challenge"}
