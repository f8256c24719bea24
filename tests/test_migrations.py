"""The models and the migrations describe the same schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app import migrate
from app.ingest import ingest_dir
from app.store.search_index import DOC_TABLE, FTS_TABLE, index_rows, is_search_table
from tests.conftest import SEED_ID, open_database


def _include(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    return not (type_ == "table" and is_search_table(name))


def differences_from_models(url: str) -> list:  # type: ignore[type-arg]
    """What Alembic's autogenerate would change in a migrated database to match the models."""
    engine = create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": _include, "compare_type": True}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    return diff


def test_autogenerate_finds_no_difference(db_url: str) -> None:
    migrate.upgrade(db_url)
    assert differences_from_models(db_url) == []


def test_search_index_is_migrations_only(db_url: str) -> None:
    migrate.upgrade(db_url)
    engine = create_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert DOC_TABLE in tables
    assert (FTS_TABLE in tables) == db_url.startswith("sqlite")
    assert not any(is_search_table(t) for t in SQLModel.metadata.tables)


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    migrate.upgrade(db_url)
    migrate.upgrade(db_url)


def test_0002_source_round_trip_keeps_the_articles(db_url: str, seeds_dir: Path) -> None:
    """Down to 0001 and up again: rows survive (no table rebuild cascading to paragraphs),
    and articles that predate the column become seed articles."""
    migrate.upgrade(db_url)
    db = open_database(db_url)
    engine = db.engine
    ingest_dir(db, seeds_dir, 2_000_000)
    config = migrate.alembic_config(db_url)
    command.downgrade(config, "0001")
    assert "source" not in {c["name"] for c in inspect(engine).get_columns("article")}
    command.upgrade(config, "head")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, source FROM article")).all() == [(SEED_ID, "seed")]
        assert conn.execute(text("SELECT count(*) FROM paragraph")).scalar_one() == 9
        assert conn.execute(text("SELECT count(*) FROM quote")).scalar_one() == 16
    db.dispose()


def test_0004_keeps_the_index_and_gives_it_back(db_url: str, seeds_dir: Path) -> None:
    """Down to 0003 (SQLite: the FTS table that held every column) and up again: the index
    rows survive both ways, and those written before 0004 still go with their article."""
    migrate.upgrade(db_url)
    db = open_database(db_url)
    ingest_dir(db, seeds_dir, 2_000_000)
    config = migrate.alembic_config(db_url)
    command.downgrade(config, "0003")
    with db.engine.connect() as conn:
        assert "body_version" not in {c["name"] for c in inspect(conn).get_columns("article")}
        table = "search_fts" if db.dialect == "sqlite" else "search_doc"
        assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 25
    command.upgrade(config, "head")
    with db.engine.connect() as conn:
        assert index_rows(conn, SEED_ID) == 25
        versions = conn.execute(text("SELECT body_version FROM article")).scalars().all()
    assert versions == [0]  # rendered again at the next startup
    path = seeds_dir / f"{SEED_ID}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new hash
    assert ingest_dir(db, seeds_dir, 2_000_000).replaced == [SEED_ID]
    with db.engine.connect() as conn:
        assert index_rows(conn) == 25
        if db.dialect == "sqlite":
            fts = conn.execute(text("SELECT count(*) FROM search_fts")).scalar_one()
            assert fts == 25
    db.dispose()
