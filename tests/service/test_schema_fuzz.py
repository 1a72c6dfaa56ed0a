"""Schema fuzzing: schemathesis generates requests from the service's own OpenAPI schema (bounded, seeded).

No case may get a 5xx other than the documented 503, and every response must match the documented schema.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from service.app import create_app
from service.settings import Settings


def run_cases(operation, mode: GenerationMode, seen: set[int]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        response = case.call()
        seen.add(response.status_code)
        assert response.status_code < 500 or response.status_code == 503, response.text
        case.validate_response(response)

    check()


def test_fuzz_api_never_fails_and_matches_schema(tiny_artifact: Path) -> None:
    app = create_app(Settings(model_path=tiny_artifact, max_body_bytes=20_000))
    with TestClient(app):  # runs the lifespan, so the model is loaded for every generated case
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        statuses: dict[str, set[int]] = {}
        for operation, mode in product(operations, (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)):
            if mode is GenerationMode.NEGATIVE and operation.method.upper() != "POST":
                continue  # nothing to invalidate in a parameterless GET
            run_cases(operation, mode, statuses.setdefault(f"{operation.method.upper()} {operation.path}", set()))
    assert {"POST /v1/score", "POST /v1/score/batch", "GET /v1/model"} <= set(statuses)
    assert all(statuses.values()), statuses  # every operation was exercised
    assert {200, 422} <= statuses["POST /v1/score"], statuses
