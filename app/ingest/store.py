"""Annotations → rows, and rows → the article view that the API and the CLI both print.

One article is written in one transaction: its old rows go, its new rows come, and the
totals of every speaker it touches are brought up to date, so a crash never leaves half an
article. Rows are written with SQLAlchemy Core, one statement per table (executemany): at
ingest scale the ORM's per-row objects and flushes cost as much as the annotator itself.

Everything that needs no database is built first, from the annotation alone (``article_rows``),
so the ingester builds it in its annotator processes and its writing process only writes; on
PostgreSQL a new article's rows are then sent without waiting for each statement's answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app import search
from app.bodies import dumps, served_article, served_quote
from app.models import ARTICLE, LINK, PARAGRAPH, QUOTE, SPEAKER
from app.nlp import Annotation
from app.nlp.search_keys import index_text


def speaker_id(key: str) -> str:
    """Stable across restarts and articles: derived from the folded canonical name."""
    return "sp_" + hashlib.sha1(key.encode()).hexdigest()[:12]


def quote_id(article_id: str, paragraph: int, cue_start: int) -> str:
    return f"{article_id}:{paragraph}:{cue_start}"


def _span(span: Any) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def article_view(article_id: str, annotation: Annotation) -> dict[str, Any]:
    """The JSON shape of ``GET /v1/articles/{id}``, straight from an annotation."""
    names = {s.key: s for s in annotation.speakers}
    return {
        "id": article_id,
        "title": annotation.title,
        "paragraphs": [
            {"position": i, "text": t} for i, t in enumerate(annotation.paragraphs, start=1)
        ],
        "speakers": [
            {
                "id": speaker_id(s.key),
                "name": s.name,
                "kind": s.kind,
                "aliases": s.aliases,
                "quote_count": s.quote_count,
            }
            for s in annotation.speakers
        ],
        "quotes": [
            {
                "id": quote_id(article_id, q.paragraph, q.cue.start),
                "paragraph": q.paragraph,
                "kind": q.kind,
                "speaker": {"id": speaker_id(q.speaker_key), "name": names[q.speaker_key].name},
                "mention": _span(q.mention),
                "cue": _span(q.cue),
                "content": _span(q.content),
                "addressee": _span(q.addressee),
                "via": q.via,
                "confidence": q.confidence,
            }
            for q in annotation.quotes
        ],
    }


def speaker_search_text(names: list[str]) -> str:
    """Search keys of a speaker's names, space-delimited so a query key can match a word start."""
    return " " + " | ".join(index_text(n) for n in names) + " "


def article_row(
    article_id: str,
    source_path: str,
    content_hash: str,
    view: dict[str, Any],
    source: str,
    body: bytes,
) -> dict[str, Any]:
    """The article table's row: the one place that builds it, for an insert and a replace."""
    return {
        "id": article_id,
        "title": view["title"],
        "source": source,
        "source_path": source_path,
        "content_hash": content_hash,
        "paragraph_count": len(view["paragraphs"]),
        "quote_count": len(view["quotes"]),
        "speaker_count": len(view["speakers"]),
        "ingested_at": datetime.now(UTC),
        "body": body,
    }


class ArticleRows(NamedTuple):
    """Everything an article's transaction writes that the database does not decide, built
    from the annotation alone (:func:`article_rows`).

    The ingester builds it in its annotator process, so the one process that writes only sends
    it. Its bodies name each speaker as the annotation does; :func:`store_rows` builds them
    again in the rare case the speaker table names one otherwise (an earlier article, with
    another spelling of the same name, named the speaker first)."""

    article_id: str
    source: str
    view: dict[str, Any]
    speakers: list[dict[str, Any]]  # speaker rows, as this article would create them
    body: bytes  # the article's JSON, as stored in ``article.body``
    quotes: list[dict[str, Any]]  # quote rows, each with its JSON
    index_keys: list[str]  # search keys of the paragraphs, then of the quotes' contents


def article_rows(article_id: str, annotation: Annotation, source: str = "seed") -> ArticleRows:
    view = article_view(article_id, annotation)
    names = {s["id"]: (s["name"], s["kind"]) for s in view["speakers"]}
    body, quotes = _served_rows(view, source, names)
    texts = [p["text"] for p in view["paragraphs"]] + [q["content_text"] for q in quotes]
    speakers = [_new_speaker(s) for s in view["speakers"]]
    return ArticleRows(article_id, source, view, speakers, body, quotes, search.index_keys(texts))


