"""All settings in one place, read from the environment (pydantic-settings)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
    # Threads per server process that run the routes (anyio's default is 40). Routes hold the
    # GIL but for their database calls, and SQLite gives it back for every row: with 40
    # threads an article request cost 210 context switches and 2.9 ms of CPU, with 4 threads
    # 80 and 2.3 ms (a quarter more requests served; 1 thread: two thirds more on SQLite).
    route_threads: int = Field(default=4, ge=1, le=200)
    # The bearer token of the write routes (POST/PUT/DELETE /v1/articles). None (or empty)
    # disables writes: a server is read-only unless someone chose a key.
    api_key: SecretStr | None = None

    @field_validator("api_key")
    @classmethod
    def _empty_key_is_no_key(cls, value: SecretStr | None) -> SecretStr | None:
        """``API_KEY=`` in an env file must not mean "the empty token is accepted"."""
        return value if value is not None and value.get_secret_value().strip() else None

    # Origins a browser may call the API from: "https://a.example,https://b.example" or a JSON
    # list; "*" for any. Empty (the default): no CORS headers at all.
    cors_origins: Annotated[list[str], NoDecode] = []

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = value.strip()
        if value.startswith("["):
            return json.loads(value)
        return [origin.strip() for origin in value.split(",") if origin.strip()]


@cache
def get_settings() -> Settings:
    return Settings()
