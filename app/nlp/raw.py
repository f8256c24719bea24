"""A reported-speech event as the quote rules find it, before its speaker is resolved.

Its own module so that the rules of a line's label (``labels``) and of the rest of the line
(``quotes``) make the same events, and the resolver (``speakers``) reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from app.nlp.phrases import Phrase
from app.nlp.records import Span

EMPTY = Span("", 0, 0)  # the content of a cue whose words are on the next line


@dataclass(slots=True)
class RawQuote:
    """A quote before its speaker phrase is resolved to an article-wide speaker."""

    paragraph: int
    kind: str
    cue: Span
    content: Span
    subject: Phrase | None
    addressee: Span | None = None
    via: str | None = None
    lemma: str = ""
    also: bool = False  # «X نیز گفت»: X too, so X is not the previous speaker
    # The paragraph of the cue and the subject, when an earlier line than the content: a label
    # or a cue that ends its line with a colon, the words on the next line. 0: this paragraph.
    cue_paragraph: int = 0
    # The subject's paragraph, when not the cue's: a label broken over lines (``split_label``).
    mention_paragraph: int = 0


class ParagraphQuotes(NamedTuple):
    """A paragraph's events, and the cues that end it with a colon, waiting for the next line
    to hold their words (each a quote whose content is still empty)."""

    quotes: list[RawQuote]
    openers: list[RawQuote]
    labelled: bool  # the line opens with a label «X:»
    # where the words of the line before's cue end: a later sentence opens speech of its own
    opener_end: int | None = None
