"""Storing and deleting an article, with the totals of every speaker it touches.

One article is written in one transaction (the caller's, holding ``lock_article_writes``): its
old rows go, its new rows come, its JSON is rendered from them (``app/store/rows.py``) and
stored beside them, and the totals of its speakers are brought up to date, so a crash never
leaves half an article. Rows are written with SQLAlchemy Core, one statement per table: at
ingest scale the ORM's per-row objects and flushes cost as much as the annotator itself.

A speaker row is created by the first article that names the speaker, with that article's
spelling; while any article links to it, its name and kind stay as they are, so the stored
JSON of every article that names the speaker stays true. A person named by one word is written
under the one full name that word stands for, and the links of such words move when a full name
comes or goes (``app/store/links.py``), so the linking does not depend on the order of ingest.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from app.models import ARTICLE, LINK, PARAGRAPH, QUOTE, SPEAKER
from app.store import links, overrides, read, search_index, speaker_rows
from app.store.lock import lock_article_writes, stored_source
from app.store.rows import (
    BODY_VERSION,
    ArticleRows,
    article_json,
    dumps,
    grown_search_text,
    meta_columns,
    quote_json,
    speaker_row,
)
from app.store.speaker_rows import refresh_speakers, render_body


def store_article(
    conn: Connection,
    rows: ArticleRows,
    *,
    source: str,
    source_path: str,
    content_hash: str,
    replace: bool,
    index: bool = True,
) -> bytes:
    """Write an article's rows; returns its JSON as stored (``ArticleOut``). ``replace``: an
    article is stored under its id (the caller holds the write lock and has looked), and its
    rows go first. ``source`` is "seed" (the ingester owns it) or "api" (it never touches it).
    ``index``: its paragraphs go into the search index in the same transaction; else it is
    stored as unindexed, for ``search_index.index_waiting`` (the ingest's groups) or, after a
    crash, for the startup's ``reindex_stale``."""
    article_id = rows.article_id
    touched = _delete_article_rows(conn, article_id) if replace else set()
    speakers, quotes = links.linked(conn, rows.speakers, rows.quotes)
    coming = links.new_words(conn, speakers)
    stored = _upsert_speakers(conn, [speaker_row(s) for s in speakers])
    names = {sid: (r.name, r.kind) for sid, r in stored.items()}
    article = {
        "id": article_id,
        "title": rows.title,
        "source": source,
        "source_path": source_path,
        "content_hash": content_hash,
        "paragraph_count": len(rows.paragraphs),
        "quote_count": len(rows.quotes),
        "speaker_count": len(speakers),
        "ingested_at": datetime.now(UTC),
        "body_version": BODY_VERSION,
        "index_version": search_index.UNINDEXED,
        **meta_columns(rows.meta),
    }
    body = dumps(article_json(article, rows.paragraphs, speakers, quotes, names))
    article["body"] = body
    if replace:
        conn.execute(update(ARTICLE).where(ARTICLE.c.id == article_id).values(article))
    else:
        conn.execute(insert(ARTICLE), [article])
    _insert(conn, PARAGRAPH, [
        {"article_id": article_id, "position": n, "text": t}
        for n, t in enumerate(rows.paragraphs, start=1)
    ])  # fmt: skip
    _insert(conn, LINK, [
        {"article_id": article_id, "speaker_id": s["id"], "position": n,
         "aliases": json.dumps(s["aliases"], ensure_ascii=False), "quote_count": s["quote_count"],
         "name_key": s.get("name_key"), "name": s["name"] if s.get("name_key") else None,
         "name_keys": json.dumps(s["name_keys"], ensure_ascii=False),
         "roles": json.dumps(s.get("roles", []), ensure_ascii=False)}
        for n, s in enumerate(speakers, start=1)
    ])  # fmt: skip
    _insert(conn, QUOTE, [
        {**q, "body": dumps(quote_json(q, names[q["speaker_id"]][0], with_article=True))}
        for q in quotes
    ])  # fmt: skip
    if index:
        search_index.index_article(conn, article_id, rows.index, rows.meta)
    gone: set[str] = set()
    if replace:
        gone = refresh_speakers(conn, touched | set(stored))
    else:
        _add_aliases(conn, speakers, stored)
    relinked = _relink(conn, coming | gone, article_id)
    # The editors' corrections of its speakers (app/store/overrides.py) apply to it again.
    again = overrides.reapply(conn, article_id, list(stored), fresh=replace)
    if again is not None:
        return bytes(again)
    return relinked or body


def delete_article(conn: Connection, article_id: str) -> bool:
    """Remove an article and everything that is its; False when there is none."""
    if conn.execute(_EXISTS, {"a": article_id}).first() is None:
        return False
    touched = _delete_article_rows(conn, article_id)
    conn.execute(delete(ARTICLE).where(ARTICLE.c.id == article_id))
    _relink(conn, refresh_speakers(conn, touched), article_id)
    return True


def _relink(conn: Connection, words: set[str], article_id: str) -> bytes | None:
    """One-word names moved to where ``words`` now point (``links.relink``), with the totals
    and stored JSON of what they touched; the JSON stored for ``article_id`` when it was among
    them, else None."""
    if not words:
        return None
    speakers, articles = links.relink(conn, words)
    refresh_speakers(conn, speakers)
    mine = None
    for touched in sorted(articles):
        rendered = read.render_article(conn, touched)
        if rendered is not None:
            render_body(conn, touched, *rendered)
            mine = rendered[0] if touched == article_id else mine
    return mine


_EXISTS = select(ARTICLE.c.id).where(ARTICLE.c.id == bindparam("a"))
_LINKED = select(LINK.c.speaker_id).where(LINK.c.article_id == bindparam("a"))
_DELETE_ROWS = [delete(t).where(t.c.article_id == bindparam("a")) for t in (QUOTE, LINK, PARAGRAPH)]


def _speaker_upsert(dialect: Any) -> Any:
    """A speaker is added with its first article's totals, or its totals grow (the row is
    locked until commit on PostgreSQL); the rows come back for the names and the alias union.
    ``INSERT … ON CONFLICT`` in one dialect's spelling."""
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


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _delete_article_rows(conn: Connection, article_id: str) -> set[str]:
    """Remove an article's rows; return the speakers whose totals must be recomputed."""
    touched = set(conn.execute(_LINKED, {"a": article_id}).scalars())
    search_index.drop_article(conn, article_id)
    for statement in _DELETE_ROWS:
        conn.execute(statement, {"a": article_id})
    return touched


def _upsert_speakers(conn: Connection, speakers: list[dict[str, Any]]) -> dict[str, Any]:
    """Every speaker row exists before its link (the foreign key); the first article to name
    a speaker gives it its name and kind. Returns the rows as they now are."""
    if not speakers:
        return {}
    return {r.id: r for r in conn.execute(_SPEAKER_UPSERT[conn.dialect.name], speakers)}


def _add_aliases(conn: Connection, speakers: list[dict[str, Any]], stored: dict[str, Any]) -> None:
    """A new article's speakers (their totals already grew): aliases they had not been called
    yet are appended, the order a recompute gives when articles come in id order."""
    changes = []
    for s in speakers:
        row = stored[s["id"]]
        aliases = json.loads(row.aliases)
        added = [a for a in s["aliases"] if a not in aliases and a != row.name]
        if added and row.search_text:
            changes.append({
                "sid": row.id,
                "new_aliases": json.dumps(aliases + added, ensure_ascii=False),
                "new_search_text": grown_search_text(row.search_text, added, s["name_keys"]),
            })  # fmt: skip
        elif added:
            changes.append(speaker_rows.names(row, aliases + added))
    if changes:
        conn.execute(speaker_rows.SET_NAMES, changes)


def refresh_statistics(conn: Connection) -> None:
    """Bring the planner's statistics up to date after a large ingest."""
    conn.execute(text("ANALYZE" if conn.dialect.name == "postgresql" else "PRAGMA optimize"))


def write_api_article(
    conn: Connection, rows: ArticleRows, content_hash: str, *, replace: bool
) -> tuple[str, bytes | None]:
    """An article written through the API, in the caller's transaction: ("created" or
    "replaced", its JSON as stored), or ("exists", None) when one is stored under its id and
    ``replace`` is false."""
    lock_article_writes(conn)
    source = stored_source(conn, rows.article_id)
    if source is not None and not replace:
        return "exists", None
    body = store_article(
        conn, rows, source="api", source_path="", content_hash=content_hash, replace=bool(source)
    )
    return ("replaced" if source else "created"), body


def remove_article(conn: Connection, article_id: str) -> bool:
    """Delete an article under the write lock; False when there is none."""
    lock_article_writes(conn)
    return delete_article(conn, article_id)
