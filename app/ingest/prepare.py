"""Text → the rows of an article, and the processes that do it for the server's writes.

Annotating is CPU-bound pure Python and the slowest step of a write, so it runs where it can't
hold what reads need: the ingester hands files to a pool of processes (``app/ingest/run.py``),
and the server hands the articles written through the API to :class:`Annotators`, a few
processes started (and warmed: hazm's objects built) when the server starts. Their queue is
bounded: a write that finds it full is refused (503) instead of waiting behind minutes of work.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ClassVar, NamedTuple

from app.ingest.files import BadFile, check_text, read_article
from app.ingest.jobs import Job
from app.nlp import annotate
from app.store.rows import ArticleRows, Metadata, article_rows

log = logging.getLogger("goftar.ingest")


class Prepared(NamedTuple):
    """An article ready to store: read, checked, annotated, its rows built."""

    content_hash: str
    rows: ArticleRows
    warnings: tuple[str, ...]  # metadata left out (app/ingest/sources.py)


def prepare_job(job: Job, max_bytes: int) -> Prepared:
    """Read (a seed file), check and annotate one article; BadFile says why it can't be one."""
    if job.text is None:
        article = read_article(job.origin, max_bytes)
        text, meta, warnings, content_hash = (
            article.text, article.meta, article.warnings, article.content_hash
        )  # fmt: skip
    else:
        check_text(job.text)
        text, meta, warnings, content_hash = job.text, job.meta, job.warnings, job.content_hash
    annotation = annotate(text)
    if not annotation.paragraphs:
        raise BadFile("empty (no text after normalization)")
    return Prepared(content_hash, article_rows(job.article_id, annotation, meta), warnings)


Outcome = Prepared | Exception


def prepared_or_failure(job: Job, max_bytes: int) -> Outcome:
    """:func:`prepare_job`, its failure returned: one bad article must not stop the rest.
    What the ingest's annotator processes run: it lives here, not in ``run``, so that they
    load the annotator and not the database code."""
    try:
        return prepare_job(job, max_bytes)
    except Exception as exc:
        return exc


def prepared_all(jobs: Sequence[Job], max_bytes: int) -> list[Outcome]:
    """:func:`prepared_or_failure` of each job: a work item of the ingest's pool."""
    return [prepared_or_failure(job, max_bytes) for job in jobs]


def derived_id(paragraphs: list[str]) -> str:
    """The id of an article posted without one: the same text (up to what normalization
    folds) always gets the same id."""
    return "api_" + hashlib.sha256("\n".join(paragraphs).encode()).hexdigest()[:16]


def prepare_text(text: str, meta: Metadata, article_id: str | None) -> ArticleRows:
    """An article written through the API: its text annotated as a seed file's is, with what
    ``meta`` says of it, and its id (:func:`derived_id` when None)."""
    annotation = annotate(text)
    article_id = article_id or derived_id(annotation.normalized or annotation.paragraphs)
    return article_rows(article_id, annotation, meta)


def warm_up() -> None:
    """Build the annotator's hazm objects before the first article, with the cyclic garbage
    collector paused: they are hundreds of thousands of objects that live as long as the
    process, and collections while they are built would walk them again and again (a quarter
    of the warm-up) to find nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        annotate("گفت.")
    finally:
        if collecting:
            gc.enable()


def _start_annotator() -> None:
    """An annotator process's first work: leave when its parent does, then warm up."""
    _exit_with_parent()
    warm_up()


def _exit_with_parent() -> None:
    """A parent that is killed (SIGKILL, the OOM killer) never shuts its pool down, and its
    annotators would wait for work for ever, a few hundred MB each; so each one watches its
    parent and ends once it is gone (it is then another process's child)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def annotator_processes(workers: int) -> ProcessPoolExecutor:
    """A pool of warmed annotator processes. They are spawned, not forked: the server starts
    them from a thread, and forking a process that has threads can deadlock the child."""
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_annotator
    )


class Busy(Exception):
    """Every annotator is working and the queue is full."""


class Annotators:
    """The server's annotators for written articles: ``processes`` processes (0: one thread of
    the server), at most ``queue`` articles waiting for them.

    The processes belong to the server process, not to one app: an app made again in the same
    process (tests make hundreds) finds them started and warm."""

    _shared: ClassVar[dict[int, Executor]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, processes: int, queue: int = 4) -> None:
        self.processes = processes
        self._slots = max(processes, 1) + queue
        self._in_flight = 0  # counted on the event loop, which alone changes it

    def _executor(self) -> Executor:
        with self._lock:
            executor = self._shared.get(self.processes)
            if executor is None:
                if self.processes == 0:
                    executor = ThreadPoolExecutor(1, initializer=warm_up)
                else:
                    executor = annotator_processes(self.processes)
                self._shared[self.processes] = executor
            return executor

    def start(self) -> None:
        """Start the annotators and wait until each has built hazm's objects (a write must
        not wait for that), in the app's lifespan."""
        executor = self._executor()
        for future in [executor.submit(warm_up) for _ in range(max(self.processes, 1))]:
            future.result()

    async def prepare(self, text: str, meta: Metadata, article_id: str | None) -> ArticleRows:
        """:func:`prepare_text` in an annotator; :class:`Busy` when the queue is full."""
        if self._in_flight >= self._slots:
            raise Busy
        self._in_flight += 1
        try:
            return await self._run(prepare_text, text, meta, article_id)
        finally:
            self._in_flight -= 1

    async def _run(self, fn: Any, *args: Any) -> Any:
        try:
            return await asyncio.wrap_future(self._executor().submit(fn, *args))
        except BrokenProcessPool:
            # A process died (killed, out of memory): the next write starts new ones.
            log.error("an annotator process died; starting new ones for the next write")
            with self._lock:
                self._shared.pop(self.processes, None)
            raise Busy from None
