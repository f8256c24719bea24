"""Soak: every read route under 16, 64 and 256 connections, on both backends, one server.

    .venv/bin/python -m bench.soak [--backends sqlite,postgres] [--levels 16,64,256]
                                   [--seconds 30] [--workers 1] [--articles 400]

The corpus (its first ``--articles``) is ingested into a fresh database per backend, then one
``python -m app serve`` (``--workers`` processes) serves it while wrk runs the mixed load of
``bench/http_bench.py`` (articles, paragraphs, speakers, quotes, lists, searches in turn) at each
level for ``--seconds``. After each level the probe ``/readyz`` is timed: a server that
deadlocked under load (it did at 48 connections on PostgreSQL) answers it late or not at all.

Reported per level: requests/s, p50 and p99 latency, socket errors and timeouts, non-2xx
answers (a deliberate 503 counts here too), the server's resident memory (all its processes)
before and after, and the probe's time. Needs wrk (``apt-get install wrk``) and, for
PostgreSQL, the server at ``GOFTAR_BENCH_PG``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import urllib.request
from pathlib import Path

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import ingest_dir
from bench.corpus import articles
from bench.http_bench import mixed_paths, wrk_script
from bench.serve import free_port, fresh_database, rss_mb, uvicorn, wrk


def _seeds(folder: Path, count: int) -> int:
    folder.mkdir()
    n = 0
    for article in articles():
        if n == count:
            break
        (folder / f"{article['id'].replace(':', '_')}.txt").write_text(article["text"], "utf-8")
        n += 1
    return n


def _probe(base: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(base + "/readyz", timeout=60) as answer:
        answer.read()
    return time.perf_counter() - started


def soak(backend: str, args: argparse.Namespace, root: Path) -> None:
    seeds = root / f"seeds-{backend}"
    files = _seeds(seeds, args.articles)
    with fresh_database(backend, root) as url:
        migrate.upgrade(url)
        db = Database(Settings(database_url=url))
        ingest_dir(db, seeds, 2_000_000, workers=1)
        paths = mixed_paths(db.engine)
        db.dispose()
        script = wrk_script(paths, root / f"mixed-{backend}.lua")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with uvicorn(url, args.workers, port) as server:
            wrk(base + "/healthz", 1, 8)  # warm up
            for level in args.levels:
                before = rss_mb(server.pid)
                r = wrk(base + "/", args.seconds, level, script)
                probe = _probe(base)
                after = rss_mb(server.pid)
                print(
                    f"{backend:<10} {files:>5} {level:>5} {r['rps']:>8.1f} {r['p50_ms']:>7.1f} "
                    f"{r['p99_ms']:>8.1f} {int(r['errors']):>6} {int(r['non_2xx']):>6} "
                    f"{before:>7.0f} {after:>7.0f} {probe * 1000:>8.1f}",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--levels", default="16,64,256")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    args.levels = [int(n) for n in args.levels.split(",")]
    print(
        f"{'backend':<10} {'arts':>5} {'conns':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>8} "
        f"{'errors':>6} {'non2xx':>6} {'RSS MB':>7} {'after':>7} {'readyz ms':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            soak(backend, args, Path(tmp))


if __name__ == "__main__":
    main()
