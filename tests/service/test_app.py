from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import LABELS

ARTICLE = "Envoy rejects lecture\n\nALDOVA, May 2 — The U.S. envoy spoke. “No one decides for us,” she said. Done."


def assert_error(response, status: int, kind: str, words: str = "") -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["type"] == kind
    assert words in body["error"]["message"]


def test_score_json_returns_sentences_with_offsets(client: TestClient) -> None:
    response = client.post("/v1/score", json={"text": ARTICLE, "id": "a1"})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "a1" and body["labels"] == LABELS and body["model"]["name"] == "tiny-test"
    assert len(body["sentences"]) == 4
    for i, sentence in enumerate(body["sentences"]):
        assert sentence["index"] == i
        assert ARTICLE[sentence["start"] : sentence["end"]] == sentence["text"]
        assert set(sentence["scores"]) == set(LABELS)
    assert body["summary"]["sentence_count"] == 4


def test_score_text_plain(client: TestClient) -> None:
    response = client.post("/v1/score", content=ARTICLE.encode(), headers={"content-type": "text/plain; charset=utf-8"})
    assert response.status_code == 200 and response.json()["id"] is None
    assert len(response.json()["sentences"]) == 4


def test_score_threshold_override_changes_labels(client: TestClient) -> None:
    body = client.post("/v1/score", json={"text": ARTICLE, "thresholds": dict.fromkeys(LABELS, 0.0)}).json()
    assert all(s["labels"] == LABELS for s in body["sentences"])
    assert body["summary"]["label_counts"] == dict.fromkeys(LABELS, 4)


@pytest.mark.parametrize(
    ("kwargs", "status", "kind", "words"),
    [
        ({"json": {"text": "   \n "}}, 422, "invalid_request", "text"),
        ({"json": {"text": 5}}, 422, "invalid_request", "text"),
        ({"json": {"txt": "x"}}, 422, "invalid_request", "text"),
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
            "invalid_request",
            "malformed",
        ),
        ({"content": b"\xff\xfe bad", "headers": {"content-type": "text/plain"}}, 400, "bad_request", "UTF-8"),
        ({"content": b"<a/>", "headers": {"content-type": "application/xml"}}, 415, "unsupported_media_type", "xml"),
        ({"json": {"text": "x", "thresholds": {"sovereignty": 1.5}}}, 422, "invalid_request", "thresholds"),
        ({"json": {"text": "x", "thresholds": {"propaganda": 0.5}}}, 422, "invalid_request", "propaganda"),
    ],
)
def test_score_bad_input(client: TestClient, kwargs, status: int, kind: str, words: str) -> None:
    assert_error(client.post("/v1/score", **kwargs), status, kind, words)


def test_score_body_too_large_is_413(client: TestClient) -> None:
    assert_error(
        client.post("/v1/score", content=b"a" * 20_001, headers={"content-type": "text/plain"}),
        413,
        "payload_too_large",
        "20000",
    )


def test_score_streamed_body_too_large_is_413(client: TestClient) -> None:
    def chunks():
        for _ in range(30):
            yield b"a" * 1000

    response = client.post("/v1/score", content=chunks(), headers={"content-type": "text/plain"})
    assert_error(response, 413, "payload_too_large")


