"""Reads: an article's stored JSON, pages of articles, paragraphs, quotes and speakers, counts.

Every function takes a connection and plain values and returns rows, bytes or JSON-ready
dicts (built by ``app/store/rows.py``). Lists are keyset pages: ``after`` is the key of the
last item of the previous page (None on the first), and a page comes back with the key of its
last item when another page follows (:class:`Page`), which the API turns into a cursor.
Statements are built once, at import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, tuple_

from app.models import ARTICLE, LINK, PARAGRAPH, QUOTE, SPEAKER
from app.store import lists
from app.store.lists import Filters, Key, Sort
from app.store.rows import (
    SUMMARY,
    article_json,
    dumps,
    paragraph_detail_json,
    paragraph_json,
    quote_json,
    summary_json,
)
from app.store.speaker_json import speaker_detail_json, speaker_json, timeline_json


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Any]
    after: tuple[Any, ...] | None  # the key to continue after; None on the last page


def _page(rows: Sequence[Any], limit: int, key, item) -> Page:  # type: ignore[no-untyped-def]
    """Rows fetched with ``limit + 1``: a next page exists when the extra row came back."""
    after = tuple(key(rows[limit - 1])) if len(rows) > limit else None
    return Page([item(r) for r in rows[:limit]], after)


# ---- articles -----------------------------------------------------------------------------

_SUMMARIES = select(*(ARTICLE.c[k] for k in SUMMARY))
_BODY = select(ARTICLE.c.body).where(ARTICLE.c.id == bindparam("a"))
_EXISTS = select(ARTICLE.c.id).where(ARTICLE.c.id == bindparam("a"))


def article_page(
    conn: Connection, filters: Filters, sort: Sort, limit: int, after: Key | None
) -> Page:
    """Article summaries (``ArticleSummary`` dicts), in id order or by date."""
    rows, last = lists.page(conn, _SUMMARIES, lists.ARTICLES, filters, sort, limit, after)
    return Page([summary_json(r._mapping) for r in rows], last)


def article_body(conn: Connection, article_id: str) -> bytes | None:
    """The article's JSON (``ArticleOut``) as stored with it; None when there is no such
    article. Rows stored before bodies were kept (until startup renders theirs) are rendered
    here from the rows."""
    row = conn.execute(_BODY, {"a": article_id}).first()
    if row is None:
        return None
    if row[0] is not None:
        return bytes(row[0])
    rendered = render_article(conn, article_id)
    return None if rendered is None else rendered[0]


def article_summaries(conn: Connection, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The summaries (``ArticleSummary`` dicts) of these articles by id, for pages that list
    quotes of several articles; ids of no article are left out."""
    if not article_ids:
        return {}
    stmt = _SUMMARIES.where(ARTICLE.c.id.in_(sorted(set(article_ids))))
    return {r.id: summary_json(r._mapping) for r in conn.execute(stmt)}


def article_exists(conn: Connection, article_id: str) -> bool:
    return conn.execute(_EXISTS, {"a": article_id}).first() is not None


# ---- paragraphs ---------------------------------------------------------------------------

_PARAGRAPHS = (
    select(PARAGRAPH.c.position, PARAGRAPH.c.text)
    .where(PARAGRAPH.c.article_id == bindparam("a"))
    .order_by(PARAGRAPH.c.position)
)
_PARAGRAPH_PAGE = _PARAGRAPHS.where(PARAGRAPH.c.position > bindparam("after")).limit(bindparam("n"))
_PARAGRAPH = _PARAGRAPHS.where(PARAGRAPH.c.position == bindparam("p"))


def paragraph_page(
    conn: Connection, article_id: str, limit: int, after: tuple[int] | None
) -> Page | None:
    """An article's paragraphs (``ParagraphOut`` dicts) in order; None when no such article."""
    if not article_exists(conn, article_id):
        return None
    params = {"a": article_id, "after": 0 if after is None else after[0], "n": limit + 1}
    rows = conn.execute(_PARAGRAPH_PAGE, params).all()
    return _page(rows, limit, lambda r: (r.position,), lambda r: paragraph_json(*r))


