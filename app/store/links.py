"""A person named by one word is the person of the one full name that word stands for.

News writes «منصوریان» in one article and «علیرضا منصوریان» in another, «برانکو» and «برانکو
ایوانکوویچ». A name of one word joins a full name whose last word it is (or, when none ends
with it, whose first, when that is not a given name) only when exactly one full name of the
collection fits: «دایی» with both «علی دایی» and «محمد دایی» stored stays its own speaker.
Full names, organisations, roles alone and anonymous sources are not linked here (the last two
belong to their article).

The linking is a function of what is stored, not of the order articles came in: each link of a
one-word name keeps that word (``article_speaker.name_key``), and when a full name it may stand
for comes or goes, the links of that word are moved to where the word now points. Every look-up
goes through an index (``speaker.first_word``, ``speaker.last_word``,
``article_speaker.name_key``); nothing reads all speakers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from app.models import LINK, QUOTE, SPEAKER
from app.nlp.fold import name_key
from app.nlp.name_index import words
from app.store.link_roles import weighed
from app.store.rows import speaker_id, speaker_search_text, stored_keys

_BY_LAST = (
    select(SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.first_word)
    .where(SPEAKER.c.last_word == bindparam("w"))
    .limit(3)
)
# A full name that starts with a given name (its first_word is not stored): a person's name,
# where «مصاحبه ترامپ» is a phrase the annotator took for one.
_BY_LAST_GIVEN = (
    select(SPEAKER.c.id, SPEAKER.c.name, SPEAKER.c.kind)
    .where(SPEAKER.c.last_word == bindparam("w"), SPEAKER.c.first_word.is_(None))
    .limit(3)
)
_BY_FIRST = select(SPEAKER.c.id).where(SPEAKER.c.first_word == bindparam("w")).limit(2)
_NAMES = select(SPEAKER.c.name, SPEAKER.c.kind, SPEAKER.c.aliases, SPEAKER.c.search_text).where(
    SPEAKER.c.id == bindparam("s")
)
_EXISTING = select(SPEAKER.c.id).where(SPEAKER.c.id.in_(bindparam("ids", expanding=True)))
_WORD_LINKS = (
    select(
        LINK.c.article_id,
        LINK.c.speaker_id,
        LINK.c.name,
        LINK.c.aliases,
        LINK.c.name_keys,
        LINK.c.roles,
    )
    .where(LINK.c.name_key == bindparam("w"))
    .order_by(LINK.c.article_id)
)
_LINK = select(LINK.c.aliases, LINK.c.quote_count, LINK.c.name_keys, LINK.c.roles).where(
    LINK.c.article_id == bindparam("a"), LINK.c.speaker_id == bindparam("s")
)
_MOVE_QUOTES = (
    update(QUOTE)
    .where(QUOTE.c.article_id == bindparam("a"), QUOTE.c.speaker_id == bindparam("s"))
    .values(speaker_id=bindparam("to"), link_across=bindparam("across"))
)
_MOVE_LINK = (
    update(LINK)
    .where(LINK.c.article_id == bindparam("a"), LINK.c.speaker_id == bindparam("s"))
    .values(speaker_id=bindparam("to"), aliases=bindparam("new_aliases"))
)
_JOIN_LINK = (
    update(LINK)
    .where(LINK.c.article_id == bindparam("a"), LINK.c.speaker_id == bindparam("s"))
    .values(
        aliases=bindparam("new_aliases"),
        quote_count=bindparam("n"),
        name_keys=bindparam("keys"),
        roles=bindparam("new_roles"),
    )
)
_DROP_LINK = delete(LINK).where(
    LINK.c.article_id == bindparam("a"), LINK.c.speaker_id == bindparam("s")
)


def full_name(conn: Connection, word: str, roles: Sequence[str] = ()) -> str | None:
    """The id of the one stored full name ``word`` can stand for; None when none or several.
    ``roles``, the roles the article gives the word, must not disagree with that full name's
    (``app/store/link_roles.py``).

    A word alone is a surname first: the full names it ends are looked at before those it
    starts, so «ترامپ» is «دونالد ترامپ» even if a channel calls him «ترامپ قمارباز»; only a
    word no full name ends («برانکو») is looked up among the names it starts. Among the names
    it ends, those that begin with a given name come first: «دونالد ترامپ» before a phrase
    such as «مصاحبه ترامپ» that the annotator took for a name."""
    return weighed(conn, word, _by_name(conn, word), roles)


def _by_name(conn: Connection, word: str) -> str | None:
    given = conn.execute(_BY_LAST_GIVEN, {"w": word}).all()
    if given:
        return _one_person(given)
    by_last = conn.execute(_BY_LAST, {"w": word}).all()
    if by_last:
        return _one_spelling(by_last)
    found = list(conn.execute(_BY_FIRST, {"w": word}).scalars())
    return found[0] if len(found) == 1 else None


_SPELLED_MIN = 5  # letters of a first name whose spellings may differ by one


def _one_spelling(found: list[Any]) -> str | None:
    """The one person among full names of one surname whose first words are not given names:
    one name, or two spellings of one foreign first name that differ by a letter
    («فابریزیو رومانو», «فابریتزیو رومانو»), the shorter kept (then the least id, whatever
    came first). «ماریو رومانو» and «فابریزیو رومانو» are two, and the word stays alone."""
    if len(found) == 1:
        return str(found[0].id)
    if len(found) > 2:
        return None
    a, b = (r.first_word or "" for r in found)
    if min(len(a), len(b)) < _SPELLED_MIN or not _one_letter_apart(a, b):
        return None
    return str(min(found, key=lambda r: (len(r.name), r.id)).id)


def _one_letter_apart(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _one_person(found: list[Any]) -> str | None:
    """The one person among full names of one surname: «دونالد ترامپ» and «دونالد جی ترامپ»
    share the given name too and are one (the shorter name, the one most write); «علی دایی»
    and «محمد دایی» are two. Outlets of one name under several kinds («خبرگزاری رویترز»,
    «شبکه رویترز») are one outlet: the word alone joins the shortest name (then the least id,
    so the choice does not depend on which came first)."""
    if len(found) == 1:
        return str(found[0].id)
    if all(r.kind == "organization" for r in found):
        return str(min(found, key=lambda r: (len(words(r.name)), r.id)).id)
    if len(found) > 2 or words(found[0].name)[0] != words(found[1].name)[0]:
        return None
    return str(min(found, key=lambda r: (len(words(r.name)), r.id)).id)


def new_words(conn: Connection, speakers: list[dict[str, Any]]) -> set[str]:
    """The words of the full names among ``speakers`` not stored yet: once stored, the one-word
    names they may stand for must be looked at again."""
    full = [s for s in speakers if s.get("first_word") or s.get("last_word")]
    if not full:
        return set()
    stored = set(conn.execute(_EXISTING, {"ids": [s["id"] for s in full]}).scalars())
    return {w for s in full if s["id"] not in stored for w in _words(s) if w}


def _words(s: Any) -> tuple[str | None, str | None]:
    get = s.get if isinstance(s, dict) else s._mapping.get
    return get("first_word"), get("last_word")


def linked(
    conn: Connection, speakers: list[dict[str, Any]], quotes: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """An article's speaker and quote rows with each one-word name under the full name it
    stands for; two speakers that come to one id are one (counts added, aliases joined)."""
    moved = {}
    for s in speakers:
        to = full_name(conn, s["name_key"], s.get("roles", [])) if s.get("name_key") else None
        if to is not None:
            moved[s["id"]] = to
    if not moved:
        return speakers, quotes
    out: dict[str, dict[str, Any]] = {}
    for s in speakers:
        sid = moved.get(s["id"], s["id"])
        if sid not in out:
            aliases = list(s["aliases"])
            if sid != s["id"] and s["name"] not in aliases:
                aliases.append(s["name"])  # the word it was called by names it too
            out[sid] = {**s, "id": sid, "aliases": aliases}
            continue
        kept = out[sid]
        kept["quote_count"] += s["quote_count"]
        names = [s["name"], *s["aliases"]]
        kept["aliases"] = kept["aliases"] + [a for a in names if a not in kept["aliases"]]
        kept["name_keys"] = {**s["name_keys"], **kept["name_keys"]}
        roles = kept.get("roles", [])
        kept["roles"] = roles + [r for r in s.get("roles", []) if r not in roles]
    # a quote moved to a full name is linked across articles (app/nlp/evidence.py: name_key)
    quotes = [
        {**q, "speaker_id": moved[q["speaker_id"]], "link_across": True}
        if q["speaker_id"] in moved
        else q
        for q in quotes
    ]
    return list(out.values()), quotes


def relink(conn: Connection, words: Iterable[str]) -> tuple[set[str], set[str]]:
    """Move the links of one-word names among ``words`` to where each word now points (a full
    name that came, or back to its own speaker when a second full name or none fits). Returns
    the speakers whose totals changed and the articles whose stored JSON must be rendered
    again."""
    speakers: set[str] = set()
    articles: set[str] = set()
    for word in sorted(set(words)):
        target = _by_name(conn, word)
        known: dict[str, list[list[str]]] = {}  # full names' own roles, read once per word
        for link in conn.execute(_WORD_LINKS, {"w": word}).all():
            roles = json.loads(link.roles or "[]")
            to = weighed(conn, word, target, roles, known) or speaker_id(name_key(link.name))
            if to == link.speaker_id:
                continue
            if to == speaker_id(name_key(link.name)):
                _ensure_own(conn, to, link, json.loads(link.aliases))
            _move(conn, link, to)
            speakers |= {link.speaker_id, to}
            articles.add(link.article_id)
    return speakers, articles


def _ensure_own(conn: Connection, sid: str, link: Any, aliases: list[str]) -> None:
    """The speaker row of a one-word name that no longer stands for a full name; its totals
    are counted from its links afterwards. Its names' search keys are those the full name's
    speaker holds for them (the link's names are among its aliases), and its kind that
    speaker's: «رویترز» that stood for «خبرگزاری رویترز» is an outlet again."""
    if conn.execute(_EXISTING, {"ids": [sid]}).first() is not None:
        return
    name = link.name
    aliases = [a for a in aliases if a != name]
    was = conn.execute(_NAMES, {"s": link.speaker_id}).first()
    known = stored_keys([was.name, *json.loads(was.aliases)], was.search_text) if was else {}
    known |= json.loads(link.name_keys or "{}")
    conn.execute(
        insert(SPEAKER),
        [{
            "id": sid, "name": name, "kind": was.kind if was else "person",
            "aliases": json.dumps(aliases, ensure_ascii=False),
            "search_text": speaker_search_text([name, *aliases], known),
            "quote_count": 0, "article_count": 0,
        }],
    )  # fmt: skip


def _move(conn: Connection, link: Any, to: str) -> None:
    """An article's link of a one-word name moved to speaker ``to`` with its quotes; when the
    article already links to ``to``, the two links are one."""
    params = {"a": link.article_id, "s": link.speaker_id, "to": to}
    # linked across articles unless back under the speaker of its own word
    across = to != speaker_id(name_key(link.name))
    conn.execute(_MOVE_QUOTES, {**params, "across": across})
    aliases = json.loads(link.aliases)
    if link.name not in aliases:
        aliases.append(link.name)
    there = conn.execute(_LINK, {"a": link.article_id, "s": to}).first()
    if there is None:
        encoded = json.dumps(aliases, ensure_ascii=False)
        conn.execute(_MOVE_LINK, {**params, "new_aliases": encoded})
        return
    mine = conn.execute(_LINK, {"a": link.article_id, "s": link.speaker_id}).one()
    joined = json.loads(there.aliases)
    joined += [a for a in aliases if a not in joined]
    conn.execute(
        _JOIN_LINK,
        {
            "a": link.article_id,
            "s": to,
            "new_aliases": json.dumps(joined, ensure_ascii=False),
            "n": there.quote_count + mine.quote_count,
            "keys": json.dumps(
                {**json.loads(mine.name_keys or "{}"), **json.loads(there.name_keys or "{}")},
                ensure_ascii=False,
            ),
            "new_roles": _joined_roles(there.roles, mine.roles),
        },
    )
    conn.execute(_DROP_LINK, {"a": link.article_id, "s": link.speaker_id})


def _joined_roles(there: str | None, mine: str | None) -> str | None:
    """Two links' roles (JSON lists) as one link's; None when neither knew its roles."""
    if there is None and mine is None:
        return None
    roles = json.loads(there or "[]")
    roles += [r for r in json.loads(mine or "[]") if r not in roles]
    return json.dumps(roles, ensure_ascii=False)
