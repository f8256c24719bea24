"""The content after a cue: direct speech after a colon or in « », indirect speech after «که» or
a bare clause; and when a weak verb reports nothing (its object is what it acts on)."""

from __future__ import annotations

import re

from app.nlp.clause_ends import not_to, skip_spaces
from app.nlp.cues import Cue
from app.nlp.drafts import trim
from app.nlp.fold import name_key
from app.nlp.normalize import first_tokens, tokenize
from app.nlp.segment import Region

_COLON = ":"
_KE = name_key("که")
_BUT = frozenset(name_key(w) for w in ("اما", "ولی", "و", "که", "البته"))
_NOT_SPACE_OR_DOT = re.compile(r"[^ .]")
_ENDED = frozenset((".»", "!»", "؟»"))  # a quoted sentence that ends inside its marks


def _closing(text: str, open_at: int) -> int:
    close = text.find("»", open_at + 1)
    return len(text) if close < 0 else close + 1


def content_after(
    text: str, cue: Cue, sentence: Region, limit: int, next_cue: int | None = None
) -> tuple[str, tuple[int, int]] | None:
    """The content that follows a cue and its kind, or None when none follows.

    A colon opens direct speech to the end of the paragraph; but when « » follow the colon and
    another cue of the sentence comes after the closing mark («…»، اما افزود که …), the closing
    mark ends it.
    """
    i = skip_spaces(text, cue.end)
    if i < len(text) and text[i] == _COLON:
        j = skip_spaces(text, i + 1)
        if j < len(text) and text[j] == "«":
            close = _closing(text, j)
            only_spaces_after = _NOT_SPACE_OR_DOT.search(text, close) is None
            closed_before_cue = next_cue is not None and close <= next_cue
            if only_spaces_after or close >= len(text) or closed_before_cue:
                span = trim(text, j, min(close, len(text)))
                return ("direct", span) if span else None
        span = trim(text, j, len(text))
        return ("direct", span) if span else None
    if i < len(text) and text[i] == "«":
        span = trim(text, i, _closing(text, i))
        return ("direct", span) if span else None
    end = min(sentence.end, limit)
    words = first_tokens(text, i, end, 5)  # the rules below read at most the first five
    if words and name_key(words[0].text) == _KE:
        j = skip_spaces(text, words[0].end)
        if next_cue is not None and text.startswith("«", j):
            close = _closing(text, j)
            if close <= next_cue and text[close - 2 : close] in _ENDED:
                end = close  # «گفت که «… .» همچنین اظهار داشت …»: the sentence quoted ended
        span = trim(text, words[0].end, end)
        return ("indirect", span) if span else None
    if words and words[0].text in "،؛":
        j = skip_spaces(text, words[0].end)
        close = _closing(text, j) if text.startswith("«", j) else 0
        after = skip_spaces(text, close) if close else 0
        if close and (after >= len(text) or text[after] in ".؟!"):
            # «او گفت، «…».»: a comma before marks that close the sentence, as a colon («گفت،
            # «برجام» مرده است» quotes a word, not the words said)
            span = trim(text, j, close)
            return ("direct", span) if span else None
        if cue.strength == "weak":
            return None  # «… را فاش کرد، از جمله …»: a weak verb needs که, a colon or « »
        words = words[1:]  # «گفته، سوریه امروز …»، «گفته؛ حملات …»
        if words and name_key(words[0].text) in _BUT:
            return None  # «گفته بود؛ اما …»: a new clause of the author's, not the words
        i = words[0].start if words else i
    if len(words) < (4 if cue.strength == "weak" else 2) or _has_object(text, cue):
        return None  # «X را اعلام کرد»: the verb has an object, it reports no speech
    if name_key(words[0].text) == name_key("و") or not words[0].text[0].isalnum():
        return None  # «… ادامه داده و …»: coordination, not speech
    if cue.strength == "weak" and not_to(words):
        return None  # «به سپاه گزارش می‌دهند نه به …»: «not to …», the clause goes on
    span = trim(text, i, end)
    return ("indirect", span) if span else None


def reports_nothing(text: str, cue: Cue) -> bool:
    """«… حمایت این جنبش را تأیید کرد.»: a weak verb with an object and no colon or « after
    it reports no speech, so it leaves an according-to phrase of its sentence an event."""
    if cue.strength != "weak" or not _has_object(text, cue):
        return False
    i = skip_spaces(text, cue.end)
    return not text.startswith((_COLON, "«"), i)


def _has_object(text: str, cue: Cue) -> bool:
    before = tokenize(text, max(0, cue.start - 12), cue.start)
    return bool(before) and name_key(before[-1].text) == name_key("را")
