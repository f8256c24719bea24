"""Run Alembic from code: startup and the CLI bring the schema to head before anything else."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, make_url

from app.db import prepare_sqlite_file

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: URL | str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", text.replace("%", "%%"))  # configparser syntax
    return config


def upgrade(url: URL | str) -> None:
    prepare_sqlite_file(make_url(url))
    command.upgrade(alembic_config(url), "head")
