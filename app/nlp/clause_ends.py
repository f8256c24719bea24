"""Where a cue's words are and where they stop: the next line, a «با بیان اینکه» clause before
the cue, a coordinated second cue. The quote rules (``quotes``) read a paragraph with these."""

from __future__ import annotations

import re
from typing import Protocol

from app.nlp import lexicon
from app.nlp.drafts import draft_span, trim
from app.nlp.fold import name_key
from app.nlp.labels import speaks
from app.nlp.normalize import Token, first_tokens, tokenize
from app.nlp.records import Span
from app.nlp.subjects import speaker_phrase

_CONTINUATION = frozenset({"افزود", "ادامه داد", "اضافه کرد"})
_COLON = ":"
_BARE_WORDS = 5  # «ارتش اسرائیل اعلام کرد» and the words on the next line: a short line
# Words that make a line ending in a cue something else than a speaker and a cue: an object,
# a question («ترامپ چه گفت»), a negation of what was said.
_NOT_BARE = frozenset(name_key(w) for w in ("را", "چه", "چرا", "چگونه", "آیا", "چی", "چیزی"))


class CueLike(Protocol):
    start: int
    end: int
    lemma: str


def skip_spaces(text: str, i: int) -> int:
    """The first offset at or after ``i`` that is not a space (no copy of the rest of the text)."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def ends_line(text: str, cue: CueLike, clause_start: int) -> str | None:
    """«X گفت:» (direct), «X مدعی شد که» (indirect) and nothing after: the words are on the
    next line; None when the line goes on. A line that is only a speaker and a cue («سنتکام
    اعلام کرد», no colon) is indirect too: a headline of a verb alone says nothing, so the
    words it announces are the next line's."""
    i = skip_spaces(text, cue.end)
    if i < len(text) and text[i] == _COLON and skip_spaces(text, i + 1) == len(text):
        return "direct"
    if text.startswith("که", i) and skip_spaces(text, i + 2) == len(text):
        return "indirect"
    if i == len(text) and not _narrates(text, cue) and _speaker_only(text, clause_start, cue):
        return "indirect"
    return None


def _narrates(text: str, cue: CueLike) -> bool:
    """A past progressive («می‌نوشتند»، «می‌گفت») tells what used to be said, not a report."""
    word = text[cue.start : cue.end].split(" ")[0]
    return word.startswith("می") and word[2:].lstrip("\u200c").startswith(cue.lemma.split(" ")[0])


def _speaker_only(text: str, start: int, cue: CueLike) -> bool:
    """``text[start:cue_start]`` is the line's start and a short subject phrase that reads as a
    speaker (a role, an organisation, a source, a known name), nothing else."""
    words = [t for t in tokenize(text, start, cue.start) if t.text[0].isalnum()]
    if start != 0 or not words or len(words) > _BARE_WORDS:
        return False
    if any(name_key(w.text) in _NOT_BARE for w in words):
        return False
    subject = speaker_phrase(text, start, cue.start)
    if subject is None or not (speaks(subject) or (subject.ref == "name" and len(words) <= 3)):
        return False  # as for a label: someone who speaks, not any noun phrase
    return subject.span.start == words[0].start and subject.span.end == words[-1].end


def while_stating(text: str, start: int, cue_start: int) -> tuple[Span, Span] | None:
    """«X با بیان اینکه C، گفت: …»: C is a quote of its own, by the subject of the main cue."""
    m = lexicon.while_stating_regex().search(text, start, cue_start)
    if m is None:
        return None
    comma = text.rfind("،", m.end(), cue_start)
    content = trim(text, m.end(), comma if comma > m.end() else cue_start)
    if content is None:
        return None
    return Span(m.group(), m.start(), m.end()), draft_span(content)


# «…؛ با این حال، مقامات … تأیید نکرده‌اند»: after a semicolon, the author's own turn.
_CONTRAST = re.compile(
    r"؛\s*(?:با این حال|با این وجود|با وجود این|اما|ولی|در[ \u200c]?حالی[ \u200c]?که|هرچند)\b"
)


