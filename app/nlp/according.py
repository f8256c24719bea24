"""«به گفته X»، «به گزارش X»، «به نقل از X»: according-to phrases and the source they name.

With another cue in the sentence the phrase names the channel (``via``); alone, it is an
according_to quote by X, unless X is the publisher (boilerplate). ``quotes`` decides which; this
module only finds the phrases and delimits their sources.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from app.nlp import lexicon
from app.nlp.cues import Cue
from app.nlp.fold import name_key
from app.nlp.name_index import is_outlet
from app.nlp.normalize import Token, first_tokens, tokenize
from app.nlp.phrase_words import light_verb
from app.nlp.phrases import Phrase, classify
from app.nlp.records import Span
from app.nlp.segment import Region

_MAX_SOURCE_WORDS = 12
_TO = name_key("به")
_MAX_NESTED_WORDS = 6
_MAX_HEAD = 6  # words of an outlet that heads a line before «به نقل از Y»
# Words of the phrase's noun, not a source: «طبق اعلام قبلی»، «براساس گزارش رسمی X»، «بر اساس
# بیانیه منتشرشده از سوی X».
_OF_THE_PHRASE = frozenset(
    name_key(w)
    for w in (
        *("قبلی", "پیشین", "اخیر", "رسمی", "جدید", "تازه", "اولیه", "نهایی"),
        *("منتشرشده", "منتشر", "شده", "از", "سوی", "توسط"),
    )
)


class Attribution(NamedTuple):
    """One according-to phrase of a sentence."""

    start: int
    source_end: int  # where the source ends (its comma, or its last word)
    role: str  # source | via
    source: Span
    phrase: str  # the phrase as written, «به گزارش»


def attributions(text: str, sentence: Region, cue_starts: list[int]) -> list[Attribution]:
    """The according-to phrases of a sentence, in text order.

    ``cue_starts`` are the paragraph's cue offsets, sorted: the source ends before the next
    reporting verb, found by bisection rather than by a scan of every cue.
    """
    found = []
    phrases = lexicon.according_to()
    matches = list(lexicon.according_to_regex().finditer(text, sentence.start, sentence.end))
    for n, m in enumerate(matches):
        if answered(text, sentence.start, m.start()):
            continue
        role = phrases[int(m.lastgroup[1:])].role
        stop = matches[n + 1].start() if n + 1 < len(matches) else sentence.end
        # The source ends before the sentence's reporting verb: «به نوشته X «Y» … گفت، …».
        next_cue = bisect_right(cue_starts, m.end())
        at_cue = False
        if next_cue < len(cue_starts) and cue_starts[next_cue] <= stop:
            stop, at_cue = cue_starts[next_cue], True
        comma = _separator(text, m.end(), stop)
        source_end = comma if comma >= 0 else stop
        tokens = tokenize(text, m.end(), source_end)
        words = [t for t in tokens if t.text[0].isalnum()]
        if comma >= 0 and (outlet := _outlet_then_clause(words)):
            words, source_end = outlet, outlet[-1].end  # «به گزارش گاردین ترامپ … ،»
        if comma < 0 and words:
            # «به گزارش فارس وزیر گفت», «به نوشته بی‌بی‌سی «فیلیپ هاموند» … گفت»: no comma.
            # «X به نقل از دو مقام آمریکایی گزارش داد»: after the subject, the source runs to
            # the verb; «…، به گزارش فاکس نیوز.»: at the end, to the end of the sentence.
            nested = at_cue and m.start() > sentence.start
            last = stop == sentence.end and not at_cue
            kept = words if (nested or last) and len(words) <= _MAX_NESTED_WORDS else []
            words = (
                _publisher_words(words) or _source_before_name(tokens) or _pronoun(words) or kept
            )
            source_end = words[-1].end if words else source_end
            source_end = _place_after_publisher(text, source_end, stop)
        words = _without_outlet_told(words)
        while words and name_key(words[0].text) in _OF_THE_PHRASE:
            words = words[1:]  # «طبق اعلام قبلی وزارت …»: the report's adjective, not its source
        if not words or len(words) > _MAX_SOURCE_WORDS:
            continue
        source = Span(text[words[0].start : words[-1].end], words[0].start, words[-1].end)
        found.append(Attribution(m.start(), source_end, role, source, m.group()))
    if "این" in text[sentence.start : sentence.end]:
        found = sorted(found + _this_document(text, sentence), key=lambda a: a.start)
    return found


# «واکنش X به ادعای Y»، «در پاسخ به گزارش آژانس»: what is answered, not who says it.
_ANSWERS = frozenset(name_key(w) for w in ("واکنش", "پاسخ", "جواب"))
_ANSWER_REACH = 8  # words back from the phrase, within its clause
_CLAUSE_MARKS = frozenset("،,:؛;.!؟?")


def answered(text: str, start: int, at: int) -> bool:
    """The phrase at ``at`` follows a reaction noun of its clause: the object it answers."""
    if not any(w in text[max(start, at - 80) : at] for w in ("واکنش", "پاسخ", "جواب")):
        return False  # a string search first: the phrase is nearly always an attribution
    before = tokenize(text, max(start, at - 80), at)[-_ANSWER_REACH:]
    for token in reversed(before):
        if token.text in _CLAUSE_MARKS:
            return False
        if name_key(token.text.split("\u200c")[0]) in _ANSWERS:
            return True
    return False


def _this_document(text: str, sentence: Region) -> list[Attribution]:
    """«بر اساس این گزارش، …»: the source is the document named before, a demonstrative that
    the speakers resolve to the source that gave it."""
    out = []
    for m in lexicon.this_document_regex().finditer(text, sentence.start, sentence.end):
        if m.group("bare") is not None and text[sentence.start : m.start()].strip():
            continue  # no comma: only at the sentence's start («X بر اساس این گزارش اقدام کرد»)
        end = m.end("doc")
        if m.group("which") is not None:
            last = tokenize(text, m.start("which"), m.end("which"))[-1]
            tail = last.text.split("\u200c")[-1]  # «تهیه‌شده» as hazm joins it
            if name_key(last.text) not in lexicon.verbs() and not light_verb(tail):
                continue  # the «که» clause goes on past the comma: where it ends is unknown
            end = m.end("which")
        doc = Span(m.group("doc"), m.start("doc"), m.end("doc"))
        out.append(Attribution(m.start(), end, "source", doc, m.group("how")))
    return out


def _without_outlet_told(words: list[Token]) -> list[Token]:
    """«به گفته چندین منبع به سی‌ان‌ان»: the sources, not the outlet they spoke to."""
    for k in range(1, len(words) - 1):
        if name_key(words[k].text) == _TO and is_outlet(" ".join(w.text for w in words[k + 1 :])):
            return words[:k]
    return words


def source_role(text: str, a: Attribution, after: tuple[int, int]) -> bool:
    """What follows the source's comma is its role alone, to the sentence's end («…؛ به گفته
    هانگ کائو، سرپرست وزارت نیروی دریایی آمریکا.»), not the words it reports."""
    words = [t for t in tokenize(text, *after) if t.text[0].isalnum()]
    return bool(words) and lexicon.is_title(words[0].text) and _short_verbless(words)


def _short_verbless(words: list[Token]) -> bool:
    """A few words with no verb among them: a name or a role, not a clause."""
    verbs = lexicon.verbs()
    return len(words) <= _MAX_NESTED_WORDS and not any(name_key(w.text) in verbs for w in words)


def _separator(text: str, start: int, stop: int) -> int:
    """The first «،», «؛» or colon in ``text[start:stop]`` (where a source ends), or -1."""
    found = [i for i in (text.find(mark, start, stop) for mark in "،؛:") if i >= 0]
    return min(found) if found else -1


_OUTLET_THEN = 4  # words before the comma past which an outlet's name is followed by a clause


def _leading(words: list[Token], names: Callable[[str], bool], most: int) -> int:
    """How many leading words (``most`` at the most, longest first) ``names`` accepts, or 0."""
    for n in range(min(len(words), most), 0, -1):
        if names(" ".join(w.text for w in words[:n])):
            return n
    return 0


def _publisher_words(words: list[Token]) -> list[Token]:
    """The leading words that name the publisher or a news outlet («به گزارش گاردین ترامپ
    …»: «گاردین», where no comma ends the source), or none."""
    return words[: _leading(words, _publisher_or_outlet, 4)]


def _publisher_or_outlet(said: str) -> bool:
    return name_key(said) in lexicon.publishers() or is_outlet(said)


def _outlet_then_clause(words: list[Token]) -> list[Token]:
    """An outlet's name and then, before the comma, a clause of its report («به گزارش گاردین
    ترامپ برای هر اقدامی …، ناگزیر خواهد شد …»): the outlet is the source, the clause its
    words. Not a place or a setting after it («به گزارش خبرگزاری فارس از قزوین، …»)."""
    if len(words) <= _OUTLET_THEN:
        return []
    n = _leading(words, is_outlet, 3)
    if not n or name_key(words[n].text) in lexicon.stop_words():
        return []
    return words[:n]


def _starts_name(word: Token) -> bool:
    """A guillemet, an honorific or a given name: where a person's name begins."""
    key = name_key(word.text)
    return word.text == "«" or key in lexicon.honorifics() or key in lexicon.given_names()


