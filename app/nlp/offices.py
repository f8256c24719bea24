"""A role no name in the article resolves is the holder of that office on the article's date.

A Telegram post of 1405 writes «سخنگوی وزارت خارجه گفت» or «رهبر انقلاب:» and names no one: a
reader of the period knows who that is, and the speaker gold labels it so (Baghaei, Mojtaba
Khamenei). Left as a role, each such quote is a speaker of its own article and the person is
split over as many ids as posts. The terms are data (``data/offices.tsv``), not code.

An office of Iran is read from the bare role too (the corpus is Iranian news); another
country's only with the country after the role («رئیس‌جمهور آمریکا»). A bare role is left
alone when the article writes it with another country anywhere («رئیس‌جمهور فرانسه» … then
«رئیس‌جمهور گفت»): the role may be that country's. Without a date nothing is resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import resources

from app.nlp import evidence, lexicon
from app.nlp.fold import name_key
from app.nlp.name_index import Words, words
from app.nlp.records import Annotation, Speaker
from app.nlp.roles import role_words

HOME = "ایران"  # the country whose offices a bare role names
_WORD = re.compile(r"[^\W_]+")  # words of the text, split at ZWNJ as ``words`` splits names


@dataclass(frozen=True, slots=True)
class Term:
    holder: str
    start: date
    end: date | None  # the day after the last; None: still in office
    country: Words
    bare: frozenset[Words]  # the role phrases without the country, as ``role_words``
    full: frozenset[Words]  # with it


@cache
def terms() -> tuple[Term, ...]:
    text = resources.files("app.nlp").joinpath("data", "offices.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        holder, start, end, country, roles = line.split("\t")
        place = role_words(country)
        phrases = [role_words(r) for r in roles.split("|") if r.strip()]
        # a phrase written with the country («رئیس جمهوری اسلامی ایران») is read only so
        with_place = {r for r in phrases if r[-len(place) :] == place}
        bare = frozenset(set(phrases) - with_place)
        end_day = date.fromisoformat(end) if end.strip() else None
        full = frozenset(with_place | {r + place for r in bare})
        out.append(Term(holder.strip(), date.fromisoformat(start), end_day, place, bare, full))
    return tuple(out)


def holder(role: str, when: datetime | date | None, text: str) -> str | None:
    """The name of the one holder of the office ``role`` names on ``when``, or None. ``text``:
    the article, for another country written with the bare role."""
    if when is None:
        return None
    day = when.date() if isinstance(when, datetime) else when
    seq = role_words(role)
    found = {
        t.holder
        for t in terms()
        if t.start <= day and (t.end is None or day < t.end) and _names(t, seq, text)
    }
    return found.pop() if len(found) == 1 else None


def by_surname(word: str, when: datetime | date | None) -> str | None:
    """The full name of the one holder in office on ``when`` whose surname is ``word`` («بقایی»
    in 1405: «اسماعیل بقایی»), or None. A surname another holder of the same office bore
    («خامنه‌ای»: Ali, then Mojtaba) says neither."""
    if when is None:
        return None
    day = when.date() if isinstance(when, datetime) else when
    key = name_key(word)
    found = set()
    for t in terms():
        if not (t.start <= day and (t.end is None or day < t.end)) or _surname(t.holder) != key:
            continue
        if any(_surname(o.holder) == key and o.holder != t.holder for o in _office(t)):
            return None
        found.add(t.holder)
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1024)
def _surname(name: str) -> str:
    return name_key(name.split()[-1])


def _office(t: Term) -> list[Term]:
    """Every term of ``t``'s office (one country, one set of phrases)."""
    return [o for o in terms() if o.country == t.country and o.bare == t.bare and o.full == t.full]


def _names(t: Term, seq: Words, text: str) -> bool:
    """``seq`` names the office of ``t``: a role phrase with the country after it, or (Iran's
    offices) alone when the article writes it with no other country."""
    if seq in t.full:
        return True
    if t.country != role_words(HOME) or seq not in t.bare:
        return False
    return not _abroad(text, seq, t.country)


def _abroad(text: str, role: Words, country: Words) -> bool:
    """The article writes ``role`` followed by the name of a country other than ``country``."""
    seq = tuple(name_key(w) for w in _WORD.findall(text))
    countries, longest = _countries()
    n = len(role)
    for i in range(len(seq) - n + 1):
        if seq[i : i + n] != role:
            continue
        for k in range(longest, 0, -1):
            canon = countries.get(seq[i + n : i + n + k])
            if canon is not None and canon != country:
                return True
    return False


@cache
def _countries() -> tuple[dict[Words, Words], int]:
    """Each name of a country as words, to its canonical name; and the longest name's length."""
    out = {words(n): words(names[0]) for names in lexicon.place_names() for n in names}
    return out, max((len(k) for k in out), default=0)


