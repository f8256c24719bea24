"""The JSON stored with each article and quote (app/bodies.py) is what their rows say, through
new, replaced and removed articles, and databases from before it was stored get it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from alembic import command
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from app import migrate
from app.api.deps import PageParams
from app.api.queries import article_body, quote_page
from app.api.reader import install_reader
from app.bodies import MISSING_BODIES, QUOTE_ROWS, article_json, quote_json
from app.db import make_engine
from app.ingest import ingest_dir
from app.ingest.backfill import fill_missing_bodies
from app.models import ARTICLE, QUOTE
from tests.conftest import SEED_ID

MAX = 100_000
# One person, three spellings (one folded key): the speaker row keeps the first article's.
ZARIF = "محمدجواد ظریف"
ZARIF_SPACED = "محمد جواد ظریف"
ZARIF_ZWNJ = "محمد\u200cجواد ظریف"


def assert_bodies_match_rows(engine: Engine) -> int:
    """Every stored body equals the JSON built from the rows; returns the number of quotes."""
    with engine.connect() as conn:
        articles = conn.execute(select(ARTICLE.c.id, ARTICLE.c.body)).all()
        for article_id, body in articles:
            assert body is not None, article_id
            assert json.loads(body) == article_json(conn, article_id)
        quotes = conn.execute(QUOTE_ROWS.add_columns(QUOTE.c.body)).all()
        for row in quotes:
            assert row.body is not None, row.id
            assert json.loads(row.body) == quote_json(row[:-1], with_article=True)
    return len(quotes)


def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


async def _read_article(engine: Engine, article_id: str) -> bytes | None:
    reader = install_reader(engine)
    try:
        return await article_body(reader, article_id)
    finally:
        await reader.close()


def _speaker_names(engine: Engine, article_id: str) -> list[str]:
    body = json.loads(asyncio.run(_read_article(engine, article_id)) or b"null")
    return [s["name"] for s in body["speakers"]] + [q["speaker"]["name"] for q in body["quotes"]]


def test_bodies_follow_new_replaced_and_removed_articles(engine: Engine, seeds_dir: Path) -> None:
    _write(seeds_dir, "a", f"{ZARIF} گفت: ما آماده‌ایم.\nسخنگوی دولت گفت: جلسه فردا است.\n")
    _write(seeds_dir, "b", f"{ZARIF_SPACED} گفت: ما آماده نیستیم.\n")
    ingest_dir(engine, seeds_dir, MAX)
    assert assert_bodies_match_rows(engine) == 16 + 3
    # b's own spelling is not what it is served with: the speaker row's (a's) is.
    assert _speaker_names(engine, "b") == [ZARIF, ZARIF]

    _write(seeds_dir, "a", "سخنگوی دولت گفت: جلسه لغو شد.\n")  # a no longer quotes Zarif
    (seeds_dir / "b.txt").unlink()
    summary = ingest_dir(engine, seeds_dir, MAX)
    assert (summary.replaced, summary.removed) == (["a"], ["b"])
    assert assert_bodies_match_rows(engine) == 16 + 1
    _write(seeds_dir, "c", f"{ZARIF_ZWNJ} گفت: شاید.\n")
    assert ingest_dir(engine, seeds_dir, MAX).ingested == ["c"]
    assert assert_bodies_match_rows(engine) == 16 + 2
    # The old row went with its last link; c named the speaker anew, in its own spelling.
    assert _speaker_names(engine, "c") == [ZARIF_ZWNJ, ZARIF_ZWNJ]


def test_an_upgraded_database_is_served_and_then_filled(db_url: str, seeds_dir: Path) -> None:
    """Rows written before revision 0003 have no bodies: reads build them from the rows,
    and the startup work stores them."""
    _write(seeds_dir, "b", f"{ZARIF_SPACED} گفت: ما آماده نیستیم.\n")
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    ingest_dir(engine, seeds_dir, MAX)
    asyncio.run(_upgraded(db_url, engine))
    engine.dispose()


async def _upgraded(db_url: str, engine: Engine) -> None:
    """The reads of the upgrade test, on one event loop (as the server runs them)."""
    reader = install_reader(engine)  # the driver's own path

    async def served() -> tuple[dict[str, bytes | None], bytes]:
        articles = {a: await article_body(reader, a) for a in (SEED_ID, "b")}
        return articles, await quote_page(reader, {}, PageParams(100, None))

    expected = await served()
    config = migrate.alembic_config(db_url)
    command.downgrade(config, "0002")
    command.upgrade(config, "head")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM article WHERE body IS NULL")).scalar() == 2
    assert await served() == expected  # built from the rows
    assert fill_missing_bodies(engine) == 2
    assert fill_missing_bodies(engine) == 0
    assert assert_bodies_match_rows(engine) == 17
    assert await served() == expected  # stored
    await reader.close()


def test_the_startup_look_for_missing_bodies_reads_an_index(sqlite_url: str) -> None:
    """Every startup asks which articles lack a body: a partial index of just those answers
    it, instead of a scan of every article row (~0.1 s cold for the corpus on SQLite)."""
    migrate.upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        statement = MISSING_BODIES.compile(dialect=engine.dialect)
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement.string).all()
    engine.dispose()
    assert [row[3] for row in plan] == ["SCAN article USING INDEX ix_article_without_body"]
