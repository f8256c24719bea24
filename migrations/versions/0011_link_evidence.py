"""The evidence of each quote's link to its speaker, and each link's roles (issue 16).

``quote.link_by``: how the annotator linked the mention to its speaker (``app/nlp/evidence.py``);
``quote.link_across``: a one-word name's quote moved across articles to the full name it stands
for (``app/store/links.py``); ``quote.link_editor``: an editor's override moved or renamed its
speaker (``app/store/override_apply.py``). ``article_speaker.roles``: the role and title
phrases the article gives the speaker (JSON list), read by speaker through
``ix_article_speaker_speaker_id``. Null (false) for existing rows until their articles are
annotated again (a new annotator version does); added in place on both backends.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column("quote", sa.Column("link_by", _STR(length=20)))
    for name in ("link_across", "link_editor"):
        op.add_column(
            "quote", sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.add_column("article_speaker", sa.Column("roles", _STR()))


def downgrade() -> None:
    op.drop_column("article_speaker", "roles")
    for name in ("link_editor", "link_across", "link_by"):
        op.drop_column("quote", name)
