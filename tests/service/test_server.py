"""The real server process with the default artifact (`make test` trains it first through `make model`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from service.settings import DEFAULT_MODEL_PATH
from tests.conftest import SEED_ARTICLE


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    assert (DEFAULT_MODEL_PATH / "framescope.json").is_file(), "no default artifact: run `make model` first"
    port = free_port()
    env = {**os.environ, "FRAMESCOPE_LOG_LEVEL": "warning"}
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--model", str(DEFAULT_MODEL_PATH), "--port", str(port)],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, "the server exited during start-up"
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the server did not become ready within 120 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_server_scores_seed_article_with_exact_offsets(server: str) -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    response = httpx.post(
        f"{server}/v1/score", content=text.encode(), headers={"content-type": "text/plain"}, timeout=60
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"]["sentence_count"] == len(body["sentences"]) > 5
    for sentence in body["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    # The seed article quotes officials appealing to sovereignty and security concerns: the real model must see both.
    found = {label for sentence in body["sentences"] for label in sentence["labels"]}
    assert {"sovereignty", "security_concerns"} <= found, found


def test_server_model_route_reports_default_artifact(server: str) -> None:
    body = httpx.get(f"{server}/v1/model", timeout=10).json()
    assert body["base_model"]["name"] == "bundled:all-MiniLM-L6-v2"
    assert set(body["metrics"]) == {"dev", "test", "challenge"}
