"""Run Alembic from code: startup and the CLI bring the schema to head before anything else."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from app.db import prepare_sqlite_file

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    if url.startswith("sqlite"):
        prepare_sqlite_file(url)
    command.upgrade(alembic_config(url), "head")
