"""Fixtures: every test gets its own temporary database (SQLite and PostgreSQL) and seeds folder.

``db_url`` is parametrized over both backends, so every test that touches a database runs on
each. PostgreSQL is the server at 127.0.0.1:5432 (``GOFTAR_TEST_PG`` overrides the address); each
test creates and drops its own database. Without a server the PostgreSQL half is skipped with the
reason, unless ``GOFTAR_REQUIRE_PG=1`` (set by .ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app import migrate
from app.config import Settings
from app.db import Database
from app.main import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_d8346e28cf1fe79f"
DATA = Path(__file__).resolve().parent / "data"
BACKENDS = ["sqlite", "postgresql"]
PG_SERVER = os.environ.get("GOFTAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


@cache
def _pg_unavailable() -> str | None:
    """Why PostgreSQL can't be used, or None; asked once per test run."""
    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        return f"no PostgreSQL at {PG_SERVER}: {str(exc).splitlines()[0]}"
    return None


def _admin(sql: str) -> None:
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


@contextmanager
def pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for the caller; dropped afterwards."""
    reason = _pg_unavailable()
    if reason:
        if os.environ.get("GOFTAR_REQUIRE_PG") == "1":
            pytest.fail(f"GOFTAR_REQUIRE_PG=1 but {reason}")
        pytest.skip(reason)
    name = f"goftar_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A URL of a new empty database of that backend (SQLite: a file under ``folder``)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'db' / 'goftar.db'}"
    else:
        with pg_database() as url:
            yield url


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """For the few tests about SQLite itself (pragmas, file handling)."""
    return f"sqlite:///{tmp_path / 'db' / 'goftar.db'}"


def unlinked(body: bytes) -> bytes:
    """A body as rows from before revision 0011 render it: no link evidence (null)."""
    import json

    from app.store.rows import dumps

    value = json.loads(body)
    for q in value.get("quotes", [value]):
        q["speaker"]["link"] = None
    return dumps(value)


def open_database(url: str) -> Database:
    """The app's way to a database at ``url`` (the caller disposes of it)."""
    return Database(Settings(database_url=url))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A database migrated to head, for tests below the API."""
    migrate.upgrade(db_url)
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def engine(db: Database) -> Engine:
    """The engine of ``db``, for tests that look at the rows themselves."""
    return db.engine


@pytest.fixture
def settings(db_url: str, seeds_dir: Path) -> Settings:
    return Settings(database_url=db_url, seeds_dir=seeds_dir, log_level="WARNING")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as c:
        yield c
