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

Every lookup here is by bisection or by a pointer that only moves forward, and a rule that reads
a few words reads only those: a paragraph of thousands of cues or guillemets costs time in
proportion to its length.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Sequence

from app.nlp.according import (
    Attribution,
    after_boilerplate,
    attributions,
    heads_line,
    is_publisher,
    nests,
    opens_sentence,
    source_phrase,
    source_role,
)
from app.nlp.asked import the_one_asked
from app.nlp.clause_ends import (
    coordination,
    ends_line,
    opens_speech,
    subordinate_end,
    while_stating,
)
from app.nlp.contents import content_after, reports_nothing
from app.nlp.cue_forms import is_spoken, is_spoken_plural
from app.nlp.cues import Cue, find_cues
from app.nlp.drafts import Drafts, draft_span, trim
from app.nlp.fold import name_key
from app.nlp.labels import find_label, known_speaker, label_quotes, topic_end
from app.nlp.name_words import a_form
from app.nlp.normalize import first_tokens, tokenize
from app.nlp.paragraph_index import Guillemets, Increases
from app.nlp.phrases import Phrase, addressee, classify
from app.nlp.raw import EMPTY, ParagraphQuotes, RawQuote
from app.nlp.records import Span
from app.nlp.said_clauses import in_relative_clause, this_said
from app.nlp.segment import Region, sentences
from app.nlp.split_label import trailing_label
from app.nlp.subjects import speaker_phrase

_THIS = frozenset(name_key(w) for w in ("این", "آن"))
_LINE = Region(0, 0)  # a line that is the words of the cue before it: covered from its start


_ALSO = frozenset(name_key(w) for w in ("نیز", "هم"))


def _says_also(text: str, subject: Phrase | None, cue_start: int) -> bool:
    if subject is None:
        return False
    after = first_tokens(text, subject.span.end, cue_start, 1)
    return bool(after) and name_key(after[0].text) in _ALSO


def _sentence_cues(
    text: str, cues: list[Cue], cue_starts: list[int], sentence: Region, found: list[Attribution]
) -> list[Cue]:
    """The sentence's cues (found by bisection) that are not part of an according-to phrase.

    Both lists are in text order and the phrases do not overlap, so one pointer serves.
    """
    lo = bisect_left(cue_starts, sentence.start)
    hi = bisect_left(cue_starts, sentence.end, lo)
    out = []
    k = 0
    for c in cues[lo:hi]:
        while k < len(found) and found[k].start + len(found[k].phrase) <= c.start:
            k += 1
        if k < len(found) and found[k].start <= c.start:
            continue
        if reports_nothing(text, c):
            continue
        out.append(c)
    return out


