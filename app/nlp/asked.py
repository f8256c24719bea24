"""«از X پرسیده شد که …؟ او گفت: …»: the one asked answers, so «او» after the question is X.

A question put to someone in the passive names no asker to quote, but it names who will speak
next; without this, «او» would go back to the last speaker, often the reporter whose label
heads the post. Only the same paragraph is read, and only before the pronoun.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from app.nlp.normalize import tokenize
from app.nlp.phrases import Phrase, classify

# «از X پرسیده شد»، «از X سؤال شد»، «خبرنگار از X پرسید»: X a few words, no clause mark inside.
_ASKED = re.compile(
    r"(?:^|(?<=[\s،.]))از\s+([^،.:؟?«»!\n]{2,60}?)\s+"
    r"(?:پرسیده\s*(?:شد|شده)|سؤال\s*شد|سوال\s*شد|پرسید(?:ند)?(?![\w\u200c]))"
)
_ASKED_REFS = frozenset({"name", "title"})


@lru_cache(maxsize=4)
def _questions(text: str) -> list[re.Match[str]]:
    """The paragraph's questions, found once however many pronouns it holds (each pronoun
    reading from the paragraph's start would cost its length again)."""
    return list(_ASKED.finditer(text))


def the_one_asked(text: str, subject: Phrase | None) -> Phrase | None:
    """``subject``, or for a pronoun the person asked earlier in the paragraph (the nearest
    question before it), when the question names one."""
    if subject is None or subject.ref != "pronoun":
        return subject
    questions = _questions(text)
    at = bisect_right(questions, subject.span.start, key=lambda m: m.end()) - 1
    if at < 0:
        return subject
    found = questions[at]
    words = [t for t in tokenize(text, found.start(1), found.end(1)) if t.text[0].isalnum()]
    if not words:
        return subject
    asked = classify(text, words)
    return asked if asked.ref in _ASKED_REFS else subject
