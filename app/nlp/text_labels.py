"""A line that announces a post's text («ترجمه ماشین:», «متن کامل:») under a headline that names
its author («ترامپ: …»): the text below is the author's own words, one more event of theirs.

Channels put a short attributed headline first and the full text (often a translation) under
such a line; the headline's label is one event, the text another, and the reader wants both.
The line names nobody itself, so the event has no mention: its speaker is the headline's.
"""

from __future__ import annotations

import re
from functools import cache

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.lexicon import organization_names
from app.nlp.name_index import own_name_of_no_person
from app.nlp.raw import EMPTY, RawQuote
from app.nlp.records import Span

_WORDS = re.compile(r"\w+")


@cache
def _phrases() -> frozenset[tuple[str, ...]]:
    return frozenset(
        tuple(name_key(w) for w in line.split()) for line in lexicon.lines("text_labels.txt")
    )


def _colon(text: str) -> int | None:
    """The colon of a line that is only a text label and its colon; else None."""
    head, colon, rest = text.rpartition(":")
    if not colon or rest.strip("\u200c\u200f\u200e ") or len(head) > 40:
        return None
    words = tuple(name_key(w) for w in _WORDS.findall(head))
    return len(head) if words and words in _phrases() else None


def text_opener(number: int, text: str, headline: RawQuote | None) -> RawQuote | None:
    """The event whose words are on the next line, for a text label under ``headline`` (the
    first line's label event, «X: …», with X named); None otherwise."""
    if headline is None or headline.subject is None or headline.cue.text != ":":
        return None
    at = _colon(text)
    if at is None:
        return None
    return RawQuote(number, "direct", Span(":", at, at + 1), EMPTY, None)


def reports(text: str, headline: RawQuote, has_cues: bool) -> bool:
    """The announced text is a story about the headline's author, not their words: it reports
    speech itself («پرزیدنت ترامپ به شبکه سی‌بی‌اس گفت …»), or names the person in the third
    person («دونالد ترامپ، رئیس‌جمهور آمریکا، روز یکشنبه …»). An organisation's statement
    names itself («نیروهای فرماندهی مرکزی (سنتکام) …») and stays its own words."""
    if has_cues:
        return True
    subject = headline.subject
    if subject is None or subject.ref != "name" or not subject.name:
        return False
    if own_name_of_no_person(subject.name) or name_key(subject.name) in organization_names():
        return False  # «سنتکام», «آکسیوس»: an organisation, whose statement names itself
    last = name_key(subject.name.split(" ")[-1])
    return any(name_key(w) == last for w in _WORDS.findall(text))
