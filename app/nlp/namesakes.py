"""A person who shares a listed office holder's full name but holds a local office is another
person: two speakers, not one id for the president and a Friday imam named «حسن روحانی».

Across articles a full name is one speaker (its id is the folded name). The offices list
(``data/offices.tsv``) knows who the national figures of those names are; an article that
calls its «حسن روحانی» «امام جمعه بابل» (a head of ``data/local_offices.txt``) speaks of a
namesake. That speaker's key is the name qualified by the local role, so the namesake of one
city gathers across articles while the national figure keeps the plain name; a qualified key
offers no words to one-word names (``app/store/rows.py``): «روحانی» alone is the president's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import cache

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.offices import terms
from app.nlp.records import Annotation

QUALIFIER = "#"  # between a namesake's folded name and its folded local role, in its key


@cache
def _holders() -> frozenset[str]:
    return frozenset(name_key(t.holder) for t in terms())


@cache
def _local_heads() -> tuple[str, ...]:
    return tuple(sorted(lexicon.local_offices(), key=len, reverse=True))


def local_role(aliases: list[str]) -> str | None:
    """The first alias that is a local office («امام جمعه بابل»), folded, else None."""
    for a in aliases:
        key = name_key(a)
        if any(key.startswith(h) and len(key) > len(h) for h in _local_heads()):
            return key
    return None


def _in_office(name: str, when: datetime | date | None) -> bool:
    """The holder of ``name`` holds a listed office on ``when``: a sitting president or leader
    is the one an article of that day means, and a local role beside him is someone else's
    («شهردار ممدانی» beside «دونالد ترامپ», «امام جمعه تهران» reading the leader's message)."""
    if when is None:
        return False
    day = when.date() if isinstance(when, datetime) else when
    key = name_key(name)
    return any(
        name_key(t.holder) == key and t.start <= day and (t.end is None or day < t.end)
        for t in terms()
    )


def with_namesakes(annotation: Annotation, when: datetime | date | None = None) -> Annotation:
    """``annotation`` with each person who bears a listed holder's full name and a local
    office under a key of its own (the name and the role), unless that holder is in office on
    ``when``. Unchanged (the same object) when no one is."""
    keys: dict[str, str] = {}
    for s in annotation.speakers:
        if (
            s.kind == "person"
            and not s.local
            and name_key(s.name) in _holders()
            and not _in_office(s.name, when)
        ):
            role = local_role(s.aliases)
            if role is not None:
                keys[s.key] = f"{s.key}{QUALIFIER}{role}"
    if not keys:
        return annotation
    speakers = [replace(s, key=keys.get(s.key, s.key)) for s in annotation.speakers]
    quotes = [
        replace(q, speaker_key=keys.get(q.speaker_key, q.speaker_key)) for q in annotation.quotes
    ]
    return replace(annotation, speakers=speakers, quotes=quotes)
