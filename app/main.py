"""The ASGI app: ``app.main:app``. Startup migrates, ingests the seeds (under a database-wide
lock, so every worker can run it), then serves."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI
from sqlalchemy.exc import DBAPIError

from app import logs
from app import search as search_language
from app.api import (
    articles,
    docs,
    errors,
    export,
    health,
    openapi,
    quotes,
    search,
    speaker_edits,
    speakers,
    writes,
)
from app.api.deps import known_query
from app.api.head import HeadAsGet
from app.api.middleware import ProblemCORSMiddleware, RequestContext
from app.config import Settings, get_settings
from app.db import Database, storage_condition
from app.ingest.prepare import Annotators
from app.startup import run_startup
from app.web import pages

log = logging.getLogger("goftar")

DESCRIPTION = """
Persian news articles annotated with **who said what**: every quote with its speaker, cue,
content and addressee, as code-point spans into the paragraph text the API serves.

Lists page with `limit` and an opaque `cursor` (`next_cursor` in each page).
Errors are `application/problem+json` (RFC 9457). Reads are open; writes (POST, PUT, DELETE
on `/v1/articles`) need `Authorization: Bearer <API_KEY>` and are refused while no `API_KEY` is set.
"""

TAGS = [
    {"name": "articles", "description": "Articles, their paragraphs and annotations."},
    {"name": "speakers", "description": "People and organisations quoted, across articles."},
    {"name": "quotes", "description": "Reported speech: direct, indirect and according-to."},
    {"name": "search", "description": "Ranked full-text search with highlighted snippets."},
    {"name": "export", "description": "Every quote or article as CSV or JSON Lines, streamed."},
    {"name": "health", "description": "Liveness and readiness probes."},
]


def _startup(app: FastAPI, settings: Settings) -> None:
    """Migrate and ingest (once across processes); on a read-only database both are skipped
    with an error, and the API serves what the database holds (reads work, writes are 503).
    The search keys' word lists are read now, not by the first search."""
    search_language.parse("گفت")
    if settings.startup_tasks:
        try:
            run_startup(settings, app.state.db)
        except DBAPIError as exc:
            if storage_condition(exc) != "read-only":
                raise
            log.error("the database is read-only: migrations and the startup ingest are skipped")
    app.state.ingest_finished = True


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """HEAD as GET innermost; CORS only when origins are configured; the request id
    outermost, so every response, CORS preflights included, carries one and gets its access
    line."""
    app.add_middleware(HeadAsGet)
    if settings.cors_origins:
        app.add_middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match", "X-Request-ID"],
            expose_headers=["X-Request-ID", "ETag"],
        )
    app.add_middleware(RequestContext, allowed_hosts=settings.allowed_hosts)


GIL_SWITCH_SECONDS = 0.0005


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logs.configure(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Every read runs in a lane's thread while the event loop serves the others, and the
        # two take turns on the GIL: at Python's default interval (5 ms) the loop waited out
        # each thread's turn, a longer wait than the read itself (docs/performance.md).
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        app.state.db.open_lanes()
        # Blocking work, each in a thread of its own: the annotators are started and warm
        # before the first write, and startup work never takes a thread of the lanes.
        await anyio.to_thread.run_sync(app.state.annotators.start)
        await anyio.to_thread.run_sync(_startup, app, settings)
        yield
        app.state.db.dispose()

    app = FastAPI(
        title="goftar",
        summary="Who said what in Persian news.",
        description=DESCRIPTION,
        version="0.1.0",
        openapi_tags=TAGS,
        lifespan=lifespan,
        # Any route can answer these: a URL with NUL (400, the middleware) and a database that
        # is starting, busy or read-only (503, errors.py).
        responses=errors.responses(400, 503),
        docs_url=None,  # app.api.docs serves both pages with their assets
        redoc_url=None,
        generate_unique_id_function=openapi.operation_id,
        servers=openapi.SERVERS,
        license_info=openapi.LICENSE,
    )
    app.state.settings = settings
    app.state.db = Database(settings)
    app.state.annotators = Annotators(settings.write_annotators)
    app.state.ingest_finished = False
    errors.install(app)
    _add_middleware(app, settings)
    # export before articles: /v1/articles/export is not an article's id.
    for module in (export, articles, writes, speakers, speaker_edits, quotes, search, health):
        app.include_router(module.router, dependencies=[Depends(known_query)])
    docs.install(app)
    pages.install(app)  # the reader, after the API's error handlers it renders as pages
    openapi.install(app)
    return app


app = create_app()
