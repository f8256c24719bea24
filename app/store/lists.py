"""Lists of articles and of quotes: filtered, sorted, and read a keyset page at a time.

A page is read by an index whatever the filters and the order: "after the key of the last item
of the previous page", never "skip the first N", so page 1,000 costs what page 1 does and a
cursor stays good while articles come and go. The order is the list's own (articles by id,
quotes by article, paragraph and position) or by date (``published_at`` / ``-published_at``),
ties broken by the list's own order in the same direction. Items without a date come after
every dated item, in either direction, in the list's own order; a date range leaves them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Column, ColumnElement, Connection, Select, tuple_

from app.models import ARTICLE, QUOTE

Sort = Literal["id", "published_at", "-published_at"]


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list keeps; None keeps everything. The last four are for quotes only."""

    outlet: str | None = None
    published_after: datetime | None = None  # at or after
    published_before: datetime | None = None  # strictly before
    speaker: str | None = None
    article: str | None = None
    kind: str | None = None
    min_confidence: float | None = None

    def dated(self) -> bool:
        return self.published_after is not None or self.published_before is not None


@dataclass(frozen=True, slots=True)
class Listing:
    """A table's list: its own order, its date column, and its filters' columns."""

    keys: tuple[Column[Any], ...]
    types: tuple[type, ...]  # of the keys' values
    date: Column[Any]
    columns: dict[str, Column[Any]]


ARTICLES = Listing(
    keys=(ARTICLE.c.id,),
    types=(str,),
    date=ARTICLE.c.published_at,
    columns={"outlet": ARTICLE.c.outlet},
)
QUOTES = Listing(
    keys=(QUOTE.c.article_id, QUOTE.c.paragraph, QUOTE.c.cue_start),
    types=(str, int, int),
    date=QUOTE.c.published_at,
    columns={
        "outlet": QUOTE.c.outlet,
        "speaker": QUOTE.c.speaker_id,
        "article": QUOTE.c.article_id,
        "kind": QUOTE.c.kind,
    },
)
Key = tuple[Any, ...]


def key_types(listing: Listing, sort: Sort) -> tuple[Any, ...]:
    """The types of this list's key, in order: by date, a datetime or None first."""
    return listing.types if sort == "id" else ((datetime, type(None)), *listing.types)


def conditions(listing: Listing, filters: Filters) -> list[ColumnElement[bool]]:
    where = [
        column == value
        for name, column in listing.columns.items()
        if (value := getattr(filters, name)) is not None
    ]
    if filters.published_after is not None:
        where.append(listing.date >= filters.published_after)
    if filters.published_before is not None:
        where.append(listing.date < filters.published_before)
    if filters.min_confidence is not None:
        where.append(QUOTE.c.confidence >= filters.min_confidence)
    return where


def page(
    conn: Connection,
    base: Select[Any],
    listing: Listing,
    filters: Filters,
    sort: Sort,
    limit: int,
    after: Key | None,
) -> tuple[Sequence[Any], Key | None]:
    """Up to ``limit`` rows of ``base`` (columns and joins; the filters and the order are
    added here), and the key to continue after (None on the last page)."""
    base = base.where(*conditions(listing, filters))
    if sort == "id":
        return _finish(_slice(conn, base, listing.keys, False, after, limit + 1), limit)
    descending = sort.startswith("-")
    rows: list[tuple[Any, Key]] = []
    if after is None or after[0] is not None:
        dated = base.where(listing.date.is_not(None))
        keys = (listing.date, *listing.keys)
        rows = list(_slice(conn, dated, keys, descending, after, limit + 1))
    if len(rows) <= limit and not filters.dated():
        start = after[1:] if after is not None and after[0] is None else None
        undated = base.where(listing.date.is_(None))
        tail = _slice(conn, undated, listing.keys, descending, start, limit + 1 - len(rows))
        rows += [(row, (None, *key)) for row, key in tail]
    return _finish(rows, limit)


def _slice(
    conn: Connection,
    base: Select[Any],
    keys: tuple[Column[Any], ...],
    descending: bool,
    after: Key | None,
    n: int,
) -> list[tuple[Any, Key]]:
    """``n`` rows in the order of ``keys``, after ``after``, each with its key."""
    stmt = base.add_columns(*(k.label(f"_key{i}") for i, k in enumerate(keys)))
    if after is not None:
        last = tuple_(*after)
        stmt = stmt.where(tuple_(*keys) < last if descending else tuple_(*keys) > last)
    order = [k.desc() for k in keys] if descending else list(keys)
    return [(r, tuple(r[-len(keys) :])) for r in conn.execute(stmt.order_by(*order).limit(n))]


def _finish(rows: list[tuple[Any, Key]], limit: int) -> tuple[Sequence[Any], Key | None]:
    """The page's rows, and the key of its last one when another page follows."""
    after = rows[limit - 1][1] if len(rows) > limit else None
    return [row for row, _ in rows[:limit]], after