def _opens_unnamed(words: list[Token], n: int) -> bool:
    """«یک دیپلمات»، «یک مقام»: «یک» and a role or an unnamed source's word, where the speaker
    begins after the source («به گزارش رویترز یک دیپلمات اروپایی گفت»); not «یک انفجار»."""
    if name_key(words[n].text) != _ONE or n + 1 >= len(words):
        return False
    pair = name_key(f"{words[n].text} {words[n + 1].text}")
    return lexicon.is_title(words[n + 1].text) or any(
        pair.startswith(a) for a in lexicon.anonymous_phrases() if a.startswith(_ONE)
    )


_ONE = name_key("یک")


def _source_before_name(words: list[Token]) -> list[Token]:
    """A source of at most four words, ended by the guillemet or title of a person's name."""
    for n, word in enumerate(words[:5]):
        if n and (_starts_name(word) or _opens_unnamed(words, n)):
            return [w for w in words[:n] if w.text[0].isalnum()]
    return []


def _pronoun(words: list[Token]) -> list[Token]:
    """«به گفته او «…»»، «به گفته وی در …»: a pronoun is the whole source, comma or not."""
    return words[:1] if words and name_key(words[0].text) in lexicon.pronouns() else []


def _place_after_publisher(text: str, start: int, stop: int) -> int:
    """«… فارس از قزوین دکتر …»: the place runs to the first honorific or given name."""
    words = tokenize(text, start, stop)
    if not words or name_key(words[0].text) != name_key("از"):
        return start
    for word in words[1:5]:
        if _starts_name(word):
            return word.start - 1
    return start


