"""An article's resolved entities → its speakers (``app/nlp/speakers.py`` resolves; this
names): one speaker per canonical name and kind, with its aliases and roles, and each quote
paired with its speaker's key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.nlp.fold import name_key
from app.nlp.lexicon import branches, organization_names
from app.nlp.name_index import own_name_of_no_person, speaker_key
from app.nlp.raw import RawQuote
from app.nlp.records import Speaker

if TYPE_CHECKING:
    from app.nlp.speakers import Entity


def branch_alone(name: str) -> bool:
    """A source named only by what every province has an office of («هواشناسی اعلام کرد»,
    whatever kind the annotator took it for): the office of the article's province, a source
    of that article alone; named with its province («هواشناسی استان تهران») it is one source
    across articles."""
    return name_key(name) in branches()


def _kind(kind: str, name: str) -> str:
    """A speaker's kind: a name the rules read as a person's but that is, whole, a country's, a
    city's or an outlet's («رویترز نوشت»، «ایران اعلام کرد») is a state or a medium speaking,
    an organisation, and so is a listed organisation's own name («سنتکام»). Its key (and id)
    stays the one of the kind the rules gave it."""
    if kind != "person":
        return kind
    if own_name_of_no_person(name) or name_key(name) in organization_names():
        return "organization"
    return kind


def speakers_of(
    pairs: Sequence[tuple[RawQuote, Entity]],
) -> tuple[list[Speaker], list[tuple[RawQuote, str]]]:
    """One speaker per canonical name: two entities the rules kept apart but that end with the
    same name (two unidentified sources, say) are one speaker to the reader.

    An entity's aliases join its speaker's once: joining them again for each of its quotes
    would add nothing, at a cost that grows with the article.
    """
    speakers: dict[str, Speaker] = {}
    seen: dict[str, set[str]] = {}  # each speaker's aliases, for membership
    keys: dict[Entity, str] = {}  # entities whose aliases have joined, with their key
    out = []
    for q, e in pairs:
        while e.merged_into is not None:  # merged away: follow to the survivor
            e = e.merged_into
        key = keys.get(e)
        if key is None:
            name = e.name
            key = keys[e] = speaker_key(name, e.kind)
            if key not in speakers:
                # a role alone, nobody named, or a provincial office without its province
                local = e.kind == "anonymous" or not e.names or branch_alone(name)
                speakers[key] = Speaker(key=key, name=name, kind=_kind(e.kind, name), local=local)
                seen[key] = set()
            elif e.kind == "organization" and speakers[key].kind == "person":
                # «الاخبار نوشت» then «روزنامه «الاخبار»»: the outlet's own name, written alone
                # first, was read as a person's; its kind named in full says what it is
                speakers[key].kind = "organization"
            for alias in e.surfaces + e.titles:
                if alias != name and alias not in seen[key]:
                    seen[key].add(alias)
                    speakers[key].aliases.append(alias)
            roles = speakers[key].roles
            roles += [t for t in e.titles if t not in roles]
        speakers[key].quote_count += 1
        out.append((q, key))
    return list(speakers.values()), out