def paragraph(conn: Connection, article_id: str, position: int) -> dict[str, Any] | str:
    """The paragraph with its quotes (``ParagraphDetail``), or what is missing: "article" or
    "paragraph"."""
    row = conn.execute(_PARAGRAPH, {"a": article_id, "p": position}).first()
    if row is None:
        return "paragraph" if article_exists(conn, article_id) else "article"
    rows = conn.execute(_PARAGRAPH_QUOTES, {"a": article_id, "p": position}).mappings()
    quotes = [quote_json(q, q["speaker_name"] or "") for q in rows]
    return paragraph_detail_json(article_id, row.position, row.text, quotes)


# ---- quotes -------------------------------------------------------------------------------

# A quote row with its speaker's name, for the JSON built from rows.
_QUOTE_ROWS = select(
    *(c for c in QUOTE.c if c.name != "body"), SPEAKER.c.name.label("speaker_name")
).select_from(QUOTE.outerjoin(SPEAKER, SPEAKER.c.id == QUOTE.c.speaker_id))
_PARAGRAPH_QUOTES = _QUOTE_ROWS.where(
    QUOTE.c.article_id == bindparam("a"), QUOTE.c.paragraph == bindparam("p")
).order_by(QUOTE.c.cue_start)
QUOTE_ORDER = lists.QUOTES.keys


_BODIES = select(QUOTE.c.body)


def quote_page(
    conn: Connection, filters: Filters, sort: Sort, limit: int, after: Key | None
) -> Page:
    """Quotes (their JSON bytes, ``ArticleQuoteOut``) in article, paragraph and position
    order, or by date. Quotes stored before bodies were kept are rendered from their rows."""
    rows, last = lists.page(conn, _BODIES, lists.QUOTES, filters, sort, limit, after)
    if all(r[0] is not None for r in rows):
        return Page([bytes(r[0]) for r in rows], last)
    rows, last = lists.page(conn, _QUOTE_ROWS, lists.QUOTES, filters, sort, limit, after)
    items = [q._mapping for q in rows]  # rows of _QUOTE_ROWS
    return Page(
        [dumps(quote_json(q, q["speaker_name"] or "", with_article=True)) for q in items], last
    )


# ---- speakers -----------------------------------------------------------------------------

_SPEAKER = select(SPEAKER).where(SPEAKER.c.id == bindparam("s"))
# By ix_article_speaker_speaker_id: the speaker's links, the roles each article gives it.
_SPEAKER_ARTICLES = (
    select(LINK.c.article_id, LINK.c.roles)
    .where(LINK.c.speaker_id == bindparam("s"))
    .order_by(LINK.c.article_id)
)


def speaker_page(
    conn: Connection,
    name_keys: list[str],
    kind: str | None,
    limit: int,
    after: tuple[int, str] | None,
) -> Page:
    """Speakers (``SpeakerOut`` dicts), most quoted first; each of ``name_keys`` (search keys)
    must start a word of the name or of an alias."""
    stmt = select(SPEAKER).order_by(SPEAKER.c.quote_count.desc(), SPEAKER.c.id).limit(limit + 1)
    for key in name_keys:
        pattern = "% " + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(SPEAKER.c.search_text.like(pattern, escape="\\"))
    if kind is not None:
        stmt = stmt.where(SPEAKER.c.kind == kind)
    if after is not None:
        stmt = stmt.where(tuple_(-SPEAKER.c.quote_count, SPEAKER.c.id) > (-after[0], after[1]))
    rows = conn.execute(stmt).mappings().all()
    return _page(rows, limit, lambda r: (r["quote_count"], r["id"]), speaker_json)


def speaker(conn: Connection, speaker_id: str) -> dict[str, Any] | None:
    """``SpeakerDetail``, or None."""
    row = conn.execute(_SPEAKER, {"s": speaker_id}).mappings().first()
    if row is None:
        return None
    links = conn.execute(_SPEAKER_ARTICLES, {"s": speaker_id}).mappings().all()
    return speaker_detail_json(row, links)


def speaker_quotes(
    conn: Connection, speaker_id: str, limit: int, after: Key | None, sort: Sort = "id"
) -> Page | None:
    """:func:`quote_page` of one speaker; None when there is no such speaker."""
    page = quote_page(conn, Filters(speaker=speaker_id), sort, limit, after)
    if not page.items and conn.execute(_SPEAKER, {"s": speaker_id}).first() is None:
        return None  # only an empty page asks whether the speaker exists
    return page


