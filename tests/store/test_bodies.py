"""The JSON stored with each article and quote is what their rows render to, byte for byte,
through new, replaced and removed articles; bodies of another version (or none, before
revision 0003) are rendered again at startup, and served from the rows until then."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import select, text, update
from sqlalchemy.engine import Engine

from app import migrate
from app.db import Database
from app.ingest import ingest_dir
from app.models import ARTICLE, QUOTE
from app.store import read
from app.store.backfill import _STALE, render_stale_bodies
from app.store.lists import Filters
from app.store.rows import BODY_VERSION
from tests.conftest import SEED_ID, unlinked

MAX = 100_000
# One person, three spellings (one folded key): the speaker row keeps the first article's.
ZARIF = "محمدجواد ظریف"
ZARIF_SPACED = "محمد جواد ظریف"
ZARIF_ZWNJ = "محمد\u200cجواد ظریف"


def assert_bodies_match_rows(engine: Engine) -> int:
    """Every stored body is what its rows render to now; returns the number of quotes."""
    quotes = 0
    with engine.connect() as conn:
        stored = conn.execute(select(ARTICLE.c.id, ARTICLE.c.body, ARTICLE.c.body_version))
        for article_id, body, version in stored.all():
            rendered = read.render_article(conn, article_id)
            assert rendered is not None and version == BODY_VERSION, article_id
            assert bytes(body) == rendered[0], article_id
            rows = conn.execute(
                select(QUOTE.c.id, QUOTE.c.body).where(QUOTE.c.article_id == article_id)
            )
            assert {q: bytes(b) for q, b in rows} == dict(rendered[1]), article_id
            quotes += len(rendered[1])
    return quotes


def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def _speaker_names(engine: Engine, article_id: str) -> list[str]:
    with engine.connect() as conn:
        body = json.loads(read.article_body(conn, article_id) or b"null")
    return [s["name"] for s in body["speakers"]] + [q["speaker"]["name"] for q in body["quotes"]]


def test_bodies_follow_new_replaced_and_removed_articles(
    db: Database, engine: Engine, seeds_dir: Path
) -> None:
    _write(seeds_dir, "a", f"{ZARIF} گفت: ما آماده‌ایم.\nسخنگوی دولت گفت: جلسه فردا است.\n")
    _write(seeds_dir, "b", f"{ZARIF_SPACED} گفت: ما آماده نیستیم.\n")
    ingest_dir(db, seeds_dir, MAX)
    assert assert_bodies_match_rows(engine) == 16 + 3
    # b's own spelling is not what it is served with: the speaker row's (a's) is.
    assert _speaker_names(engine, "b") == [ZARIF, ZARIF]

    _write(seeds_dir, "a", "سخنگوی دولت گفت: جلسه لغو شد.\n")  # a no longer quotes Zarif
    (seeds_dir / "b.txt").unlink()
    summary = ingest_dir(db, seeds_dir, MAX)
    assert (summary.replaced, summary.removed) == (["a"], ["b"])
    assert assert_bodies_match_rows(engine) == 16 + 1
    _write(seeds_dir, "c", f"{ZARIF_ZWNJ} گفت: شاید.\n")
    assert ingest_dir(db, seeds_dir, MAX).ingested == ["c"]
    assert assert_bodies_match_rows(engine) == 16 + 2
    # The old row went with its last link; c named the speaker anew, in its own spelling.
    assert _speaker_names(engine, "c") == [ZARIF_ZWNJ, ZARIF_ZWNJ]


def _served(engine: Engine) -> tuple[dict[str, bytes | None], list[bytes]]:
    with engine.connect() as conn:
        articles = {a: read.article_body(conn, a) for a in (SEED_ID, "b")}
        return articles, read.quote_page(conn, Filters(), "id", 100, None).items


def test_an_upgraded_database_is_served_and_then_rendered(
    db: Database, engine: Engine, db_url: str, seeds_dir: Path
) -> None:
    """Rows written before revision 0003 have no bodies: reads render them from the rows,
    and the startup work stores them. Going down past 0011 loses the links' evidence, which
    those rows render as null."""
    _write(seeds_dir, "b", f"{ZARIF_SPACED} گفت: ما آماده نیستیم.\n")
    ingest_dir(db, seeds_dir, MAX)
    articles, quotes = _served(engine)
    assert all(b'"link":{"by":' in q for q in quotes)
    expected = (
        {a: unlinked(b) if b else b for a, b in articles.items()},
        [unlinked(q) for q in quotes],
    )
    config = migrate.alembic_config(db_url)
    command.downgrade(config, "0002")
    command.upgrade(config, "head")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM article WHERE body IS NULL")).scalar() == 2
    assert _served(engine) == expected  # rendered from the rows
    assert render_stale_bodies(db) == 2
    assert render_stale_bodies(db) == 0
    assert assert_bodies_match_rows(engine) == 17
    assert _served(engine) == expected  # stored


def test_bodies_of_another_version_are_rendered_again(
    db: Database, engine: Engine, seeds_dir: Path
) -> None:
    """A body in shapes of other builders (an older BODY_VERSION) is rendered again, once."""
    ingest_dir(db, seeds_dir, MAX)
    with engine.begin() as conn:
        conn.execute(update(ARTICLE).values(body=b"{}", body_version=BODY_VERSION - 1))
        conn.execute(update(QUOTE).values(body=b"{}"))
    assert render_stale_bodies(db) == 1
    assert render_stale_bodies(db) == 0
    assert assert_bodies_match_rows(engine) == 16


def test_the_startup_look_for_stale_bodies_reads_an_index(db: Database) -> None:
    """Every startup asks which bodies are at another version: two ranges of the
    body_version index answer it, instead of a scan of every article row (PostgreSQL is
    told not to scan, as it would on a table this small, to show that the index serves)."""
    stale = _STALE.params(v=BODY_VERSION)
    sql = stale.compile(db.engine, compile_kwargs={"literal_binds": True}).string
    with db.begin() as conn:
        if db.dialect == "sqlite":
            plan = " ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "SCAN article" not in plan.replace("SCAN article USING", "")
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
            assert "Seq Scan" not in plan
    assert "ix_article_body_version" in plan
