"""Ingest a folder of seed files: the same code runs at startup and from ``python -m app ingest``.

Each file is its own transaction. An unchanged file (same content hash) is skipped before the
annotator runs, so a restart over an ingested folder costs one stat, read and hash per file.

Articles written through the API (``source == "api"``) are never replaced or removed here: a
seed file with the id of such an article is skipped with a warning, until the article is
deleted through the API.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

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
    seconds: float = 0.0

    def line(self) -> str:
        text = (
            f"ingested {len(self.ingested)}, replaced {len(self.replaced)}, "
            f"unchanged {len(self.unchanged)}, removed {len(self.removed)}, "
            f"skipped {len(self.skipped)} "
            f"in {self.seconds:.2f} s"
        )
        reasons = "; ".join(f"{name}: {why}" for name, why in sorted(self.skipped.items()))
        return text + (f" ({reasons})" if reasons else "")


Progress = Callable[[int, int, str], None]


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
    for n, path in enumerate(files, start=1):
        if progress:
            progress(n, len(files), path.name)
        _ingest_one(engine, path, max_bytes, known, posted, summary)
    _remove_vanished(engine, directory, summary)
    summary.seconds = time.perf_counter() - started
    log.info("ingest of %s: %s", directory, summary.line())
    return summary


POSTED = "the id belongs to an article written through the API"


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
            with Session(engine) as session, session.begin():
                lock_article_writes(session)
                stored = session.get(Article, article_id)
                if stored is None or stored.source != "seed":  # replaced through the API since
                    continue
                delete_article(session, article_id)
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
