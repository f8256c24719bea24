"""The speaker-phrase grammar: what noun phrase before a reporting verb names the speaker.

Persian news puts the subject first and the setting between it and the verb: «رهبر معظم در دیدار
روز یکشنبه با وی، با اشاره به سلیمانی گفت». The subject is the first noun phrase of the clause
that is not itself a setting (a chunk opening with a preposition); it ends at the first stop word
(preposition, adverb, «که», «را»). Honorifics are dropped from the name; a role word (a title)
makes it a role phrase; a given name inside a role phrase starts the name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_words import a_time, not_a_name, speech_lead, unglued
from app.nlp.normalize import Token, tokenize
from app.nlp.phrase_words import (
    ATTACHED,
    COUNTED,
    DEMONSTRATIVES,
    TO_IN,
    a_verb,
    date_end,
    glued_to,
    joined,
    light_verb,
    object_follows,
    office_goes_on,
    one_of,
    posted,
    speech_object,
)
from app.nlp.phrase_words import token_key as _key
from app.nlp.records import Span

_PREPOSITION_WORDS = ("در", "با", "به", "از", "پس", "طی", "ضمن", "هنگام", "برای", "بر", "تا")
PREPOSITIONS = frozenset(
    name_key(w) for w in (*_PREPOSITION_WORDS, "بنابر", "براساس", "طبق", "باوجود", "علیرغم")
)
_SEPARATORS = frozenset("،;؛,")
_AND = name_key("و")
_MAX_PHRASE = 9
_NAME_WORDS = 4  # a name set off after a role, at most
# After «و» inside one name or role («امور حقوقی و بین‌المللی»), never a second subject.
# Nouns whose object follows «از», inside an organisation's name («انجمن حمایت از …»).
_FROM = name_key("از")
_IN = name_key("در")
# Labels of two parts joined by «و»: «عضو کمیسیون صنایع و معادن:»، «صندوق حمایت از X و Y:».
TWO_PARTS = ("title", "anonymous", "organization")
_NOT_MARKS = frozenset("«،؛;,:.!?؟()")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A speaker phrase: its words as written, and what kind of reference it is."""

    span: Span
    ref: str  # name | title | pronoun | anaphor | organization | anonymous | nobody
    name: str | None = None  # the name without honorifics or role words
    title: str | None = None  # the role phrase, when there is one
    appositive: str | None = None  # a role phrase set off by commas after the name

    @property
    def is_named(self) -> bool:
        return self.name is not None


def _end(text: str, tokens: list[Token]) -> int:
    """The phrase's end, past the » that closes a « opened inside it («روزنامه «اعتماد»»): a
    name marked with guillemets is whole with both marks, never cut after its last word."""
    start, end = tokens[0].start, tokens[-1].end
    if (
        end < len(text)
        and text[end] == "»"
        and text.count("«", start, end) > text.count("»", start, end)
    ):
        return end + 1
    return end


def _span(text: str, tokens: list[Token]) -> Span:
    end = _end(text, tokens)
    return Span(text[tokens[0].start : end], tokens[0].start, end)


def _join(text: str, tokens: list[Token]) -> str:
    return text[tokens[0].start : _end(text, tokens)]


def skip_connectives(tokens: Sequence[Token], lo: int, hi: int) -> int:
    """Skip «با این حال»، «همچنین»، «و» … at the front of ``tokens[lo:hi]``: the subject
    comes after them. An index, not a copy: the clause may be as long as the paragraph."""
    by_first = lexicon.connectives()
    stripped = True
    while stripped and lo < hi:
        stripped = False
        for phrase in by_first.get(_key(tokens[lo]), ()):
            n = len(phrase)
            if lo + n <= hi and all(_key(tokens[lo + i]) == phrase[i] for i in range(1, n)):
                lo += n
                stripped = True
                break
    return lo


