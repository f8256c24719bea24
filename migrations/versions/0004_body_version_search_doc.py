"""Stored bodies carry the version of their shapes; SQLite's search index gets a document table.

- ``article.body_version`` (0 for every existing row, so startup renders each stored body
  once with today's builders, ``app/store/backfill.py``), indexed: startup's look for bodies
  at another version reads two empty index ranges. It replaces the partial index of the rows
  without a body, which it covers (they are at version 0).
- SQLite: ``search_doc`` (the id, article, paragraph and quote of every indexed text) as on
  PostgreSQL, and the FTS5 table keeps only the keys, its rowid the document's id: an article's
  index rows are found by an indexed column instead of by a numbering of rowids. Existing
  rows keep their rowids as ids, so nothing is re-indexed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WITHOUT_BODY = sa.text("body IS NULL")
_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def upgrade() -> None:
    # In place on both backends (no batch rebuild: dropping `article` would cascade).
    op.add_column(
        "article", sa.Column("body_version", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_index("ix_article_body_version", "article", ["body_version"])
    op.drop_index("ix_article_without_body", table_name="article")
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE search_doc (id INTEGER PRIMARY KEY, article_id VARCHAR(200) NOT NULL, "
        "paragraph INTEGER NOT NULL, quote_id VARCHAR(240))"
    )
    op.execute("CREATE INDEX search_doc_article ON search_doc (article_id)")
    op.execute(
        "INSERT INTO search_doc (id, article_id, paragraph, quote_id) "
        "SELECT rowid, article_id, paragraph, quote_id FROM search_fts"
    )
    op.execute(
        f"CREATE VIRTUAL TABLE search_keys USING fts5(paragraph_keys, quote_keys, {_TOKENIZE})"
    )
    op.execute(
        "INSERT INTO search_keys (rowid, paragraph_keys, quote_keys) "
        "SELECT rowid, paragraph_keys, quote_keys FROM search_fts"
    )
    op.execute("DROP TABLE search_fts")
    op.execute("ALTER TABLE search_keys RENAME TO search_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_old USING fts5(paragraph_keys, quote_keys, "
            f"article_id UNINDEXED, paragraph UNINDEXED, quote_id UNINDEXED, {_TOKENIZE})"
        )
        op.execute(
            "INSERT INTO search_old (rowid, paragraph_keys, quote_keys, article_id, paragraph, "
            "quote_id) SELECT d.id, f.paragraph_keys, f.quote_keys, d.article_id, d.paragraph, "
            "d.quote_id FROM search_doc d JOIN search_fts f ON f.rowid = d.id"
        )
        op.execute("DROP TABLE search_fts")
        op.execute("DROP TABLE search_doc")
        op.execute("ALTER TABLE search_old RENAME TO search_fts")
    op.create_index(
        "ix_article_without_body",
        "article",
        ["id"],
        sqlite_where=_WITHOUT_BODY,
        postgresql_where=_WITHOUT_BODY,
    )
    op.drop_index("ix_article_body_version", table_name="article")
    op.drop_column("article", "body_version")
