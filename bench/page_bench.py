"""Render time of the reader's pages (app/web) on the corpus, next to the JSON of the same data.

    .venv/bin/python -m bench.page_bench [--limit N] [--backend sqlite|postgres] [--pages 200]

The corpus (its first ``--limit`` articles, all by default) is ingested through the real
ingester into a fresh database; then the app answers in-process (TestClient, no network), and
each page type is requested over many different ids: every article (up to ``--pages``), the
most quoted speakers, a set of searches, the home page. For each type it prints the number of
requests, p50 and p99 in milliseconds, and the p50 of the ``/v1`` route that returns the same
data, so the cost of the HTML over the JSON shows. One thread, one request at a time: these
are latencies of the rendering path on this machine, not throughput.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from fastapi.testclient import TestClient

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import ingest_dir
from app.main import create_app
from bench.corpus import write_seeds
from bench.serve import fresh_database

SEARCHES = ("ایران", "پتروشیمی", '"وزیر امور خارجه"', "مجلس*", "گفت و گو -آمریکا", "تهران")


def _timed(client: TestClient, paths: list[str]) -> list[float]:
    """Milliseconds of each request; every answer must be a 200."""
    spent = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        spent.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")
    return spent


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ids(client: TestClient, path: str, wanted: int) -> list[str]:
    ids: list[str] = []
    cursor = None
    while len(ids) < wanted:
        query = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        body = client.get(path, params=query).json()
        ids += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    return ids[:wanted]


def measure(client: TestClient, pages: int) -> None:
    articles = _ids(client, "/v1/articles", pages)
    speakers = _ids(client, "/v1/speakers", min(pages, 100))
    searches = [urllib.parse.quote(q) for q in SEARCHES] * 5
    kinds = {
        "home": (["/"] * 50, ["/v1/articles?sort=-published_at"] * 50),
        "article": ([f"/articles/{a}" for a in articles], [f"/v1/articles/{a}" for a in articles]),
        "speaker": (
            [f"/speakers/{s}" for s in speakers],
            [f"/v1/quotes?speaker={s}&sort=-published_at" for s in speakers],
        ),
        "search": ([f"/search?q={q}" for q in searches], [f"/v1/search?q={q}" for q in searches]),
    }
    _timed(client, [kinds[k][0][0] for k in kinds])  # templates compiled, caches warm
    print(f"{'page':<10}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'JSON p50 ms':>13}")
    for kind, (html, json) in kinds.items():
        spent = _timed(client, html)
        api = _timed(client, json)
        print(
            f"{kind:<10}{len(spent):>9}{statistics.median(spent):>9.1f}{_p(spent, 0.99):>9.1f}"
            f"{statistics.median(api):>13.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, help="ingest only the corpus's first N articles")
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--pages", type=int, default=200, help="articles and speakers rendered")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seeds = root / "seeds"
        seeds.mkdir()
        files = write_seeds(seeds, limit=args.limit)
        with fresh_database(args.backend, root) as url:
            migrate.upgrade(url)
            db = Database(Settings(database_url=url))
            summary = ingest_dir(db, seeds, 2_000_000, workers=1)
            db.dispose()
            print(f"{args.backend}: {len(summary.ingested)} of {files} articles ingested")
            settings = Settings(
                database_url=url, startup_tasks=False, write_annotators=0, log_level="WARNING"
            )
            with TestClient(create_app(settings)) as client:
                measure(client, args.pages)


if __name__ == "__main__":
    main()
