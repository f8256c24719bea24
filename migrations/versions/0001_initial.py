"""Initial schema: articles, paragraphs, speakers, quotes, and the search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", _STR(length=200), primary_key=True),
        sa.Column("title", _STR(), nullable=False),
        sa.Column("source_path", _STR(), nullable=False),
        sa.Column("content_hash", _STR(length=64), nullable=False),
        sa.Column("paragraph_count", sa.Integer(), nullable=False),
        sa.Column("quote_count", sa.Integer(), nullable=False),
        sa.Column("speaker_count", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "paragraph",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(length=200),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", _STR(), nullable=False),
        sa.UniqueConstraint("article_id", "position"),
    )
    op.create_table(
        "speaker",
        sa.Column("id", _STR(length=40), primary_key=True),
        sa.Column("name", _STR(), nullable=False),
        sa.Column("kind", _STR(length=20), nullable=False),
        sa.Column("aliases", _STR(), nullable=False),
        sa.Column("search_text", _STR(), nullable=False),
        sa.Column("quote_count", sa.Integer(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_speaker_quote_count", "speaker", ["quote_count"])
    op.create_table(
        "article_speaker",
        sa.Column(
            "article_id",
            sa.String(length=200),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "speaker_id", sa.String(length=40), sa.ForeignKey("speaker.id"), primary_key=True
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("aliases", _STR(), nullable=False),
        sa.Column("quote_count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_article_speaker_speaker_id", "article_speaker", ["speaker_id"])
    op.create_table(
        "quote",
        sa.Column("id", _STR(length=240), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(length=200),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("kind", _STR(length=20), nullable=False),
        sa.Column("speaker_id", sa.String(length=40), sa.ForeignKey("speaker.id"), nullable=False),
        sa.Column("mention_text", _STR(), nullable=True),
        sa.Column("mention_start", sa.Integer(), nullable=True),
        sa.Column("mention_end", sa.Integer(), nullable=True),
        sa.Column("cue_text", _STR(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("content_text", _STR(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("addressee_text", _STR(), nullable=True),
        sa.Column("addressee_start", sa.Integer(), nullable=True),
        sa.Column("addressee_end", sa.Integer(), nullable=True),
        sa.Column("via", _STR(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
    )
    op.create_index("ix_quote_kind", "quote", ["kind"])
    op.create_index("ix_quote_order", "quote", ["article_id", "paragraph", "cue_start"])
    op.create_index(
        "ix_quote_speaker_order", "quote", ["speaker_id", "article_id", "paragraph", "cue_start"]
    )
    if op.get_bind().dialect.name == "sqlite":
        # The search index: folded text, ranked with bm25. Not in SQLModel.metadata.
        # Paragraphs and quotes index into two columns, so `type=` is a column filter inside
        # the index rather than a look-up of every matching row.
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "paragraph_keys, quote_keys, article_id UNINDEXED, paragraph UNINDEXED, "
            "quote_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )

    if op.get_bind().dialect.name == "postgresql":
        # The same search keys as a tsvector with a GIN index. Not in SQLModel.metadata.
        op.execute(
            "CREATE TABLE search_doc ("
            "id BIGSERIAL PRIMARY KEY, keys TSVECTOR NOT NULL, "
            "article_id VARCHAR(200) NOT NULL REFERENCES article(id) ON DELETE CASCADE, "
            "paragraph INTEGER NOT NULL, quote_id VARCHAR(240))"
        )
        op.execute("CREATE INDEX search_doc_keys ON search_doc USING GIN (keys)")
        op.execute("CREATE INDEX search_doc_article ON search_doc (article_id)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_doc")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("quote")
    op.drop_table("article_speaker")
    op.drop_table("speaker")
    op.drop_table("paragraph")
    op.drop_table("article")
