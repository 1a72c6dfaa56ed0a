"""Faults of the real server process: SIGTERM mid-request, a missing or tampered model at start."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from service import launcher
from service.launcher import ServerProcess, free_port, start_server


@pytest.fixture
def start():
    """Start `framescope serve` processes; whatever a failing test leaves running is killed afterwards."""
    processes: list[subprocess.Popen] = []

    def spawn(model: Path, port: int, **env: str) -> subprocess.Popen:
        processes.append(launch(model, port, **env))
        return processes[-1]

    yield spawn
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def launch(model: Path, port: int, **env: str) -> subprocess.Popen:
    return start_server(model, env, port=port, capture_output=True).process


def wait_ready(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    launcher.wait_ready(ServerProcess(process, port), seconds)


def test_sigterm_lets_in_flight_requests_finish(tiny_artifact: Path, start) -> None:
    port = free_port()
    # A long batching wait keeps requests in flight when the signal arrives.
    process = start(tiny_artifact, port, FRAMESCOPE_BATCH_WAIT_MS="100")
    base = f"http://127.0.0.1:{port}"
    wait_ready(port, process)
    # Each request is larger than one micro-batch, so the six are scored one after another.
    text = "A sentence about borders. " * 3000
    statuses: list[int] = []

    def post() -> None:
        statuses.append(httpx.post(f"{base}/v1/score", json={"text": text}, timeout=60).status_code)

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while not statuses and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)  # the first is answered, the others are queued or being scored
    answered_before_signal = len(statuses)
    for thread in threads:
        thread.join(timeout=60)
    assert answered_before_signal < 6, "all requests finished before the signal; make them longer"
    assert statuses == [200] * 6
    # uvicorn drains, shuts the lifespan down, then re-raises the captured signal: -SIGTERM is a clean exit.
    assert process.wait(timeout=60) in (0, -signal.SIGTERM)


def test_missing_model_exits_nonzero_with_clear_error(tmp_path: Path, start) -> None:
    process = start(tmp_path / "nothing", free_port())
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0 and "make model" in output


def test_tampered_model_is_refused_and_never_ready(tiny_artifact: Path, tmp_path: Path, start) -> None:
    copy = tmp_path / "artifact"
    shutil.copytree(tiny_artifact, copy)
    with open(copy / "model.safetensors", "r+b") as handle:
        handle.seek(-8, 2)
        handle.write(b"\x00" * 8)
    port = free_port()
    process = start(copy, port)
    ready = False
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            ready = ready or httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200
        time.sleep(0.1)
    output = process.communicate(timeout=30)[0]
    assert process.returncode != 0 and not ready
    assert "changed after training" in output