def noun_phrase(tokens: Sequence[Token], lo: int, hi: int) -> list[Token]:
    """The leading noun phrase of the chunk ``tokens[lo:hi]``: words up to a stop word or
    punctuation. It reads from ``lo`` and stops there, however long the chunk."""
    stops = lexicon.stop_words()
    phrase: list[Token] = []
    joins = 0
    i = skip_connectives(tokens, lo, hi)
    while i < hi and _is_mark(tokens[i].text):
        i += 1  # «+ترامپ …»، «» و X نیز گفت»: a sign or a closing mark before the subject
    while i < hi:
        tok = tokens[i]
        if tok.text == "«" and _short_quote(tokens, i, hi):
            # «محمد ابراهیم شریعتی»، برنامه «صبح بخیر»: news marks names with guillemets, and
            # a name's words are its own, even a time word's
            close = next(j for j in range(i + 1, hi) if tokens[j].text == "»")
            phrase += (t for t in tokens[i + 1 : close] if t.text[0].isalnum())
            i = close + 1
            continue
        if tok.text == "»" and phrase:
            i += 1
            continue
        key = _key(tok)
        if key == _AND and phrase and i + 1 < hi and joined(phrase[-1], tokens[i + 1]):
            phrase += tokens[i : i + 2]  # «مطالعات راهبردی و بین‌الملل»: one name, no second
            i += 2
            continue
        if key == _AND and i + 1 < hi and office_goes_on(phrase, tokens[i + 1]):
            phrase += tokens[i : i + 2]  # «وزیر آموزش و پرورش»، «رئیس سازمان مدیریت و برنامه‌ریزی»
            i, joins = i + 2, joins + 1  # an office's «و» does not count as a word
            continue
        if key == _IN and i + 1 < hi and posted(phrase, tokens[i + 1]):
            phrase.append(tok)  # «یک منبع در نیروهای یونیفیل», «سفیر آمریکا در اسرائیل»
            i += 1
            continue
        if key == _FROM and i + 1 < hi and (object_follows(phrase) or one_of(phrase)):
            phrase.append(tok)  # «دفتر حفاظت از منافع X»
            i += 1
            continue
        if not tok.text[0].isalnum() or key in stops or len(phrase) >= _MAX_PHRASE + joins:
            break
        if phrase and (date_end(tokens, i, hi) > i or a_time(tokens[i : i + 2])):
            break  # «خامنه‌ای ۶ اسفند ۱۳۹۷ در دیدار با …»، «X ۲ روز پیش»: a time, then the rest
        this = key in DEMONSTRATIVES and not (phrase and _key(phrase[-1]) == _FROM)
        if phrase and (this or a_verb(tok) or glued_to(tok)):
            break  # «X این موضوع را …», «X بسیار عصبانی شد و گفت», «X به‌مناسبت …»; not
            # «یکی از این مقام‌ها»
        if phrase and speech_object(phrase, key):
            break  # «قطر ادعای ایران را تکذیب کرد»: the subject, then the speech it answers
        if phrase and key in ATTACHED and i + 1 < hi and _key(tokens[i + 1]) in TO_IN:
            break  # «خبرگزاری فارس وابسته به سپاه»، «خبرنگار X مستقر در Y»: X, then what it is
        phrase.append(tok)
        if key in lexicon.pronouns():
            break
        i += 1
    if len(phrase) > 1 and i < hi and light_verb(tokens[i].text):
        phrase.pop()  # «خاویر ماسکرانو تأکید کرد»: the verb's noun, not the name's last word
    return phrase


def _is_mark(word: str) -> bool:
    return not word[0].isalnum() and word not in _NOT_MARKS


def _short_quote(tokens: Sequence[Token], i: int, hi: int) -> bool:
    """A « that closes within a few words marks a name or a title, not speech."""
    return any(t.text == "»" for t in tokens[i + 1 : min(i + 7, hi)])


def classify(text: str, words: list[Token]) -> Phrase:
    """What a noun phrase refers to, and the name and role phrase inside it."""
    span = _span(text, words)
    keys = [_key(t) for t in words]
    if keys[0] in lexicon.pronouns():
        return Phrase(span, "pronoun")
    if keys[0] in DEMONSTRATIVES:
        return Phrase(span, "anaphor", title=_join(text, words[1:]) if len(words) > 1 else None)
    joined = name_key(span.text)
    if any(joined.startswith(a) for a in lexicon.anonymous_phrases()):
        return Phrase(span, "anonymous", name=span.text)
    core = list(words)
    while len(core) > 1 and (lead := speech_lead(core)):
        del core[:lead]  # «آرزوی ترامپ», «پیشنهاد جی‌دی‌ونس»: the speech of the one named after it
    while core and _key(core[0]) in lexicon.honorifics():
        core.pop(0)
    honored = len(core) < len(words)
    if core and (cut := unglued(core[-1])) is not None:
        core[-1] = cut  # «گاوی‌قبل از بازی»: a time word glued to the name by a ZWNJ
    while core and not_a_name(core[-1]):
        core.pop()  # «محمد دایی حرفهایش»: the name ends before
    if len(core) > 2 and name_key(_join(text, core)) in lexicon.organization_names():
        return Phrase(span, "organization", name=_join(text, core))  # «صدا و سیما»
    if not core or _key(core[0]) in lexicon.non_names():
        return Phrase(span, "nobody")  # «گزارش», «آنطور»: a word that names no one
    core_keys = [_key(t) for t in core]
    if len(core) == 1 and core_keys[0] in COUNTED:
        return Phrase(span, "nobody")  # «یک», «دو» alone: a number, no one named
    if len(core) == 1 and core_keys[0] in lexicon.person_nouns():
        return Phrase(span, "anonymous", name=span.text)  # «مرد گفت»: someone unnamed
    if core_keys[0] in COUNTED and len(core) > 1 and lexicon.is_title(core[1].text):
        return Phrase(span, "anonymous", name=span.text)  # «یک فرمانده»، «دو دیپلمات»: unnamed
    if core_keys[0] in lexicon.organizations():
        return Phrase(span, "organization", name=_join(text, core))
    # «حجت‌الاسلام قهرمان احمدی»: after an honorific, a given name that is also a role word
    # («قهرمان») starts the name.
    given_first = honored and len(core) > 1 and core_keys[0] in lexicon.given_names()
    if lexicon.is_title(core[0].text) and not given_first:
        given = next(
            (i for i, k in enumerate(core_keys) if i > 0 and k in lexicon.given_names()), None
        )
        if given is None:
            return Phrase(span, "title", title=_join(text, core))
        if core_keys[given - 1] in lexicon.owner_nouns():
            # «سخنگوی دولت مسعود پزشکیان»: the spokesperson of his government, not him
            return Phrase(span, "title", title=_join(text, core[:given]))
        name_words = core[given:]
        return Phrase(span, "name", name=_join(text, name_words), title=_join(text, core[:given]))
    core = [*_unglued_title(core[0]), *core[1:]]
    title_at = next((i for i, w in enumerate(core) if i > 0 and lexicon.is_title(w.text)), None)
    if title_at is not None:
        return Phrase(
            span, "name", name=_join(text, core[:title_at]), title=_join(text, core[title_at:])
        )
    return Phrase(span, "name", name=_join(text, core))


