"""Speakers link across articles by indexed name keys, not by identical names alone.

``speaker.first_word`` and ``speaker.last_word``: the folded first and last word of a person's
name of two or more words (the first only when it is not a given name), each indexed, so that
an article naming someone by one word («منصوریان», «برانکو») finds the full names it could
stand for without reading the speaker table. ``article_speaker.name_key`` and
``article_speaker.name``: what a link's article called its speaker when that was one word, so
that the link can be moved again when a full name comes or goes (the linking does not depend
on the order the articles came in). Empty for existing rows until their articles are
annotated again (a new annotator version does).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # In place on both backends (no batch rebuild: dropping a table would cascade).
    op.add_column("speaker", sa.Column("first_word", _STR(length=100)))
    op.add_column("speaker", sa.Column("last_word", _STR(length=100)))
    op.create_index("ix_speaker_first_word", "speaker", ["first_word"])
    op.create_index("ix_speaker_last_word", "speaker", ["last_word"])
    op.add_column("article_speaker", sa.Column("name_key", _STR(length=100)))
    op.add_column("article_speaker", sa.Column("name", _STR()))
    op.create_index("ix_article_speaker_name_key", "article_speaker", ["name_key"])


def downgrade() -> None:
    op.drop_index("ix_article_speaker_name_key", table_name="article_speaker")
    op.drop_column("article_speaker", "name")
    op.drop_column("article_speaker", "name_key")
    op.drop_index("ix_speaker_last_word", table_name="speaker")
    op.drop_index("ix_speaker_first_word", table_name="speaker")
    op.drop_column("speaker", "last_word")
    op.drop_column("speaker", "first_word")
