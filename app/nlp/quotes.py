"""Reported-speech events in one paragraph: cue, content, speaker phrase, addressee, via.

The rules, in the order a reader applies them:
- A cue is a reporting verb from the lexicon or an according-to phrase («به گفته X، …»).
- Content comes after the cue: a colon opens direct speech that runs to the end of the
  paragraph (or to a closing » or to the next sentence that has a cue of its own); « » right after
  the cue is direct speech; «که» or a bare clause is indirect speech to the end of the sentence
  (or to «و» before the next cue: «گفت … و افزود …»).
- The speaker phrase is the subject of the clause before the cue (see ``phrases``); «و افزود»
  right after another quote has a dropped subject.
- «به گزارش X»/«به نقل از X» with another cue in the sentence is the channel (``via``); alone,
  it is an according_to quote by X, unless X is the publisher (boilerplate).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import tokenize
from app.nlp.phrases import Phrase, addressee, classify, speaker_phrase
from app.nlp.records import Span
from app.nlp.segment import Region, guillemets, sentences

_CONTINUATION = frozenset({"افزود", "ادامه داد", "اضافه کرد"})
_COLON = ":"
_KE = name_key("که")


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    lemma: str
    strength: str


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


def find_cues(text: str) -> list[Cue]:
    verbs = lexicon.cue_verbs()
    heads, full = lexicon.cue_heads_regex(), lexicon.cue_regex()
    out = []
    pos = 0
    while (head := heads.search(text, pos)) is not None:
        m = full.match(text, head.start())
        if m is None:
            pos = head.start() + 1
            continue
        verb = verbs[int(m.lastgroup[1:])]
        out.append(Cue(m.start(), m.end(), verb.lemma, verb.strength))
        pos = m.end()
    return out


def _trim(text: str, start: int, end: int) -> Span | None:
    """Content without spaces, a leading «که»/colon, enclosing « » or the final period."""
    while True:
        while start < end and (text[start].isspace() or text[start] in ":،\u200c"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".،\u200c"):
            end -= 1
        if start < end and text[start] == "«" and text.find("»", start) == end - 1:
            start, end = start + 1, end - 1
            continue
        return Span(text[start:end], start, end) if start < end else None


def _closing(text: str, open_at: int) -> int:
    close = text.find("»", open_at + 1)
    return len(text) if close < 0 else close + 1


def _content_after(text: str, cue: Cue, sentence: Region, limit: int) -> tuple[str, Span] | None:
    """The content that follows a cue and its kind, or None when none follows."""
    i = cue.end
    while i < len(text) and text[i].isspace():
        i += 1
    if i < len(text) and text[i] == _COLON:
        j = i + 1
        while j < len(text) and text[j].isspace():
            j += 1
        if j < len(text) and text[j] == "«":
            close = _closing(text, j)
            tail = text[close:].strip(" .")
            if not tail or close >= len(text):
                span = _trim(text, j, min(close, len(text)))
                return ("direct", span) if span else None
        span = _trim(text, j, len(text))
        return ("direct", span) if span else None
    if i < len(text) and text[i] == "«":
        span = _trim(text, i, _closing(text, i))
        return ("direct", span) if span else None
    words = tokenize(text, i, min(sentence.end, limit))
    if words and name_key(words[0].text) == _KE:
        span = _trim(text, words[0].end, min(sentence.end, limit))
        return ("indirect", span) if span else None
    if words and words[0].text == "،":
        words = words[1:]  # «گفته، سوریه امروز …»
    if len(words) < (4 if cue.strength == "weak" else 2) or _has_object(text, cue):
        return None  # «X را اعلام کرد»: the verb has an object, it reports no speech
    if name_key(words[0].text) == name_key("و") or not words[0].text[0].isalnum():
        return None  # «… ادامه داده و …»: coordination, not speech
    span = _trim(text, i, min(sentence.end, limit))
    return ("indirect", span) if span else None


_ALSO = frozenset(name_key(w) for w in ("نیز", "هم"))


def _says_also(text: str, subject: Phrase | None, cue_start: int) -> bool:
    if subject is None:
        return False
    after = tokenize(text, subject.span.end, cue_start)
    return bool(after) and name_key(after[0].text) in _ALSO


def _has_object(text: str, cue: Cue) -> bool:
    before = tokenize(text, max(0, cue.start - 12), cue.start)
    return bool(before) and name_key(before[-1].text) == name_key("را")


def _quoted_before(text: str, start: int, quoted: list[Region]) -> Span | None:
    """«…»، وی گفت: a closed guillemet quote just before the subject of a cue."""
    before = text[:start].rstrip(" ،")
    for q in quoted:
        if q.end == len(before) and text[q.end - 1] == "»":
            return _trim(text, q.start, q.end)
    return None


def _according_to(
    text: str, sentence: Region, cue_starts: list[int]
) -> list[tuple[int, int, str, Span, str]]:
    """«به گفته X، …» phrases of a sentence: (start, end of source, role, source span, phrase)."""
    found = []
    phrases = lexicon.according_to()
    matches = list(lexicon.according_to_regex().finditer(text, sentence.start, sentence.end))
    for n, m in enumerate(matches):
        role = phrases[int(m.lastgroup[1:])].role
        stop = matches[n + 1].start() if n + 1 < len(matches) else sentence.end
        # The source ends before the sentence's reporting verb: «به نوشته X «Y» … گفت، …».
        stop = min([stop, *(c for c in cue_starts if c > m.end())])
        comma = text.find("،", m.end(), stop)
        source_end = comma if comma >= 0 else stop
        tokens = tokenize(text, m.end(), source_end)
        words = [t for t in tokens if t.text[0].isalnum()]
        if comma < 0 and words:
            # «به گزارش فارس وزیر گفت», «به نوشته بی‌بی‌سی «فیلیپ هاموند» … گفت»: no comma.
            words = _publisher_words(words) or _source_before_name(tokens)
            source_end = words[-1].end if words else source_end
            source_end = _place_after_publisher(text, source_end, stop)
        if not words or len(words) > 12:
            continue
        source = Span(text[words[0].start : words[-1].end], words[0].start, words[-1].end)
        found.append((m.start(), source_end, role, source, text[m.start() : m.end()]))
    return found


def _publisher_words(words: list) -> list:  # type: ignore[type-arg]
    """The leading words that name the publisher, or none."""
    for n in range(min(len(words), 4), 0, -1):
        if name_key(" ".join(w.text for w in words[:n])) in lexicon.publishers():
            return words[:n]
    return []


def _source_before_name(words: list) -> list:  # type: ignore[type-arg]
    """A source of at most four words, ended by the guillemet or title of a person's name."""
    for n, word in enumerate(words[:5]):
        key = name_key(word.text)
        if n and (word.text == "«" or key in lexicon.honorifics() or key in lexicon.given_names()):
            return [w for w in words[:n] if w.text[0].isalnum()]
    return []


