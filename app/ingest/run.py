"""Ingest folders and JSON Lines files: the same code runs at startup (``SEEDS_DIR``) and from
``python -m app ingest PATH...``.

Each article is its own transaction; the search index follows a group of articles at a time
(``app/ingest/index_groups.py``). What is unchanged (same content hash) is counted out before
it is decoded or annotated (``app/ingest/jobs.py``), so a restart over an ingested folder costs a
stat, a read and a hash per file or line.

The annotator is CPU-bound pure Python and costs more than storing its output, so when many
articles need annotating, ``workers`` processes annotate them and build their rows while this
process stores the results in order, on one connection. The articles go to the pool ``CHUNK``
at a time, ``AHEAD`` work items ahead of the one being stored: enough for the annotators to keep
working while this process indexes a group of articles (``IndexGroups``), and however large the
folder or dump, only ``AHEAD + 1`` work items are ever held. When the next result is not ready,
this process indexes the articles it holds instead of waiting, so that little is left to index
after the last one.

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
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import batched, chain, islice
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app.db import Database, storage_condition
from app.ingest.files import BadFile
from app.ingest.index_groups import IndexGroups
from app.ingest.jobs import POSTED, SUFFIXES, Job, Seen, Skip, article_files, changed, count
from app.ingest.prepare import (
    Outcome,
    Prepared,
    annotator_processes,
    prepared_all,
    prepared_or_failure,
)
from app.store import read, write
from app.store.lock import ingest_write, lock_article_writes, stored_source

log = logging.getLogger("goftar.ingest")

# Below this many files to annotate, worker processes are not started (starting one costs as
# much as annotating a few hundred articles).
POOL_MIN_FILES = 200
# Articles a pool's work item holds: the pool keeps only a work item or two queued for each
# process, and this process's threads hand over the next one only when they get the GIL from
# the writer; one article at a time left the annotator waiting for work a fifth of its time.
CHUNK = 16
# Work items given to the pool ahead of the one being stored: a group's index write takes as
# long as annotating a few hundred articles, and the annotators must not run dry meanwhile.
AHEAD = 20
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
    skipped: dict[str, str] = field(default_factory=dict)  # file (or file:line) -> reason
    warnings: list[str] = field(default_factory=list)  # metadata left out of stored articles
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

READ_ONLY = "the database is read-only: nothing more can be written"
_SKIP_REASONS = {
    "full": "the database or disk is full; nothing of the article was written",
    "busy": "the database stayed locked by another writer; nothing of the article was written",
    "unavailable": "the database could not be reached; nothing of the article was written",
}


class ReadOnlyDatabase(Exception):
    """Raised at the first write a read-only database refuses: every later one would fail too."""


def ingest(
    db: Database,
    paths: list[Path],
    max_bytes: int,
    progress: Progress | None = None,
    workers: int = 0,
    pool_min_files: int = POOL_MIN_FILES,
    synchronous_commit: bool = False,
) -> IngestSummary:
    """Ingest the articles of ``paths`` (folders of ``*.txt`` and ``*.jsonl``, or such files);
    ``workers`` annotator processes are started when at least ``pool_min_files`` articles need
    annotating (0: annotate in this process)."""
    started = time.perf_counter()
    summary = IngestSummary()
    for path in paths:
        if not (path.is_dir() or (path.is_file() and path.suffix in SUFFIXES)):
            summary.skip(str(path), "not a folder, a .txt or a .jsonl file")
    paths = [p for p in paths if str(p) not in summary.skipped]
    files = article_files(paths)
    with db.connect() as conn:
        known = read.article_hashes(conn)
        posted = read.article_ids(conn, "api")
    seen = Seen()
    tally = _Tally(summary, progress, count(files) if progress else 0)
    jobs = tally.jobs(changed(files, max_bytes, known, posted, seen))
    groups = IndexGroups(synchronous_commit)
    try:
        with db.bulk_connect() as conn:
            for item in _annotated(jobs, max_bytes, workers, pool_min_files):
                if item is None:  # the annotators are behind: index what waits meanwhile
                    groups.idle(conn)
                    continue
                job, outcome = item
                tally.step(job.name)
                if isinstance(outcome, BadFile):
                    summary.skip(job.name, str(outcome))
                elif isinstance(outcome, Exception):
                    summary.skip(job.name, _failure(outcome), outcome)
                else:
                    _store(conn, job, outcome, known, summary, synchronous_commit, groups)
            groups.flush(conn)
        tally.finish()
        _remove_vanished(db, paths, seen, summary)
    except ReadOnlyDatabase as exc:
        summary.stopped = READ_ONLY
        log.error("ingest of %s stopped: %s (%s)", _names(paths), READ_ONLY, exc)
    if len(summary.ingested) + len(summary.replaced) + len(summary.removed) >= STATISTICS_AFTER:
        db.run_write(write.refresh_statistics)
    summary.seconds = time.perf_counter() - started
    log.info("ingest of %s: %s", _names(paths), summary.line())
    return summary


def ingest_dir(db: Database, directory: Path, max_bytes: int, **options) -> IngestSummary:  # type: ignore[no-untyped-def]
    """:func:`ingest` of one folder (the startup's ``SEEDS_DIR``)."""
    if not directory.is_dir():
        summary = IngestSummary()
        summary.skip(str(directory), "not a directory")
        return summary
    return ingest(db, [directory], max_bytes, **options)


def _names(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths) or "nothing"


class _Tally:
    """Counts what the jobs' generator leaves out (skipped, unchanged) into the summary, and
    moves the progress bar for every article, whichever way it goes."""

    def __init__(self, summary: IngestSummary, progress: Progress | None, total: int) -> None:
        self.summary, self.progress, self.total, self.done = summary, progress, total, 0
        self.last = ""

    def step(self, name: str) -> None:
        self.done += 1
        self.last = name
        if self.progress:
            self.progress(min(self.done, self.total), self.total, name)

    def jobs(self, items: Iterator[Job | Skip | str]) -> Iterator[Job]:
        for item in items:
            if isinstance(item, Job):
                yield item
                continue
            if isinstance(item, Skip):
                self.summary.skip(item.name, item.reason)
                self.step(item.name)
            else:
                self.summary.unchanged.append(item)
                self.step(item)

    def finish(self) -> None:
        if self.progress and self.total:
            self.progress(self.total, self.total, self.last)


def _annotated(
    jobs: Iterator[Job], max_bytes: int, workers: int, pool_min_files: int
) -> Iterator[tuple[Job, Outcome] | None]:
    """Each job with its annotation (or the reason it has none), in order: in a pool of
    ``workers`` processes once ``pool_min_files`` jobs are waiting, else here. None between
    them: the next one is not annotated yet (the caller may use the wait)."""
    first = list(islice(jobs, pool_min_files))
    if workers and len(first) >= pool_min_files:
        yield from _pooled(chain(first, jobs), max_bytes, workers)
        return
    for job in chain(first, jobs):
        yield job, prepared_or_failure(job, max_bytes)


def _pooled(
    jobs: Iterator[Job], max_bytes: int, workers: int
) -> Iterator[tuple[Job, Outcome] | None]:
    """Work items of ``CHUNK`` jobs go to the pool ``AHEAD`` ahead of the one whose results
    are stored. If a worker dies (killed, out of memory), the jobs not stored yet are
    annotated here."""
    unfinished: deque[Job] = deque()  # handed to the pool, not yet yielded, in order
    chunks = batched(jobs, CHUNK)
    try:
        with annotator_processes(workers) as pool:
            pending: deque[Future[list[Outcome]]] = deque()
            for chunk in chain(chunks, [()] * AHEAD):
                if chunk:
                    unfinished.extend(chunk)
                    pending.append(pool.submit(prepared_all, chunk, max_bytes))
                if len(pending) > AHEAD or (pending and not chunk):
                    head = pending.popleft()
                    if not head.done():
                        yield None
                    for outcome in head.result():
                        yield unfinished.popleft(), outcome
    except BrokenProcessPool:
        left = chain(unfinished, chain.from_iterable(chunks))
        log.warning("an annotator process died: the articles left are annotated here")
        for job in left:
            yield job, prepared_or_failure(job, max_bytes)


def _failure(exc: BaseException) -> str:
    return f"failed: {type(exc).__name__}: {exc}"


def _store(
    conn: Connection,
    job: Job,
    ready: Prepared,
    known: dict[str, str],
    summary: IngestSummary,
    synchronous_commit: bool,
    groups: IndexGroups,
) -> None:
    """Store one article in its own transaction, on the ingest's one connection; its search
    index waits in ``groups``."""
    article_id = ready.rows.article_id
    previous = known.get(article_id)
    if previous == ready.content_hash:  # changed back while it was being annotated
        summary.unchanged.append(article_id)
        return
    try:
        try:
            _write(conn, job, ready, synchronous_commit)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            # The connection was lost (the server restarted, or ended it): the article was
            # rolled back with it, and is written again on a new connection.
            log.warning("the database connection was lost during %s: retrying once", job.name)
            _write(conn, job, ready, synchronous_commit)
    except BadFile as exc:
        summary.skip(job.name, str(exc))
        return
    except DBAPIError as exc:
        condition = storage_condition(exc)
        if condition == "read-only":
            raise ReadOnlyDatabase(str(exc.orig)) from exc
        summary.skip(job.name, _SKIP_REASONS.get(condition or "", _failure(exc)), exc)
        return
    except Exception as exc:  # one bad article must not stop the rest of the ingest
        summary.skip(job.name, _failure(exc), exc)
        return
    (summary.replaced if previous else summary.ingested).append(article_id)
    known[article_id] = ready.content_hash
    groups.add(conn, ready.rows)
    for warning in ready.warnings:
        summary.warnings.append(warning)
        log.warning("%s", warning)


def _write(conn: Connection, job: Job, ready: Prepared, synchronous_commit: bool) -> None:
    with ingest_write(conn, synchronous_commit):
        source = stored_source(conn, ready.rows.article_id)
        if source not in (None, "seed"):  # posted while it was annotated
            raise BadFile(POSTED)
        write.store_article(
            conn,
            ready.rows,
            source="seed",
            source_path=str(job.origin),
            content_hash=ready.content_hash,
            replace=source is not None,
            index=False,
        )


def _remove(conn: Connection, article_id: str) -> bool:
    lock_article_writes(conn)
    if stored_source(conn, article_id) != "seed":  # deleted, or written through the API
        return False
    return write.delete_article(conn, article_id)


def _vanished(paths: list[Path], seen: Seen, sources: dict[str, str]) -> list[tuple[str, str]]:
    """(article, source) of the seed articles whose source is gone: a file of one of these
    folders that is no longer there, or a line no longer in a JSON Lines file read whole."""
    folders = {p.resolve() for p in paths if p.is_dir()}
    resolved: dict[str, Path] = {}  # an article's source, resolved once per file
    gone = []
    for article_id, source in sorted(sources.items()):
        path = resolved.get(source) or resolved.setdefault(source, Path(source).resolve())
        if path in seen.ids:
            if article_id not in seen.ids[path]:
                gone.append((article_id, f"{path.name} no longer holds it"))
        elif path.parent in folders and not path.exists():
            gone.append((article_id, f"{path.name} is gone"))
    return gone


def _remove_vanished(db: Database, paths: list[Path], seen: Seen, summary: IngestSummary) -> None:
    """Seed articles whose source is gone are deleted, each in its own transaction; articles
    of other folders and files, and articles written through the API, are left alone."""
    with db.connect() as conn:
        sources = read.article_sources(conn)
    for article_id, why in _vanished(paths, seen, sources):
        try:
            removed = db.run_write(_remove, article_id)
        except DBAPIError as exc:
            if storage_condition(exc) == "read-only":
                raise ReadOnlyDatabase(str(exc.orig)) from exc
            raise
        if removed:
            summary.removed.append(article_id)
            log.info("removed %s: %s", article_id, why)
