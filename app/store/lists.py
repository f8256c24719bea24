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
from dataclasses import dataclass, fields
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import Column, ColumnElement, Connection, Select, bindparam, tuple_

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


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a key of cached statements
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


_FILTERS = tuple(f.name for f in fields(Filters))


def conditions(listing: Listing, present: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """The filters named in ``present``, each comparing its column with a parameter of the
    same name (``f_<name>``) and the column's type (so a date is bound as the column stores
    it): the statement's shape depends on which filters are set, not on their values."""
    where = [
        column == bindparam(f"f_{name}", type_=column.type)
        for name, column in listing.columns.items()
        if name in present
    ]
    if "published_after" in present:
        where.append(listing.date >= bindparam("f_published_after", type_=listing.date.type))
    if "published_before" in present:
        where.append(listing.date < bindparam("f_published_before", type_=listing.date.type))
    if "min_confidence" in present:
        where.append(
            QUOTE.c.confidence >= bindparam("f_min_confidence", type_=QUOTE.c.confidence.type)
        )
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
    present = tuple(name for name in _FILTERS if getattr(filters, name) is not None)
    values = {f"f_{name}": getattr(filters, name) for name in present}
    shape = (base, listing, present)
    if sort == "id":
        return _finish(_slice(conn, shape, "all", False, after, limit + 1, values), limit)
    descending = sort.startswith("-")
    rows: list[tuple[Any, Key]] = []
    if after is None or after[0] is not None:
        rows = _slice(conn, shape, "dated", descending, after, limit + 1, values)
    if len(rows) <= limit and not filters.dated():
        start = after[1:] if after is not None and after[0] is None else None
        tail = _slice(conn, shape, "undated", descending, start, limit + 1 - len(rows), values)
        rows += [(row, (None, *key)) for row, key in tail]
    return _finish(rows, limit)


Shape = tuple[Select[Any], Listing, tuple[str, ...]]


def _slice(
    conn: Connection,
    shape: Shape,
    part: str,
    descending: bool,
    after: Key | None,
    n: int,
    values: dict[str, Any],
) -> list[tuple[Any, Key]]:
    """``n`` rows of ``part`` (all rows in the list's own order; the dated ones by date; the
    undated ones), after ``after``, each with its key."""
    stmt, width = _statement(shape, part, descending, after is not None)
    params = {**values, "n": n, **{f"k{i}": v for i, v in enumerate(after or ())}}
    return [(r, tuple(r[-width:])) for r in conn.execute(stmt, params).all()]


@lru_cache(maxsize=256)
def _statement(shape: Shape, part: str, descending: bool, after: bool) -> tuple[Select[Any], int]:
    """A page's statement, built once per shape: a list is read on every request, and
    building the statement cost more than the database's answer."""
    base, listing, present = shape
    stmt = base.where(*conditions(listing, present))
    keys = listing.keys
    if part != "all":
        dated = part == "dated"
        stmt = stmt.where(listing.date.is_not(None) if dated else listing.date.is_(None))
        keys = (listing.date, *keys) if dated else keys
    stmt = stmt.add_columns(*(k.label(f"_key{i}") for i, k in enumerate(keys)))
    if after:
        last = tuple_(*(bindparam(f"k{i}", type_=k.type) for i, k in enumerate(keys)))
        stmt = stmt.where(tuple_(*keys) < last if descending else tuple_(*keys) > last)
    order = [k.desc() for k in keys] if descending else list(keys)
    return stmt.order_by(*order).limit(bindparam("n")), len(keys)


def _finish(rows: list[tuple[Any, Key]], limit: int) -> tuple[Sequence[Any], Key | None]:
    """The page's rows, and the key of its last one when another page follows."""
    after = rows[limit - 1][1] if len(rows) > limit else None
    return [row for row, _ in rows[:limit]], after
