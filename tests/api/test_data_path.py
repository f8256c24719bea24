"""The one way the routes reach the database (``app/db.py``): a store function run in a lane's
thread, its connection checked out, used and returned there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.conftest import PG_SERVER, SEED_ID

API_KEY = "path-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture
def app_client(db_url: str, seeds_dir: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=db_url, seeds_dir=seeds_dir, log_level="WARNING", api_key=API_KEY
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_reads_see_every_write_at_once(app_client: TestClient) -> None:
    """No read stays open between requests: what a write committed is what the next read
    returns, on every route that reads it."""
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


def _kill_connections(app_client: TestClient, db_url: str) -> int:
    """End every connection the app's pool holds, under it: PostgreSQL terminates their
    backends (as a restart or an administrator would), SQLite's are closed."""
    engine = app_client.app.state.db.engine  # type: ignore[attr-defined]
    if db_url.startswith("sqlite"):
        pool = engine.pool
        killed = 0
        for record in list(pool._pool.queue):  # type: ignore[attr-defined]
            record.dbapi_connection.close()
            killed += 1
        return killed
    name = engine.url.database
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
            "AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


def test_a_dead_connection_is_replaced_for_a_read(app_client: TestClient, db_url: str) -> None:
    for _ in range(3):  # connections in the pool
        assert app_client.get(f"/v1/articles/{SEED_ID}").status_code == 200
    assert _kill_connections(app_client, db_url) >= 1
    for path in (f"/v1/articles/{SEED_ID}", "/v1/quotes", "/v1/speakers", "/readyz"):
        response = app_client.get(path)
        assert response.status_code == 200, (path, response.text)


@pytest.mark.parametrize("inline", [True, False])
def test_point_reads_run_on_the_loop_on_sqlite_only(
    db_url: str, seeds_dir: Path, inline: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored article is a point read: on SQLite (unless turned off) it runs on the event
    loop's own thread; on PostgreSQL, and for every other read, in a lane's thread."""
    import threading

    from app.store import read

    threads: dict[str, str] = {}

    def recorded(name: str, fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            threads[name] = threading.current_thread().name
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(read, "article_body", recorded("article", read.article_body))
    monkeypatch.setattr(read, "article_page", recorded("list", read.article_page))
    settings = Settings(
        database_url=db_url, seeds_dir=seeds_dir, log_level="WARNING", inline_point_reads=inline
    )
    with TestClient(create_app(settings)) as client:
        loop = client.portal.call(lambda: threading.current_thread().name)  # type: ignore[union-attr]
        assert client.get(f"/v1/articles/{SEED_ID}").status_code == 200
        assert client.get("/v1/articles").status_code == 200
    on_loop = inline and db_url.startswith("sqlite")
    assert (threads["article"] == loop) is on_loop, (threads, loop)
    assert threads["list"] != loop
