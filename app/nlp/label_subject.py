"""The speaker a label «X:» names: a noun phrase that opens it, and after it nothing but a
setting («ترامپ در تروث سوشال:») or an appositive after a comma. Built on the speaker phrases
of :mod:`app.nlp.phrases`; :mod:`app.nlp.labels` decides where a label is.
"""

from __future__ import annotations

import re

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_words import can_be_subject
from app.nlp.normalize import Token, tokenize
from app.nlp.phrase_words import DEMONSTRATIVES, date_end, glued_to
from app.nlp.phrase_words import token_key as _key
from app.nlp.phrases import (
    PREPOSITIONS,
    TWO_PARTS,
    Phrase,
    classify,
    name_after,
    noun_phrase,
    skip_connectives,
)

_AND = name_key("و")
_PERSIAN = re.compile("[\u0600-\u06ff]")
_TRANSLATION = name_key("ترجمه")  # «پست ترامپ ترجمه ماشین:»: the post, translated


_WHEN = ("بعد", "قبل")  # «X بعد از بازی:»; but «فصل قبل:»، «یک دقیقه بعد:» end in them
_SPOKEN_IN = ("توی", "تو")  # «X تو نشست ناتو:»، as posts write «در»
_ABOUT = ("درباره", "دربارهٔ", "درمورد", "درخصوص", "خطاب", "پیرامون", "نزدیک")
_ATTACHED = ("وابسته", "مستقر", "منتسب")  # «خبرگزاری فارس وابسته به سپاه:»
_SETTING_HEADS = PREPOSITIONS | frozenset(
    name_key(w) for w in (*_ABOUT, *_SPOKEN_IN, *_WHEN, *_ATTACHED)
)


def opens_setting(word: str) -> bool:
    """A word that opens a setting after a speaker («در دیدار با …»، «درباره …»)."""
    return name_key(word) in _SETTING_HEADS


def _latin_line(words: list[Token]) -> bool:
    """Four or more words with no Persian letter («Who can see my phone number:»): a setting
    or a heading in another language, not a speaker («CNN:»، «Voice of Emirates:»)."""
    return len(words) > 3 and not any(_PERSIAN.search(w.text) for w in words)


def label_subject(text: str, start: int, end: int) -> Phrase | None:
    """The speaker of a label «X:» whose words are ``text[start:end]``, or None.

    A label names a speaker when a noun phrase opens it and nothing follows but a setting
    («ترامپ در تروث سوشال:») or an appositive after a comma («خبرگزاری جمهوری اسلامی، ایرنا:»).
    A label that goes on with an object or a verb («تصمیم نهایی گرفته شد:») is a clause, and
    one that is a pronoun or «این …» has no line of its own to refer to.
    """
    tokens = tokenize(text, start, end)
    lo = 0
    while lo < len(tokens) and not tokens[lo].text[0].isalnum():
        lo += 1  # an emoji or a «+» before the name
    lo = skip_connectives(tokens, lo, len(tokens))  # «دقایقی پیش ترامپ:»: a time, then the name
    words = noun_phrase(tokens, lo, len(tokens))
    if not words or not can_be_subject(words[0]) or _latin_line(words):
        return None
    rest = [t for t in tokens if t.start >= words[-1].end and t.text != "»"]
    rest = rest[date_end(rest, 0, len(rest)) :]  # «ترامپ ۲۵ بهمن ۱۴۰۴:»: a date is a setting
    if rest and _key(rest[0]) == _AND and classify(text, words).ref in TWO_PARTS:
        # «عضو کمیسیون صنایع و معادن مجلس:»، «مجری و فعال رسانه‌ای:»: a role of two parts
        more = noun_phrase(rest, 1, len(rest))  # right after «و»: not «و این روزها»
        if more and len(more) <= 4 and more[0] is rest[1] and _key(more[0]) not in DEMONSTRATIVES:
            words = [*words, rest[0], *more]
            rest = [t for t in rest if t.start >= words[-1].end]
    if rest:
        if (
            rest[0].text != "،"
            and _key(rest[0]) not in _SETTING_HEADS
            and _key(rest[0]) != _TRANSLATION
            and not glued_to(rest[0])
        ):
            return None
        if len(rest) == 1 and rest[0].text in _WHEN:
            return None
        if any(_key(t) == name_key("را") or _key(t) in lexicon.verbs() for t in rest):
            return None
    phrase = classify(text, words)
    if phrase.ref == "title" and rest and rest[0].text == "،":
        stop = next((k for k in range(1, len(rest)) if rest[k].text == "،"), len(rest))
        named = name_after(text, rest, range(1, stop), len(rest)) if stop > 1 else None
        if named is not None:  # «وزیر خارجه ترکیه، هاکان فیدان:»: the name, his role
            return Phrase(named.span, "name", named.name, phrase.title)
    return None if phrase.ref in ("pronoun", "anaphor") else phrase
