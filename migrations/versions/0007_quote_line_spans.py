"""Quotes keep the paragraph of their cue and of their mention.

The event is in the paragraph that holds its content, but on today's news a label («X:») or a
cue ending a line with a colon often stands on the line before the words: ``cue_paragraph`` and
``mention_paragraph`` say where those spans are (``mention_paragraph`` is empty when there is no
mention). Existing rows had both in the quote's own paragraph, which the upgrade writes; the
annotator's new version re-annotates their articles at the next ingest.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on both backends (no batch rebuild of the quote table).
    op.add_column("quote", sa.Column("cue_paragraph", sa.Integer()))
    op.add_column("quote", sa.Column("mention_paragraph", sa.Integer()))
    op.execute(
        "UPDATE quote SET cue_paragraph = paragraph, mention_paragraph = "
        "CASE WHEN mention_text IS NULL THEN NULL ELSE paragraph END"
    )


def downgrade() -> None:
    for column in ("mention_paragraph", "cue_paragraph"):
        op.drop_column("quote", column)
