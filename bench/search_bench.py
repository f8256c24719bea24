"""Search over the corpus through HTTP, next to Datasette serving the same paragraphs.

Run by hand (figures go in the README):

    .venv/bin/python -m bench.search_bench [--copies 1] [--seconds 10]

It ingests ``../shared/corpus/news.jsonl`` (``--copies`` times, with new ids) through the real
ingester into a temporary SQLite database, builds a second database with the same paragraphs and
an FTS5 index for Datasette, serves both on loopback, and runs wrk (Debian's package) against a
rare word, a common word («ایران») and a phrase. Datasette is installed by pip into its own venv
(``--datasette``, default /tmp/goftar-bench-datasette) and is never a dependency of goftar.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import ingest_dir
from bench.corpus import write_seeds
from bench.serve import free_port, uvicorn, wait, wrk

QUERIES = {"rare word": "پتروشیمی", "common word": "ایران", "phrase": '"وزیر امور خارجه"'}


def _datasette_db(goftar_db: Path, target: Path) -> None:
    """The same paragraphs in a plain table with the FTS5 index Datasette looks for."""
    src = sqlite3.connect(goftar_db)
    dst = sqlite3.connect(target)
    dst.execute(
        "CREATE TABLE paragraphs (id INTEGER PRIMARY KEY, article_id TEXT, position INT, text TEXT)"
    )
    dst.executemany(
        "INSERT INTO paragraphs VALUES (?, ?, ?, ?)",
        src.execute("SELECT id, article_id, position, text FROM paragraph"),
    )
    dst.execute(
        "CREATE VIRTUAL TABLE paragraphs_fts USING fts5(text, content=paragraphs, content_rowid=id)"
    )
    dst.execute("INSERT INTO paragraphs_fts (rowid, text) SELECT id, text FROM paragraphs")
    dst.commit()
    dst.close()
    src.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--workers", default="1,2", help="uvicorn worker counts for goftar, comma-separated"
    )
    parser.add_argument("--datasette", default="/tmp/goftar-bench-datasette")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    venv = Path(args.datasette)
    if not (venv / "bin" / "datasette").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "datasette"], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seeds = root / "seeds"
        seeds.mkdir()
        write_seeds(seeds, args.copies)
        db = root / "goftar.db"
        url = f"sqlite:///{db}"
        migrate.upgrade(url)
        started = time.perf_counter()
        summary = ingest_dir(Database(Settings(database_url=url)), seeds, 2_000_000, workers=1)
        print(f"ingested {len(summary.ingested)} articles in {time.perf_counter() - started:.1f} s")
        paragraphs = sqlite3.connect(db).execute("SELECT count(*) FROM paragraph").fetchone()[0]
        print(f"{paragraphs:,} paragraphs")
        _datasette_db(db, root / "peer.db")
        results: dict[str, dict[str, dict[str, float]]] = {}
        port = free_port()
        peer = subprocess.Popen(
            [str(venv / "bin" / "datasette"), "serve", str(root / "peer.db"), "--port", str(port),
             "--setting", "sql_time_limit_ms", "10000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait(f"http://127.0.0.1:{port}/-/versions.json")
            results["datasette"] = _measure(
                f"http://127.0.0.1:{port}/peer/paragraphs.json?_search={{q}}", args
            )
        finally:
            peer.terminate()
            peer.wait(timeout=10)
        for workers in [int(w) for w in args.workers.split(",")]:
            port = free_port()
            with uvicorn(url, workers, port):
                results[f"goftar x{workers}"] = _measure(
                    f"http://127.0.0.1:{port}/v1/search?q={{q}}&type=paragraph", args
                )
    print(f"{'query':<12} {'server':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} errors  vs peer")
    for label in QUERIES:
        peer_rps = results["datasette"][label]["rps"]
        for server, by_query in results.items():
            r = by_query[label]
            print(
                f"{label:<12} {server:<12} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} "
                f"{r['p99_ms']:>8.1f} {int(r['errors']):>6}  {r['rps'] / max(peer_rps, 1e-9):6.2f}x"
            )


def _measure(template: str, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    return {
        label: _counted(
            wrk(template.format(q=urllib.parse.quote(q)), args.seconds, args.connections)
        )
        for label, q in QUERIES.items()
    }


def _counted(result: dict[str, float]) -> dict[str, float]:
    """Failed requests: socket errors, timeouts and non-2xx answers."""
    return {**result, "errors": result["errors"] + result["non_2xx"]}


if __name__ == "__main__":
    main()
