"""The ingest's connection: a larger SQLite page cache while it writes, and a pooled
connection given back as it was taken, on both backends."""

from __future__ import annotations

from sqlalchemy import text

from app.db import BULK_CACHE_KIB, Database


def _cache_size(db: Database) -> int | None:
    """The page cache of the pool's connection (its only one in these tests), None on PostgreSQL."""
    if db.dialect != "sqlite":
        return None
    with db.connect() as conn:
        return conn.exec_driver_sql("PRAGMA cache_size").scalar_one()


def test_the_bulk_connection_writes_and_returns_as_it_was(db: Database) -> None:
    before = _cache_size(db)
    with db.bulk_connect() as conn:
        if db.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -BULK_CACHE_KIB
            conn.commit()  # the read began SQLAlchemy's transaction
        with conn.begin():  # the ingest's transactions begin on it as on any connection
            conn.execute(text("CREATE TABLE bulk_probe (n INTEGER)"))
            conn.execute(text("INSERT INTO bulk_probe VALUES (1)"))
    with db.connect() as conn:
        assert conn.execute(text("SELECT n FROM bulk_probe")).scalar_one() == 1
    assert _cache_size(db) == before


def test_a_failed_write_on_the_bulk_connection_rolls_back(db: Database) -> None:
    with db.begin() as conn:
        conn.execute(text("CREATE TABLE bulk_probe (n INTEGER)"))
    try:
        with db.bulk_connect() as conn, conn.begin():
            conn.execute(text("INSERT INTO bulk_probe VALUES (1)"))
            raise RuntimeError("the article failed")
    except RuntimeError:
        pass
    with db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM bulk_probe")).scalar_one() == 0