def paragraph_quotes(
    number: int, text: str, gaps: Sequence[int] = (), *, opened: bool = False
) -> ParagraphQuotes:
    """Every reported-speech event in one normalized paragraph, in text order, and the cues
    whose words are on the next line.

    ``opened``: the line before ended with a verb and a colon, so this line is its words, up to
    a later sentence that opens speech of its own («… . حالا جرجیا در جوابش گفته: …»), whose
    start is returned as ``opener_end``.

    ``gaps``: where the line as written had a run of blanks (offsets of the normalized
    text). A headline and then, after such a run, a label that ends the line («ترامپ مدعی شد:
    …  ترامپ:») are two things: the headline's events end before the run, and the label's
    words are on the next line."""
    trailing = trailing_label(text, gaps)
    if trailing is not None:
        found = paragraph_quotes(number, text[: gaps[-1]], opened=opened)
        _, waiting = label_quotes(number, text, trailing)
        return found._replace(openers=waiting)
    quoted = Guillemets(text)
    increases = Increases(text)
    cues = [c for c in find_cues(text) if c.strength != "optional"]
    cue_starts = [c.start for c in cues]
    out = Drafts()
    openers: list[RawQuote] = []
    label = find_label(text, cue_starts)
    floor = topic_end(text)  # where the line's own clauses start: after its label or topic
    if label is not None:
        floor = label.colon.end
        events, waiting = label_quotes(number, text, label)
        for event in events:
            out.add(event)
        openers.extend(waiting)
    covered = Region(0, 0)  # the content of the last quote: cues inside it are nested speech
    opener_end: int | None = None
    for sentence in sentences(text, quoted.regions):
        found = [a for a in attributions(text, sentence, cue_starts) if a.start >= floor]
        s_cues = _sentence_cues(text, cues, cue_starts, sentence, found)
        clause_start = max(sentence.start, floor)
        via: str | None = None
        inner: deque[Attribution] = deque()
        for a in found:
            if is_publisher(a.source):
                clause_start = max(
                    clause_start, after_boilerplate(text, a.source, a.source_end + 1)
                )
                continue
            if s_cues and a.role == "via" and nests(text, clause_start, a, s_cues, sentence.end):
                inner.append(a)  # «X به نقل از Y گزارش داد»: X reports what Y said
                continue
            if s_cues and a.role == "via":
                via = a.source.text
                clause_start = max(clause_start, a.source_end + 1)
                continue
            if s_cues and not opens_sentence(text, a):
                continue
            after = trim(text, a.source_end, sentence.end)
            if after and a.start > sentence.start and source_role(text, a, after):
                after = None  # «…؛ به گفته X، سرپرست وزارت Y.»: the words are before
            if after is None and sentence.end == len(text) and heads_line(text, sentence, a):
                # «روزنامه X به نقل از دو مقام» and the words on the next line: only the source
                # quoted is an event (X has neither a verb nor a colon).
                cue_span = Span(a.phrase, a.start, a.start + len(a.phrase))
                source = source_phrase(text, a)
                openers.append(RawQuote(number, "according_to", cue_span, EMPTY, source))
                continue
            content = after or trim(text, sentence.start, a.start)
            if content and covered.end <= a.start:
                subject = source_phrase(text, a)
                cue_span = Span(a.phrase, a.start, a.start + len(a.phrase))
                out.add(RawQuote(number, "according_to", cue_span, draft_span(content), subject))
        for n, cue in enumerate(s_cues):
            if quoted.holds(cue.start):
                continue
            nested = cue.start in covered
            if nested and not _starts_anew(text, cue, sentence, covered):
                continue
            if increases.reads(cue, clause_start) or in_relative_clause(
                text, clause_start, cue.start
            ):
                continue
            nxt = s_cues[n + 1].start if n + 1 < len(s_cues) else sentence.end
            limit = coordination(text, cue.end, nxt, sentence.end)
            limit = subordinate_end(text, clause_start, cue.start, cue.end, limit)
            if nested:
                out.truncate(text, covered, sentence.start)
                clause_start = sentence.start
            later = nxt if n + 1 < len(s_cues) else None
            found_content = content_after(text, cue, sentence, limit, later)
            ends = ends_line(text, cue, clause_start) if found_content is None else None
            if ends is not None:
                subject = _subject(text, clause_start, cue)
                if _chat(text, cue, ends, subject):
                    continue
                cue_span = Span(text[cue.start : cue.end], cue.start, cue.end)
                openers.append(RawQuote(number, ends, cue_span, EMPTY, subject, via=via))
                continue
            if found_content is None:
                # Only a closed « » right before the subject can still give content: look for
                # the subject only when one ends inside the clause.
                lowest = quoted.lowest_before(clause_start)
                if not quoted.any_closing_between(lowest, cue.start):
                    continue
            said = this_said(text, clause_start, cue.start) if found_content is None else None
            subject = _subject(text, said[1] if said else clause_start, cue)
            if found_content is None:
                at = said[0] if said else subject.span.start if subject else cue.start
                before = quoted.closed_before(at)
                if before is None:
                    continue
                found_content = ("direct", before)
            kind, content = found_content
            if _chat(text, cue, kind, subject):
                continue
            stated = while_stating(text, clause_start, cue.start)
            also = _says_also(text, subject, cue.start)
            if stated is not None:
                out.add(
                    RawQuote(number, "indirect", *stated, subject, via=via, also=also)
                )  # the same speaker as the main cue's («X نیز با بیان اینکه …، گفت»)
            if opened and opener_end is None and _starts_anew(text, cue, sentence, _LINE):
                opener_end = sentence.start
            cue_span = Span(text[cue.start : cue.end], cue.start, cue.end)
            out.add(
                RawQuote(
                    number,
                    kind,
                    cue_span,
                    draft_span(content),
                    subject,
                    addressee(text, clause_start, cue.start, subject),
                    via,
                    cue.lemma,
                    also,
                )
            )
            while inner and inner[0].source_end <= cue.start:
                a = inner.popleft()  # cues come in text order: each phrase is read once
                if a.start < (subject.span.end if subject else clause_start):
                    continue
                source = source_phrase(text, a)
                a_cue = Span(a.phrase, a.start, a.start + len(a.phrase))
                out.add(RawQuote(number, "according_to", a_cue, draft_span(content), source))
            start, end = content
            if start > cue.end:
                covered = Region(start, end + 1)
            if start > cue.end:
                clause_start = max(end, cue.end)
                if text.startswith("»", clause_start):
                    clause_start += 1  # «…» و X نیز گفت: the next subject starts after the mark
            else:
                clause_start = cue.end
    return ParagraphQuotes(out.finish(text), openers, label is not None, opener_end)


def _chat(text: str, cue: Cue, kind: str, subject: Phrase | None) -> bool:
    """A spoken cue with no one who speaks before it («جالبه میگه …»): a chatty comment. After
    a colon or « » a one-word name will do («زاکانی میگه: …»): the words are marked as said."""
    said = text[cue.start : cue.end]
    if not is_spoken(said) or known_speaker(subject):
        return False
    if is_spoken_plural(said):
        return True  # «گفتن»: no name alone will do, «they said» is often a rumour
    one_name = subject is not None and subject.ref == "name" and " " not in subject.span.text
    return kind != "direct" or not one_name


def _subject(text: str, clause_start: int, cue: Cue) -> Phrase | None:
    """The cue's speaker phrase; for «در بیانیه X آمده است» the document's author X, and for
    «در این بیانیه …» the document itself (a demonstrative: the source it refers back to)."""
    if cue.doc is None:
        return the_one_asked(text, speaker_phrase(text, clause_start, cue.start))
    words = [t for t in tokenize(text, *cue.doc) if t.text[0].isalnum()]
    if words and name_key(words[0].text) not in _THIS:
        # «در گزارش تازه‌ای آمده است»: the report's form, no author (the one who reports it)
        words = [w for w in words[1:] if name_key(w.text) != name_key("ای") and not a_form(w.text)]
    return classify(text, words) if words else None


def _starts_anew(text: str, cue: Cue, sentence: Region, covered: Region) -> bool:
    """A cue inside the open quote's content that opens speech of its own.

    It must open a later sentence within a few words: «… . وی افزود: …». Only the first seven
    words are read, however long the sentence.
    """
    lead = first_tokens(text, sentence.start, cue.start, 7)
    fresh = sentence.start > covered.start and len(lead) <= 6
    return fresh and opens_speech(text, cue)
