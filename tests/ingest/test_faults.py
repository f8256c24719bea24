"""Faults: the ingest process killed mid-run, a read-only database, a full database.

After each, the database holds whole articles only (every count matches its rows, the search
index matches the tables, speaker totals match their quotes), SQLite's integrity check passes,
and the work is either finished by a rerun or refused with a clear error.

Tests run as root here, and root ignores file permissions, so chmod 0444 would test nothing.
A read-only database is made the way the database itself enforces it: SQLite opened with
``mode=ro`` (the state SQLite falls into when a process opens a file it may not write: every
write fails with SQLITE_READONLY) and PostgreSQL with ``default_transaction_read_only`` (as on
a hot standby: SQLSTATE 25006). A full disk is SQLite's ``max_page_count`` set low on the
connections of one engine (SQLITE_FULL, the error a full disk gives); no tmpfs is needed.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from app import migrate
from app.config import Settings
from app.db import Database
from app.ingest import ingest_dir
from app.main import create_app
from app.models import Article, ArticleSpeaker, Paragraph, Quote, Speaker
from app.startup import run_startup
from app.store.search_index import UNINDEXED, index_rows
from tests.conftest import PG_SERVER, ROOT, SEED_ID, SEEDS, open_database

MAX = 2_000_000
SEED_LINES = [line for line in (SEEDS / f"{SEED_ID}.txt").read_text("utf-8").splitlines() if line]
ARTICLES = 40


def _counts(session: Session, column, model) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rows = session.execute(select(column, func.count()).select_from(model).group_by(column))
    return {key: n for key, n in rows}


def assert_whole(engine: Engine, indexed: bool = False) -> set[str]:
    """Every article is whole and every total is right; returns the article ids. An article is
    in the search index whole, or not at all while its ingest group waits (a kill leaves such
    articles for the next startup); ``indexed``: every article is in it."""
    with Session(engine) as s:
        articles = list(s.execute(select(Article)).scalars())
        ids = {a.id for a in articles}
        paragraphs = _counts(s, Paragraph.article_id, Paragraph)
        quotes = _counts(s, Quote.article_id, Quote)
        links = _counts(s, ArticleSpeaker.article_id, ArticleSpeaker)
        for a in articles:
            found = (paragraphs.get(a.id, 0), quotes.get(a.id, 0), links.get(a.id, 0))
            assert (a.paragraph_count, a.quote_count, a.speaker_count) == found, a.id
            assert a.paragraph_count > 0, a.id
            waiting = a.index_version == UNINDEXED
            assert not (indexed and waiting), a.id
            assert index_rows(s.connection(), a.id) == (0 if waiting else found[0]), a.id
        assert set(paragraphs) | set(quotes) | set(links) <= ids  # no orphan rows
        in_index = sum(a.paragraph_count for a in articles if a.index_version != UNINDEXED)
        assert index_rows(s.connection()) == in_index
        said = _counts(s, Quote.speaker_id, Quote)
        linked = _counts(s, ArticleSpeaker.speaker_id, ArticleSpeaker)
        for sp in s.execute(select(Speaker)).scalars():
            assert (sp.quote_count, sp.article_count) == (said.get(sp.id, 0), linked[sp.id])
    return ids


def assert_sqlite_intact(url: str) -> None:
    """PRAGMA integrity_check on a fresh read-write connection."""
    path = str(make_url(url).database).removeprefix("file:")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _article(n: int) -> str:
    """The seed twice over, rotated and numbered: Persian news text, a different file each."""
    lines = SEED_LINES[n % len(SEED_LINES) :] + SEED_LINES[: n % len(SEED_LINES)]
    extra = f"سخنگوی دولت در نشست شماره {n} گفت: جلسه هیئت دولت فردا برگزار می‌شود."
    return "\n".join([*lines, extra, *lines]) + "\n"


def _cli(folder: Path) -> list[str]:
    return [sys.executable, "-m", "app", "ingest", str(folder)]


def _env(db_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": db_url, "LOG_LEVEL": "WARNING"}


# --- kill -9 ----------------------------------------------------------------------------


# Runs ``python -m app ingest DIR`` with one change: after the 4th article's rows are written,
# inside its open transaction, it leaves a marker file and waits, so a kill lands there for
# certain (a plain kill lands in a transaction about a fifth of the time: annotating is most
# of the work and happens before the transaction opens).
STALL_IN_TRANSACTION = """
import sys, time
from pathlib import Path
import app.store.write as write

