"""The server's own limits (app/server.py), on a real ``python -m app serve``: a connection that
dribbles its headers is closed, and past MAX_CONNECTIONS a request is refused at once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.test_concurrency import free_port, wait_ready

PARTIAL = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: "


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "SEEDS_DIR": str(tmp_path / "no-seeds"),
        "HEADER_TIMEOUT": "1",
        "MAX_CONNECTIONS": "3",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "app", "serve", "--port", str(port)]
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready(port, proc, time.monotonic() + 120)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False


def test_headers_that_never_end_close_the_connection(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as slow:
        slow.sendall(PARTIAL)
        started = time.monotonic()
        assert _closed_within(slow, 10), "the server kept a connection without headers"
        assert time.monotonic() - started < 5
    with socket.create_connection(("127.0.0.1", server)) as silent:  # not even a byte
        assert _closed_within(silent, 10)
    assert httpx.get(f"http://127.0.0.1:{server}/healthz").status_code == 200


def test_past_max_connections_a_request_is_refused_at_once(server: int) -> None:
    held = [socket.create_connection(("127.0.0.1", server)) for _ in range(3)]
    try:
        for sock in held:
            sock.sendall(PARTIAL)
        time.sleep(0.2)
        refused = httpx.get(f"http://127.0.0.1:{server}/healthz", timeout=5)
        assert refused.status_code == 503
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert httpx.get(f"http://127.0.0.1:{server}/healthz").status_code == 200
