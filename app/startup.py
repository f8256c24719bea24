"""Startup work — migrations, stored bodies in today's shapes, then the seed ingest — done once
however many processes start (``app/store/lock.py``: the startup lock)."""

from __future__ import annotations

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import IngestSummary, ingest_dir
from app.ingest.run import Progress
from app.store.backfill import render_stale_bodies
from app.store.lock import startup_lock


def run_startup(
    settings: Settings, db: Database, progress: Progress | None = None
) -> IngestSummary | None:
    """Migrate to head, render the bodies that are not in today's shapes, then ingest the seeds
    (if INGEST_ON_STARTUP), under the lock."""
    with startup_lock(settings.url):
        migrate.upgrade(settings.url)
        render_stale_bodies(db)
        if not settings.ingest_on_startup:
            return None
        return ingest_dir(
            db,
            settings.seeds_dir,
            settings.max_article_bytes,
            progress,
            workers=settings.ingest_workers,
            synchronous_commit=settings.ingest_synchronous_commit,
        )
