"""What the HTTP benchmarks share: databases to fill, uvicorn to start, wrk to run.

PostgreSQL databases are created and dropped on the server at ``GOFTAR_BENCH_PG`` (default
``postgresql://postgres@127.0.0.1:5432``, trust auth as on these machines).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_SERVER = os.environ.get("GOFTAR_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """A SQLAlchemy URL of an empty database: a new SQLite file in ``folder``, or a new
    PostgreSQL database that is dropped afterwards."""
    name = f"goftar_bench_{uuid.uuid4().hex[:10]}"
    if backend == "sqlite":
        yield f"sqlite:///{folder / (name + '.db')}"
        return
    if backend != "postgres":
        raise SystemExit(f"unknown backend {backend!r} (sqlite or postgres)")
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


@contextmanager
def uvicorn(url: str, workers: int, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """goftar served as in production (``python -m app serve``: uvicorn with the server's
    limits) on loopback over an already ingested database."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "INGEST_ON_STARTUP": "false",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait(f"http://127.0.0.1:{port}/healthz")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=20)


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict[str, float]:
    """One wrk run: requests/s, p50 and p99 latency (ms), errors (socket errors and timeouts)
    and non-2xx/3xx answers."""
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "--latency",
    ]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = re.search(r"(\d+) requests in", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    latency = {p: float(v) * _UNIT[u] for p, v, u in _LATENCY.findall(out)}
    return {
        "rps": rps,
        "requests": float(requests.group(1)) if requests else 0.0,
        "p50_ms": latency.get("50", 0.0),
        "p99_ms": latency.get("99", 0.0),
        "non_2xx": float(non_2xx.group(1)) if non_2xx else 0.0,
        "errors": float(sum(int(g) for g in socket_errors.groups())) if socket_errors else 0.0,
    }


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (uvicorn's workers), in MB."""
    total = 0
    for p in [pid, *_descendants(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [c for c, p in parents.items() if p in frontier]
        found += children
        frontier = children
    return found
