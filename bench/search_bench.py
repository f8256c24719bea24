"""Search over the corpus through HTTP, on both backends, next to Datasette serving the same
paragraphs.

    .venv/bin/python -m bench.search_bench [--copies 1,10] [--backend sqlite,postgres]
                                           [--modern] [--seconds 10] [--connections 16]
                                           [--workers 1] [--datasette DIR]

For each number of copies and backend, ``../shared/corpus/news.jsonl`` (``--copies`` times, new
ids; with ``--modern`` also ``modern-news.jsonl``) is ingested by ``python -m app ingest`` (the
real ingester, one annotator process) into a fresh database, ``python -m app serve`` serves it,
and wrk runs ``--seconds`` per query at ``--connections``: two common words («ایران», «گفت»),
a rare word and three phrases (of common words, with a rarer word, and one in no paragraph),
each reported as requests/s, p50 and p99 latency and failed requests.

With ``--replicate`` the corpus is ingested once and copied at the SQL level to ``--copies``
times its size (``bench/search_replicate.py``: the ingester would take about 25 minutes a
backend for x100), then ``--modern`` is ingested on top by the real ingester. ``--no-datasette``
skips the peer (its FTS5 index of x100 is not needed to read goftar's figures); with
``--connections 1`` the latencies are those of one search at a time. ``--database URL`` serves
and measures a database built before (e.g. by ``bench/search_replicate.py``), nothing ingested.

Datasette (pip-installed into its own venv, ``--datasette``, never a dependency of goftar) serves
the same paragraphs from SQLite with its own FTS5 index (``?_search=``, unranked rows, no
snippets), built once per number of copies from the first backend's paragraphs; each goftar
figure is also given as a multiple of Datasette's requests/s for the same query.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.corpus import CORPUS, write_seeds
from bench.search_replicate import replicate
from bench.serve import free_port, fresh_database, uvicorn, wait, wrk

QUERIES = {
    "common «ایران»": "ایران",
    "common «گفت»": "گفت",
    "rare word": "پتروشیمی",
    "phrase": '"وزیر امور خارجه"',
    # «ملل» is not among the common words that are paired (docs/search.md): its phrases are
    # read from its postings; reversed, the phrase is nowhere, and every posting is read
    "phrase, a rarer word": '"سازمان ملل"',
    "phrase, nowhere": '"ملل سازمان"',
}


def _ingest(url: str, paths: list[Path]) -> float:
    """Seconds of ``python -m app ingest`` over ``paths`` into ``url``."""
    env = {**os.environ, "DATABASE_URL": url, "INGEST_WORKERS": "1", "LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "ingest", *map(str, paths)],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def _datasette_db(url: str, target: Path) -> int:
    """The same paragraphs in a plain table with the FTS5 index Datasette looks for."""
    dst = sqlite3.connect(target)
    dst.execute("CREATE TABLE paragraphs (id INTEGER PRIMARY KEY, article_id TEXT, text TEXT)")
    with create_engine(url).connect() as src:
        rows = src.execute(text("SELECT article_id, text FROM paragraph"))
        dst.executemany("INSERT INTO paragraphs (article_id, text) VALUES (?, ?)", rows)
    dst.execute(
        "CREATE VIRTUAL TABLE paragraphs_fts USING fts5(text, content=paragraphs, content_rowid=id)"
    )
    dst.execute("INSERT INTO paragraphs_fts (rowid, text) SELECT id, text FROM paragraphs")
    dst.commit()
    count = dst.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    dst.close()
    return int(count)


def _datasette(venv: Path, db: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    port = free_port()
    peer = subprocess.Popen(
        [str(venv / "bin" / "datasette"), "serve", str(db), "--port", str(port),
         "--setting", "sql_time_limit_ms", "10000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait(f"http://127.0.0.1:{port}/-/versions.json")
        return _measure(f"http://127.0.0.1:{port}/{db.stem}/paragraphs.json?_search={{q}}", args)
    finally:
        peer.terminate()
        peer.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", default="1", help="comma list, e.g. 1,10")
    parser.add_argument("--backend", default="sqlite", help="sqlite, postgres (comma list)")
    parser.add_argument("--modern", action="store_true", help="add modern-news.jsonl")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers for goftar")
    parser.add_argument("--datasette", default="/tmp/goftar-bench-datasette")
    parser.add_argument("--replicate", action="store_true", help="copy rows, ingest once")
    parser.add_argument("--no-datasette", action="store_true", help="goftar only")
    parser.add_argument("--database", help="measure this database as it is (goftar only)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    venv = Path(args.datasette)
    if not args.no_datasette and not (venv / "bin" / "datasette").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "datasette"], check=True)
    if args.database:
        port = free_port()
        with uvicorn(args.database, args.workers, port):
            ours = _measure(f"http://127.0.0.1:{port}/v1/search?q={{q}}&limit=20", args)
        none = {label: {"rps": 0.0} for label in QUERIES}
        print("\n".join(_rows("db", "goftar", ours, none)))
        return
    lines = []
    for copies in [int(c) for c in args.copies.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            seeds = root / "seeds"
            seeds.mkdir()
            articles = write_seeds(seeds, 1 if args.replicate else copies)
            modern = [CORPUS.with_name("modern-news.jsonl")] if args.modern else []
            peer: dict[str, dict[str, float]] | None = None
            for backend in args.backend.split(","):
                with fresh_database(backend, root) as url:
                    if args.replicate:
                        seconds = _ingest(url, [seeds])
                        started = time.perf_counter()
                        replicate(url, copies)
                        print(f"x{copies} {backend}: replicated in "
                              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
                        seconds += _ingest(url, modern) if modern else 0.0
                    else:
                        seconds = _ingest(url, [seeds, *modern])
                    if args.no_datasette and peer is None:
                        print(f"x{copies}: {articles:,} articles copied {copies} times "
                              f"(+modern: {args.modern})", flush=True)  # fmt: skip
                        peer = {label: {"rps": 0.0} for label in QUERIES}
                    if peer is None:
                        paragraphs = _datasette_db(url, root / "peer.db")
                        print(f"x{copies}: {articles:,} articles (+modern: {args.modern}), "
                              f"{paragraphs:,} paragraphs", flush=True)  # fmt: skip
                        peer = _datasette(venv, root / "peer.db", args)
                        lines += _rows(f"x{copies}", "datasette", peer, peer)
                    print(f"x{copies} {backend}: ingested in {seconds:.0f} s", flush=True)
                    port = free_port()
                    with uvicorn(url, args.workers, port):
                        ours = _measure(f"http://127.0.0.1:{port}/v1/search?q={{q}}&limit=20", args)
                    lines += _rows(f"x{copies}", f"goftar {backend}", ours, peer)
            print("\n".join(lines[-len(QUERIES) * (1 + len(args.backend.split(","))) :]))
    print(f"\nall runs ({args.workers} worker(s), {args.connections} connections):")
    print(f"{'size':<5} {'server':<16} {'query':<15} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'failed':>6} {'vs datasette':>12}")  # fmt: skip
    print("\n".join(lines))


def _rows(
    size: str, server: str, ours: dict[str, dict[str, float]], peer: dict[str, dict[str, float]]
) -> list[str]:
    out = []
    for label, r in ours.items():
        theirs = peer[label]["rps"]
        ratio = f"{r['rps'] / theirs:>11.1f}x" if theirs else f"{'-':>12}"
        out.append(
            f"{size:<5} {server:<16} {label:<15} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} "
            f"{r['p99_ms']:>8.1f} {int(r['errors']):>6} {ratio}"
        )
    return out


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