@pytest.mark.parametrize(
    "text",
    [
        "word",
        "no boundaries at all " * 50,
        "Der Minister sprach. Es regnete.",
        "<p>Hi <script>x()</script></p>",
        "Peace 🕊️👨‍👩‍👧 now.",
        "ctrl \x00\x07 chars\x1b.",
        "مرحبا بالعالم. 你好世界。",
    ],
)
def test_score_odd_text_is_valid(client: TestClient, text: str) -> None:
    response = client.post("/v1/score", json={"text": text})
    assert response.status_code == 200, response.text
    for sentence in response.json()["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_batch_returns_results_in_order(client: TestClient) -> None:
    articles = [{"text": ARTICLE, "id": "x"}, {"text": "Second one. Two sentences.", "id": "y"}]
    response = client.post("/v1/score/batch", json={"articles": articles})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["x", "y"]
    single = client.post("/v1/score", json=articles[1]).json()
    assert results[1] == single


def test_batch_over_limit_is_413(client: TestClient) -> None:
    assert_error(client.post("/v1/score/batch", json={"articles": [{"text": "a"}] * 4}), 413, "payload_too_large", "3")


def test_batch_empty_article_is_422(client: TestClient) -> None:
    assert_error(
        client.post("/v1/score/batch", json={"articles": [{"text": "a"}, {"text": " "}]}),
        422,
        "invalid_request",
        "articles.1.text",
    )


def test_model_info(client: TestClient) -> None:
    body = client.get("/v1/model").json()
    assert body["name"] == "tiny-test" and [label["name"] for label in body["labels"]] == LABELS
    assert body["thresholds"] == dict.fromkeys(LABELS, 0.5)
    assert all(label["definition"] for label in body["labels"])


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_unknown_route_uses_error_shape(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing"), 404, "not_found")


def test_api_key_required_on_v1_only(keyed_client: TestClient) -> None:
    assert_error(keyed_client.post("/v1/score", json={"text": "x"}), 401, "unauthorized", "Bearer")
    wrong = {"Authorization": "Bearer nope"}
    assert_error(keyed_client.get("/v1/model", headers=wrong), 401, "unauthorized")
    ok = keyed_client.post("/v1/score", json={"text": "x"}, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    assert keyed_client.get("/healthz").status_code == 200
    assert keyed_client.get("/readyz").status_code == 200


def test_ready_is_503_before_model_loads(tiny_artifact) -> None:
    app = create_app(Settings(model_path=tiny_artifact))
    client = TestClient(app)  # not entered: the lifespan has not run
    assert_error(client.get("/readyz"), 503, "unavailable")
    assert_error(client.post("/v1/score", json={"text": "x"}), 503, "unavailable")


def test_missing_model_fails_startup(tmp_path) -> None:
    app = create_app(Settings(model_path=tmp_path / "missing"))
    with pytest.raises(Exception, match="make model"), TestClient(app):
        pass


def test_logs_never_contain_article_text(client: TestClient, caplog) -> None:
    secret = "Zanzibarian pelican diplomacy"
    with caplog.at_level("INFO", logger="framescope.access"):
        client.post("/v1/score", json={"text": secret + "."})
    lines = [r.getMessage() for r in caplog.records if r.name == "framescope.access"]
    assert any("POST /v1/score 200" in line and "sentences=1" in line for line in lines)
    assert all("pelican" not in r.getMessage() for r in caplog.records)


def test_openapi_documents_both_content_types(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    content = spec["paths"]["/v1/score"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain"} <= set(content)
    assert "413" in spec["paths"]["/v1/score"]["post"]["responses"]


def test_score_explain_adds_evidence_inside_sentences(client: TestClient) -> None:
    body = client.post(
        "/v1/score", json={"text": ARTICLE, "explain": True, "thresholds": dict.fromkeys(LABELS, 0.0)}
    ).json()
    for sentence in body["sentences"]:
        assert set(sentence["evidence"]) == set(sentence["labels"])
        for items in sentence["evidence"].values():
            for item in items:
                assert sentence["start"] <= item["start"] < item["end"] <= sentence["end"]
                assert ARTICLE[item["start"] : item["end"]] == item["text"]
    plain = client.post("/v1/score", json={"text": ARTICLE}).json()
    assert all(s["evidence"] is None for s in plain["sentences"])


def test_model_info_names_the_backend_and_precision(client: TestClient) -> None:
    body = client.get("/v1/model").json()
    assert (body["backend"], body["precision"]) == ("torch", "fp32")


def test_openvino_backend_serves_the_same_scores(tiny_artifact, client: TestClient) -> None:
    with TestClient(create_app(Settings(model_path=tiny_artifact, backend="openvino"))) as compiled:
        assert compiled.get("/v1/model").json()["backend"] == "openvino"
        fast = compiled.post("/v1/score", json={"text": ARTICLE}).json()
    reference = client.post("/v1/score", json={"text": ARTICLE}).json()
    assert [s["text"] for s in fast["sentences"]] == [s["text"] for s in reference["sentences"]]
    for mine, theirs in zip(fast["sentences"], reference["sentences"], strict=True):
        assert mine["scores"] == pytest.approx(theirs["scores"], abs=1e-3)


def test_settings_reject_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="backend"):
        Settings(backend="tensorrt")
