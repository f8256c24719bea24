"""Editors' corrections of the speakers, stored as overrides in their own table.

An override refers to speaker ids and article ids only, never to how the annotator chose
them: a merge (every mention of a speaker goes to another), a split (one article's mentions
of a speaker go to another or a new one), an edit (name, kind or aliases). They are kept in
the order they were made and applied in that order (``app/store/override_apply.py``), when
made, whenever an article is stored again (:func:`reapply`), and when one is undone.

A merged speaker's id stays meaningful: :func:`merged_into` says where it went, so its URLs
redirect there. What can't be done is refused with a :class:`Conflict` before anything is
written: a speaker that does not exist (or no longer, merged away), a merge into itself, or
one that would make a loop.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select

from app.models import ARTICLE, LINK, OVERRIDE, OVERRIDE_BASE, SPEAKER
from app.store import override_apply
from app.store.lock import lock_article_writes
from app.store.read import Page, article_exists
from app.store.speaker_json import override_json

_MERGES_OF = (
    select(OVERRIDE.c.target_id)
    .where(OVERRIDE.c.action == "merge", OVERRIDE.c.speaker_id == bindparam("s"))
    .order_by(OVERRIDE.c.id.desc())
    .limit(1)
)
_ONE = select(OVERRIDE).where(OVERRIDE.c.id == bindparam("o"))
_SPEAKER = select(SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.kind).where(
    SPEAKER.c.id == bindparam("s")
)
_ARTICLES_OF = select(LINK.c.article_id).where(LINK.c.speaker_id == bindparam("s"))
_IN_ARTICLE = select(LINK.c.speaker_id).where(
    LINK.c.article_id == bindparam("a"), LINK.c.speaker_id == bindparam("s")
)
_CHANGED_ARTICLES = (
    select(LINK.c.article_id)
    .join(OVERRIDE_BASE, OVERRIDE_BASE.c.article_id == LINK.c.article_id)
    .where(LINK.c.speaker_id.in_(bindparam("ids", expanding=True)))
)
_OVERRIDDEN = (
    select(OVERRIDE.c.speaker_id)
    .where(OVERRIDE.c.speaker_id.in_(bindparam("ids", expanding=True)))
    .distinct()
)
_BODY = select(ARTICLE.c.body).where(ARTICLE.c.id == bindparam("a"))
_DROP_BASE = delete(OVERRIDE_BASE).where(OVERRIDE_BASE.c.article_id == bindparam("a"))
_MAX_CHAIN = 1000


class Conflict(Exception):
    """An override that can't be made: ``status`` (404, 409, 422), a ``reason`` code the
    reader words for people, the detail for the API, and extension members of the problem."""

    def __init__(self, status: int, reason: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.reason, self.detail, self.extra = status, reason, detail, extra


def merged_into(conn: Connection, speaker_id: str) -> str | None:
    """The speaker a merged speaker's mentions went to (following later merges); None when
    it was never merged."""
    current, seen = speaker_id, {speaker_id}
    for _ in range(_MAX_CHAIN):
        target = conn.execute(_MERGES_OF, {"s": current}).scalar()
        if target is None or target in seen:
            break
        current = target
        seen.add(target)
    return None if current == speaker_id else current


def _speaker(conn: Connection, speaker_id: str, role: str = "speaker") -> Any:
    """The speaker's row; a Conflict when it does not exist (saying where a merged one went)."""
    row = conn.execute(_SPEAKER, {"s": speaker_id}).first()
    if row is not None:
        return row
    target = merged_into(conn, speaker_id)
    if target is not None:
        raise Conflict(
            409,
            "merged",
            f"{role} {speaker_id!r} was merged into {target!r}",
            merged_into=target,
        )
    if role == "speaker":
        raise Conflict(404, "no_speaker", f"no speaker with id {speaker_id!r}")
    raise Conflict(409, "no_target", f"no speaker with id {speaker_id!r} to move the mentions to")


def _target(conn: Connection, speaker_id: str, into: str) -> Any:
    if into == speaker_id:
        raise Conflict(422, "self", f"speaker {speaker_id!r} can't be merged into itself")
    if merged_into(conn, into) == speaker_id:
        raise Conflict(
            409,
            "loop",
            f"moving {speaker_id!r} into {into!r} would make a loop: "
            f"{into!r} was merged into {speaker_id!r}",
        )
    return _speaker(conn, into, role="target")


def _record(conn: Connection, **values: Any) -> dict[str, Any]:
    values["before"] = json.dumps(values["before"], ensure_ascii=False)
    values["created_at"] = datetime.now(UTC)
    stmt = insert(OVERRIDE).values(**values).returning(*OVERRIDE.c)
    return override_json(conn.execute(stmt).mappings().one())


