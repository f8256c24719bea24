"""The busiest reads' own path (app/api/reader.py): on SQLite, one connection the event loop
keeps, used through the driver."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.reader import AsyncReader, LoopReader
from app.config import Settings
from app.main import create_app
from tests.conftest import SEED_ID

API_KEY = "reader-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture
def app_client(db_url: str, seeds_dir: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=db_url, seeds_dir=seeds_dir, log_level="WARNING", api_key=API_KEY
    )
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def test_each_backend_gets_its_reader(app_client: TestClient, db_url: str) -> None:
    reader = app_client.app.state.reader  # type: ignore[attr-defined]
    expected = LoopReader if db_url.startswith("sqlite") else AsyncReader
    assert type(reader) is expected


def test_reads_see_every_write_at_once(app_client: TestClient) -> None:
    """The kept connection holds no read open between requests: a write made through
    another connection is what the next read returns."""
    body = {"text": "سخنگوی دولت گفت: جلسه فردا برگزار شد."}
    assert app_client.get("/v1/articles/later").status_code == 404
    assert app_client.put("/v1/articles/later", json=body, headers=AUTH).status_code == 201
    article = app_client.get("/v1/articles/later").json()
    assert "جلسه فردا" in article["paragraphs"][0]["text"]
    speaker = article["quotes"][0]["speaker"]["id"]
    quotes = app_client.get(f"/v1/speakers/{speaker}/quotes").json()["items"]
    assert [q["article_id"] for q in quotes] == ["later"]
    assert app_client.delete("/v1/articles/later", headers=AUTH).status_code == 204
    assert app_client.get("/v1/articles/later").status_code == 404
    assert app_client.get(f"/v1/speakers/{speaker}/quotes").status_code == 404


def test_a_lost_connection_is_replaced(sqlite_url: str, seeds_dir: Path) -> None:
    app = create_app(Settings(database_url=sqlite_url, seeds_dir=seeds_dir, log_level="WARNING"))
    with TestClient(app) as client:
        assert client.get(f"/v1/articles/{SEED_ID}").status_code == 200
        reader = app.state.reader
        assert isinstance(reader._connection, sqlite3.Connection)
        reader._connection.close()  # closed under the reader
        assert client.get(f"/v1/articles/{SEED_ID}").status_code == 200
        assert client.get("/v1/quotes").status_code == 200
    assert reader._connection is None  # closed with the app
    app.state.engine.dispose()
