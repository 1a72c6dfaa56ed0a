from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.launcher import free_port, running_server, start_server, wait_ready


def test_running_server_serves_until_the_block_ends(tiny_artifact: Path) -> None:
    with running_server(tiny_artifact) as server:
        assert httpx.get(f"{server.base}/readyz", timeout=5).status_code == 200
    assert server.process.poll() is not None


def test_wait_ready_raises_when_the_server_exits(tmp_path: Path) -> None:
    server = start_server(tmp_path / "no-model", capture_output=True)
    with pytest.raises(RuntimeError, match="exited during start-up"):
        wait_ready(server, seconds=60)


def test_free_port_can_be_bound() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", free_port()))