# ---- the whole collection -----------------------------------------------------------------


def counts(conn: Connection) -> dict[str, int]:
    return {
        name: conn.execute(select(func.count()).select_from(table)).scalar_one()
        for name, table in (("articles", ARTICLE), ("speakers", SPEAKER), ("quotes", QUOTE))
    }


def article_hashes(conn: Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute(select(ARTICLE.c.id, ARTICLE.c.content_hash))}


def article_sources(conn: Connection) -> dict[str, str]:
    """The file each seed article was read from; articles written through the API have none."""
    stmt = select(ARTICLE.c.id, ARTICLE.c.source_path).where(ARTICLE.c.source == "seed")
    return {r[0]: r[1] for r in conn.execute(stmt)}


def article_ids(conn: Connection, source: str) -> set[str]:
    return set(conn.execute(select(ARTICLE.c.id).where(ARTICLE.c.source == source)).scalars())


# ---- rendering stored bodies from the rows ---------------------------------------------------

_ARTICLE = select(ARTICLE).where(ARTICLE.c.id == bindparam("a"))
_LINKS = (
    select(LINK.c.speaker_id.label("id"), LINK.c.aliases, LINK.c.quote_count)
    .where(LINK.c.article_id == bindparam("a"))
    .order_by(LINK.c.position)
)
_NAMES = (
    select(SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.kind)
    .join(LINK, LINK.c.speaker_id == SPEAKER.c.id)
    .where(LINK.c.article_id == bindparam("a"))
)
_ARTICLE_QUOTES = _QUOTE_ROWS.where(QUOTE.c.article_id == bindparam("a")).order_by(*QUOTE_ORDER)


def render_article(
    conn: Connection, article_id: str
) -> tuple[bytes, list[tuple[str, bytes]]] | None:
    """The article's JSON and each quote's, built from its rows by the builders the writer
    uses; None when there is no such article."""
    article = conn.execute(_ARTICLE, {"a": article_id}).mappings().first()
    if article is None:
        return None
    params = {"a": article_id}
    paragraphs = [text for _, text in conn.execute(_PARAGRAPHS, params)]
    links = [
        {**r, "aliases": json.loads(r["aliases"])} for r in conn.execute(_LINKS, params).mappings()
    ]
    names = {r.id: (r.name, r.kind) for r in conn.execute(_NAMES, params)}
    quotes = conn.execute(_ARTICLE_QUOTES, params).mappings().all()
    body = dumps(article_json(article, paragraphs, links, quotes, names))
    quote_bodies = [
        (q["id"], dumps(quote_json(q, names[q["speaker_id"]][0], with_article=True)))
        for q in quotes
    ]
    return body, quote_bodies


# ---- a speaker's quotes over time -----------------------------------------------------------

INTERVALS = ("month", "week", "day")


def _period_start(dialect: str, interval: str) -> Any:
    """The first day (``YYYY-MM-DD``, UTC) of the period a quote's date falls in; weeks start
    on Monday, as ISO 8601 counts them."""
    date = QUOTE.c.published_at
    if dialect == "sqlite":
        return {
            "month": func.strftime("%Y-%m-01", date),
            "week": func.date(date, "-6 days", "weekday 1"),
            "day": func.date(date),
        }[interval]
    utc = func.timezone("UTC", date)
    return func.to_char(func.date_trunc(interval, utc), "YYYY-MM-DD")


def speaker_timeline(conn: Connection, speaker_id: str, interval: str) -> dict[str, Any] | None:
    """How many of a speaker's quotes fall in each period (``SpeakerTimeline``); None when
    there is no such speaker. Quotes of undated articles are counted apart."""
    if conn.execute(_SPEAKER, {"s": speaker_id}).first() is None:
        return None
    start = _period_start(conn.dialect.name, interval).label("start")
    of_speaker = QUOTE.c.speaker_id == speaker_id
    counted = (
        select(start, func.count())
        .where(of_speaker, QUOTE.c.published_at.is_not(None))
        .group_by(start)
        .order_by(start)
    )
    undated = select(func.count()).where(of_speaker, QUOTE.c.published_at.is_(None))
    buckets = [(str(day), n) for day, n in conn.execute(counted)]
    return timeline_json(speaker_id, interval, buckets, conn.execute(undated).scalar_one())
