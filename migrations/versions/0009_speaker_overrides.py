"""Editors' corrections of the speakers: ``speaker_override`` (merge, split, edit), and
``speaker_override_base``, an article's speakers as the annotator left them while overrides
change them (so an undo gives them back). Nothing existing changes; the downgrade drops both.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "speaker_override",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", _STR(length=10), nullable=False),
        sa.Column("speaker_id", _STR(length=40), nullable=False),
        sa.Column("target_id", _STR(length=40)),
        sa.Column("article_id", _STR(length=200)),
        sa.Column("name", _STR()),
        sa.Column("kind", _STR(length=20)),
        sa.Column("aliases", _STR()),
        sa.Column("before", _STR(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_speaker_override_speaker_id", "speaker_override", ["speaker_id"])
    op.create_index("ix_speaker_override_target_id", "speaker_override", ["target_id"])
    op.create_table(
        "speaker_override_base",
        sa.Column(
            "article_id",
            sa.String(200),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("links", _STR(), nullable=False),
        sa.Column("quotes", _STR(), nullable=False),
        sa.Column("names", _STR(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("speaker_override_base")
    op.drop_index("ix_speaker_override_target_id", "speaker_override")
    op.drop_index("ix_speaker_override_speaker_id", "speaker_override")
    op.drop_table("speaker_override")