def _unglued_title(word: Token) -> list[Token]:
    """«مهدی‌تاج‌رئیس‌فدراسیون‌فوتبال» as posted, a name and its role joined by ZWNJs: the
    parts as words, so that the role is read apart; a role word itself («نایب‌رئیس») is one."""
    parts = word.text.split("\u200c")
    if len(parts) < 3 or lexicon.is_title(word.text):
        return [word]
    at = next((i for i, p in enumerate(parts) if i > 0 and lexicon.is_title(p)), None)
    if at is None:
        return [word]
    out, start = [], word.start
    for part in parts:
        out.append(Token(part, start, start + len(part)))
        start += len(part) + 1
    return out


def name_after(text: str, tokens: Sequence[Token], chunk: range, hi: int) -> Phrase | None:
    """The piece after a role, when it is a name alone, of a few words («وزیر خارجه ترکیه،
    هاکان فیدان،»): the name of the one with that role, known or not to the name lists. Not
    an item of a list that goes on after it («نماینده مردم قائم‌شهر، سوادکوه، جویبار و …»)."""
    words = noun_phrase(tokens, chunk.start, chunk.stop)
    if not words or len(words) > _NAME_WORDS or words[-1].end != tokens[chunk.stop - 1].end:
        return None
    if chunk.stop + 1 < hi and tokens[chunk.stop].text in _SEPARATORS:
        more = noun_phrase(tokens, chunk.stop + 1, hi)
        after = chunk.stop + 1 + len(more)
        item = after == hi or tokens[after].text in _SEPARATORS or _key(tokens[after]) == _AND
        if more and more[0] is tokens[chunk.stop + 1] and item:
            return None  # another bare item after it: a list of places or teams
    first = _key(words[0])
    if words[0].start != tokens[chunk.start].start or lexicon.is_title(words[0].text):
        return None  # a connective or a «+» before it, or a second role
    if first in lexicon.text_label_words() or first in lexicon.speech_nouns():
        return None  # «پست X، ترجمه ماشین:»
    named = classify(text, words)
    return named if named.ref == "name" and named.title is None and named.name else None


def addressee(text: str, start: int, end: int, subject: Phrase | None) -> Span | None:
    """«به X گفت»: the words between «به» and the cue, when «به» follows the subject."""
    start = subject.span.end if subject else start
    if text.find("به", start, end) < 0:
        return None
    tokens = tokenize(text, start, end)
    tokens = tokens[skip_connectives(tokens, 0, len(tokens)) :]
    if len(tokens) < 2 or len(tokens) > 6 or _key(tokens[0]) != name_key("به"):
        return None
    rest = tokens[1:]
    if any(not t.text[0].isalnum() or _key(t) in lexicon.stop_words() for t in rest):
        return None
    return _span(text, rest)


_OUTLETS = frozenset(
    name_key(w)
    for w in ("شبکه", "رسانه", "کانال", "وزارتخانه", "نهاد", "دولت", "کشور", "گروه", "حزب", "ارتش")
)


def referent_kind(head: str) -> str | None:
    """The kind of speaker a demonstrative's head word names: «این خبرگزاری» an organisation,
    «این منبع» an anonymous source, «این مقام» a person."""
    if head in _OUTLETS or head in lexicon.organizations():
        return "organization"
    if any(head.startswith(a) for a in lexicon.anonymous_phrases() if " " not in a):
        return "anonymous"
    return "person" if head in lexicon.titles() else None
