"""Ingest a folder of seed files: the same code runs at startup and from ``python -m app ingest``.

Each file is its own transaction. An unchanged file (same content hash) is skipped before it is
decoded or annotated, so a restart over an ingested folder costs one stat, read and hash per file.

The annotator is CPU-bound pure Python and costs more than storing its output, so when many files
need annotating, ``workers`` processes annotate them (and build their rows) while this process
stores the results in file order, on one connection (a pipeline: with one worker the two
halves overlap on two cores). A few files are annotated here: starting a worker costs as much
as annotating a few hundred articles.

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
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.db import storage_condition
from app.ingest.files import BadFile, read_article, read_raw
from app.ingest.lock import lock_article_writes, lock_seed_write, stored_source
from app.ingest.store import (
    ArticleRows,
    article_hashes,
    article_ids,
    article_rows,
    article_sources,
    delete_article,
    store_rows,
)
from app.nlp import annotate

log = logging.getLogger("goftar.ingest")

# Below this many files to annotate, worker processes are not started.
POOL_MIN_FILES = 200
# After this many articles stored or removed, the planner's statistics are refreshed: a
# PostgreSQL database filled by one ingest had none yet, and joined the speakers of an article
# by reading the whole speaker table until autovacuum came by.
STATISTICS_AFTER = 200
_AHEAD = 16  # files handed to each worker ahead of the one being stored
_HELP_MAX = 256  # files this process annotates ahead of a worker's late result, at most


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

READ_ONLY = "the database is read-only: nothing more can be written"


class ReadOnlyDatabase(Exception):
    """Raised at the first write a read-only database refuses: every later one would fail too."""


def ingest_dir(
    engine: Engine,
    directory: Path,
    max_bytes: int,
    progress: Progress | None = None,
    workers: int = 0,
    pool_min_files: int = POOL_MIN_FILES,
) -> IngestSummary:
    """Ingest every ``*.txt`` of ``directory``; ``workers`` annotator processes are started
    when at least ``pool_min_files`` files need annotating (0: annotate in this process)."""
    started = time.perf_counter()
    summary = IngestSummary()
    if not directory.is_dir():
        summary.skip(str(directory), "not a directory")
        return summary
    files = sorted(p for p in directory.glob("*.txt") if p.is_file() or p.is_symlink())
    with Session(engine) as session:
        known = article_hashes(session)
        posted = article_ids(session, "api")
    pending = _changed_files(files, max_bytes, known, posted, summary)
    done = len(files) - len(pending)
    if progress and pending:
        progress(done, len(files), pending[0].name)
    use_pool = workers > 0 and len(pending) >= pool_min_files
    try:
        with engine.connect() as conn:
            annotated = _annotated(pending, max_bytes, workers, use_pool)
            for n, (path, outcome) in enumerate(annotated, 1):
                if progress:
                    progress(done + n, len(files), path.name)
                if isinstance(outcome, BadFile):
                    summary.skip(path.name, str(outcome))
                elif isinstance(outcome, Exception):
                    summary.skip(path.name, _failure(outcome), outcome)
                else:
                    _store(conn, path, outcome, known, summary)
        if progress and not pending and files:
            progress(len(files), len(files), files[-1].name)
        _remove_vanished(engine, directory, summary)
    except ReadOnlyDatabase as exc:
        summary.stopped = READ_ONLY
        log.error("ingest of %s stopped: %s (%s)", directory, READ_ONLY, exc)
    if len(summary.ingested) + len(summary.replaced) + len(summary.removed) >= STATISTICS_AFTER:
        _refresh_statistics(engine)
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
    summary.skip(name, _SKIP_REASONS[condition or "full"], exc)


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


class Prepared(NamedTuple):
    """A file ready to store: read, checked, annotated, and its rows built (all the work that
    needs no database, done where the annotating is, so the writing process only writes)."""

    content_hash: str
    rows: ArticleRows


Outcome = Prepared | Exception


def prepare(path: Path, max_bytes: int) -> Prepared:
    """Read, check and annotate one file (in an annotator process or here)."""
    article = read_article(path, max_bytes)
    annotation = annotate(article.text)
    if not annotation.paragraphs:
        raise BadFile("empty (no text after normalization)")
    return Prepared(article.content_hash, article_rows(article.id, annotation))


def _prepare_here(path: Path, max_bytes: int) -> Outcome:
    try:
        return prepare(path, max_bytes)
    except Exception as exc:  # one bad article must not stop the rest of the ingest
        return exc


def _annotated(
    paths: list[Path], max_bytes: int, workers: int, use_pool: bool
) -> Iterator[tuple[Path, Outcome]]:
    """Each path with its annotation (or the reason it has none), in order."""
    done = 0
    if use_pool:
        try:
            for item in _annotated_in_pool(paths, max_bytes, workers):
                yield item
                done += 1
        except BrokenProcessPool:  # a worker died (killed, out of memory)
            left = len(paths) - done
            log.warning("an annotator process died: %d files are annotated here instead", left)
    for path in paths[done:]:
        yield path, _prepare_here(path, max_bytes)


def _annotated_in_pool(
    paths: list[Path], max_bytes: int, workers: int
) -> Iterator[tuple[Path, Outcome]]:
    """Files go to the workers a few ahead of the one being stored; when the next result is
    not ready (the workers are busy, or still starting), this process annotates the next file
    itself instead of waiting, so both cores work."""
    with (
        _separate_cores() as worker_cpus,
        ProcessPoolExecutor(
            workers,
            mp_context=_process_context(),
            initializer=_start_worker,
            initargs=(worker_cpus,),
        ) as pool,
    ):
        window: deque[tuple[Path, Future[Prepared] | Outcome]] = deque()
        in_pool = 0  # the window's futures: files handed to the workers, not yet stored
        rest = iter(paths)
        while True:
            # Counted apart from the files annotated here: a window filled with those would
            # hand the workers nothing more until this process had stored them all.
            while in_pool < workers * _AHEAD and (path := next(rest, None)) is not None:
                window.append((path, pool.submit(prepare, path, max_bytes)))
                in_pool += 1
            if not window:
                return
            path, item = window[0]
            if (
                isinstance(item, Future)
                and not item.done()
                and len(window) - in_pool < _HELP_MAX
                and (extra := next(rest, None)) is not None
            ):
                window.append((extra, _prepare_here(extra, max_bytes)))
                continue
            window.popleft()
            in_pool -= isinstance(item, Future)
            yield path, _outcome(item)


def _process_context() -> multiprocessing.context.BaseContext:
    """fork when this process has a single thread (``python -m app ingest`` or ``prestart``):
    the worker starts at once with the annotator this process has just built, where spawn
    spends more than a second importing and building it again. The server's startup runs the
    ingest in a thread, and forking a process that has threads can deadlock the child: spawn
    there. (ProcessPoolExecutor forks all its workers before it starts its own thread.)"""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        _warm_up()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _outcome(item: Future[Prepared] | Outcome) -> Outcome:
    if not isinstance(item, Future):
        return item
    exc = item.exception()
    if isinstance(exc, BrokenProcessPool):
        raise exc
    return exc if exc is not None else item.result()  # type: ignore[return-value]


def _warm_up() -> None:
    """Build the annotator's hazm objects before the first article."""
    annotate("گفت.")