def _served_rows(
    view: dict[str, Any], source: str, names: dict[str, tuple[str, str]]
) -> tuple[bytes, list[dict[str, Any]]]:
    """The article's body and its quote rows, with speakers named ``(name, kind)``."""
    served = served_article(view, source, names)
    return dumps(served), [_quote_row(view["id"], q) for q in served["quotes"]]


def store_article(
    session: Session,
    article_id: str,
    source_path: str,
    content_hash: str,
    annotation: Annotation,
    source: str = "seed",
    *,
    replace: bool,
) -> None:
    """Write an article's rows from its annotation; see :func:`store_rows`.

    ``source`` is "seed" (the ingester owns the article) or "api" (it never touches it)."""
    rows = article_rows(article_id, annotation, source)
    store_rows(session, source_path, content_hash, rows, replace=replace)


def store_rows(
    session: Session, source_path: str, content_hash: str, rows: ArticleRows, *, replace: bool
) -> None:
    """Write an article's rows (:func:`article_rows`). ``replace``: an article is stored under
    its id (the caller holds the write lock and has looked), and its rows go first. The
    caller commits."""
    conn = session.connection()
    article_id, view = rows.article_id, rows.view
    # Speakers first: the article's body names them as the speaker table does.
    stored = _upsert_speakers(conn, rows.speakers)
    names = {sid: (r.name, r.kind) for sid, r in stored.items()}
    body, quotes = rows.body, rows.quotes
    if any(names[s["id"]] != (s["name"], s["kind"]) for s in view["speakers"]):
        body, quotes = _served_rows(view, rows.source, names)
    row = article_row(article_id, source_path, content_hash, view, rows.source, body)
    touched: set[str] | None = None  # a new article has no rows to delete
    if replace:
        touched = _delete_article_rows(session, article_id)
        conn.execute(update(ARTICLE).where(ARTICLE.c.id == article_id).values(row))
    paragraphs = [(p["position"], p["text"]) for p in view["paragraphs"]]
    # A new article's rows need no answer back, and are pipelined; a replaced article's
    # speaker totals are read back and recomputed, and its statements wait as usual.
    with nullcontext() if replace else _pipelined(conn):
        if not replace:
            _insert(conn, ARTICLE, [row])
        _insert(conn, PARAGRAPH, [{"article_id": article_id, "position": n, "text": t}
                                  for n, t in paragraphs])  # fmt: skip
        _link_speakers(conn, article_id, view["speakers"], stored, touched)
        _insert(conn, QUOTE, quotes)
        search.index_article(
            session,
            article_id,
            paragraphs,
            [(q["id"], q["paragraph"], q["content_text"]) for q in quotes],
            rows.index_keys,
        )


@contextmanager
def _pipelined(conn: Connection) -> Iterator[None]:
    """On PostgreSQL the article's rows go to the server without waiting for each statement's
    answer (psycopg's pipeline mode): the server stores one table's rows while the next are
    sent, a sixth of the time of a stored article. Nothing in the block may read an answer:
    SQLAlchemy would find none yet. (Inserts are ``inline()``: they ask for no generated keys
    back.) An error the server reports when the block ends is raised as SQLAlchemy's, as any
    statement's would be."""
    if conn.dialect.name != "postgresql":
        yield
        return
    driver = conn.connection.driver_connection
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with driver.pipeline():  # type: ignore[union-attr]
            yield
    except dbapi_error as exc:
        raise DBAPIError.instance(
            None,
            None,
            exc,
            dbapi_error,
            connection_invalidated=driver.closed,  # type: ignore[union-attr]
        ) from exc


def delete_article(session: Session, article_id: str) -> bool:
    conn = session.connection()
    if not _exists(conn, article_id):
        return False
    touched = _delete_article_rows(session, article_id)
    conn.execute(delete(ARTICLE).where(ARTICLE.c.id == article_id))
    _refresh_speakers(conn, touched)
    return True


# Statements are built once: at one article per transaction, building and compiling them
# again for every article cost more than SQLite's own work. Inserts are ``inline()``: without
# it, a one-row insert on PostgreSQL asks for its generated id back (see ``_pipelined``).
_INSERT = {t: insert(t).inline() for t in (ARTICLE, PARAGRAPH, LINK, QUOTE)}
_EXISTS = select(ARTICLE.c.id).where(ARTICLE.c.id == bindparam("a"))
_LINKED = select(LINK.c.speaker_id).where(LINK.c.article_id == bindparam("a"))
_DELETE_ROWS = [delete(t).where(t.c.article_id == bindparam("a")) for t in (QUOTE, LINK, PARAGRAPH)]