def merge(conn: Connection, speaker_id: str, into: str) -> dict[str, Any]:
    """Every mention of ``speaker_id`` goes to ``into``; the override made (its JSON)."""
    lock_article_writes(conn)
    source = _speaker(conn, speaker_id)
    target = _target(conn, speaker_id, into)
    made = _record(
        conn,
        action="merge",
        speaker_id=speaker_id,
        target_id=into,
        before={r.id: [r.name, r.kind] for r in (source, target)},
    )
    articles = list(conn.execute(_ARTICLES_OF, {"s": speaker_id}).scalars())
    override_apply.apply(conn, articles, {speaker_id, into})
    return made


def split(
    conn: Connection,
    speaker_id: str,
    article_id: str,
    into: str | None = None,
    name: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """The article's mentions of ``speaker_id`` go to ``into``, or to a new speaker named
    ``name`` (its kind that of the speaker, unless given)."""
    lock_article_writes(conn)
    source = _speaker(conn, speaker_id)
    if not article_exists(conn, article_id):
        raise Conflict(409, "no_article", f"no article with id {article_id!r}")
    if conn.execute(_IN_ARTICLE, {"a": article_id, "s": speaker_id}).first() is None:
        raise Conflict(
            409,
            "not_in_article",
            f"article {article_id!r} has no mention of speaker {speaker_id!r}",
        )
    before = {source.id: [source.name, source.kind]}
    if into is not None:
        target = _target(conn, speaker_id, into)
        before[target.id] = [target.name, target.kind]
    else:
        # A new id of the same form as the others, but of no name: ids never say how they
        # were chosen, and this one can't collide with a name's.
        into = "sp_" + uuid.uuid4().hex[:12]
        before[into] = [name or source.name, kind or source.kind]
    made = _record(
        conn,
        action="split",
        speaker_id=speaker_id,
        target_id=into,
        article_id=article_id,
        name=name,
        kind=kind,
        before=before,
    )
    override_apply.apply(conn, [article_id], {speaker_id, into})
    return made


def edit(
    conn: Connection,
    speaker_id: str,
    name: str | None = None,
    kind: str | None = None,
    aliases: list[str] | None = None,
) -> dict[str, Any]:
    """Set the speaker's canonical name, kind or aliases (those given)."""
    lock_article_writes(conn)
    source = _speaker(conn, speaker_id)
    made = _record(
        conn,
        action="edit",
        speaker_id=speaker_id,
        name=name,
        kind=kind,
        aliases=None if aliases is None else json.dumps(aliases, ensure_ascii=False),
        before={source.id: [source.name, source.kind]},
    )
    override_apply.apply(conn, [], {speaker_id})
    return made


def undo(conn: Connection, override_id: int) -> bool:
    """Remove an override and derive again what it changed; False when there is none."""
    lock_article_writes(conn)
    gone = conn.execute(_ONE, {"o": override_id}).first()
    if gone is None:
        return False
    conn.execute(delete(OVERRIDE).where(OVERRIDE.c.id == override_id))
    speakers = {gone.speaker_id} | ({gone.target_id} if gone.target_id else set())
    articles: set[str] = set()
    if gone.action in ("merge", "split"):
        articles = set(conn.execute(_CHANGED_ARTICLES, {"ids": sorted(speakers)}).scalars())
    override_apply.apply(conn, articles, speakers, gone=gone)
    return True


def reapply(
    conn: Connection, article_id: str, speaker_ids: list[str], *, fresh: bool
) -> bytes | None:
    """After an article is stored: its rows are the annotator's again (``fresh``: any base
    kept of its previous version goes), and the overrides of its speakers apply to them.
    The article's JSON when that rendered it again, else None. One indexed look when no
    override names its speakers."""
    if fresh:
        conn.execute(_DROP_BASE, {"a": article_id})
    if not speaker_ids:
        return None
    overridden = set(conn.execute(_OVERRIDDEN, {"ids": sorted(set(speaker_ids))}).scalars())
    if not overridden or article_id not in override_apply.apply(conn, [article_id], overridden):
        return None
    return conn.execute(_BODY, {"a": article_id}).scalar()  # type: ignore[no-any-return]


_PAGE = select(OVERRIDE).order_by(OVERRIDE.c.id)


def override_page(conn: Connection, limit: int, after: tuple[int] | None) -> Page:
    """The overrides (``SpeakerOverride`` dicts), oldest first: the order they apply in."""
    stmt = _PAGE.limit(limit + 1)
    if after is not None:
        stmt = stmt.where(OVERRIDE.c.id > after[0])
    rows = conn.execute(stmt).mappings().all()
    last = (rows[limit - 1]["id"],) if len(rows) > limit else None
    return Page([override_json(r) for r in rows[:limit]], last)
