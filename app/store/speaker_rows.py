"""A speaker's totals and aliases recomputed from its links, and bodies rendered again.

Both storing an article (``app/store/write.py``) and applying the editors' overrides
(``app/store/override_apply.py``) bring speakers in line with their links and store JSON
rendered again from the rows; the two share this module, which imports neither, so neither
imports the other.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from app.models import ARTICLE, LINK, QUOTE, SPEAKER
from app.store.rows import BODY_VERSION, speaker_search_text, stored_keys

_SPEAKER_ROWS = (
    select(
        SPEAKER.c.id,
        SPEAKER.c.name,
        SPEAKER.c.aliases,
        SPEAKER.c.search_text,
        SPEAKER.c.first_word,
        SPEAKER.c.last_word,
    )
    .where(SPEAKER.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(SPEAKER.c.id)
    .with_for_update()
)
_SPEAKER_LINKS = (
    select(LINK.c.speaker_id, LINK.c.aliases, LINK.c.quote_count, LINK.c.name_keys)
    .where(LINK.c.speaker_id.in_(bindparam("ids", expanding=True)))
    .order_by(LINK.c.speaker_id, LINK.c.article_id)
)
SET_NAMES = (
    update(SPEAKER)
    .where(SPEAKER.c.id == bindparam("sid"))
    .values(aliases=bindparam("new_aliases"), search_text=bindparam("new_search_text"))
)
_SET_TOTALS = SET_NAMES.values(
    quote_count=bindparam("new_quote_count"), article_count=bindparam("new_article_count")
)
_DROP_SPEAKERS = delete(SPEAKER).where(SPEAKER.c.id.in_(bindparam("ids", expanding=True)))


_SET_BODY = (
    update(ARTICLE)
    .where(ARTICLE.c.id == bindparam("a"))
    .values(body=bindparam("new_body"), body_version=bindparam("v"))
)
_SET_QUOTE_BODY = (
    update(QUOTE).where(QUOTE.c.id == bindparam("q")).values(body=bindparam("new_body"))
)


def render_body(
    conn: Connection, article_id: str, body: bytes, quotes: list[tuple[str, bytes]]
) -> None:
    """Store bodies rendered again from the rows (``app/store/backfill.py``)."""
    conn.execute(_SET_BODY, {"a": article_id, "new_body": body, "v": BODY_VERSION})
    if quotes:
        conn.execute(_SET_QUOTE_BODY, [{"q": q, "new_body": b} for q, b in quotes])


def names(row: Any, aliases: list[str], known: dict[str, str] | None = None) -> dict[str, Any]:
    """Parameters of ``_SET_NAMES``; the search keys are rebuilt only when the names changed,
    from the keys stored for them (``known``, else the row's own)."""
    encoded = json.dumps(aliases, ensure_ascii=False)
    same = encoded == row.aliases and row.search_text
    return {
        "sid": row.id,
        "new_aliases": encoded,
        "new_search_text": row.search_text
        if same
        else speaker_search_text([row.name, *aliases], known or row_keys(row)),
    }


def row_keys(row: Any) -> dict[str, str]:
    return stored_keys([row.name, *json.loads(row.aliases)], row.search_text)


def refresh_speakers(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Recompute each speaker's totals and alias union (links in article order) from its
    links; drop speakers no article quotes any more. Returns the words of the full names
    dropped: the one-word names they stood for point elsewhere now."""
    ids = sorted(set(ids))
    if not ids:
        return set()
    current = {r.id: r for r in conn.execute(_SPEAKER_ROWS, {"ids": ids})}
    # Names moved between these speakers keep the keys stored for them, and for their links.
    known = {k: v for row in current.values() for k, v in row_keys(row).items()}
    found: dict[str, list[Any]] = {}
    for link in conn.execute(_SPEAKER_LINKS, {"ids": ids}):
        found.setdefault(link.speaker_id, []).append(link)
        known.update(json.loads(link.name_keys or "{}"))
    changes = []
    for sid, row in current.items():
        if sid not in found:
            continue
        aliases: list[str] = []
        for link in found[sid]:
            aliases += [a for a in json.loads(link.aliases) if a not in aliases]
        aliases = [a for a in aliases if a != row.name]
        totals = {
            "new_quote_count": sum(link.quote_count for link in found[sid]),
            "new_article_count": len(found[sid]),
        }
        changes.append({**names(row, aliases, known), **totals})
    if changes:
        conn.execute(_SET_TOTALS, changes)
    gone = sorted(set(current) - set(found))
    if gone:
        conn.execute(_DROP_SPEAKERS, {"ids": gone})
    return {w for sid in gone for w in (current[sid].first_word, current[sid].last_word) if w}
