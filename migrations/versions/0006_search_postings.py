"""The search index becomes plain tables, the same on both backends: impact-ordered postings.

FTS5 (SQLite) and the ``tsvector`` (PostgreSQL) ranked differently (BM25 against ts_rank_cd),
and both scored every matching row before taking ten. Now one paragraph is one document
(``search_doc``: its keys in order, its length, its article's outlet and date), a key is a term
with its document frequency (``search_term``), and each (document, term) a posting with its
BM25 term-frequency part (``search_posting``, indexed by term and impact, so a key's best
paragraphs are read first and a search stops once the rest can't do better); ``search_stats``
holds the collection's size. ``article.index_version`` says which search keys built an
article's rows: startup indexes every article at another version (0 here) again, from its
stored paragraphs and quotes, so nothing is lost.

The downgrade gives back the previous tables, empty: an ingest of a changed file, or a write,
indexes an article again there.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString
_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TABLE search_fts")
    op.execute("DROP TABLE search_doc")
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("article_id", _STR(length=200), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("words", _STR(), nullable=False),
        sa.Column("outlet", _STR(length=200)),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("year", sa.Integer()),
    )
    op.create_index("ix_search_doc_place", "search_doc", ["article_id", "paragraph"])
    op.create_table(
        "search_term",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("key", _STR(length=200), nullable=False, unique=True),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.Column("max_impact", sa.Float(), nullable=False),
    )
    op.create_table(
        "search_posting",
        sa.Column("doc_id", sa.Integer(), primary_key=True),
        sa.Column("term_id", sa.Integer(), primary_key=True),
        sa.Column("tf", sa.Integer(), nullable=False),
        sa.Column("quoted", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Float(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_search_posting_impact", "search_posting", ["term_id", "impact", "doc_id"])
    op.create_table(
        "search_stats",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("docs", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO search_stats (id, docs, length) VALUES (1, 0, 0)")
    op.add_column(
        "article", sa.Column("index_version", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_index("ix_article_index_version", "article", ["index_version"])


def downgrade() -> None:
    op.drop_index("ix_article_index_version", table_name="article")
    op.drop_column("article", "index_version")
    for table in ("search_stats", "search_posting", "search_term", "search_doc"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TABLE search_doc (id INTEGER PRIMARY KEY, article_id VARCHAR(200) NOT NULL, "
            "paragraph INTEGER NOT NULL, quote_id VARCHAR(240))"
        )
        op.execute("CREATE INDEX search_doc_article ON search_doc (article_id)")
        op.execute(
            f"CREATE VIRTUAL TABLE search_fts USING fts5(paragraph_keys, quote_keys, {_TOKENIZE})"
        )
        return
    op.execute(
        "CREATE TABLE search_doc (id BIGSERIAL PRIMARY KEY, keys TSVECTOR NOT NULL, "
        "article_id VARCHAR(200) NOT NULL REFERENCES article(id) ON DELETE CASCADE, "
        "paragraph INTEGER NOT NULL, quote_id VARCHAR(240))"
    )
    op.execute("CREATE INDEX search_doc_keys ON search_doc USING GIN (keys)")
    op.execute("CREATE INDEX search_doc_article ON search_doc (article_id)")