def after_boilerplate(text: str, source: Span, comma: int) -> int:
    """Where the sentence goes on after «به گزارش <publisher> …».

    Usually after the comma; but «به گزارش خبرگزاری فارس از قزوین سید مسعود نبوی‌فر، …» has no
    comma after the place, and the subject starts at its honorific, given name or guillemet.
    """
    for word in tokenize(text, source.start, source.end)[1:]:
        if _starts_name(word):
            return word.start
    return comma


def is_publisher(source: Span) -> bool:
    key = name_key(source.text)
    return any(key.startswith(p) for p in lexicon.publishers())


def source_phrase(text: str, a: Attribution) -> Phrase:
    subject = classify(text, tokenize(text, a.source.start, a.source.end))
    if a.role == "via" and subject.ref == "name":
        # «به گزارش X»/«به نقل از X» with a bare name: an outlet, not a person.
        return Phrase(subject.span, "organization", subject.name)
    return subject


def nests(text: str, clause_start: int, a: Attribution, cues: Sequence[Cue], end: int) -> bool:
    """«X به نقل از Y گزارش داد»: a subject before the phrase, and a source that runs to the
    verb (no comma after it, as in «به گزارش فارس به نقل از Y، Z گفت»), or that is set off by
    commas right before it («روزنامه X، به نقل از چند مقام، گزارش داد»); ``cues`` are the
    sentence's, which ends at ``end``."""
    first = first_tokens(text, clause_start, a.start, 1)
    if not first or not first[0].text[0].isalnum():
        return False
    if not text.startswith(("،", "؛"), a.source_end):
        return True
    if not text[clause_start : a.start].rstrip().endswith("،"):
        return False
    verb = next((c.start for c in cues if c.start > a.start), end)
    return not text[a.source_end + 1 : verb].strip()


def heads_line(text: str, sentence: Region, a: Attribution) -> bool:
    """«روزنامه X به نقل از دو مقام» ending the line: a short subject right before the phrase,
    not the words of «…، به گزارش X.» (content, then a comma); or the phrase alone on its
    line («- طبق گفته چند منبع آمریکایی؛»), the words under it."""
    lead = first_tokens(text, sentence.start, a.start, _MAX_HEAD + 1)
    if not any(t.text[0].isalnum() for t in lead):  # a source alone, not a clause
        words = [t for t in tokenize(text, a.source.start, a.source.end) if t.text[0].isalnum()]
        return _short_verbless(words)
    return len(lead) <= _MAX_HEAD and lead[-1].text[0].isalnum()


def opens_sentence(text: str, a: Attribution) -> bool:
    """«به گفته X، Y گفت …»: a source phrase set off by a comma attributes all that follows,
    the other cue included (two events)."""
    return a.role == "source" and text.startswith(("،", "؛"), a.source_end)