def _speaker_upsert(dialect: Any) -> Any:
    """A speaker is added with its first article's totals, or its totals grow (the row is
    locked until commit on PostgreSQL); the names come back for the alias union. ``INSERT …
    ON CONFLICT`` in one dialect's spelling."""
    speaker = dialect.insert(SPEAKER)
    return speaker.on_conflict_do_update(
        index_elements=[SPEAKER.c.id],
        set_={
            "quote_count": SPEAKER.c.quote_count + speaker.excluded.quote_count,
            "article_count": SPEAKER.c.article_count + speaker.excluded.article_count,
        },
    ).returning(
        SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.kind, SPEAKER.c.aliases, SPEAKER.c.search_text
    )


_SPEAKER_UPSERT = {"sqlite": _speaker_upsert(sqlite), "postgresql": _speaker_upsert(postgresql)}


_SPEAKER_ROWS = (
    select(SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.aliases, SPEAKER.c.search_text,
           SPEAKER.c.quote_count, SPEAKER.c.article_count)
    .where(SPEAKER.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(SPEAKER.c.id)
    .with_for_update()
)  # fmt: skip
_SPEAKER_LINKS = (
    select(LINK.c.speaker_id, LINK.c.aliases, LINK.c.quote_count)
    .where(LINK.c.speaker_id.in_(bindparam("ids", expanding=True)))
    .order_by(LINK.c.speaker_id, LINK.c.article_id)
)
_SET_NAMES = (
    update(SPEAKER)
    .where(SPEAKER.c.id == bindparam("sid"))
    .values(aliases=bindparam("new_aliases"), search_text=bindparam("new_search_text"))
)
_SET_TOTALS = (
    update(SPEAKER)
    .where(SPEAKER.c.id == bindparam("sid"))
    .values(
        aliases=bindparam("new_aliases"),
        search_text=bindparam("new_search_text"),
        quote_count=bindparam("new_quote_count"),
        article_count=bindparam("new_article_count"),
    )
)
_DROP_SPEAKERS = delete(SPEAKER).where(SPEAKER.c.id.in_(bindparam("ids", expanding=True)))


def _exists(conn: Connection, article_id: str) -> bool:
    return conn.execute(_EXISTS, {"a": article_id}).first() is not None


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(_INSERT[table], rows)


def _delete_article_rows(session: Session, article_id: str) -> set[str]:
    """Remove an article's rows; return the speakers whose totals must be recomputed."""
    conn = session.connection()
    touched = set(conn.execute(_LINKED, {"a": article_id}).scalars())
    search.drop_article(session, article_id)  # before its paragraphs: it finds its rows by them
    for statement in _DELETE_ROWS:
        conn.execute(statement, {"a": article_id})
    return touched


def _upsert_speakers(conn: Connection, speakers: list[dict[str, Any]]) -> dict[str, Any]:
    """Every speaker row exists before its link (the foreign key); the first article to name
    a speaker gives it its name and kind. Returns the rows as they now are."""
    if not speakers:
        return {}
    rows = conn.execute(_SPEAKER_UPSERT[conn.dialect.name], speakers)
    return {r.id: r for r in rows}


def _link_speakers(
    conn: Connection,
    article_id: str,
    speakers: list[dict[str, Any]],
    stored: dict[str, Any],
    touched: set[str] | None,
) -> None:
    """Add the article's speaker links; ``touched`` (speakers of the rows just deleted) is None
    for a new article, whose speakers' totals are updated in place rather than recomputed."""
    if not speakers:
        _refresh_speakers(conn, touched or set())
        return
    _insert(conn, LINK, [
        {"article_id": article_id, "speaker_id": s["id"], "position": n,
         "aliases": json.dumps(s["aliases"], ensure_ascii=False),
         "quote_count": s["quote_count"]}
        for n, s in enumerate(speakers, start=1)
    ])  # fmt: skip
    if touched is None:
        _add_aliases(conn, speakers, stored)
    else:
        _refresh_speakers(conn, touched | set(stored))


def _new_speaker(s: dict[str, Any]) -> dict[str, Any]:
    aliases = [a for a in s["aliases"] if a != s["name"]]
    return {
        "id": s["id"],
        "name": s["name"],
        "kind": s["kind"],
        "aliases": json.dumps(aliases, ensure_ascii=False),
        "search_text": speaker_search_text([s["name"], *aliases]),
        "quote_count": s["quote_count"],
        "article_count": 1,
    }


def _locked_speakers(conn: Connection, ids: Iterable[str]) -> dict[str, Any]:
    """The speakers' rows, locked until commit on PostgreSQL so concurrent ingests add up."""
    return {r.id: r for r in conn.execute(_SPEAKER_ROWS, {"ids": sorted(set(ids))})}


def _totals(row: Any, aliases: list[str], quotes: int, articles: int) -> dict[str, str | int]:
    """Parameters of ``_SET_TOTALS``; the search keys are rebuilt only when the names changed."""
    encoded = json.dumps(aliases, ensure_ascii=False)
    same = encoded == row.aliases and row.search_text
    return {
        "sid": row.id,
        "new_aliases": encoded,
        "new_search_text": row.search_text if same else speaker_search_text([row.name, *aliases]),
        "new_quote_count": quotes,
        "new_article_count": articles,
    }


def _add_aliases(conn: Connection, speakers: list[dict[str, Any]], stored: dict[str, Any]) -> None:
    """A new article's speakers (their totals already grew): aliases they had not been called
    yet are appended, the order a recompute gives when articles come in id order."""
    changes = []
    for s in speakers:
        row = stored[s["id"]]
        aliases = json.loads(row.aliases)
        added = [a for a in s["aliases"] if a not in aliases and a != row.name]
        if added:
            names = aliases + added
            changes.append({
                "sid": row.id,
                "new_aliases": json.dumps(names, ensure_ascii=False),
                "new_search_text": speaker_search_text([row.name, *names]),
            })  # fmt: skip
    if changes:
        conn.execute(_SET_NAMES, changes)


def _refresh_speakers(conn: Connection, ids: set[str]) -> None:
    """Recompute each speaker's totals and alias union (links in article order) from its
    links; drop speakers no article quotes any more."""
    if not ids:
        return
    current = _locked_speakers(conn, ids)
    found: dict[str, list[Any]] = {}
    for link in conn.execute(_SPEAKER_LINKS, {"ids": sorted(ids)}):
        found.setdefault(link.speaker_id, []).append(link)
    changes = []
    for sid, row in current.items():
        if sid not in found:
            continue
        aliases: list[str] = []
        for link in found[sid]:
            aliases += [a for a in json.loads(link.aliases) if a not in aliases]
        aliases = [a for a in aliases if a != row.name]
        quotes = sum(link.quote_count for link in found[sid])
        changes.append(_totals(row, aliases, quotes, len(found[sid])))
    if changes:
        conn.execute(_SET_TOTALS, changes)
    gone = sorted(set(current) - set(found))
    if gone:
        conn.execute(_DROP_SPEAKERS, {"ids": gone})


def _quote_row(article_id: str, q: dict[str, Any]) -> dict[str, Any]:
    row = {
        "id": q["id"],
        "article_id": article_id,
        "paragraph": q["paragraph"],
        "kind": q["kind"],
        "speaker_id": q["speaker"]["id"],
        "via": q["via"],
        "confidence": q["confidence"],
        "body": dumps(served_quote(q, article_id)),
    }
    for name in ("mention", "cue", "content", "addressee"):
        span = q[name] or {}
        for k in ("text", "start", "end"):
            row[f"{name}_{k}"] = span.get(k)
    return row


def article_hashes(session: Session) -> dict[str, str]:
    rows = session.execute(select(ARTICLE.c.id, ARTICLE.c.content_hash))
    return {row[0]: row[1] for row in rows}


def article_sources(session: Session) -> dict[str, str]:
    """The file each seed article was read from; articles written through the API have none."""
    rows = session.execute(
        select(ARTICLE.c.id, ARTICLE.c.source_path).where(ARTICLE.c.source == "seed")
    )
    return {row[0]: row[1] for row in rows}


def article_ids(session: Session, source: str) -> set[str]:
    return set(session.execute(select(ARTICLE.c.id).where(ARTICLE.c.source == source)).scalars())


def count_rows(session: Session) -> dict[str, int]:
    return {
        name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for name, table in (("articles", ARTICLE), ("speakers", SPEAKER), ("quotes", QUOTE))
    }
