"""Flags on the corpus's most quoted speakers, to help a person review them (issue 16).

Run on a database the whole corpus was ingested into (``python -m app ingest`` with
``DATABASE_URL``). Each of the ``--top`` speakers by quotes gets one flag, the first that fits:

- ``not a source``: its name is a word the annotator's lexicons say names nobody (non-names,
  stop words, verbs) or has no letter;
- ``split``: another speaker of 5+ quotes is the same name under another id: a word alone and
  the one person's full name of 5+ quotes it ends («ترامپ», «دونالد ترامپ»; not «محمدی», which
  ends several: the word alone may be any of them, and keeping it apart is right), or one
  name once honorifics and an outlet's kind («خبرگزاری», «روزنامه») are set aside («رویترز»,
  «خبرگزاری رویترز»);
  a namesake of a local office («امام جمعه بابل») and a speaker without one are two people;
- ``mixed``: its aliases hold two roles of one head word in two countries («وزیر امور خارجه
  ایران», «وزیر خارجه بلغارستان»; «رئیس‌جمهور آمریکا», «رئیس‌جمهوری چین»): quotes of several
  people under one id, or an alias that was another person's. One person's posts and the
  spellings of one role («وزیر امورخارجه», «سرمربی استقلال» then «سرمربی سپاهان») are not
  flagged: a reader of a sample found them the most of the flags when any two roles counted;
- ``clean`` otherwise.

The flags are a reviewer's first pass, not a verdict: a reader still looks at each «clean» and
«split» row (two people may share a surname). Only counts and names are printed; no article
text is read.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter, defaultdict

from sqlalchemy import create_engine, text

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_index import link_words, words
from app.nlp.namesakes import local_role

_KINDS = ("خبرگزاری", "روزنامه", "شبکه", "وبگاه", "پایگاه")
_MIN_OTHER = 5


def _core(name: str) -> tuple[str, ...]:
    """The name's words without honorifics and an outlet's kind."""
    skip = lexicon.honorifics() | {name_key(k) for k in _KINDS}
    return tuple(w for w in words(name) if w not in skip)


def _not_a_source(name: str) -> bool:
    seq = words(name)
    if not seq or not any(ch.isalpha() for ch in name):
        return True
    bad = lexicon.non_names() | lexicon.stop_words() | lexicon.verbs()
    return seq[0] in bad or seq[-1] in bad


# Adjectives of a country that are not its name and «ی» («روسی» of «روسیه»).
_ADJECTIVES = {"روسی": "روسیه", "فرانسوی": "فرانسه", "صهیونیستی": "اسرائیل", "امریکایی": "آمریکا"}


def _countries() -> dict[str, str]:
    """Each folded name of a country, and its adjective («ایرانی», «آمریکایی»), to the
    canonical name; only one-word names (a role's countries are read word by word)."""
    out: dict[str, str] = {}
    for names in lexicon.place_names():
        for n in names:
            if len(words(n)) == 1:
                for form in (n, n + "ی", n + "یی"):
                    out[name_key(form)] = names[0]
    out.update({name_key(k): v for k, v in _ADJECTIVES.items()})
    return out


_COUNTRY = _countries()


def _country(role: str) -> str | None:
    return next((_COUNTRY[w] for w in words(role) if w in _COUNTRY), None)


def _mixed(aliases: list[str]) -> bool:
    roles = [a for a in aliases if lexicon.is_title(a.split()[0]) and len(words(a)) > 1]
    placed = [(words(a)[0], c) for a in roles if (c := _country(a)) is not None]
    return any(h == g and c != d for i, (h, c) in enumerate(placed) for g, d in placed[i + 1 :])


def review(url: str, top: int) -> tuple[Counter[str], list[tuple[str, int, str, str]]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, name, kind, aliases, quote_count FROM speaker ORDER BY quote_count DESC"
            )
        ).all()
    aliases = {r.id: json.loads(r.aliases) for r in rows}
    names = {r.id: r.name for r in rows}
    same_core: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_surname: dict[str, list[str]] = defaultdict(list)  # full names of persons, by last word
    for r in rows:
        if r.quote_count >= _MIN_OTHER and r.kind != "anonymous":
            same_core[_core(r.name)].append(r.id)
            if r.kind == "person" and link_words(r.name)[1]:
                by_surname[link_words(r.name)[1]].append(r.id)
    counts: Counter[str] = Counter()
    listed = []
    for r in rows[:top]:
        core = _core(r.name)
        same = set(same_core.get(core, []))
        # a word alone that ends several full names («محمدی», «خامنه‌ای») is not one of them
        if len(core) == 1 and len(full := by_surname.get(core[0], [])) == 1:
            same |= set(full)
        elif (
            r.kind == "person"
            and (last := link_words(r.name)[1])
            and by_surname.get(last) == [r.id]
        ):
            same |= set(same_core.get((last,), []))
        same.discard(r.id)
        # a namesake with a local office («حسن روحانی، امام جمعه بابل») is another person
        mine = local_role(aliases[r.id])
        same = {i for i in same if names[i] != r.name or local_role(aliases[i]) == mine}
        if _not_a_source(r.name):
            flag = "not a source"
        elif same:
            flag = "split"
        elif _mixed(json.loads(r.aliases)):
            flag = "mixed"
        else:
            flag = "clean"
        counts[flag] += 1
        listed.append((r.name, r.quote_count, r.kind, flag))
    engine.dispose()
    return counts, listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"), help="the database")
    parser.add_argument("--top", type=int, default=150)
    parser.add_argument("--list", action="store_true", help="print each speaker and its flag")
    args = parser.parse_args()
    if not args.url:
        raise SystemExit("give --url or DATABASE_URL")
    counts, listed = review(args.url, args.top)
    if args.list:
        for name, n, kind, flag in listed:
            print(f"{n:6} {kind:13} {flag:13} {name}")
    total = sum(counts.values())
    for flag in ("clean", "split", "mixed", "not a source"):
        print(f"{flag:>13}: {counts[flag]:4} ({counts[flag] / total:.0%})")


if __name__ == "__main__":
    main()