store, calls = write.store_article, []

def store_then_stall(*args, **kwargs):
    store(*args, **kwargs)
    calls.append(1)
    if len(calls) == 4:
        Path(sys.argv[2]).write_text("rows written, not committed")
        time.sleep(600)

write.store_article = store_then_stall
from app.__main__ import main
sys.exit(main(["ingest", sys.argv[1]]))
"""


def _start_ingest(folder: Path, db_url: str, marker: Path | None) -> subprocess.Popen[bytes]:
    command = _cli(folder)
    if marker is not None:
        command = [sys.executable, "-c", STALL_IN_TRANSACTION, str(folder), str(marker)]
    return subprocess.Popen(
        command, cwd=ROOT, env=_env(db_url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _committed(engine: Engine) -> int:
    with Session(engine) as s:
        return s.execute(select(func.count()).select_from(Article)).scalar_one()


@pytest.mark.parametrize("where", ["anywhere", "in-transaction"])
def test_kill_9_mid_ingest_leaves_whole_articles(
    engine: Engine, db_url: str, tmp_path: Path, where: str
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"article_{n:02d}.txt").write_text(_article(n), encoding="utf-8")
    marker = tmp_path / "stalled" if where == "in-transaction" else None
    proc = _start_ingest(folder, db_url, marker)
    deadline = time.monotonic() + 300  # only so a broken ingest can't hang the suite
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
            if marker.exists() if marker else _committed(engine) >= 3:
                break
        proc.send_signal(signal.SIGKILL)  # kill -9: no cleanup, no rollback by the process
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    if db_url.startswith("sqlite"):
        assert_sqlite_intact(db_url)
    survived = assert_whole(engine)
    assert 3 <= len(survived) < ARTICLES, len(survived)
    if marker is not None:
        assert len(survived) == 3  # the 4th article's written rows went with the transaction

    rerun = subprocess.run(_cli(folder), cwd=ROOT, env=_env(db_url), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"ingested: {ARTICLES - len(survived)}\n" in rerun.stdout, rerun.stdout
    assert f"unchanged: {len(survived)}\n" in rerun.stdout, rerun.stdout
    assert assert_whole(engine, indexed=True) == {f"article_{n:02d}" for n in range(ARTICLES)}
    if db_url.startswith("sqlite"):
        assert_sqlite_intact(db_url)


# --- a read-only database ---------------------------------------------------------------


def _read_only_url(db_url: str) -> str:
    """The same database, refusing writes (see the module's docstring for why this way)."""
    if db_url.startswith("sqlite"):
        path = make_url(db_url).database
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    name = make_url(db_url).database
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    return db_url  # the setting applies to every new connection


API_KEY = "fault-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
NEW = {"text": "سخنگوی دولت گفت: جلسه فردا برگزار می‌شود."}


def _settings(db_url: str, seeds_dir: Path) -> Settings:
    return Settings(database_url=db_url, seeds_dir=seeds_dir, log_level="WARNING", api_key=API_KEY)


def _assert_problem(response, status: int, word: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert word in response.json()["detail"]
    for internal in ("INSERT", "UPDATE", "Traceback", "sqlite3", "psycopg"):
        assert internal not in response.text


def test_read_only_database(
    db: Database, engine: Engine, db_url: str, seeds_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ingest_dir(db, seeds_dir, MAX)
    engine.dispose()
    (seeds_dir / "new.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")
    read_only = _read_only_url(db_url)
    app = create_app(_settings(read_only, seeds_dir))
    with (
        caplog.at_level(logging.ERROR),
        TestClient(app, raise_server_exceptions=False) as client,
    ):
        assert client.get("/readyz").json()["status"] == "ready"  # startup completed
        items = client.get("/v1/articles").json()["items"]
        assert [a["id"] for a in items] == [SEED_ID]  # reads work
        assert len(client.get(f"/v1/articles/{SEED_ID}").json()["quotes"]) == 16
        _assert_problem(client.put("/v1/articles/new-one", json=NEW, headers=AUTH), 503, "read")
        _assert_problem(client.delete(f"/v1/articles/{SEED_ID}", headers=AUTH), 503, "read")
        assert client.post("/v1/articles", json=NEW, headers=AUTH).headers["retry-after"]
    app.state.db.dispose()
    logged = [r.getMessage() for r in caplog.records if r.name == "goftar.ingest"]
    assert any("stopped" in m and "read-only" in m for m in logged), logged

    cli = subprocess.run(
        _cli(seeds_dir), cwd=ROOT, env=_env(read_only), capture_output=True, text=True
    )
    assert cli.returncode == 1
    assert "stopped: the database is read-only" in cli.stdout
    assert "read-only" in cli.stderr and "Traceback" not in cli.stderr

    assert assert_whole(engine, indexed=True) == {SEED_ID}  # nothing written, nothing lost
    if db_url.startswith("sqlite"):
        assert_sqlite_intact(db_url)


# --- a full database (SQLite only: PostgreSQL has no page limit to set) -------------------


def _limit_pages(engine: Engine, extra_pages: int) -> None:
    """From now on the database can grow by ``extra_pages`` pages only (test-only hook: a
    connect listener on this engine; the app's code is unchanged)."""
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    engine.dispose()  # new connections only get the limit

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + extra_pages}")


def test_full_database_skips_the_article_that_does_not_fit(
    sqlite_url: str, seeds_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    migrate.upgrade(sqlite_url)
    db = open_database(sqlite_url)
    engine = db.engine
    shutil.copy(seeds_dir / f"{SEED_ID}.txt", seeds_dir / "a_copy.txt")
    assert len(ingest_dir(db, seeds_dir, MAX).ingested) == 2
    before = assert_whole(engine)
    _limit_pages(engine, 2)
    (seeds_dir / "b_big.txt").write_text(_article(1) * 8, encoding="utf-8")
    (seeds_dir / "c_small.txt").write_text("وزیر نفت گفت: قیمت بالا می‌رود.\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="goftar.ingest"):
        summary = ingest_dir(db, seeds_dir, MAX)
    assert "full" in summary.skipped["b_big.txt"]
    assert summary.ingested == ["c_small"]  # a smaller article still fits
    assert summary.stopped is None
    assert any("b_big.txt" in r.getMessage() and "full" in r.getMessage() for r in caplog.records)
    assert assert_whole(engine, indexed=True) == before | {"c_small"}
    db.dispose()
    assert_sqlite_intact(sqlite_url)


def test_writes_on_a_full_database_are_507(sqlite_url: str, seeds_dir: Path) -> None:
    app = create_app(_settings(sqlite_url, seeds_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        _limit_pages(app.state.db.engine, 2)
        big = {"id": "big", "text": _article(2) * 8}
        _assert_problem(client.post("/v1/articles", json=big, headers=AUTH), 507, "no space")
        _assert_problem(client.put("/v1/articles/big", json=big, headers=AUTH), 507, "no space")
        assert client.get("/v1/articles/big").status_code == 404
        assert client.get(f"/v1/articles/{SEED_ID}").status_code == 200
    assert assert_whole(app.state.db.engine, indexed=True) == {SEED_ID}
    app.state.db.dispose()
    assert_sqlite_intact(sqlite_url)


def test_busy_database_is_503_with_retry_after(sqlite_url: str, seeds_dir: Path) -> None:
    """A writer that holds the lock longer than busy_timeout: the request is told to retry."""
    app = create_app(_settings(sqlite_url, seeds_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.db.dispose()

        @event.listens_for(app.state.db.engine, "connect")
        def _short_wait(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA busy_timeout = 50")

        holder = sqlite3.connect(str(make_url(sqlite_url).database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer takes the write lock and keeps it
        try:
            response = client.put("/v1/articles/new-one", json=NEW, headers=AUTH)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        _assert_problem(response, 503, "busy")
        assert response.headers["retry-after"] == "5"
        assert client.put("/v1/articles/new-one", json=NEW, headers=AUTH).status_code == 201
    app.state.db.dispose()


def test_a_lost_connection_mid_ingest_is_reopened(tmp_path: Path, caplog, monkeypatch) -> None:
    """PostgreSQL ended the ingest's connection (a restart, an administrator) between two
    articles: the next article is written on a new connection and nothing is skipped."""
    from app.ingest import run
    from tests.conftest import pg_database

    folder = tmp_path / "seeds"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(f"وزیر گفت: جلسه {n} فردا است.\n", encoding="utf-8")
    with pg_database() as url:
        migrate.upgrade(url)
        db = open_database(url)
        write, calls = run._write, []

        def end_the_connection_once(conn, path, ready, synchronous_commit) -> None:
            calls.append(path.name)
            if len(calls) == 2:
                pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                conn.rollback()
                with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            write(conn, path, ready, synchronous_commit)

        monkeypatch.setattr(run, "_write", end_the_connection_once)
        with caplog.at_level(logging.WARNING, logger="goftar.ingest"):
            summary = ingest_dir(db, folder, 1_000_000)
        assert sorted(summary.ingested) == ["a0", "a1", "a2"] and not summary.skipped
        assert calls == ["a0.txt", "a1.txt", "a1.txt", "a2.txt"]  # a1 written again
        assert "connection was lost during a1.txt" in caplog.text
        with Session(db.engine) as s:
            assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 3
        db.dispose()


def test_an_error_in_an_articles_rows_skips_just_that_article(tmp_path: Path, caplog) -> None:
    """PostgreSQL refuses one of an article's rows (here: its paragraph, by a trigger): the
    article is skipped with the database's words, nothing of it is kept, and the next article
    is written on the same connection."""
    from tests.conftest import pg_database

    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("وزیر گفت: جلسه فردا است.\n", encoding="utf-8")
    (folder / "b.txt").write_text("جلسه امروز است.\n", encoding="utf-8")
    (folder / "c.txt").write_text("وزیر گفت: جلسه امروز است.\n", encoding="utf-8")
    with pg_database() as url:
        migrate.upgrade(url)
        db = open_database(url)
        with db.begin() as conn:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.article_id = 'b' THEN RAISE EXCEPTION 'refused by a test'; END IF; "
                "RETURN NEW; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON paragraph "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        with caplog.at_level(logging.ERROR, logger="goftar.ingest"):
            summary = ingest_dir(db, folder, 1_000_000)
        assert sorted(summary.ingested) == ["a", "c"]
        assert list(summary.skipped) == ["b.txt"]
        assert "(the database said: refused by a test" in caplog.text  # a DBAPIError
        assert assert_whole(db.engine, indexed=True) == {"a", "c"}
        db.dispose()


def test_an_article_the_index_refuses_is_stored_and_indexed_later(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The search index of a group of articles is one transaction: when PostgreSQL refuses one
    article's index rows (a trigger), the others of its group are indexed one by one, the
    refused one is kept unindexed with a warning, and the next startup indexes it."""
    from tests.conftest import pg_database

    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in "abc":
        (folder / f"{name}.txt").write_text(f"وزیر {name} گفت: جلسه فردا است.\n", "utf-8")
    with pg_database() as url:
        migrate.upgrade(url)
        db = open_database(url)
        refuse = (
            "CREATE TRIGGER refuse BEFORE INSERT ON search_doc "
            "FOR EACH ROW EXECUTE FUNCTION refuse()"
        )
        with db.begin() as conn:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.article_id = 'b' THEN RAISE EXCEPTION 'refused by a test'; END IF; "
                "RETURN NEW; END $$"
            )
            conn.exec_driver_sql(refuse)
        with caplog.at_level(logging.WARNING, logger="goftar.ingest"):
            summary = ingest_dir(db, folder, 1_000_000)
        assert sorted(summary.ingested) == ["a", "b", "c"] and not summary.skipped
        assert "b is stored but not in the search index" in caplog.text
        assert assert_whole(db.engine) == {"a", "b", "c"}
        with Session(db.engine) as s:
            assert index_rows(s.connection(), "b") == 0
            assert index_rows(s.connection(), "a") == index_rows(s.connection(), "c") == 1
        with db.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER refuse ON search_doc")
        run_startup(Settings(database_url=url, ingest_on_startup=False), db)
        assert assert_whole(db.engine, indexed=True) == {"a", "b", "c"}
        db.dispose()
