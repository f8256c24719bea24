"""``article_speaker.name_keys``: the search keys of the names a link holds (JSON: name ->
keys), as the annotator read them, so that moving links between speakers never needs the
normalizer in the writer. Empty for existing rows (the writer then reads the names' keys
itself) until their articles are annotated again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("article_speaker", sa.Column("name_keys", sqlmodel.sql.sqltypes.AutoString()))


def downgrade() -> None:
    op.drop_column("article_speaker", "name_keys")