def _place_after_publisher(text: str, start: int, stop: int) -> int:
    """«… فارس از قزوین دکتر …»: the place runs to the first honorific or given name."""
    words = tokenize(text, start, stop)
    if not words or name_key(words[0].text) != name_key("از"):
        return start
    for word in words[1:5]:
        key = name_key(word.text)
        if word.text == "«" or key in lexicon.honorifics() or key in lexicon.given_names():
            return word.start - 1
    return start


def _after_boilerplate(text: str, source: Span, comma: int) -> int:
    """Where the sentence goes on after «به گزارش <publisher> …».

    Usually after the comma; but «به گزارش خبرگزاری فارس از قزوین سید مسعود نبوی‌فر، …» has no
    comma after the place, and the subject starts at its honorific, given name or guillemet.
    """
    for word in tokenize(text, source.start, source.end)[1:]:
        key = name_key(word.text)
        if word.text == "«" or key in lexicon.honorifics() or key in lexicon.given_names():
            return word.start
    return comma


def _is_publisher(source: Span) -> bool:
    key = name_key(source.text)
    return any(key.startswith(p) for p in lexicon.publishers())


def _adds_to_something(text: str, cue: Cue, clause_start: int) -> bool:
    """«بر اعتبار سوریه افزوده»: افزودن with «بر» means to increase, not to say."""
    if cue.lemma != "افزود":
        return False
    after = text[cue.end :].lstrip()
    if after.startswith((":", "«")) or after.startswith("که "):
        return False
    comma = text.rfind("،", clause_start, cue.start)
    words = tokenize(text, max(clause_start, comma + 1), cue.start)
    return any(name_key(w.text) == name_key("بر") for w in words)


