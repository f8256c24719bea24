"""Articles carry what their source says of them: date, link, outlet, authors, category.

``published_at`` (a timestamp with time zone, UTC), ``url``, ``outlet``, ``authors`` (a JSON
list, "[]" for existing rows), ``category``; quotes keep their article's date and outlet so a
list of quotes is filtered and sorted by an index of the quote table alone. Every column is
empty for existing rows until their source is ingested again (a new annotator version does).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # In place on both backends (no batch rebuild: dropping `article` would cascade).
    op.add_column("article", sa.Column("published_at", sa.DateTime(timezone=True)))
    op.add_column("article", sa.Column("url", _STR(length=2000)))
    op.add_column("article", sa.Column("outlet", _STR(length=200)))
    op.add_column("article", sa.Column("authors", _STR(), nullable=False, server_default="[]"))
    op.add_column("article", sa.Column("category", _STR(length=200)))
    op.create_index("ix_article_published", "article", ["published_at", "id"])
    op.create_index("ix_article_outlet", "article", ["outlet", "id"])
    op.add_column("quote", sa.Column("published_at", sa.DateTime(timezone=True)))
    op.add_column("quote", sa.Column("outlet", _STR(length=200)))
    order = ["article_id", "paragraph", "cue_start"]
    op.create_index("ix_quote_published", "quote", ["published_at", *order])
    op.create_index("ix_quote_outlet", "quote", ["outlet", *order])


def downgrade() -> None:
    for name, table in (
        ("ix_quote_outlet", "quote"),
        ("ix_quote_published", "quote"),
        ("ix_article_outlet", "article"),
        ("ix_article_published", "article"),
    ):
        op.drop_index(name, table_name=table)
    for column in ("outlet", "published_at"):
        op.drop_column("quote", column)
    for column in ("category", "authors", "outlet", "url", "published_at"):
        op.drop_column("article", column)
