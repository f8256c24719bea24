"""Seconds from the container's command to healthy and to all workers up, on the seed; memory.

Run by hand (figures go in docs/deployment.md):

    .venv/bin/python -m bench.container_startup [--rounds 3]

It runs the Dockerfile's CMD as tests/container.py does (the venv in place of the image), with 1
and 2 workers, on SQLite and on PostgreSQL (the server at 127.0.0.1:5432), polling with the
HEALTHCHECK's own command every 0.1 s. A first start migrates an empty database and ingests the
seed; a restart finds the schema at head and the seed unchanged, as a new replica does. Healthy
means one worker answers (what Docker and a load balancer see); "all up" waits for every worker.
Memory is the resident set of each serving process (the workers; the supervisor apart).
"""

from __future__ import annotations

import argparse
import signal
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import pg_database
from tests.container import start, wait_for_workers, wait_until_healthy


@contextmanager
def _database(backend: str) -> Iterator[dict[str, str]]:
    """Environment overrides for a new empty database (SQLite: the image's default on /data)."""
    if backend == "sqlite":
        yield {}
    else:
        with pg_database() as url:
            yield {"DATABASE_URL": url}


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()]


def _run(data_dir: Path, overrides: dict[str, str], workers: int) -> tuple[float, float, float]:
    """Seconds to healthy, seconds to all workers up, MiB per worker (mean)."""
    with start(data_dir, data_dir / "server.log", overrides) as server:
        healthy = wait_until_healthy(server, poll=0.1)
        all_up = wait_for_workers(server, workers, poll=0.1)
        pid = server.process.pid
        serving = [pid] if workers == 1 else _children(pid)
        rss = statistics.mean(_rss_mib(p) for p in serving)
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=60)
    return healthy, all_up, rss


def measure(backend: str, workers: int) -> list[tuple[float, float, float]]:
    """A first start, then a restart on the same database."""
    with tempfile.TemporaryDirectory() as tmp, _database(backend) as overrides:
        overrides = overrides | {"WEB_CONCURRENCY": str(workers)}
        return [_run(Path(tmp), overrides, workers) for _ in range(2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| database | workers | first start: healthy / all up (s) | restart (s) | MiB/worker |")
    print("|---|---|---|---|---|")
    for backend in ("sqlite", "postgresql"):
        for workers in (1, 2):
            runs = [measure(backend, workers) for _ in range(args.rounds)]

            def median(start: int, field: int, runs: list = runs) -> float:
                return statistics.median(run[start][field] for run in runs)

            print(
                f"| {backend} | {workers} | {median(0, 0):.1f} / {median(0, 1):.1f} "
                f"| {median(1, 0):.1f} / {median(1, 1):.1f} | {median(1, 2):.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
