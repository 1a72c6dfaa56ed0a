"""Hostile and odd inputs: each gets a valid answer or a clear error, never a 500, and the process stays up."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings


@pytest.fixture(scope="module")
def client(tiny_artifact):
    # A 1 MB limit as in production; a small batch limit so "at the limit" stays cheap.
    with TestClient(create_app(Settings(model_path=tiny_artifact, max_batch_articles=4))) as test_client:
        yield test_client


def check_offsets(text: str, body: dict) -> None:
    for sentence in body["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def plain(client: TestClient, data: bytes):
    return client.post("/v1/score", content=data, headers={"content-type": "text/plain; charset=utf-8"})


def test_one_megabyte_sentence_without_punctuation(client: TestClient) -> None:
    text = ("borders " * 125_000)[: 1_000_000 - 1]
    response = plain(client, text.encode())
    assert response.status_code == 200
    body = response.json()
    check_offsets(text, body)
    assert sum(len(s["text"]) for s in body["sentences"]) >= len(text.replace(" ", "")) * 0.99


def test_hundred_thousand_one_word_lines(client: TestClient) -> None:
    text = "\n".join(f"w{i % 10}" for i in range(100_000))
    response = plain(client, text.encode())
    assert response.status_code == 200
    body = response.json()
    check_offsets(text, body)
    covered = "".join(s["text"] for s in body["sentences"]).split()
    assert len("".join(covered)) == len(text.replace("\n", ""))  # every word is in some sentence


@pytest.mark.parametrize("depth", [50, 5000])
def test_deeply_nested_json_is_rejected_cleanly(client: TestClient, depth: int) -> None:
    body = '{"text": ' + "[" * depth + "]" * depth + "}"
    response = client.post("/v1/score", content=body.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["type"] == "invalid_request"


def test_huge_json_is_413(client: TestClient) -> None:
    body = json.dumps({"text": "x", "id": "y" * 1_100_000}).encode()
    response = client.post("/v1/score", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_invalid_utf8_is_400(client: TestClient) -> None:
    assert plain(client, b"Valid start \xc3\x28 invalid").status_code == 400


def test_lone_surrogate_escape_is_handled(client: TestClient) -> None:
    body = b'{"text": "Before \\ud800 after. Second sentence."}'
    response = client.post("/v1/score", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (200, 422)
    assert response.json().get("error", {}).get("type", "invalid_request") == "invalid_request"


@pytest.mark.parametrize(
    "text",
    [
        "Null\x00byte and bell\x07 and escape\x1b[31m red.",
        "قال المتحدث إن السيادة غير قابلة للتفاوض. وأضاف أن الحوار مستمر.",
        "外交部发言人表示，主权问题不容讨论。双方将继续对话。",
        "<img src=x onerror=alert(1)><script>alert('x')</script> Plain words.",
        "Flags 🇺🇦🇷🇺 and families 👩‍👩‍👧‍👦 with zero\u200bwidth\u200djoiners.",
    ],
)
def test_odd_text_gets_valid_response(client: TestClient, text: str) -> None:
    response = client.post("/v1/score", json={"text": text})
    assert response.status_code == 200
    check_offsets(text, response.json())


def test_batch_at_limit_and_over(client: TestClient) -> None:
    articles = [{"text": f"Article {i}. Two sentences."} for i in range(4)]
    assert client.post("/v1/score/batch", json={"articles": articles}).status_code == 200
    response = client.post("/v1/score/batch", json={"articles": [*articles, {"text": "one more"}]})
    assert response.status_code == 413


def test_service_still_answers_after_abuse(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200
    assert client.post("/v1/score", json={"text": "Still here."}).status_code == 200
