"""Ingest speed, memory and restart time on the corpus, through the real ingester.

    .venv/bin/python -m bench.ingest_bench [--copies 1,10] [--backend sqlite,postgres]
                                           [--workers 1] [--hazm-rounds 1]
                                           [--sources folder,jsonl,modern]

For each source, backend and number of copies, ``python -m app ingest`` runs in a subprocess
into a fresh database (a new SQLite file, or a PostgreSQL database created and dropped on
``GOFTAR_BENCH_PG``) over a temporary folder holding:

- ``folder``: the corpus (``../shared/corpus/news.jsonl``, N copies with new ids) written as
  seed files, one ``.txt`` an article;
- ``jsonl``: the corpus file itself, as it is (one JSON Lines file: its titles, links and
  categories are metadata), for the same articles read the other way;
- ``modern``: ``modern-news.jsonl`` as it is (39,444 Telegram posts with channel, date, link).

Reported:

- articles/s: articles over the ingest's own time (migrate excluded, file reading and hashing
  included), and the same over the whole process (Python start, imports, migrations);
- × hazm: articles/s over hazm's own normalize + word_tokenize rate on the same text (CPU time
  of this process, one core): the target is 0.5;
- peak RSS of the ingesting process and, apart, of its annotator processes (``--workers``,
  the ``INGEST_WORKERS`` setting; 0 annotates in the ingesting process);
- restart: a subprocess runs the server's startup (``alembic upgrade head`` then the ingest of
  the folder, every file unchanged) through the app's lifespan; in-process time and whole
  process time (target: under 2 s for the corpus).

Figures on a shared machine vary by ±20%; run it on a quiet one for the README.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.annotate_throughput import hazm_rate
from bench.corpus import CORPUS, articles, write_seeds
from bench.serve import fresh_database

_SUMMARY = re.compile(r"ingested (\d+), replaced (\d+), unchanged (\d+)")


def _child_ingest(folder: str) -> None:
    """In the subprocess: the CLI's ingest, then this process's and its children's peak RSS."""
    from app.__main__ import main

    status = main(["ingest", folder])
    # VmHWM, not ru_maxrss: Linux carries a parent's peak over fork and exec into ru_maxrss,
    # and the bench is bigger than the ingester. Annotator workers are started by this
    # process, small at that moment, so their ru_maxrss is their own.
    own = int(re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1))  # type: ignore[union-attr]
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"status": status, "rss_kb": own, "workers_rss_kb": workers}))


def _child_startup() -> None:
    """In the subprocess: the server's startup (migrate, ingest), timed inside the process."""
    from app.main import create_app

    app = create_app()

    async def start() -> None:
        async with app.router.lifespan_context(app):
            pass

    started = time.perf_counter()
    asyncio.run(start())
    print(json.dumps({"seconds": time.perf_counter() - started}))


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, dict, str]:  # type: ignore[type-arg]
    """A bench child: (whole-process seconds, its last JSON line, its stdout + stderr)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.ingest_bench", *argv],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, json.loads(done.stdout.strip().splitlines()[-1]), done.stdout + done.stderr


def measure(backend: str, seeds: Path, files: int, workers: int, root: Path) -> dict[str, float]:
    with fresh_database(backend, root) as url:
        env = {
            "DATABASE_URL": url,
            "SEEDS_DIR": str(seeds),
            "INGEST_WORKERS": str(workers),
            "LOG_LEVEL": "INFO",
        }
        whole, usage, out = _run(["--child", "ingest", str(seeds)], env)
        seconds = float(re.search(r"^seconds: ([\d.]+)$", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
        ingested = int(re.search(r"^ingested: (\d+)$", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
        if ingested != files:
            raise SystemExit(f"{backend}: ingested {ingested} of {files} files:\n{out}")
        restart_whole, startup, out = _run(["--child", "startup"], env)
        summary = _SUMMARY.search(out)
        if summary is None or int(summary.group(3)) != files:
            raise SystemExit(f"{backend}: the restart did not find every file unchanged:\n{out}")
    return {
        "articles": files,
        "seconds": seconds,
        "rate": files / seconds,
        "whole_rate": files / whole,
        "rss_mb": usage["rss_kb"] / 1024,
        "workers_rss_mb": usage["workers_rss_kb"] / 1024,
        "restart_s": startup["seconds"],
        "restart_whole_s": restart_whole,
    }


def _source(kind: str, copies: int, root: Path) -> tuple[Path, int]:
    """A folder of ``kind`` (see the module's docstring) and how many articles it holds."""
    folder = root / f"{kind}-x{copies}"
    folder.mkdir()
    if kind == "folder":
        return folder, write_seeds(folder, copies)
    corpus = CORPUS if kind == "jsonl" else CORPUS.with_name("modern-news.jsonl")
    (folder / corpus.name).symlink_to(corpus)
    return folder, sum(1 for _ in articles(corpus))


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", default="1,10", help="corpus sizes, comma-separated")
    parser.add_argument("--backend", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--workers", default="1", help="INGEST_WORKERS values, comma-separated")
    parser.add_argument("--hazm-rounds", type=int, default=1, help="rounds of the hazm baseline")
    parser.add_argument("--sources", default="folder", help="folder, jsonl, modern (comma list)")
    parser.add_argument("--child", choices=["ingest", "startup"], help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "ingest":
        return _child_ingest(args.folder)
    if args.child == "startup":
        return _child_startup()
    texts = [a["text"] for a in articles()]
    hazm = hazm_rate(texts, args.hazm_rounds)
    print(f"hazm normalize + word_tokenize: {hazm:.1f} articles/s (CPU time, one core)")
    print(
        f"{'source':<7} {'backend':<9} {'articles':>8} {'workers':>7} {'seconds':>8} "
        f"{'art/s':>7} {'x hazm':>6} {'whole art/s':>11} {'RSS MB':>7} {'annot. MB':>9} "
        f"{'restart s':>9} {'whole s':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for source in args.sources.split(","):
            for copies in _ints(args.copies) if source == "folder" else [1]:
                seeds, files = _source(source, copies, root)
                for backend in args.backend.split(","):
                    for workers in _ints(args.workers):
                        r = measure(backend, seeds, files, workers, root)
                        print(
                            f"{source:<7} {backend:<9} {files:>8} {workers:>7} "
                            f"{r['seconds']:>8.1f} {r['rate']:>7.1f} {r['rate'] / hazm:>6.2f} "
                            f"{r['whole_rate']:>11.1f} {r['rss_mb']:>7.0f} "
                            f"{r['workers_rss_mb']:>9.0f} {r['restart_s']:>9.2f} "
                            f"{r['restart_whole_s']:>7.2f}",
                            flush=True,
                        )


if __name__ == "__main__":
    main()
