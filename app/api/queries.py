"""Rows → JSON shared by the routers (quotes appear under several resources).

The busiest routes (an article, a page of quotes) send the JSON stored with the rows
(app/bodies.py); others read plain rows with SQLAlchemy Core and write their JSON directly,
in exactly the shape of their response models: building ORM objects, then pydantic models,
then validating them again as the response cost ten times the database's own work. The models
still document the routes (``response_model``), and the tests check the JSON against them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, bindparam, select, tuple_
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.api.deps import PageParams, next_cursor
from app.api.reader import Reader
from app.bodies import QUOTE_ROWS, article_json, dumps, quote_json
from app.models import ARTICLE, QUOTE, Article, Speaker
from app.schemas import ArticleOut, SpeakerOut


def quotes_json(
    conn: Connection, conditions: Sequence[ColumnElement[bool]], order: Sequence[Any]
) -> list[dict[str, Any]]:
    rows = conn.execute(QUOTE_ROWS.where(*conditions).order_by(*order)).all()
    return [quote_json(r) for r in rows]


QUOTE_ORDER = (QUOTE.c.article_id, QUOTE.c.paragraph, QUOTE.c.cue_start)
QUOTE_FILTERS = {
    "speaker": QUOTE.c.speaker_id == bindparam("speaker"),
    "article": QUOTE.c.article_id == bindparam("article"),
    "kind": QUOTE.c.kind == bindparam("kind"),
}


_AFTER = ("article", "paragraph", "cue")
# A page of quotes reads their stored bodies and the key the cursor needs.
_PAGE_ROWS = select(QUOTE.c.body, *QUOTE_ORDER)


@lru_cache(maxsize=64)
def _page_statement(filters: tuple[str, ...], after: bool, columns: str) -> Select[Any]:
    """A page of quotes filtered by the named filters, built once per combination;
    ``columns``: "bodies" (stored JSON) or "rows" (every column, to build it)."""
    stmt = (_PAGE_ROWS if columns == "bodies" else QUOTE_ROWS).where(
        *(QUOTE_FILTERS[f] for f in filters)
    )
    if after:
        last = tuple_(
            bindparam("after_article"), bindparam("after_paragraph"), bindparam("after_cue")
        )
        stmt = stmt.where(tuple_(*QUOTE_ORDER) > last)
    return stmt.order_by(*QUOTE_ORDER).limit(bindparam("limit"))


async def quote_page(reader: Reader, filters: dict[str, Any], page: PageParams) -> bytes:
    """One page of quotes as the JSON of ``Page[ArticleQuoteOut]``."""
    return page_json(*await quote_items(reader, filters, page))


def page_json(bodies: list[bytes], cursor: str | None) -> bytes:
    """A page of stored bodies, joined as they are."""
    return b'{"items":[' + b",".join(bodies) + b'],"next_cursor":' + dumps(cursor) + b"}"


async def quote_items(
    reader: Reader, filters: dict[str, Any], page: PageParams
) -> tuple[list[bytes], str | None]:
    """One page of quotes in article, paragraph and position order (keyset pagination): their
    JSON bodies and the next cursor; ``filters``: values for some of ``QUOTE_FILTERS``.

    A page with a quote stored before bodies were kept is built from the rows instead."""
    after = page.after(str, int, int)
    params = {**filters, "limit": page.limit + 1}
    if after is not None:
        params.update(zip((f"after_{k}" for k in _AFTER), after, strict=True))
    key = (tuple(sorted(filters)), after is not None)
    rows = await reader.rows(_page_statement(*key, "bodies"), params)
    cursor = next_cursor(rows, page.limit, lambda r: (r[1], r[2], r[3]))
    bodies = [r[0] for r in rows[: page.limit]]
    if None in bodies:
        statement = _page_statement(*key, "rows")
        rows = await run_in_threadpool(_all_rows, reader.engine, statement, params)
        bodies = [dumps(quote_json(r, with_article=True)) for r in rows[: page.limit]]
    return bodies, cursor


def speaker_out(s: Speaker) -> SpeakerOut:
    return SpeakerOut(
        id=s.id, name=s.name, kind=s.kind, aliases=json.loads(s.aliases), quote_count=s.quote_count
    )


_BODY = select(ARTICLE.c.body).where(ARTICLE.c.id == bindparam("a"))


async def article_body(reader: Reader, article_id: str) -> bytes | None:
    """The article's JSON (``ArticleOut``) as stored with it, or None when there is no such
    article; built from its rows if it was stored before bodies were kept."""
    rows = await reader.rows(_BODY, {"a": article_id})
    if not rows:
        return None
    if rows[0][0] is not None:
        return bytes(rows[0][0])
    return dumps(await run_in_threadpool(_built_article, reader.engine, article_id))


# Rows for the JSON of rows stored before bodies were (rare; in a thread, off the loop).


def _all_rows(engine: Engine, statement: Select[Any], params: dict[str, Any]) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(statement, params).all())


def _built_article(engine: Engine, article_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        return article_json(conn, article_id)


def article_detail(session: Session, article: Article) -> ArticleOut:
    """The whole annotated article as a model: what a write answers with."""
    return ArticleOut.model_validate(article_json(session.connection(), article.id))
