"""The same search (and the routes around it) on PostgreSQL: the same keys, the same results.

Uses the server at 127.0.0.1:5432 (user postgres, trust auth; GOFTAR_TEST_PG overrides the
address). Each run creates and drops its own database. Without a server the module is skipped
with the reason; CI starts one (.ci/run).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.api.test_search_quality import CASES, check_case, write_search_seeds
from tests.conftest import SEED_ID
from tests.test_migrations import differences_from_models

SERVER = os.environ.get("GOFTAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    name = f"goftar_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {SERVER}: {exc}".splitlines()[0])
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def pg_client(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    seeds = tmp_path_factory.mktemp("pg") / "seeds"
    write_search_seeds(seeds)
    settings = Settings(database_url=pg_url, seeds_dir=Path(seeds), log_level="WARNING")
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.mark.parametrize("case", CASES, ids=[c["canonical"] for c in CASES])
def test_search_case_on_postgres(pg_client: TestClient, case: dict) -> None:
    check_case(pg_client, case)


def test_routes_on_postgres(pg_client: TestClient) -> None:
    article = pg_client.get(f"/v1/articles/{SEED_ID}").json()
    assert len(article["quotes"]) == 16 and len(article["speakers"]) == 4
    speakers = pg_client.get("/v1/speakers", params={"limit": 2}).json()
    more = pg_client.get("/v1/speakers", params={"limit": 2, "cursor": speakers["next_cursor"]})
    assert more.status_code == 200
    quotes = pg_client.get("/v1/search", params={"q": "مقاومت", "type": "quote"}).json()
    assert quotes["items"] and all(h["speaker"] for h in quotes["items"])
    assert "<mark>" in quotes["items"][0]["snippet"]
    assert pg_client.get("/readyz").json()["quotes"] >= 16


def test_models_and_migrations_agree_on_postgres(pg_client: TestClient, pg_url: str) -> None:
    assert differences_from_models(pg_url) == []
