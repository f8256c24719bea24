"""Article writes hold one lock until they commit, so speaker totals never race."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.db import Database
from app.store.lock import lock_article_writes


def _others_can_write(db_url: str) -> bool:
    """Whether another connection could start an article write right now, without waiting."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        other = sqlite3.connect(url.database, timeout=0)
        try:
            other.execute("UPDATE article SET source = source WHERE 0")
            other.rollback()
            return True
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
            return False
        finally:
            other.close()
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as other:
        sql = "SELECT pg_try_advisory_xact_lock(hashtext('goftar:article-writes'))"
        return bool(other.execute(sql).fetchone()[0])  # type: ignore[index]


@pytest.mark.parametrize("commit", [True, False])
def test_the_lock_is_held_until_the_transaction_ends(
    db: Database, db_url: str, commit: bool
) -> None:
    with db.connect() as conn:
        assert _others_can_write(db_url)
        transaction = conn.begin()
        lock_article_writes(conn)
        assert not _others_can_write(db_url)
        transaction.commit() if commit else transaction.rollback()
        assert _others_can_write(db_url)
