"""The server's own limits (app/server.py), on a real ``python -m app serve``: a connection that
dribbles its headers is closed, and past MAX_CONNECTIONS a request is refused at once."""

from __future__ import annotations

import json
import os
import re
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


def _exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes; the status, headers and body of the answer (read until it closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            if b"\r\n\r\n" in received:
                head, _, body = received.partition(b"\r\n\r\n")
                length = re.search(rb"(?im)^content-length: *(\d+)", head)
                if length and len(body) >= int(length.group(1)):
                    break
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def test_a_raw_utf8_url_gets_a_problem_with_a_request_id(server: int, tmp_path: Path) -> None:
    """curl sends a URL as typed: ``curl 'localhost:8000/v1/speakers?q=اسد'`` put raw UTF-8 in
    the request line, and uvicorn answered a bare text/plain 'Invalid HTTP request received.'"""
    raw = "GET /v1/speakers?q=اسد HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
    status, headers, body = _exchange(server, raw)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
    problem = json.loads(body)
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert "percent-encode" in problem["detail"] and "--data-urlencode" in problem["detail"]
    assert headers["x-request-id"] in (tmp_path / "server.log").read_text(encoding="utf-8")
    encoded = b"GET /v1/speakers?q=%D8%A7%D8%B3%D8%AF HTTP/1.1\r\nHost: localhost\r\n\r\n"
    status, headers, body = _exchange(server, encoded)
    assert status == 200 and json.loads(body) == {"items": [], "next_cursor": None}
