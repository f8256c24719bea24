"""The index's terms are read and added a slice of keys at a time (a statement's parameters
are limited), with the same result as in one statement."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from app.db import Database
from app.models import SEARCH_TERM
from app.nlp import annotate
from app.store import search_index
from app.store.rows import article_rows
from app.store.write import store_article

TEXT = (
    "وزیر امور خارجه گفت: مذاکرات هسته\u200cای ادامه دارد.\n"
    "سخنگوی دولت افزود: نشست بعدی هفته آینده برگزار می\u200cشود.\n"
)


def _terms(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(SEARCH_TERM.c.key, SEARCH_TERM.c.df)).all())


@pytest.mark.parametrize("per_statement", [2, search_index.TERMS_PER_STATEMENT])
def test_terms_read_a_slice_at_a_time_are_every_key_once(
    db: Database, engine: Engine, monkeypatch: pytest.MonkeyPatch, per_statement: int
) -> None:
    monkeypatch.setattr(search_index, "TERMS_PER_STATEMENT", per_statement)
    rows = [article_rows(a, annotate(TEXT)) for a in ("a", "b")]
    for article in rows:
        db.run_write(
            store_article, article, source="seed", source_path="",
            content_hash=article.article_id, replace=False, index=True,
        )  # fmt: skip
    keys = {k for doc in rows[0].index for k in search_index._keys(doc)[0]}
    terms = _terms(engine)
    assert len(keys) > 2 * per_statement or per_statement > 2
    assert set(terms) == keys  # each key once, found again by the second article
    assert set(terms.values()) == {2}
