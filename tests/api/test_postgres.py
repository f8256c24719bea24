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
from tests.api.test_search_quality import CASES, DATASET
from tests.conftest import SEED_ID, SEEDS

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
    seeds.mkdir()
    for path in SEEDS.glob("*.txt"):
        (seeds / path.name).write_bytes(path.read_bytes())
    (seeds / "search_quality.txt").write_text("\n".join(DATASET["paragraphs"]), encoding="utf-8")
    settings = Settings(database_url=pg_url, seeds_dir=Path(seeds), log_level="WARNING")
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _found(client: TestClient, q: str) -> set[tuple[str, int]]:
    response = client.get("/v1/search", params={"q": q, "type": "paragraph", "limit": 100})
    assert response.status_code == 200, (q, response.text)
    return {(h["article_id"], h["paragraph"]) for h in response.json()["items"]}


@pytest.mark.parametrize("case", CASES, ids=[c["canonical"] for c in CASES])
def test_search_case_on_postgres(pg_client: TestClient, case: dict) -> None:
    expected = _found(pg_client, case["canonical"])
    for must in case.get("must_find", []):
        assert tuple(must) in expected, f"{case['canonical']} misses {must}"
    for must_not in case.get("must_not_find", []):
        assert tuple(must_not) not in expected, f"{case['canonical']} finds {must_not}"
    for variant in case["variants"]:
        assert _found(pg_client, variant) == expected, variant


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
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from app.search import is_search_table

    def include(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
        return not (type_ == "table" and is_search_table(name))

    engine = create_engine(pg_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []
