"""Ingest a folder of seed files: the same code runs at startup and from ``python -m app ingest``.

Each file is its own transaction. An unchanged file (same content hash) is skipped before the
annotator runs, so a restart over an ingested folder costs one stat, read and hash per file.

Articles written through the API (``source == "api"``) are never replaced or removed here: a
seed file with the id of such an article is skipped with a warning, until the article is
deleted through the API.

The database's own state is told apart from a bad article: a full database skips the article
that does not fit (its transaction rolls back; a smaller one may still fit), while a read-only
database stops the ingest at the first write, with one clear error instead of a failure per
file.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.db import storage_condition
from app.ingest.files import BadFile, read_article
from app.ingest.lock import lock_article_writes
from app.ingest.store import (
    article_hashes,
    article_ids,
    article_sources,
    delete_article,
    store_article,
)
from app.models import Article
from app.nlp import annotate

log = logging.getLogger("goftar.ingest")


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # their file left the folder
    skipped: dict[str, str] = field(default_factory=dict)  # file name -> reason
    stopped: str | None = None  # why the ingest stopped before the end, if it did
    seconds: float = 0.0

    def line(self) -> str:
        text = (
            f"ingested {len(self.ingested)}, replaced {len(self.replaced)}, "
            f"unchanged {len(self.unchanged)}, removed {len(self.removed)}, "
            f"skipped {len(self.skipped)} "
            f"in {self.seconds:.2f} s"
        )
        reasons = "; ".join(f"{name}: {why}" for name, why in sorted(self.skipped.items()))
        text += f" ({reasons})" if reasons else ""
        return text + (f"; STOPPED: {self.stopped}" if self.stopped else "")


Progress = Callable[[int, int, str], None]

READ_ONLY = "the database is read-only: nothing more can be written"


class ReadOnlyDatabase(Exception):
    """Raised at the first write a read-only database refuses: every later one would fail too."""


def ingest_dir(
    engine: Engine, directory: Path, max_bytes: int, progress: Progress | None = None
) -> IngestSummary:
    started = time.perf_counter()
    summary = IngestSummary()
    if not directory.is_dir():
        summary.skipped[str(directory)] = "not a directory"
        log.warning("seeds folder %s is not a directory: nothing ingested", directory)
        return summary
    files = sorted(p for p in directory.glob("*.txt") if p.is_file() or p.is_symlink())
    with Session(engine) as session:
        known = article_hashes(session)
        posted = article_ids(session, "api")
    try:
        for n, path in enumerate(files, start=1):
            if progress:
                progress(n, len(files), path.name)
            _ingest_one(engine, path, max_bytes, known, posted, summary)
        _remove_vanished(engine, directory, summary)
    except ReadOnlyDatabase as exc:
        summary.stopped = READ_ONLY
        log.error("ingest of %s stopped: %s (%s)", directory, READ_ONLY, exc)
    summary.seconds = time.perf_counter() - started
    log.info("ingest of %s: %s", directory, summary.line())
    return summary


POSTED = "the id belongs to an article written through the API"


_SKIP_REASONS = {
    "full": "the database or disk is full; nothing of the article was written",
    "busy": "the database stayed locked by another writer; nothing of the article was written",
    "unavailable": "the database could not be reached; nothing of the article was written",
}


def _storage_error(exc: DBAPIError, name: str, summary: IngestSummary) -> None:
    """A full or busy database skips this article; a read-only one stops the ingest."""
    condition = storage_condition(exc)
    if condition == "read-only":
        raise ReadOnlyDatabase(str(exc.orig)) from exc
    summary.skipped[name] = _SKIP_REASONS[condition or "full"]
    log.error("skipped %s: %s (the database said: %s)", name, summary.skipped[name], exc.orig)


def _ingest_one(
    engine: Engine,
    path: Path,
    max_bytes: int,
    known: dict[str, str],
    posted: set[str],
    summary: IngestSummary,
) -> None:
    try:
        article = read_article(path, max_bytes)
        if article.id in posted:
            raise BadFile(POSTED)
    except BadFile as exc:
        summary.skipped[path.name] = str(exc)
        log.warning("skipped %s: %s", path.name, exc)
        return
    previous = known.get(article.id)
    if previous == article.content_hash:
        summary.unchanged.append(article.id)
        return
    try:
        annotation = annotate(article.text)
        if not annotation.paragraphs:
            raise BadFile("empty (no text after normalization)")
        with Session(engine) as session, session.begin():
            lock_article_writes(session)
            stored = session.get(Article, article.id)
            if stored is not None and stored.source != "seed":  # posted while we annotated
                raise BadFile(POSTED)
            store_article(session, article.id, str(path), article.content_hash, annotation)
    except BadFile as exc:
        summary.skipped[path.name] = str(exc)
        log.warning("skipped %s: %s", path.name, exc)
        return
    except Exception as exc:  # one bad article must not stop the rest of the ingest
        if isinstance(exc, DBAPIError) and storage_condition(exc):
            _storage_error(exc, path.name, summary)
        else:
            summary.skipped[path.name] = f"failed: {type(exc).__name__}: {exc}"
            log.exception("skipped %s: ingest failed", path.name)
        return
    (summary.replaced if previous else summary.ingested).append(article.id)
    known[article.id] = article.content_hash


def _remove_vanished(engine: Engine, directory: Path, summary: IngestSummary) -> None:
    """Seed articles ingested from this folder whose file is gone are deleted, each in its own
    transaction; articles from other folders, and articles written through the API, are left
    alone."""
    folder = directory.resolve()
    with Session(engine) as session:
        sources = article_sources(session)
    for article_id, source in sorted(sources.items()):
        path = Path(source)
        if path.resolve().parent == folder and not path.exists():
            try:
                with Session(engine) as session, session.begin():
                    lock_article_writes(session)
                    stored = session.get(Article, article_id)
                    if stored is None or stored.source != "seed":  # replaced through the API since
                        continue
                    delete_article(session, article_id)
            except DBAPIError as exc:
                if storage_condition(exc) == "read-only":
                    raise ReadOnlyDatabase(str(exc.orig)) from exc
                raise
            summary.removed.append(article_id)
            log.info("removed %s: %s is gone", article_id, path.name)


def terminal_progress(stream=sys.stderr) -> Progress:  # type: ignore[no-untyped-def]
    """A one-line progress bar on a terminal; nothing otherwise (the summary line is logged)."""

    def show(n: int, total: int, name: str) -> None:
        width = 30
        filled = width * n // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {n}/{total} {name[:40]:<40}")
        if n == total:
            stream.write("\n")
        stream.flush()

    return show
