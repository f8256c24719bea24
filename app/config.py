"""All settings in one place, read from the environment (pydantic-settings)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import URL, make_url


def _list(value: Any) -> Any:
    """A list setting given as "a,b" or as a JSON list."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if value.startswith("["):
        return json.loads(value)
    return [item.strip() for item in value.split(",") if item.strip()]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = "sqlite:///data/goftar.db"
    seeds_dir: Path = Path("seeds")
    ingest_on_startup: bool = True
    # False: the app's lifespan neither migrates nor ingests, because a prestart step
    # (`python -m app prestart`, as in the container) has done both before the workers start.
    startup_tasks: bool = True
    log_level: str = "INFO"
    # A seed file larger than this is skipped, and a larger write request body is refused
    # (413): one article is never megabytes of text.
    max_article_bytes: int = 2_000_000
    # Processes that annotate beside the one that stores, when an ingest has many files to
    # annotate (the annotator is CPU-bound); 0 annotates in the ingesting process.
    ingest_workers: int = Field(default=1, ge=0, le=64)
    # PostgreSQL only: whether an ingest's commits wait for the WAL to reach the disk. Off, a
    # crash can lose the last few articles stored (each whole, never half of one) and the next
    # ingest stores them again from their files; the write API always waits.
    ingest_synchronous_commit: bool = False
    # Threads per server process that run the read routes' database work, and apart from
    # them the threads for searches and for writes: a burst of one kind never takes every
    # thread, and each thread holds at most one pooled connection, so the pool never runs dry.
    route_threads: int = Field(default=4, ge=1, le=64)
    # SQLite only: the point reads (a stored article, its paragraphs, a page of a speaker's
    # quotes: each one indexed lookup of at most a page of rows) run on the event
    # loop, where they cost less than the hand-over to a thread and back (app/db.py).
    inline_point_reads: bool = True
    search_threads: int = Field(default=2, ge=1, le=64)
    write_threads: int = Field(default=2, ge=1, le=64)
    # How long a request waits for a database connection before it is answered 503.
    pool_timeout: float = Field(default=10.0, gt=0, le=300)
    # A search that runs longer than this is stopped and answered 503.
    search_timeout_ms: int = Field(default=2_000, ge=1, le=600_000)
    # Processes that annotate the articles written through the API, so a large article never
    # holds a thread (or the GIL) that reads need; 0 annotates in a thread of the server.
    write_annotators: int = Field(default=1, ge=0, le=16)
    # `python -m app serve` (the container and `make run` too): where it listens, how many
    # worker processes, how long a connection may take to send a request's headers, and how
    # many connections and requests it keeps before answering 503 at once (app/server.py).
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    web_concurrency: int = Field(default=1, ge=1, le=64)
    header_timeout: float = Field(default=10.0, gt=0, le=600)
    max_connections: int = Field(default=1000, ge=1)
    # The bearer token of the write routes (POST/PUT/DELETE /v1/articles). None (or empty)
    # disables writes: a server is read-only unless someone chose a key.
    api_key: SecretStr | None = None
    # Origins a browser may call the API from: "https://a.example,https://b.example" or a JSON
    # list; "*" for any. Empty (the default): no CORS headers at all.
    cors_origins: Annotated[list[str], NoDecode] = []
    # Host names the server answers for ("api.example.org,localhost"; "*.example.org" for its
    # subdomains). Empty (the default): any Host, as behind a proxy that checks it already.
    allowed_hosts: Annotated[list[str], NoDecode] = []

    @field_validator("api_key")
    @classmethod
    def _empty_key_is_no_key(cls, value: SecretStr | None) -> SecretStr | None:
        """``API_KEY=`` in an env file must not mean "the empty token is accepted"."""
        return value if value is not None and value.get_secret_value().strip() else None

    @field_validator("cors_origins", "allowed_hosts", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _list(value)

    @property
    def url(self) -> URL:
        """``database_url`` parsed: the one place that reads its parts."""
        return make_url(self.database_url)


@cache
def get_settings() -> Settings:
    return Settings()
