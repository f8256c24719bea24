"""Articles know where they came from: "seed" (a file the ingester owns) or "api".

Every article before this revision came from the seeds folder, so existing rows become "seed".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "article",
        sa.Column(
            "source",
            sqlmodel.sql.sqltypes.AutoString(length=10),
            nullable=False,
            server_default="seed",
        ),
    )


def downgrade() -> None:
    # In place on both backends (SQLite 3.35+ has DROP COLUMN). Alembic's batch mode would
    # rebuild the table instead, and dropping the old `article` with foreign keys on would
    # cascade to every paragraph and quote.
    op.drop_column("article", "source")
