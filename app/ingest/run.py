"""Ingest a folder of seed files: the same code runs at startup and from ``python -m app ingest``.

Each file is its own transaction. An unchanged file (same content hash) is skipped before it is
decoded or annotated, so a restart over an ingested folder costs one stat, read and hash per file.

The annotator is CPU-bound pure Python and costs more than storing its output, so when many files
need annotating, ``workers`` processes annotate them and build their rows while this process
stores the results in file order, on one connection. The files go to the pool a batch at a
time, one batch ahead of the one being stored, so however large the folder, only two batches of
results are ever held.

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
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app.db import Database, storage_condition
from app.ingest.files import BadFile, read_raw
from app.ingest.prepare import Prepared, annotator_processes, prepare_file
from app.store import read, write
from app.store.lock import commit_without_flush_wait, lock_article_writes, stored_source

log = logging.getLogger("goftar.ingest")

# Below this many files to annotate, worker processes are not started (starting one costs as
# much as annotating a few hundred articles).
POOL_MIN_FILES = 200
# Files handed to the pool at a time.
BATCH = 64
# After this many articles stored or removed, the planner's statistics are refreshed: a
# PostgreSQL database filled by one ingest had none yet, and joined the speakers of an article
# by reading the whole speaker table until autovacuum came by.
STATISTICS_AFTER = 200


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

    def skip(self, name: str, reason: str, failure: BaseException | None = None) -> None:
        """Record a file left out, and log why: a warning for a file that can't be an article,
        an error (with the traceback, or the database's own words) for an ingest that failed."""
        self.skipped[name] = reason
        if failure is None:
            log.warning("skipped %s: %s", name, reason)
        elif isinstance(failure, DBAPIError):
            log.error("skipped %s: %s (the database said: %s)", name, reason, failure.orig)
        else:
            log.error("skipped %s: %s", name, reason, exc_info=failure)


Progress = Callable[[int, int, str], None]
Outcome = Prepared | Exception

READ_ONLY = "the database is read-only: nothing more can be written"
POSTED = "the id belongs to an article written through the API"
_SKIP_REASONS = {
    "full": "the database or disk is full; nothing of the article was written",
    "busy": "the database stayed locked by another writer; nothing of the article was written",
    "unavailable": "the database could not be reached; nothing of the article was written",
}


class ReadOnlyDatabase(Exception):
    """Raised at the first write a read-only database refuses: every later one would fail too."""


def ingest_dir(
    db: Database,
    directory: Path,
    max_bytes: int,
    progress: Progress | None = None,
    workers: int = 0,
    pool_min_files: int = POOL_MIN_FILES,
    synchronous_commit: bool = False,
) -> IngestSummary:
    """Ingest every ``*.txt`` of ``directory``; ``workers`` annotator processes are started
    when at least ``pool_min_files`` files need annotating (0: annotate in this process)."""
    started = time.perf_counter()
    summary = IngestSummary()
    if not directory.is_dir():
        summary.skip(str(directory), "not a directory")
        return summary
    files = sorted(p for p in directory.glob("*.txt") if p.is_file() or p.is_symlink())
    with db.connect() as conn:
        known = read.article_hashes(conn)
        posted = read.article_ids(conn, "api")
    pending = _changed_files(files, max_bytes, known, posted, summary)
    done = len(files) - len(pending)
    if progress and pending:
        progress(done, len(files), pending[0].name)
    workers = workers if len(pending) >= pool_min_files else 0
    try:
        with db.connect() as conn:
            for n, (path, outcome) in enumerate(_annotated(pending, max_bytes, workers), 1):
                if progress:
                    progress(done + n, len(files), path.name)
                if isinstance(outcome, BadFile):
                    summary.skip(path.name, str(outcome))
                elif isinstance(outcome, Exception):
                    summary.skip(path.name, _failure(outcome), outcome)
                else:
                    _store(conn, path, outcome, known, summary, synchronous_commit)
        if progress and not pending and files:
            progress(len(files), len(files), files[-1].name)
        _remove_vanished(db, directory, summary)
    except ReadOnlyDatabase as exc:
        summary.stopped = READ_ONLY
        log.error("ingest of %s stopped: %s (%s)", directory, READ_ONLY, exc)
    if len(summary.ingested) + len(summary.replaced) + len(summary.removed) >= STATISTICS_AFTER:
        db.run_write(write.refresh_statistics)
    summary.seconds = time.perf_counter() - started
    log.info("ingest of %s: %s", directory, summary.line())
    return summary


def _changed_files(
    files: list[Path],
    max_bytes: int,
    known: dict[str, str],
    posted: set[str],
    summary: IngestSummary,
) -> list[Path]:
    """The files to annotate: not unchanged (by content hash), not unreadable, and not the id
    of an article written through the API."""
    pending = []
    for path in files:
        try:
            if path.stem in posted:
                raise BadFile(POSTED)
            raw = read_raw(path, max_bytes)
        except BadFile as exc:
            summary.skip(path.name, str(exc))
            continue
        if known.get(path.stem) == raw.content_hash:
            summary.unchanged.append(path.stem)
        else:
            pending.append(path)
    return pending


def _prepared(path: Path, max_bytes: int) -> Outcome:
    """:func:`prepare_file`, its failure returned: one bad article must not stop the rest."""
    try:
        return prepare_file(path, max_bytes)
    except Exception as exc:
        return exc


def _annotated(paths: list[Path], max_bytes: int, workers: int) -> Iterator[tuple[Path, Outcome]]:
    """Each path with its annotation (or the reason it has none), in order."""
    done = 0
    if workers:
        try:
            with annotator_processes(workers) as pool:
                ahead = None
                for batch in (*batched(paths, BATCH), ()):
                    results = pool.map(_prepared, batch, [max_bytes] * len(batch))
                    if ahead is not None:
                        for item in zip(*ahead, strict=True):
                            yield item
                            done += 1
                    ahead = (batch, results)
        except BrokenProcessPool:  # a worker died (killed, out of memory)
            log.warning("an annotator process died: %d files are annotated here", len(paths) - done)
    for path in paths[done:]:
        yield path, _prepared(path, max_bytes)


def _failure(exc: BaseException) -> str:
    return f"failed: {type(exc).__name__}: {exc}"


def _store(
    conn: Connection,
    path: Path,
    ready: Prepared,
    known: dict[str, str],
    summary: IngestSummary,
    synchronous_commit: bool,
) -> None:
    """Store one file's article in its own transaction, on the ingest's one connection."""
    article_id = ready.rows.article_id
    previous = known.get(article_id)
    if previous == ready.content_hash:  # changed back while it was being annotated
        summary.unchanged.append(article_id)
        return
    try:
        try:
            _write(conn, path, ready, synchronous_commit)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            # The connection was lost (the server restarted, or ended it): the article was
            # rolled back with it, and is written again on a new connection.
            log.warning("the database connection was lost during %s: retrying once", path.name)
            _write(conn, path, ready, synchronous_commit)
    except BadFile as exc:
        summary.skip(path.name, str(exc))
        return
    except DBAPIError as exc:
        condition = storage_condition(exc)
        if condition == "read-only":
            raise ReadOnlyDatabase(str(exc.orig)) from exc
        summary.skip(path.name, _SKIP_REASONS.get(condition or "", _failure(exc)), exc)
        return
    except Exception as exc:  # one bad article must not stop the rest of the ingest
        summary.skip(path.name, _failure(exc), exc)
        return
    (summary.replaced if previous else summary.ingested).append(article_id)
    known[article_id] = ready.content_hash


def _write(conn: Connection, path: Path, ready: Prepared, synchronous_commit: bool) -> None:
    with conn.begin():
        lock_article_writes(conn)
        if not synchronous_commit:
            commit_without_flush_wait(conn)
        source = stored_source(conn, ready.rows.article_id)
        if source not in (None, "seed"):  # posted while it was annotated
            raise BadFile(POSTED)
        write.store_article(
            conn,
            ready.rows,
            source="seed",
            source_path=str(path),
            content_hash=ready.content_hash,
            replace=source is not None,
        )


def _remove(conn: Connection, article_id: str) -> bool:
    lock_article_writes(conn)
    if stored_source(conn, article_id) != "seed":  # deleted, or written through the API
        return False
    return write.delete_article(conn, article_id)


def _remove_vanished(db: Database, directory: Path, summary: IngestSummary) -> None:
    """Seed articles ingested from this folder whose file is gone are deleted, each in its own
    transaction; articles from other folders, and articles written through the API, are left
    alone."""
    folder = directory.resolve()
    with db.connect() as conn:
        sources = read.article_sources(conn)
    for article_id, source in sorted(sources.items()):
        path = Path(source)
        if path.resolve().parent != folder or path.exists():
            continue
        try:
            removed = db.run_write(_remove, article_id)
        except DBAPIError as exc:
            if storage_condition(exc) == "read-only":
                raise ReadOnlyDatabase(str(exc.orig)) from exc
            raise
        if removed:
            summary.removed.append(article_id)
            log.info("removed %s: %s is gone", article_id, path.name)
