"""Applying the editors' overrides (``app/store/overrides.py``) to the stored rows.

The annotator's rows stay the ground the overrides stand on: before an override first changes
an article, its links and each quote's speaker are kept as the annotator left them
(``speaker_override_base``), and the article's rows are always derived again from those and
the whole list of overrides, in the order they were made. So an override is applied the same
way when it is made, when the article is stored again (the base is then the new annotation),
and when another override is undone (the base gives back what the undone one had moved).

A merge moves every mention of a speaker to another; a split moves one article's mentions;
an edit sets a speaker's name, kind or aliases. After the links move, the speakers' totals
and aliases are recomputed from their links (``speaker_rows.refresh_speakers``), the edits are set
on top, and the stored JSON of every article whose speakers changed is rendered again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from app.models import ARTICLE, LINK, OVERRIDE, OVERRIDE_BASE, QUOTE, SPEAKER
from app.store import read, speaker_rows
from app.store.rows import speaker_search_text

Override = Any  # a row of OVERRIDE

ALL = select(OVERRIDE).order_by(OVERRIDE.c.id)
_BASE = select(OVERRIDE_BASE).where(OVERRIDE_BASE.c.article_id == bindparam("a"))
_DROP_BASE = delete(OVERRIDE_BASE).where(OVERRIDE_BASE.c.article_id == bindparam("a"))
_LINKS = (
    select(
        LINK.c.speaker_id,
        LINK.c.position,
        LINK.c.aliases,
        LINK.c.quote_count,
        LINK.c.name_key,
        LINK.c.name,
        LINK.c.name_keys,
        LINK.c.roles,
    )
    .where(LINK.c.article_id == bindparam("a"))
    .order_by(LINK.c.position)
)
_QUOTES = select(QUOTE.c.id, QUOTE.c.speaker_id, QUOTE.c.link_editor).where(
    QUOTE.c.article_id == bindparam("a")
)
_MARK_EDITOR = update(QUOTE).where(QUOTE.c.id == bindparam("q")).values(link_editor=bindparam("e"))
_NAMES = select(SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.kind).where(
    SPEAKER.c.id.in_(bindparam("ids", expanding=True))
)
_DROP_LINKS = delete(LINK).where(LINK.c.article_id == bindparam("a"))
_MOVE_QUOTE = update(QUOTE).where(QUOTE.c.id == bindparam("q")).values(speaker_id=bindparam("s"))
_SPEAKER_COUNT = (
    update(ARTICLE).where(ARTICLE.c.id == bindparam("a")).values(speaker_count=bindparam("n"))
)
_SET_SPEAKER = (
    update(SPEAKER)
    .where(SPEAKER.c.id == bindparam("sid"))
    .values(
        name=bindparam("new_name"),
        kind=bindparam("new_kind"),
        aliases=bindparam("new_aliases"),
        search_text=bindparam("new_search_text"),
    )
)
_LINKED_ARTICLES = select(LINK.c.article_id).where(
    LINK.c.speaker_id.in_(bindparam("ids", expanding=True))
)

# speaker id, position, aliases, quote count; then what the link is matched by across
# articles (app/store/links.py): the one word it was called by (folded, as written), and the
# search keys of its names (JSON); then the roles the article gives the speaker (JSON)
Link = tuple[str, int, list[str], int, str | None, str | None, str | None, str | None]


def resolver(overrides: Sequence[Override], article_id: str) -> Callable[[str], str]:
    """Where the overrides, in the order they were made, take a speaker of this article."""
    steps = [
        (o.speaker_id, o.target_id)
        for o in overrides
        if o.action == "merge" or (o.action == "split" and o.article_id == article_id)
    ]

    def resolve(speaker_id: str) -> str:
        for source, target in steps:
            if speaker_id == source:
                speaker_id = target
        return speaker_id

    return resolve


def names(conn: Connection, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return {r.id: (r.name, r.kind) for r in conn.execute(_NAMES, {"ids": ids})}


def _known(overrides: Sequence[Override], gone: Override | None) -> dict[str, list[str]]:
    """The names and kinds the overrides recorded, for speakers that must be made again."""
    known: dict[str, list[str]] = {}
    for o in [*overrides, *([gone] if gone is not None else [])]:
        for sid, value in json.loads(o.before).items():
            known.setdefault(sid, value)
    return known


def _now(conn: Connection, article_id: str) -> tuple[list[Link], dict[str, str]]:
    params = {"a": article_id}
    links = [
        (
            r.speaker_id,
            r.position,
            json.loads(r.aliases),
            r.quote_count,
            r.name_key,
            r.name,
            r.name_keys,
            r.roles,
        )
        for r in conn.execute(_LINKS, params)
    ]
    return links, {r.id: r.speaker_id for r in conn.execute(_QUOTES, params)}


def _regrouped(links: list[Link], resolve: Callable[[str], str], named: dict) -> list[Link]:  # type: ignore[type-arg]
    """The links once moved: one per speaker, at its first place, aliases in order (a moved
    speaker's name among them, so a search by it still finds the mentions), counts added,
    the search keys of every name kept. A link left where it was keeps the word it follows
    (``links.relink``); a moved one does not: the editor said where it goes."""
    grouped: dict[str, tuple[int, list[str], list[int], dict[str, Any]]] = {}
    for sid, position, aliases, count, key, name, keys, roles in sorted(links, key=lambda x: x[1]):
        target = resolve(sid)
        _, merged, total, extra = grouped.setdefault(target, (position, [], [0], {}))
        moved = [named[sid][0]] if target != sid and sid in named else []
        merged += [a for a in [*aliases, *moved] if a not in merged]
        total[0] += count
        if target == sid and key is not None:
            extra["word"] = (key, name)
        extra.setdefault("keys", {}).update(json.loads(keys or "{}"))
        if roles is not None:
            known = extra.setdefault("roles", [])
            known += [r for r in json.loads(roles) if r not in known]
    ordered = sorted(grouped.items(), key=lambda item: item[1][0])
    out: list[Link] = []
    for n, (sid, (_, aliases, total, extra)) in enumerate(ordered, start=1):
        key, name = extra.get("word", (None, None))
        keys = json.dumps(extra["keys"], ensure_ascii=False)
        roles = extra.get("roles")
        roles = None if roles is None else json.dumps(roles, ensure_ascii=False)
        out.append((sid, n, aliases, total[0], key, name, keys, roles))
    return out


def _same(a: list[Link], b: list[Link]) -> bool:
    """Two lists of links alike, search keys compared as what they hold."""

    def plain(links: list[Link]) -> list[list[Any]]:
        return [[*x[:6], json.loads(x[6] or "{}"), json.loads(x[7] or "null")] for x in links]

    return plain(a) == plain(b)


def _padded(link: list[Any]) -> Link:
    """A link of a base stored before bases kept the words links follow, or the roles."""
    return tuple([*link, None, None, None, None][:8])  # type: ignore[return-value]


def _relink(
    conn: Connection, article_id: str, overrides: Sequence[Override], known: dict[str, list[str]]
) -> set[str]:
    """Derive the article's links and quote speakers from its base; the speakers whose links
    changed (empty when nothing did)."""
    links, quotes = _now(conn, article_id)
    base = conn.execute(_BASE, {"a": article_id}).first()
    if base is not None:
        base_links = [_padded(link) for link in json.loads(base.links)]
        base_quotes = json.loads(base.quotes)
        named = {k: tuple(v) for k, v in json.loads(base.names).items()}
    else:
        base_links, base_quotes = links, quotes
        named = names(conn, [link[0] for link in links])
    resolve = resolver(overrides, article_id)
    new_links = _regrouped(base_links, resolve, named)  # type: ignore[arg-type]
    new_quotes = {q: resolve(s) for q, s in base_quotes.items()}
    moved = any(resolve(link[0]) != link[0] for link in base_links)
    if base is not None and not moved:
        conn.execute(_DROP_BASE, {"a": article_id})
    if _same(new_links, links) and new_quotes == quotes:
        return set()
    if base is None and moved:
        conn.execute(insert(OVERRIDE_BASE), [{
            "article_id": article_id,
            "links": json.dumps(links, ensure_ascii=False),
            "quotes": json.dumps(quotes),
            "names": json.dumps(named, ensure_ascii=False),
        }])  # fmt: skip
    needed = {link[0] for link in new_links}
    missing = needed - set(names(conn, needed))
    if missing:
        made = {**known, **{k: list(v) for k, v in named.items()}}
        rows = [_new_speaker(sid, *made.get(sid, [sid, "person"])) for sid in sorted(missing)]
        conn.execute(insert(SPEAKER), rows)
    conn.execute(_DROP_LINKS, {"a": article_id})
    if new_links:
        conn.execute(insert(LINK), [
            {"article_id": article_id, "speaker_id": sid, "position": n,
             "aliases": json.dumps(aliases, ensure_ascii=False), "quote_count": count,
             "name_key": key, "name": name, "name_keys": keys, "roles": roles}
            for sid, n, aliases, count, key, name, keys, roles in new_links
        ])  # fmt: skip
    changed = [{"q": q, "s": s} for q, s in new_quotes.items() if quotes.get(q) != s]
    if changed:
        conn.execute(_MOVE_QUOTE, changed)
    conn.execute(_SPEAKER_COUNT, {"a": article_id, "n": len(new_links)})
    return {link[0] for link in links} | needed


def _new_speaker(speaker_id: str, name: str, kind: str) -> dict[str, Any]:
    """A speaker an override needs before any link names it; its totals come from its links."""
    return {
        "id": speaker_id,
        "name": name,
        "kind": kind,
        "aliases": "[]",
        "search_text": speaker_search_text([name]),
        "quote_count": 0,
        "article_count": 0,
    }


def _edit(conn: Connection, ids: Iterable[str], overrides: Sequence[Override], gone: Any) -> None:
    """Set each speaker's edits on its recomputed row, from its name and kind before the
    first edit: a rename keeps the old name as an alias unless the aliases are given."""
    edits: dict[str, list[Override]] = {}
    for o in overrides:
        if o.action == "edit":
            edits.setdefault(o.speaker_id, []).append(o)
    changes = []
    for sid in sorted(set(ids)):
        mine = edits.get(sid, [])
        every = [*mine, *([gone] if _edits(gone, sid) else [])]
        first = min(every, key=lambda o: o.id, default=None)
        row = conn.execute(select(SPEAKER.c.aliases).where(SPEAKER.c.id == sid)).first()
        if first is None or row is None:
            continue
        name, kind = json.loads(first.before)[sid]
        aliases: list[str] = json.loads(row.aliases)
        for e in mine:
            if e.aliases is not None:
                aliases = json.loads(e.aliases)
            elif e.name is not None and e.name != name and name not in aliases:
                aliases.append(name)
            name, kind = e.name or name, e.kind or kind
        aliases = [a for a in aliases if a != name]
        changes.append({
            "sid": sid, "new_name": name, "new_kind": kind,
            "new_aliases": json.dumps(aliases, ensure_ascii=False),
            "new_search_text": speaker_search_text([name, *aliases]),
        })  # fmt: skip
    if changes:
        conn.execute(_SET_SPEAKER, changes)


def _mark_editors(
    conn: Connection, article_id: str, overrides: Sequence[Override], named: set[str]
) -> bool:
    """Mark the article's quotes whose speaker an editor set (``quote.link_editor``): moved
    from the speaker of its base by a merge or a split, or under a speaker an editor renamed
    (``named``); the marks of an undone override go. Whether any mark changed."""
    base = conn.execute(_BASE, {"a": article_id}).first()
    moved: set[str] = set()
    if base is not None:
        resolve = resolver(overrides, article_id)
        moved = {q for q, s in json.loads(base.quotes).items() if resolve(s) != s}
    changes = [
        {"q": r.id, "e": want}
        for r in conn.execute(_QUOTES, {"a": article_id})
        if (want := r.id in moved or r.speaker_id in named) != bool(r.link_editor)
    ]
    if changes:
        conn.execute(_MARK_EDITOR, changes)
    return bool(changes)


def _edits(o: Override | None, speaker_id: str) -> bool:
    return o is not None and o.action == "edit" and o.speaker_id == speaker_id


def apply(
    conn: Connection,
    articles: Iterable[str],
    speakers: Iterable[str],
    gone: Override | None = None,
) -> set[str]:
    """Bring ``articles`` and ``speakers`` in line with the overrides (``gone``: one just
    undone, whose record still names speakers to make again); the articles rendered again."""
    overrides = conn.execute(ALL).all()
    known = _known(overrides, gone)
    touched = set(speakers)
    rendered = set()
    for article_id in sorted(set(articles)):
        moved = _relink(conn, article_id, overrides, known)
        if moved:
            rendered.add(article_id)
            touched |= moved
    before = names(conn, touched)
    speaker_rows.refresh_speakers(conn, touched)
    _edit(conn, touched, overrides, gone)
    after = names(conn, touched)
    renamed = sorted(sid for sid, value in after.items() if before.get(sid) != value)
    if renamed:
        rendered |= set(conn.execute(_LINKED_ARTICLES, {"ids": renamed}).scalars())
    named = {o.speaker_id for o in overrides if o.action == "edit" and o.name is not None}
    for article_id in sorted(set(articles) | rendered):
        if _mark_editors(conn, article_id, overrides, named):
            rendered.add(article_id)
    for article_id in sorted(rendered):
        again = read.render_article(conn, article_id)
        if again is not None:
            speaker_rows.render_body(conn, article_id, *again)
    return rendered
