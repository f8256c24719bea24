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
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from app import migrate
from app.db import make_engine
from app.ingest import ingest_dir
from bench.corpus import articles

QUERIES = {"rare word": "پتروشیمی", "common word": "ایران", "phrase": '"وزیر امور خارجه"'}
_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _write_seeds(folder: Path, copies: int) -> None:
    for article in articles():
        for n in range(copies):
            name = article["id"].replace(":", "_") + (f"_{n}" if n else "")
            (folder / f"{name}.txt").write_text(article["text"], encoding="utf-8")


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


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def _wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    latency = {p: float(v) * _UNIT[u] for p, v, u in _LATENCY.findall(out)}
    return {
        "rps": rps,
        "p50_ms": latency.get("50", 0.0),
        "p99_ms": latency.get("99", 0.0),
        "errors": (float(errors.group(1)) if errors else 0.0)
        + (float(timeouts.group(1)) if timeouts else 0.0),
    }


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
        _write_seeds(seeds, args.copies)
        db = root / "goftar.db"
        url = f"sqlite:///{db}"
        migrate.upgrade(url)
        started = time.perf_counter()
        summary = ingest_dir(make_engine(url), seeds, 2_000_000)
        print(f"ingested {len(summary.ingested)} articles in {time.perf_counter() - started:.1f} s")
        paragraphs = sqlite3.connect(db).execute("SELECT count(*) FROM paragraph").fetchone()[0]
        print(f"{paragraphs:,} paragraphs")
        _datasette_db(db, root / "peer.db")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "INGEST_ON_STARTUP": "false",
            "LOG_LEVEL": "WARNING",
        }
        results: dict[str, dict[str, dict[str, float]]] = {}
        peer = subprocess.Popen(
            [str(venv / "bin" / "datasette"), "serve", str(root / "peer.db"), "--port", "8766",
             "--setting", "sql_time_limit_ms", "10000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait("http://127.0.0.1:8766/-/versions.json")
            results["datasette"] = _measure(
                "http://127.0.0.1:8766/peer/paragraphs.json?_search={q}", args
            )
        finally:
            peer.terminate()
            peer.wait(timeout=10)
        for workers in [int(w) for w in args.workers.split(",")]:
            ours = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "app.main:app", "--port", "8765",
                 "--log-level", "warning", "--no-access-log", "--workers", str(workers)],
                env=env,
            )  # fmt: skip
            try:
                _wait("http://127.0.0.1:8765/healthz")
                results[f"goftar x{workers}"] = _measure(
                    "http://127.0.0.1:8765/v1/search?q={q}&type=paragraph", args
                )
            finally:
                ours.terminate()
                ours.wait(timeout=10)
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
        label: _wrk(template.format(q=urllib.parse.quote(q)), args.seconds, args.connections)
        for label, q in QUERIES.items()
    }


if __name__ == "__main__":
    main()
