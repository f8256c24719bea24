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
from app.store.search_index import index_rows
from tests.conftest import SEED_ID, open_database, unlinked


def differences_from_models(url: str) -> list:  # type: ignore[type-arg]
    """What Alembic's autogenerate would change in a migrated database to match the models."""
    engine = create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    return diff


def test_autogenerate_finds_no_difference(db_url: str) -> None:
    migrate.upgrade(db_url)
    assert differences_from_models(db_url) == []


def test_the_search_index_is_plain_tables_on_both_backends(db_url: str) -> None:
    """Revision 0006: no FTS5 table and no tsvector, the same index tables everywhere."""
    migrate.upgrade(db_url)
    engine = create_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    index = {"search_doc", "search_term", "search_posting", "search_stats"}
    assert index <= tables and index <= set(SQLModel.metadata.tables)
    assert not any(t.startswith("search_fts") for t in tables)


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


def test_down_to_0003_and_up_again_the_index_is_built_back(db_url: str, seeds_dir: Path) -> None:
    """Revisions 0004-0006 down and up (each downgrade tested): the articles survive, their
    bodies and index rows are at version 0, and startup's work renders and indexes them again
    from their rows, so searches find what they found before (the links' evidence, added by
    0011, is gone with its columns)."""
    from app.store import read
    from app.store.backfill import reindex_stale, render_stale_bodies

    migrate.upgrade(db_url)
    db = open_database(db_url)
    ingest_dir(db, seeds_dir, 2_000_000)
    with db.connect() as conn:
        before = read.article_body(conn, SEED_ID)
        assert index_rows(conn, SEED_ID) == 9  # one document a paragraph
    config = migrate.alembic_config(db_url)
    command.downgrade(config, "0003")
    with db.engine.connect() as conn:
        assert "body_version" not in {c["name"] for c in inspect(conn).get_columns("article")}
    command.upgrade(config, "head")
    with db.engine.connect() as conn:
        assert index_rows(conn) == 0
        versions = conn.execute(text("SELECT body_version, index_version FROM article")).all()
    assert versions == [(0, 0)]
    assert (render_stale_bodies(db), reindex_stale(db)) == (1, 1)
    assert (render_stale_bodies(db), reindex_stale(db)) == (0, 0)
    with db.connect() as conn:
        assert index_rows(conn, SEED_ID) == 9
        # rows from before 0011: the links' evidence went with its columns
        assert read.article_body(conn, SEED_ID) == unlinked(before)
    db.dispose()
