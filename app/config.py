"""All settings in one place, read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = "sqlite:///data/goftar.db"
    seeds_dir: Path = Path("seeds")
    ingest_on_startup: bool = True
    # False: the app's lifespan neither migrates nor ingests, because a prestart step
    # (`python -m app prestart`, as in the container) has done both before the workers start.
    startup_tasks: bool = True
    log_level: str = "INFO"
    # A seed file larger than this is skipped: one article is never megabytes of text.
    max_article_bytes: int = 2_000_000


@cache
def get_settings() -> Settings:
    return Settings()