def _contrast_end(text: str, start: int, next_cue: int, end: int) -> int:
    """Where indirect words stop before the author's own contrast: at a «؛» followed by «با
    این حال»، «اما»، «ولی» …; else ``end``. (A «،» before «اما» stops them only with a new cue
    after it; a «؛» and a contrast is the author's comment, cue or none.) Only the words up to
    the sentence's next cue are searched: every cue of a long sentence reads its own stretch."""
    m = _CONTRAST.search(text, start, next_cue)
    return m.start() if m else end


def coordination(text: str, start: int, next_cue: int, end: int) -> int:
    """Where indirect content stops: at «و» in «… و افزود» or «، اما» in «…، اما تأکید کرد»,
    or at the author's own contrast after a «؛», else at ``end``."""
    before = text[start:next_cue].rstrip()
    for joiner in ("، اما", "، ولی", " اما", " ولی", " و", "،"):
        if before.endswith(joiner):
            return start + len(before) - len(joiner)
    if next_cue < end:  # «…، اما نماینده مجلس تأکید کرد که …»: a new subject, a new event
        for joiner in ("، اما ", "، ولی "):
            at = before.rfind(joiner)
            if at >= 0 and len(first_tokens(before, at + len(joiner), len(before), 5)) <= 4:
                return start + at
        # «… هدف قرار داده و هم‌زمان نیروی دریایی سپاه نیز گفت: …»: a verb, «و», a new event
        at = before.rfind(" و ")
        if at >= 0 and _verb_before(before, at) and _another_event(before, at + 3):
            return start + at
    return _contrast_end(text, start, next_cue, end)


# «پس از اینکه»، «بعد از آنکه»: a subordinate clause before the sentence's own, within a reach
_SINCE = re.compile(r"از (?:این|آن)\u200c?که ")
_SINCE_REACH = 120
_SINCE_WORDS = 8


def subordinate_end(text: str, clause_start: int, cue_start: int, cue_end: int, limit: int) -> int:
    """«پس از اینکه ترامپ ادعا کرد تنگه باز است، مقامات …»: the words of a cue inside «از
    اینکه» end at the comma where the sentence's own clause starts; else at ``limit``. Reads
    the few words before the cue only."""
    lo = max(clause_start, cue_start - _SINCE_REACH)
    since = max((m.end() for m in _SINCE.finditer(text, lo, cue_start)), default=-1)
    between = text[since:cue_start]
    if since < 0 or "،" in between or len(between.split()) > _SINCE_WORDS:
        return limit  # a comma or many words: the clause of «اینکه» closed before the cue
    comma = text.find("،", cue_end, limit)
    return limit if comma < 0 else comma


_ALSO = frozenset(name_key(w) for w in ("نیز", "هم", "همچنین", "هم‌زمان", "همزمان", "حتی"))
_TO_WHOM = frozenset(name_key(w) for w in ("به", "از", "با", "در", "برای"))


def _another_event(text: str, at: int) -> bool:
    """The few words from ``at`` to the next cue make it an event of its own: one said too
    («… و شهردار مسکو هم اعلام کرد»، «و هم‌زمان X نیز گفت»), or the same speaker's again, to
    someone («… صحبت کرده و به آنها گفته است»); not a new subject alone («… و کارشناسان
    گفته‌اند»: words the speaker passes on)."""
    words = first_tokens(text, at, len(text), 8)
    if len(words) > 7:
        return False
    keys = [name_key(w.text) for w in words]
    return not keys or keys[0] in _TO_WHOM or any(k in _ALSO for k in keys)


def _verb_before(text: str, at: int) -> bool:
    """The word before ``text[at]`` is a finite verb (its clause ends there)."""
    last = first_tokens(text, max(0, at - 20), at, 8)[-1:]
    return bool(last) and name_key(last[0].text) in lexicon.verbs()


def opens_speech(text: str, cue: CueLike) -> bool:
    """The cue is followed by a colon, a « or «که», or continues a speaker («افزود»)."""
    i = skip_spaces(text, cue.end)
    return text.startswith((_COLON, "«", "که"), i) or cue.lemma in _CONTINUATION


_NOT = name_key("نه")
_NOT_TO = frozenset(name_key(w) for w in ("به", "از", "در", "با", "برای"))


def not_to(words: list[Token]) -> bool:
    """«نه به …»، «نه از …»: a weak verb's bare words that deny where, not what was said
    («گفت نه به جنگ» is said words: a strong verb needs no «که»)."""
    return name_key(words[0].text) == _NOT and name_key(words[1].text) in _NOT_TO
