"""Start ``framescope serve`` in a child process and wait until it is ready: for tests, benchmarks and docs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ServerProcess:
    process: subprocess.Popen[str]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(
    model: Path, env: Mapping[str, str] | None = None, port: int | None = None, capture_output: bool = False
) -> ServerProcess:
    """``framescope serve --model MODEL`` on ``port`` (a free one by default), with ``env`` added to ours."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--model", str(model), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "FRAMESCOPE_LOG_LEVEL": "warning", **(env or {})},
        stdout=subprocess.PIPE if capture_output else None,
        stderr=subprocess.STDOUT if capture_output else None,
        text=True,
    )
    return ServerProcess(process, port)


def wait_ready(server: ServerProcess, seconds: float = 120) -> None:
    """Poll ``/readyz`` until it answers 200; raise RuntimeError if the server exits or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            output = server.process.communicate()[0] if server.process.stdout else ""
            raise RuntimeError(f"the server exited during start-up (status {server.process.returncode}) {output}")
        try:
            if httpx.get(f"{server.base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not become ready within {seconds:.0f} s")


@contextmanager
def running_server(
    model: Path, env: Mapping[str, str] | None = None, ready_seconds: float = 120
) -> Iterator[ServerProcess]:
    """A ready server for the ``with`` block; terminated (SIGTERM, then waited for) afterwards."""
    server = start_server(model, env)
    try:
        wait_ready(server, ready_seconds)
        yield server
    finally:
        server.process.terminate()
        server.process.wait(timeout=60)
