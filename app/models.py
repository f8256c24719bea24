"""Database tables. The schema itself is created and changed only by Alembic (migrations/).

The search index (``search_doc``, and FTS5's virtual table on SQLite) is not here: Alembic's
autogenerate cannot describe a virtual table or a ``tsvector``, so the migrations own it and
``app/store/search_index.py`` reads and writes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    __table_args__ = (
        # Lists sorted or filtered by date or outlet, ties in id order.
        Index("ix_article_published", "published_at", "id"),
        Index("ix_article_outlet", "outlet", "id"),
    )

    id: str = Field(primary_key=True, max_length=200)
    title: str
    # "seed": from a file in the seeds folder, which the ingester owns (replaces, removes).
    # "api": written through the API, which the ingester never touches.
    source: str = Field(default="seed", max_length=10, sa_column_kwargs={"server_default": "seed"})
    source_path: str
    content_hash: str = Field(max_length=64)
    paragraph_count: int = 0
    quote_count: int = 0
    speaker_count: int = 0
    ingested_at: datetime
    # What the source says of the article (app/ingest/sources.py); all optional.
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)
    authors: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})  # JSON list
    category: str | None = Field(default=None, max_length=200)
    # The bytes GET /v1/articles/{id} sends (UTF-8 JSON), written with the rows; null only for
    # rows written before revision 0003, until startup renders it (app/store/backfill.py).
    body: bytes | None = Field(default=None, sa_type=LargeBinary)
    # The shapes the stored bodies were rendered in (app/store/rows.py: BODY_VERSION); startup
    # renders again every article at another version (0: never rendered).
    body_version: int = Field(default=0, index=True, sa_column_kwargs={"server_default": "0"})


class Paragraph(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: str = Field(
        sa_column=Column(String(200), ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    position: int
    text: str


class Speaker(SQLModel, table=True):
    """A person or organisation across all articles; totals are kept current by the ingester."""

    id: str = Field(primary_key=True, max_length=40)
    name: str
    kind: str = Field(max_length=20)
    aliases: str = "[]"  # JSON list, the union over articles
    search_text: str = ""  # folded name and aliases, for ?q=
    quote_count: int = Field(default=0, index=True)
    article_count: int = 0


class ArticleSpeaker(SQLModel, table=True):
    """A speaker as one article knows them: the aliases that article uses, its quote count."""

    __tablename__ = "article_speaker"

    article_id: str = Field(
        sa_column=Column(
            String(200), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
        )
    )
    speaker_id: str = Field(
        sa_column=Column(String(40), ForeignKey("speaker.id"), primary_key=True, index=True)
    )
    position: int  # order of first appearance in the article
    aliases: str = "[]"
    quote_count: int = 0


class Quote(SQLModel, table=True):
    __table_args__ = (
        Index("ix_quote_order", "article_id", "paragraph", "cue_start"),
        Index("ix_quote_speaker_order", "speaker_id", "article_id", "paragraph", "cue_start"),
        Index("ix_quote_published", "published_at", "article_id", "paragraph", "cue_start"),
        Index("ix_quote_outlet", "outlet", "article_id", "paragraph", "cue_start"),
    )

    id: str = Field(primary_key=True, max_length=240)
    article_id: str = Field(
        sa_column=Column(String(200), ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    paragraph: int
    kind: str = Field(max_length=20, index=True)
    speaker_id: str = Field(sa_column=Column(String(40), ForeignKey("speaker.id"), nullable=False))
    mention_text: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    cue_text: str
    cue_start: int
    cue_end: int
    content_text: str
    content_start: int
    content_end: int
    addressee_text: str | None = None
    addressee_start: int | None = None
    addressee_end: int | None = None
    via: str | None = None
    confidence: float = 0.0
    # The article's date and outlet, kept with each quote so a list of quotes is filtered and
    # sorted by them through an index of this table alone.
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    outlet: str | None = Field(default=None, max_length=200)
    body: bytes | None = Field(default=None, sa_type=LargeBinary)  # as a quote list sends it


# The tables themselves, for SQLAlchemy Core (app/store reads and writes through them).
ARTICLE: Table = Article.__table__  # type: ignore[attr-defined]
PARAGRAPH: Table = Paragraph.__table__  # type: ignore[attr-defined]
SPEAKER: Table = Speaker.__table__  # type: ignore[attr-defined]
LINK: Table = ArticleSpeaker.__table__  # type: ignore[attr-defined]
QUOTE: Table = Quote.__table__  # type: ignore[attr-defined]
