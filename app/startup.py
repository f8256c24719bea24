"""Startup work — migrations, stored bodies in today's shapes, then the seed ingest — done once
however many processes start (``app/store/lock.py``: the startup lock)."""

from __future__ import annotations

from pathlib import Path

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import IngestSummary, ingest
from app.ingest.run import Progress
from app.store.backfill import reindex_stale, render_stale_bodies
from app.store.lock import startup_lock


def run_startup(
    settings: Settings,
    db: Database,
    progress: Progress | None = None,
    paths: list[Path] | None = None,
) -> IngestSummary | None:
    """Migrate to head, render the bodies and index the articles that are not of today's
    builders and keys, then ingest the seeds
    (if INGEST_ON_STARTUP; ``paths`` instead of SEEDS_DIR when given), under the lock."""
    with startup_lock(settings.url):
        migrate.upgrade(settings.url)
        render_stale_bodies(db)
        reindex_stale(db)
        if not settings.ingest_on_startup:
            return None
        return ingest(
            db,
            paths or [settings.seeds_dir],
            settings.max_article_bytes,
            progress=progress,
            workers=settings.ingest_workers,
            synchronous_commit=settings.ingest_synchronous_commit,
        )
