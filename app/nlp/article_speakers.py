"""An article's speakers: every quote's speaker phrase resolved in the article's order
(``speakers.Resolver``), then what the whole article tells of each speaker: the roles its
appositives give before the first quote, the fullest name it writes, the honorifics, and the
roles it joins to the person it names with them (``roles.resolve_roles``).
"""

from __future__ import annotations

from app.nlp.mentions import Article, appositives, complete_names, honorific_mentions
from app.nlp.raw import RawQuote
from app.nlp.records import Speaker
from app.nlp.roles import resolve_roles
from app.nlp.speaker_list import speakers_of
from app.nlp.speakers import Resolver


def resolve(
    quotes: list[RawQuote], paragraphs: list[str]
) -> tuple[list[Speaker], list[tuple[RawQuote, str]]]:
    """Speakers of an article and each quote paired with its speaker's key."""
    resolver = Resolver(paragraphs)
    article = Article(paragraphs)
    # Titles given by apposition are known before the first quote is resolved.
    pairs = []
    for q in quotes:
        if q.subject is not None and q.subject.ref == "title":
            _prime_titles(resolver, quotes, article)
            break
    for q in quotes:
        pairs.append((q, resolver.resolve(q)))
    for e in resolver.entities:
        complete_names(e, article)
        appositives(e, article)
        honorific_mentions(e, article)
    resolve_roles(resolver.entities, article, [e for _, e in pairs])
    return speakers_of(pairs)


def _prime_titles(resolver: Resolver, quotes: list[RawQuote], article: Article) -> None:
    """Create the named speakers whose appositive roles the article states, before resolving."""
    for q in quotes:
        s = q.subject
        if s is not None and s.ref == "name" and s.name:
            e = resolver.by_name(s.name, "person")
            if e is None:
                e = resolver.new("person")
                resolver.add_name(e, s.name)
                appositives(e, article)
                if e.titles:
                    resolver.index_titles(e)
                else:
                    resolver.drop(e)
