"""HTTP throughput of the read routes, next to the server's ceiling (``/healthz``).

    .venv/bin/python -m bench.http_bench [--copies 1] [--backend sqlite] [--workers 1,2]
                                         [--seconds 10] [--rounds 5] [--connections 16] [--explain]
                                         [--database URL]
    .venv/bin/python -m bench.http_bench --mixed [--duration 60] [--connections 64]
                                         [--workers 2] [--sample 5]

The corpus (``--copies`` times, new ids) is ingested through the real ingester into a fresh
database (SQLite file, or a PostgreSQL database created and dropped on ``GOFTAR_BENCH_PG``).

First, each route is called once in-process (TestClient) and the SQL statements it runs are
counted with a ``before_cursor_execute`` hook, so an N+1 shows as a count that grows with the
page; ``--explain`` prints each statement's plan, and any full scan of a table is flagged.

Then uvicorn serves the database with 1 and 2 workers and wrk (``apt-get install wrk``) runs
``--seconds`` per route at ``--connections``: requests/s, p50 and p99 latency, and each route's
share of ``/healthz`` (the cost of the framework alone; targets: article detail and a speaker's
quotes at least 0.5).

``--mixed``: one wrk run of ``--duration`` seconds at ``--connections`` over every read route
in turn (a Lua script cycling through article, paragraph, speaker, quote, list and search URLs),
reporting requests/s, latency, socket errors and timeouts, non-2xx answers, and the resident
memory of the server (all its processes) sampled every ``--sample`` seconds, so a leak shows.

The machine's two cores are shared by wrk, the server and anything else running: the figures
are for comparing routes with each other and with /healthz, on a quiet machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import ingest_dir
from bench.corpus import write_seeds
from bench.serve import free_port, fresh_database, rss_mb, uvicorn, wrk

SEARCH = '"وزیر امور خارجه"'


def pick_ids(engine: Engine) -> dict[str, str]:
    """A large article (90th percentile of quotes) and the most quoted speaker."""
    with engine.connect() as conn:
        counts = [r[0] for r in conn.execute(text("SELECT quote_count FROM article"))]
        big = sorted(counts)[int(len(counts) * 0.9)]
        article = conn.execute(
            text("SELECT id FROM article WHERE quote_count = :n ORDER BY id LIMIT 1"), {"n": big}
        ).scalar_one()
        speaker = conn.execute(
            text("SELECT id FROM speaker ORDER BY quote_count DESC, id LIMIT 1")
        ).scalar_one()
    return {"article": article, "speaker": speaker}


def routes(ids: dict[str, str]) -> dict[str, str]:
    """The routes measured one by one (paths with their query)."""
    q = urllib.parse.quote(SEARCH)
    return {
        "/healthz": "/healthz",
        "article detail": f"/v1/articles/{ids['article']}",
        "speaker's quotes": f"/v1/speakers/{ids['speaker']}/quotes",
        "quotes list": "/v1/quotes",
        "articles list": "/v1/articles",
        "search": f"/v1/search?q={q}",
    }


def mixed_paths(engine: Engine) -> list[str]:
    """Every read route, over many articles and speakers, for the mixed run."""
    with engine.connect() as conn:
        articles = [r[0] for r in conn.execute(text("SELECT id FROM article ORDER BY id"))]
        speakers = [
            r[0] for r in conn.execute(text("SELECT id FROM speaker ORDER BY quote_count DESC, id"))
        ]
    sample = articles[:: max(1, len(articles) // 40)]
    top = speakers[:20]
    paths = ["/healthz", "/readyz", "/v1/articles", "/v1/speakers", "/v1/quotes"]
    paths += ["/v1/quotes?kind=direct", "/v1/speakers?q=" + urllib.parse.quote("وزیر")]
    for article in sample:
        paths += [
            f"/v1/articles/{article}",
            f"/v1/articles/{article}/paragraphs",
            f"/v1/articles/{article}/paragraphs/1",
            f"/v1/quotes?article={article}",
        ]
    for speaker in top:
        paths += [f"/v1/speakers/{speaker}", f"/v1/speakers/{speaker}/quotes"]
    for q in ("ایران", "پتروشیمی", SEARCH, "مجلس*", "گفت و گو -آمریکا"):
        search = f"/v1/search?q={urllib.parse.quote(q)}"
        paths += [search, search + "&type=quote"]
    return paths


_DML = ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")


def _counted(sql: str) -> bool:
    """A statement of ours: not BEGIN/COMMIT, nor FTS5's reads of its own shadow tables
    (which it names as 'main'.'table')."""
    return sql.lstrip().upper().startswith(_DML) and "'main'." not in sql


def count_queries(url: str, paths: dict[str, str], explain: bool) -> None:
    """Each route once in-process: its SQL statements, and the plans that scan a table."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    app = create_app(Settings(database_url=url, ingest_on_startup=False, log_level="WARNING"))
    engine = app.state.db.engine
    seen: list[tuple[str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if _counted(statement):
            seen.append((statement, parameters))

    print(f"{'route':<18} {'status':>6} {'SQL statements':>14}  full scans")
    with TestClient(app) as client:
        for label, path in paths.items():
            seen.clear()
            status = client.get(path).status_code
            statements = list(seen)
            plans = (_scans(engine, st, p, explain) for st, p in statements)
            scans = [s for s in plans if s]
            print(f"{label:<18} {status:>6} {len(statements):>14}  {'; '.join(scans) or '-'}")


def _scans(engine: Engine, statement: str, parameters: object, show: bool) -> str:
    """The plan of one statement: the tables it reads whole, without an index (a scan in
    index order, stopped by LIMIT, is how a page is read and is not flagged)."""
    if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
        return ""
    sqlite = engine.dialect.name == "sqlite"
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters)
        plan = [row[3] if sqlite else row[0] for row in cursor.fetchall()]
    finally:
        raw.close()
    if show:
        print("    " + " ".join(statement.split())[:160])
        for line in plan:
            print("      " + line)
    if not sqlite:
        return ", ".join(p.strip().removeprefix("->  ") for p in plan if "Seq Scan" in p)
    # The FTS5 table answers through its own index ("VIRTUAL TABLE INDEX"); "SCAN page" is
    # the ranked page (a CTE), not a table.
    whole = [p for p in plan if p.startswith("SCAN ") and "USING" not in p]
    return ", ".join(p for p in whole if "VIRTUAL TABLE" not in p and p.split()[1] != "page")


def per_route(url: str, paths: dict[str, str], args: argparse.Namespace) -> None:
    """Each route for ``--seconds`` in ``--rounds`` slices, each slice next to a slice of
    /healthz as long: this machine's speed drifts by a third within a minute, so a route is
    compared with the ceiling measured beside it (the median of the slices' ratios), not with
    one measured a minute earlier."""
    print(
        f"\n{'route':<18} {'workers':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'/healthz':>8}  (ratio: median over {args.rounds} paired slices)"
    )
    ceiling = paths["/healthz"]
    for workers in [int(w) for w in args.workers.split(",")]:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with uvicorn(url, workers, port):
            wrk(base + ceiling, 1, args.connections)  # warm up
            for label, path in paths.items():
                route, alone = [], []
                for _ in range(args.rounds):
                    seconds = max(1, round(args.seconds / args.rounds))
                    alone.append(wrk(base + ceiling, seconds, args.connections))
                    route.append(wrk(base + path, seconds, args.connections))
                ratios = [r["rps"] / max(h["rps"], 1e-9) for r, h in zip(route, alone, strict=True)]
                print(
                    f"{label:<18} {workers:>7} {_mean(route, 'rps'):>8.1f} "
                    f"{statistics.median(r['p50_ms'] for r in route):>7.1f} "
                    f"{max(r['p99_ms'] for r in route):>7.1f} "
                    f"{int(sum(r['errors'] + r['non_2xx'] for r in route)):>6} "
                    f"{statistics.median(ratios):>8.2f}",
                    flush=True,
                )


def _mean(runs: list[dict[str, float]], key: str) -> float:
    return sum(r[key] for r in runs) / len(runs)


def wrk_script(paths: list[str], script: Path) -> Path:
    """A wrk Lua script that requests ``paths`` in turn."""
    quoted = ",\n".join('  "' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(
        f"local paths = {{\n{quoted}\n}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def mixed(url: str, paths: list[str], args: argparse.Namespace, root: Path) -> None:
    script = wrk_script(paths, root / "mixed.lua")
    workers = int(args.workers.split(",")[-1])
    port = free_port()
    with uvicorn(url, workers, port) as server:
        samples: list[tuple[float, float]] = []
        stop = threading.Event()
        started = time.monotonic()

        def sample() -> None:
            while not stop.is_set():
                samples.append((time.monotonic() - started, rss_mb(server.pid)))
                stop.wait(args.sample)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            r = wrk(f"http://127.0.0.1:{port}/", args.duration, args.connections, script)
        finally:
            stop.set()
            sampler.join()
        samples.append((time.monotonic() - started, rss_mb(server.pid)))
    print(
        f"mixed: {len(paths)} URLs, {workers} workers, {args.connections} connections, "
        f"{args.duration} s: {r['rps']:.1f} req/s ({int(r['requests'])} requests), "
        f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
        f"socket errors and timeouts {int(r['errors'])}, non-2xx {int(r['non_2xx'])}"
    )
    rss = [m for _, m in samples]
    print("server RSS (MB, all processes) every ~{}s: {}".format(
        args.sample, " ".join(f"{m:.0f}" for m in rss)
    ))  # fmt: skip
    if len(rss) >= 4:  # the first sample is taken before any request, the second warming up
        print(f"from the second sample to the last: {rss[-1] - rss[1]:+.1f} MB; "
              f"over the last half: {rss[-1] - rss[len(rss) // 2]:+.1f} MB")  # fmt: skip


def _ingested(backend: str, copies: int, root: Path) -> Iterator[tuple[str, Engine]]:
    seeds = root / "seeds"
    seeds.mkdir()
    files = write_seeds(seeds, copies)
    with fresh_database(backend, root) as url:
        migrate.upgrade(url)
        db = Database(Settings(database_url=url))
        started = time.perf_counter()
        summary = ingest_dir(db, seeds, 2_000_000, workers=1)
        print(
            f"{backend}: ingested {len(summary.ingested)} of {files} articles "
            f"in {time.perf_counter() - started:.1f} s"
        )
        yield url, db.engine
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--workers", default="1,2", help="uvicorn workers, comma-separated")
    parser.add_argument("--database", help="an ingested database's URL (skips the ingest)")
    parser.add_argument("--seconds", type=int, default=10, help="wrk time per route")
    parser.add_argument("--rounds", type=int, default=5, help="slices of --seconds per route")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--explain", action="store_true", help="print every query plan")
    parser.add_argument("--mixed", action="store_true", help="one long run over all routes")
    parser.add_argument("--duration", type=int, default=60, help="seconds of the mixed run")
    parser.add_argument("--sample", type=float, default=5, help="RSS sampling period (s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        databases = _ingested(args.backend, args.copies, root)
        if args.database:
            databases = iter(
                [(args.database, Database(Settings(database_url=args.database)).engine)]
            )
        for url, engine in databases:
            if args.mixed:
                mixed(url, mixed_paths(engine), args, root)
                continue
            ids = pick_ids(engine)
            print(f"article {ids['article']}, speaker {ids['speaker']}")
            paths = routes(ids)
            count_queries(url, paths, args.explain)
            per_route(url, paths, args)


if __name__ == "__main__":
    main()