def _start_worker(cpus: set[int] | None) -> None:
    if cpus:
        _set_cpus(cpus)
    _warm_up()


def _set_cpus(cpus: set[int]) -> bool:
    """Only a speed-up: a sandbox that refuses it (EPERM, EINVAL) costs nothing else."""
    try:
        os.sched_setaffinity(0, cpus)
    except OSError as exc:
        log.debug("CPU affinity not set: %s", exc)
        return False
    return True


@contextmanager
def _separate_cores() -> Iterator[set[int] | None]:
    """While the annotator processes run, this thread keeps one CPU and they get the others;
    yields their CPUs (None where there is nothing to split).

    Left to itself, the scheduler of the 2-core VM this was measured on often ran this thread,
    or the PostgreSQL backend it waits for, on the core a busy annotator held, while the
    other core idled: the corpus ingest went 10% faster on both backends with the split.
    Affinity on Linux is per thread, so when the server's startup ingests from a thread of
    the server, only that thread is held to its CPU, and it gets its CPUs back at the end."""
    allowed = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    if len(allowed) < 2:
        yield None
        return
    own = min(allowed)
    if not _set_cpus({own}):
        yield None
        return
    try:
        yield allowed - {own}
    finally:
        _set_cpus(allowed)


def _failure(exc: BaseException) -> str:
    return f"failed: {type(exc).__name__}: {exc}"


def _store(
    conn: Connection, path: Path, ready: Prepared, known: dict[str, str], summary: IngestSummary
) -> None:
    """Store one file's article in its own transaction, on the ingest's one connection (a
    pooled connection per article cost two more round trips: the ping and the reset)."""
    article_id = ready.rows.article_id
    previous = known.get(article_id)
    if previous == ready.content_hash:  # changed back while it was being annotated
        summary.unchanged.append(article_id)
        return
    try:
        try:
            _write(conn, path, ready)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            # The connection was lost (the server restarted, or ended it): the article was
            # rolled back with it, and is written again on a new connection.
            log.warning("the database connection was lost during %s: retrying once", path.name)
            _write(conn, path, ready)
    except BadFile as exc:
        summary.skip(path.name, str(exc))
        return
    except Exception as exc:  # one bad article must not stop the rest of the ingest
        if isinstance(exc, DBAPIError) and storage_condition(exc):
            _storage_error(exc, path.name, summary)
        else:
            summary.skip(path.name, _failure(exc), exc)
        return
    (summary.replaced if previous else summary.ingested).append(article_id)
    known[article_id] = ready.content_hash


def _write(conn: Connection, path: Path, ready: Prepared) -> None:
    with Session(bind=conn) as session, session.begin():
        source = lock_seed_write(session, ready.rows.article_id)
        if source not in (None, "seed"):  # posted while it was annotated
            raise BadFile(POSTED)
        store_rows(session, str(path), ready.content_hash, ready.rows, replace=source is not None)


def _refresh_statistics(engine: Engine) -> None:
    statement = "ANALYZE" if engine.dialect.name == "postgresql" else "PRAGMA optimize"
    with engine.connect() as conn:
        conn.execute(text(statement))
        conn.commit()


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
                    if (
                        stored_source(session, article_id) != "seed"
                    ):  # deleted, or written through the API
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
