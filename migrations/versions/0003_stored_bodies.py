"""Articles and quotes keep the bytes they are served as: UTF-8 JSON (see app/bodies.py).

The columns are nullable: rows written before this revision get their bodies at the next
startup (``app.bodies.fill_missing_bodies``), which builds them from the rows; until then the
routes build them from the rows too.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_WITHOUT_BODY = sa.text("body IS NULL")


def upgrade() -> None:
    for table in ("article", "quote"):
        op.add_column(table, sa.Column("body", sa.LargeBinary(), nullable=True))
    # The articles startup must still fill; empty once they are filled.
    op.create_index(
        "ix_article_without_body",
        "article",
        ["id"],
        sqlite_where=_WITHOUT_BODY,
        postgresql_where=_WITHOUT_BODY,
    )


def downgrade() -> None:
    op.drop_index("ix_article_without_body", table_name="article")  # it names the column
    # In place, as in 0002: a batch rebuild of `article` would cascade to its rows.
    for table in ("article", "quote"):
        op.drop_column(table, "body")