def with_holders(annotation: Annotation, when: datetime | date | None) -> Annotation:
    """``annotation`` with each speaker known only by a role under the holder of that office
    on ``when`` (the role kept as an alias), and each person named by a surname alone that
    only one holder in office bears under that holder's full name; a holder the article also
    names is one speaker with that name. Unchanged (the same object) when none resolves."""
    if when is None:
        return annotation
    text = "\n".join(annotation.paragraphs)
    moved: dict[str, str] = {}
    for s in annotation.speakers:
        if s.kind != "person":
            continue
        if s.local:
            name = holder(s.name, when, text)
        else:
            one = words(s.name)
            name = by_surname(s.name, when) if len(one) == 1 and " " not in s.name else None
        if name:
            moved[s.key] = name
    if not moved:
        return annotation
    out: dict[str, Speaker] = {}
    keys: dict[str, str] = {}
    for s in annotation.speakers:
        name = moved.get(s.key)
        key = s.key if name is None else name_key(name)
        keys[s.key] = key
        if name is not None:
            roles = list(s.roles)
            s = Speaker(key, name, "person", [s.name, *s.aliases], s.quote_count, roles=roles)
        kept = out.get(key)
        if kept is None:
            out[key] = replace(s, aliases=list(s.aliases), roles=list(s.roles))
            continue
        kept.quote_count += s.quote_count
        names = [s.name, *s.aliases]
        kept.aliases += [a for a in names if a != kept.name and a not in kept.aliases]
        kept.roles += [r for r in s.roles if r not in kept.roles]
        kept.local = kept.local and s.local
    quotes = [
        replace(q, speaker_key=keys[q.speaker_key], link_by=evidence.OFFICE)
        if q.speaker_key in moved
        else replace(q, speaker_key=keys[q.speaker_key])
        for q in annotation.quotes
    ]
    return replace(annotation, speakers=list(out.values()), quotes=quotes)


def someone_else(titles: list[str], names: list[str]) -> bool:
    """:func:`_someone_else`, remembered: the resolver asks it for each role it joins."""
    return _someone_else(tuple(titles), tuple(names))


@lru_cache(maxsize=65536)
def _someone_else(titles: tuple[str, ...], names: tuple[str, ...]) -> bool:
    """One of ``titles`` is a listed office that no one of ``names`` ever held, at any date or
    in any country («رهبر انقلاب» is not the «مسعود پزشکیان» an article names beside it), or
    the office of another country than the one a holder among ``names`` held it in
    («رئیس مجلس لبنان» is not «قالیباف»). «سرمربی پرسپولیس», no listed office, may be anyone."""
    keys = [name_key(n) for n in names]
    for title in titles:
        seq = role_words(title)
        held = [t.holder for t in terms() if seq in t.bare or seq in t.full]
        if held and not any(_same_person(h, k) for h in held for k in keys):
            return True
        if any(_same_person(t.holder, k) and _abroad_of(t, seq) for t in terms() for k in keys):
            return True
        if _of_another_country(seq, keys):
            return True
    return False


def _of_another_country(seq: Words, keys: list[str]) -> bool:
    """``seq`` is a role written with a country, none of them the one a listed holder among
    ``keys`` (a full name, or the surname alone) held office in: «وزیر خارجه روسیه» is not
    «ترامپ», «رئیس‌جمهور ترکیه» not «نتانیاهو»; «سفیر ایران در روسیه» may be an Iranian's."""
    home = {c for k in keys for c in _home_countries().get(k, ())}
    if not home:
        return False
    countries, longest = _countries()
    found = {
        canon
        for i in range(len(seq))
        for n in range(1, longest + 1)
        if (canon := countries.get(seq[i : i + n])) is not None
    }
    return bool(found) and not (found & home)


def _abroad_of(t: Term, seq: Words) -> bool:
    """``seq`` is ``t``'s office phrase with another country after it."""
    countries = _country_set()
    return any(
        seq[: len(r)] == r and seq[len(r) :] in countries and seq[len(r) :] != t.country
        for r in t.bare
    )


@cache
def _home_countries() -> dict[str, frozenset[Words]]:
    """Each listed holder's folded full name and surname (of three letters or more) to the
    countries the holder held office in."""
    out: dict[str, set[Words]] = {}
    for t in terms():
        for k in (name_key(t.holder), _surname(t.holder)):
            if len(k) > 2:
                out.setdefault(k, set()).add(t.country)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _country_set() -> frozenset[Words]:
    return frozenset(_countries()[0].values())


def _same_person(holder: str, key: str) -> bool:
    """A name (folded) is the holder's: it ends with the holder's surname («خامنه‌ای», «آیت‌الله
    خامنه‌ای», «قالی‌باف» of «محمدباقر قالیباف»)."""
    return bool(key) and key.endswith(_surname(holder))
