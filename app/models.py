"""Database tables. The schema itself is created and changed only by Alembic (migrations/).

The search index is plain tables too (the ``search_*`` models at the end): the same on
both backends, so both rank alike.
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
    false,
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
    # The search keys its index rows were built with (app/store/search_index.py: INDEX_VERSION);
    # startup indexes again every article at another version.
    index_version: int = Field(default=0, index=True, sa_column_kwargs={"server_default": "0"})


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
    # A person's name of two or more words, folded: its first word (unless a given name) and
    # its last, so a one-word name finds the full names it may stand for (app/store/links.py).
    first_word: str | None = Field(default=None, max_length=100, index=True)
    last_word: str | None = Field(default=None, max_length=100, index=True)


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
    # What the article called a person named by one word (folded, and as written): the link
    # moves when a full name that word stands for comes or goes (app/store/links.py).
    name_key: str | None = Field(default=None, max_length=100, index=True)
    name: str | None = None
    # The search keys of the link's names (JSON: name -> keys), read by the annotator: when
    # links move, the writer rebuilds speakers' search texts from them instead of normalizing.
    name_keys: str | None = None
    # The role and title phrases the article gives the speaker (JSON list), read by speaker
    # through the index on speaker_id; null before revision 0011.
    roles: str | None = None


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
    # The paragraphs of the cue and of the mention: the quote's own, or an earlier line for a label
    # or a cue before the words; the mention's is None when there is no mention.
    cue_paragraph: int | None = None
    mention_paragraph: int | None = None
    via: str | None = None
    confidence: float = 0.0
    # How the mention reached the speaker (app/nlp/evidence.py): the annotator's evidence, and
    # whether a one-word name's link across articles (app/store/links.py) or an editor's
    # override (app/store/override_apply.py) moved it since; null before revision 0011.
    link_by: str | None = Field(default=None, max_length=20)
    link_across: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    link_editor: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The article's date and outlet, kept with each quote so a list of quotes is filtered and
    # sorted by them through an index of this table alone.
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    outlet: str | None = Field(default=None, max_length=200)
    body: bytes | None = Field(default=None, sa_type=LargeBinary)  # as a quote list sends it


class SpeakerOverride(SQLModel, table=True):
    """An editor's correction of the speakers (app/store/overrides.py): kept apart from the
    annotator's rows, so it is applied again whenever an article is stored again."""

    __tablename__ = "speaker_override"

    id: int | None = Field(default=None, primary_key=True)
    action: str = Field(max_length=10)  # "merge", "split" or "edit"
    speaker_id: str = Field(max_length=40, index=True)  # the speaker corrected
    target_id: str | None = Field(default=None, max_length=40, index=True)  # merge, split
    article_id: str | None = Field(default=None, max_length=200)  # split: no foreign key,
    # so a split outlives the article's deletion and applies again when it comes back
    name: str | None = None  # edit: the new name; split: the new speaker's
    kind: str | None = Field(default=None, max_length=20)
    aliases: str | None = None  # edit: JSON list that replaces the aliases
    # The names and kinds of the speakers involved when it was made ({id: [name, kind]}):
    # a speaker an undo brings back, or one a re-ingest dropped, is made again from them.
    before: str = "{}"
    created_at: datetime = Field(sa_type=DateTime(timezone=True))


class SpeakerOverrideBase(SQLModel, table=True):
    """An article's speakers as the annotator left them, kept while overrides change them,
    so an undo can give them back. Gone with the article (it is stored again from scratch)."""

    __tablename__ = "speaker_override_base"

    article_id: str = Field(
        sa_column=Column(
            String(200), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
        )
    )
    links: str  # JSON: [[speaker_id, position, aliases, quote_count], …]
    quotes: str  # JSON: {quote_id: speaker_id}
    names: str  # JSON: {speaker_id: [name, kind]}


# The tables themselves, for SQLAlchemy Core (app/store reads and writes through them).
ARTICLE: Table = Article.__table__  # type: ignore[attr-defined]
PARAGRAPH: Table = Paragraph.__table__  # type: ignore[attr-defined]
SPEAKER: Table = Speaker.__table__  # type: ignore[attr-defined]
LINK: Table = ArticleSpeaker.__table__  # type: ignore[attr-defined]
QUOTE: Table = Quote.__table__  # type: ignore[attr-defined]
OVERRIDE: Table = SpeakerOverride.__table__  # type: ignore[attr-defined]
OVERRIDE_BASE: Table = SpeakerOverrideBase.__table__  # type: ignore[attr-defined]


# ---- the search index (app/store/search_index.py writes it, app/store/search_query.py reads it)


class SearchDoc(SQLModel, table=True):
    """A paragraph as the index holds it: its search keys in order (for phrases), its length
    in keys (for BM25), and its article's outlet and date (for filters and facets)."""

    __tablename__ = "search_doc"
    __table_args__ = (Index("ix_search_doc_place", "article_id", "paragraph"),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    article_id: str = Field(max_length=200)
    paragraph: int
    length: int
    words: str  # the paragraph's search keys, space-separated (for phrases)
    outlet: str | None = Field(default=None, max_length=200)
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    year: int | None = None


class SearchTerm(SQLModel, table=True):
    """A search key: how many paragraphs hold it, and the highest impact it has in one."""

    __tablename__ = "search_term"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    key: str = Field(max_length=200, unique=True)
    df: int = 0
    max_impact: float = 0.0


class SearchPosting(SQLModel, table=True):
    """A key in a paragraph: how often (and how often inside a quote's content), and its
    impact, the BM25 term-frequency part. Read by (term, impact) for a key's best paragraphs,
    by (doc, term) for whether a paragraph holds a key."""

    __tablename__ = "search_posting"
    # Clustered by (doc, term) on SQLite (no rowid table beside the key): an article's
    # postings are one run of pages.
    __table_args__ = (
        Index("ix_search_posting_impact", "term_id", "impact", "doc_id"),
        {"sqlite_with_rowid": False},
    )

    doc_id: int = Field(primary_key=True)
    term_id: int = Field(primary_key=True)
    tf: int
    quoted: int
    impact: float


class SearchStats(SQLModel, table=True):
    """The collection's size for BM25: paragraphs and their total length in keys (one row)."""

    __tablename__ = "search_stats"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    docs: int = 0
    length: int = 0


SEARCH_DOC: Table = SearchDoc.__table__  # type: ignore[attr-defined]
SEARCH_TERM: Table = SearchTerm.__table__  # type: ignore[attr-defined]
SEARCH_POSTING: Table = SearchPosting.__table__  # type: ignore[attr-defined]
SEARCH_STATS: Table = SearchStats.__table__  # type: ignore[attr-defined]
