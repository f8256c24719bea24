"""The ASGI app: ``app.main:app``. Startup migrates, ingests the seeds (under a database-wide
lock, so every worker can run it), then serves."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from app import logs
from app.api import articles, errors, health, quotes, search, speakers, writes
from app.config import Settings, get_settings
from app.db import make_engine
from app.startup import run_startup

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
    {"name": "health", "description": "Liveness and readiness probes."},
]


def _startup(app: FastAPI, settings: Settings) -> None:
    if settings.startup_tasks:
        run_startup(settings, app.state.engine)
    app.state.ingest_finished = True


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logs.configure(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.route_threads
        await run_in_threadpool(_startup, app, settings)
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="goftar",
        summary="Who said what in Persian news.",
        description=DESCRIPTION,
        version="0.1.0",
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.ingest_finished = False
    errors.install(app)
    for module in (articles, writes, speakers, quotes, search, health):
        app.include_router(module.router)
    return app


app = create_app()
