"""Export: every quote (and every article) of a collection, streamed by the server.

    .venv/bin/python -m bench.export_bench [--sources jsonl,modern] [--backend sqlite]

For each source (``jsonl``: ``../shared/corpus/news.jsonl``; ``modern``: ``modern-news.jsonl``;
each as it is, one JSON Lines file) a fresh database is filled by the ingester, then one
``python -m app serve`` (one worker) streams ``/v1/quotes/export`` and ``/v1/articles/export``
in both formats to a client that reads as it comes. Reported: rows, megabytes, seconds, and the
server's resident memory (all its processes) before, at its highest while the export ran
(sampled every 0.1 s), and after: an export that held its rows would grow with them.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import ingest
from bench.corpus import CORPUS
from bench.serve import free_port, fresh_database, rss_mb, uvicorn


def _download(url: str) -> tuple[int, int, float]:
    """(lines, bytes, seconds) of one streamed export, read in 64 KiB chunks."""
    started = time.perf_counter()
    lines = size = 0
    with urllib.request.urlopen(url, timeout=600) as answer:
        while chunk := answer.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
    return lines, size, time.perf_counter() - started


def _measure(base: str, pid: int, path: str) -> str:
    peak = [rss_mb(pid)]
    before = peak[0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak.append(rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        lines, size, seconds = _download(base + path)
    finally:
        done.set()
        sampler.join()
    after = rss_mb(pid)
    return (
        f"{path:<34} {lines:>8} {size / 1e6:>7.1f} {seconds:>7.1f} "
        f"{before:>7.0f} {max(peak):>7.0f} {after:>7.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", default="jsonl,modern")
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    print(
        f"{'export':<34} {'lines':>8} {'MB':>7} {'seconds':>7} {'RSS MB':>7} "
        f"{'peak':>7} {'after':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for source in args.sources.split(","):
            corpus = CORPUS if source == "jsonl" else CORPUS.with_name("modern-news.jsonl")
            with fresh_database(args.backend, Path(tmp)) as url:
                migrate.upgrade(url)
                db = Database(Settings(database_url=url))
                summary = ingest(db, [corpus], 2_000_000, workers=1)
                db.dispose()
                print(f"{source} ({args.backend}): {len(summary.ingested)} articles", flush=True)
                port = free_port()
                base = f"http://127.0.0.1:{port}"
                with uvicorn(url, 1, port) as server:
                    for path in (
                        "/v1/quotes/export?format=csv",
                        "/v1/quotes/export?format=jsonl",
                        "/v1/articles/export?format=csv",
                        "/v1/quotes/export?format=csv&sort=-published_at",
                    ):
                        print(_measure(base, server.pid, path), flush=True)


if __name__ == "__main__":
    main()
