"""How a quote's mention reached its speaker id: the link's evidence, and how sure it is.

Each quote's link is one of a few kinds of evidence, decided where the linking decides it:
the annotator's in-article resolution (``app/nlp/speakers.py``, ``app/nlp/roles.py``), the
office held on the article's date (``app/nlp/offices.py``), the link of a one-word name across
articles (``app/store/links.py``) and an editor's correction (``app/store/override_apply.py``).
The confidence is fixed per kind, never tuned per quote: a prior of how strong that kind of
evidence is (an editor's word, then the name as written, down to a source the article alone
knows). ``python -m bench.speaker_eval`` prints, per kind, the share of the development
speaker gold's events that sit under the right id; it is measured on the gold the linking
rules were written on, so it is an upper bound, not what the confidences are set from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.nlp.fold import name_key
from app.nlp.name_index import outlet_key

if TYPE_CHECKING:
    from app.nlp.phrases import Phrase
    from app.nlp.records import Speaker

NAME = "name"  # the speaker's full name (or an outlet's name), as the mention writes it
PARTIAL_NAME = "partial_name"  # a surname or part of the name, the fuller name in the article
ROLE = "role"  # a role or title, the person the article names with it
REFERENCE = "reference"  # a pronoun, «این مقام» or a dropped subject: an earlier speaker
OFFICE = "office"  # a role or surname: the holder of a listed office on the article's date
NAME_KEY = "name_key"  # a one-word name: the one full name of the collection it stands for
ARTICLE = "article"  # an anonymous source, or a role no name resolves: its article's own
EDITOR = "editor"  # an editor's merge, split or rename

CONFIDENCE: dict[str, float] = {
    EDITOR: 1.0,
    NAME: 0.95,
    PARTIAL_NAME: 0.85,
    OFFICE: 0.8,
    ROLE: 0.75,
    NAME_KEY: 0.7,
    REFERENCE: 0.7,
    ARTICLE: 0.5,
}
KINDS = tuple(CONFIDENCE)

# What each kind means, for the API's documentation (app/schemas.py) and README.
MEANING: dict[str, str] = {
    NAME: "the mention writes the speaker's full name (an outlet's name)",
    PARTIAL_NAME: "a surname or part of the name, resolved to the fuller name the article gives",
    ROLE: "a role or title, resolved to the person the article names with it",
    REFERENCE: "a pronoun, a demonstrative («این مقام») or a dropped subject, resolved to an "
    "earlier speaker of the article",
    OFFICE: "a role or a surname, resolved to the holder of a listed office on the article's date",
    NAME_KEY: "a name of one word, linked across articles to the one full name it stands for",
    ARTICLE: "an anonymous source, or a role no name of the article resolves: a speaker of "
    "this article alone",
    EDITOR: "an editor's merge, split or rename",
}


def in_article(subject: Phrase | None, speaker: Speaker) -> str:
    """The evidence of the annotator's own link of a quote whose mention is ``subject`` to
    ``speaker`` (the article's speaker it was resolved to)."""
    if speaker.local:
        return ARTICLE
    if subject is None or subject.ref in ("pronoun", "anaphor", "nobody"):
        return REFERENCE
    if subject.ref == "title":
        return ROLE
    name = subject.name or subject.span.text
    if speaker.kind == "organization":
        same = (outlet_key(name) or name_key(name)) == speaker.key
    else:
        same = name_key(name) == name_key(speaker.name)
    return NAME if same else PARTIAL_NAME


def served(by: str | None, across: bool, editor: bool) -> str | None:
    """The evidence a quote's JSON gives: an editor's correction over everything, then a link
    across articles over the annotator's own (None: stored before the evidence was)."""
    if editor:
        return EDITOR
    if across:
        return NAME_KEY
    return by