def paragraph_quotes(number: int, text: str) -> list[RawQuote]:
    """Every reported-speech event in one normalized paragraph, in text order."""
    quoted = guillemets(text)
    cues = [c for c in find_cues(text) if c.strength != "optional"]
    out: list[RawQuote] = []
    covered = Region(0, 0)  # the content of the last quote: cues inside it are nested speech
    for sentence in sentences(text, quoted):
        attributions = _according_to(text, sentence, [c.start for c in cues])
        s_cues = [
            c
            for c in cues
            if sentence.start <= c.start < sentence.end
            and not any(a[0] <= c.start < a[0] + len(a[4]) for a in attributions)
        ]
        clause_start = sentence.start
        via: str | None = None
        for a_start, source_end, role, source, phrase in attributions:
            if _is_publisher(source):
                clause_start = max(clause_start, _after_boilerplate(text, source, source_end + 1))
                continue
            if s_cues and role == "via":
                via = source.text
                clause_start = max(clause_start, source_end + 1)
                continue
            if s_cues:
                continue
            content = _trim(text, source_end, sentence.end) or _trim(text, sentence.start, a_start)
            if content and covered.end <= a_start:
                subject = classify(text, tokenize(text, source.start, source.end))
                if role == "via" and subject.ref == "name":
                    # «به گزارش X»/«به نقل از X» with a bare name: an outlet, not a person.
                    subject = Phrase(subject.span, "organization", subject.name)
                cue_span = Span(phrase, a_start, a_start + len(phrase))
                out.append(RawQuote(number, "according_to", cue_span, content, subject))
        for n, cue in enumerate(s_cues):
            inside_quote = any(cue.start in q and q.start < cue.start for q in quoted)
            if inside_quote or _adds_to_something(text, cue, clause_start):
                continue
            nxt = s_cues[n + 1].start if n + 1 < len(s_cues) else sentence.end
            limit = _coordination(text, cue.end, nxt, sentence.end)
            if cue.start in covered:
                lead = tokenize(text, sentence.start, cue.start)
                fresh = sentence.start > covered.start and len(lead) <= 6
                if not fresh or not _opens_speech(text, cue):
                    continue
                _truncate(out, text, covered, sentence.start)
                clause_start = sentence.start
            found = _content_after(text, cue, sentence, limit)
            subject = speaker_phrase(text, clause_start, cue.start)
            if found is None:
                before = _quoted_before(text, subject.span.start if subject else cue.start, quoted)
                if before is None:
                    continue
                found = ("direct", before)
            kind, content = found
            stated = _while_stating(text, clause_start, cue.start)
            if stated is not None:
                out.append(RawQuote(number, "indirect", stated[0], stated[1], subject, via=via))
            cue_span = Span(text[cue.start : cue.end], cue.start, cue.end)
            out.append(
                RawQuote(
                    number,
                    kind,
                    cue_span,
                    content,
                    subject,
                    addressee(text, clause_start, cue.start, subject),
                    via,
                    cue.lemma,
                    _says_also(text, subject, cue.start),
                )
            )
            if content.start > cue.end:
                covered = Region(content.start, content.end + 1)
            clause_start = max(content.end, cue.end) if content.start > cue.end else cue.end
    return out


def _while_stating(text: str, start: int, cue_start: int) -> tuple[Span, Span] | None:
    """«X با بیان اینکه C، گفت: …»: C is a quote of its own, by the subject of the main cue."""
    m = lexicon.while_stating_regex().search(text, start, cue_start)
    if m is None:
        return None
    comma = text.rfind("،", m.end(), cue_start)
    content = _trim(text, m.end(), comma if comma > m.end() else cue_start)
    if content is None:
        return None
    return Span(m.group(), m.start(), m.end()), content


def _coordination(text: str, start: int, next_cue: int, end: int) -> int:
    """Where indirect content stops: at «و» in «… و افزود», else at ``end``."""
    before = text[start:next_cue].rstrip()
    for joiner in (" و", "،"):
        if before.endswith(joiner):
            return start + len(before) - len(joiner)
    return end


def _opens_speech(text: str, cue: Cue) -> bool:
    after = text[cue.end :].lstrip()
    return after.startswith((_COLON, "«", "که")) or cue.lemma in _CONTINUATION


def _truncate(out: list[RawQuote], text: str, covered: Region, at: int) -> None:
    """End the open direct quote before the sentence that starts a new one."""
    for q in reversed(out):
        if q.content.start == covered.start:
            span = _trim(text, q.content.start, at)
            if span:
                q.content = span
            return
