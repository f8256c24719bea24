"""A one-word name with a role joins the full name of its surname that the role agrees with.

«گروسی» of an article that calls him «مدیرکل آژانس بین‌المللی انرژی اتمی» is not «حسین گروسی»
whose own article calls him «نماینده مردم شهریار», even when that is the one full name the
surname alone would pick (``app/store/links.full_name``): it is «رافائل گروسی», whose own
articles (where the full name is written, not the word alone) give him that role. So when
the article gives the one-word name a role that the chosen full name's own roles all
disagree with, and another full name of the surname has that role, the word joins that one;
when the surname alone picks none (several full names), the one whose role agrees is chosen.
A role that agrees with no other full name leaves the link as it was: a person's offices
change («مخبر», once vice-president, later an adviser), and the annotator's roles are not
always roles. No role changes nothing: most surnames alone carry none.

Every look-up goes through an index (``speaker.last_word``, ``article_speaker.speaker_id``),
a few rows each; nothing reads all speakers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from sqlalchemy import Connection, bindparam, select

from app.models import LINK, SPEAKER
from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_index import words

_CANDIDATES = 30  # full names of one surname weighed; a commoner surname is left as it was
_ROLE_LINKS = 40  # a full name's own links read for its roles

_BY_LAST = (
    select(SPEAKER.c.id)
    .where(SPEAKER.c.last_word == bindparam("w"), SPEAKER.c.kind == "person")
    .order_by(SPEAKER.c.id)
    .limit(_CANDIDATES + 1)
)
# The roles of the articles that write the full name itself (name_key is null there): the
# roles of one-word links it gathered would vouch for themselves.
_OWN_ROLES = (
    select(LINK.c.roles)
    .where(LINK.c.speaker_id == bindparam("s"), LINK.c.name_key.is_(None))
    .limit(_ROLE_LINKS)
)

# Words of a role that tell no office from another: «کل» of «رئیس‌کل», «سابق», «جدید».
_GENERIC = ("کل", "سابق", "جدید", "کشور", "مردم", "امور", "های", "ها", "محترم")


@cache
def _skipped() -> frozenset[str]:
    """Role words, institutions' kinds, stop words and the generic words above, folded."""
    generic = {name_key(w) for w in _GENERIC}
    return lexicon.titles() | lexicon.organizations() | lexicon.stop_words() | generic


@lru_cache(maxsize=65536)
def _role(role: str) -> str:
    """The role without a cue the annotator left after it («استاندار هرمزگان گفت»)."""
    found = lexicon.cue_regex().search(role)
    return role[: found.start()].strip() if found else role


@lru_cache(maxsize=65536)
def _content(role: str) -> frozenset[str]:
    """The words of a role that say which office: not the role word («رئیس», «مدیرکل»), not
    the institution's kind («بانک», «سازمان»), not a stop word."""
    skip = _skipped()
    return frozenset(w for w in words(_role(role)) if w not in skip)


def role_agrees(a: str, b: str, strict: bool = False) -> bool:
    """Two role phrases may be one office: one begins the other («مدیرکل آژانس», «مدیرکل
    آژانس بین‌المللی انرژی اتمی»), or they share a word that says which office («رئیس بانک
    مرکزی», «رئیس‌کل بانک مرکزی»); «استاندار هرمزگان» and «رئیس‌کل بانک مرکزی» do not.
    ``strict``, to choose one of several names rather than to keep the one: the words that
    say which office of one are all the other's («جهاد کشاورزی استان سمنان» is not «جهاد
    کشاورزی استان کرمان»)."""
    wa, wb = words(_role(a)), words(_role(b))
    if not wa or not wb:
        return False
    n = min(len(wa), len(wb))
    if wa[:n] == wb[:n]:
        return True
    ca, cb = _content(a), _content(b)
    if strict:
        return bool(ca and cb) and (ca <= cb or cb <= ca)
    return bool(ca & cb)


def roles_agree(ours: Iterable[str], theirs: Iterable[str], strict: bool = False) -> bool:
    theirs = list(theirs)
    return any(role_agrees(a, b, strict) for a in ours for b in theirs)


def own_roles(conn: Connection, sid: str) -> list[list[str]]:
    """The roles each article that writes ``sid``'s full name gives it."""
    return [json.loads(r or "[]") for (r,) in conn.execute(_OWN_ROLES, {"s": sid})]


def weighed(
    conn: Connection,
    word: str,
    target: str | None,
    roles: Sequence[str],
    known: dict[str, list[list[str]]] | None = None,
) -> str | None:
    """``target`` (the full name ``word`` alone stands for, or None) weighed by ``roles``, the
    roles the article gives the word: ``target`` unless its own roles all disagree and another
    full name of that surname agrees; with no target, the full name that agrees. Among several
    that agree, the one whose own articles agree the most, when they outnumber the others'
    together: «رافائل گروسی» of seven articles of that role, not a phrase the annotator took
    for a name once («استقبال گروسی»). ``known`` keeps the roles read, for the next link of
    the same word."""
    if not roles:
        return target
    known = {} if known is None else known

    def of(sid: str) -> list[list[str]]:
        if sid not in known:
            known[sid] = own_roles(conn, sid)
        return known[sid]

    if target is not None:
        theirs = [r for link in of(target) for r in link]
        if not theirs or roles_agree(roles, theirs):
            return target
    found = list(conn.execute(_BY_LAST, {"w": word}).scalars())
    if len(found) > _CANDIDATES:
        return target
    # how many of each other full name's own articles give it a role that agrees
    votes = {
        sid: n
        for sid in found
        if sid != target and (n := sum(roles_agree(roles, link, strict=True) for link in of(sid)))
    }
    if not votes:
        return target  # no one else of that office: the person may have changed office
    best = max(sorted(votes), key=lambda sid: votes[sid])
    return best if 2 * votes[best] > sum(votes.values()) else target
