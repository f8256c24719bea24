"""What a single word says about a speaker phrase: an ordinal or a number opens a setting, not
a subject; a stop word glued to a name by a ZWNJ («گاوی‌قبل») is not part of it; a noun of
speech before a name («آرزوی ترامپ») is the named one's speech; some words never end a name.
``phrases`` reads noun phrases with these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import Token

_ORDINAL = re.compile(
    "(?:[0-9۰-۹]+|یک|دو|سو|چهار|پنج|شش|هفت|هشت|نه|ده|یازده|دوازده|سیزده|چهارده|پانزده"
    "|شانزده|هفده|هجده|هیجده|نوزده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|هزار|چند)"
    "[‌ ]?مین$"
)

_AND = name_key("و")
# «نمی‌دانم»، «می‌دانید»، «می‌گوییم»: a verb's negative present, or its first or second person
_SPEAKING = re.compile(r"نمی\u200c|می\u200c\w+(?:م|ید)$")


def can_be_subject(word: Token) -> bool:
    """Ordinals and numbers («چهارمین هفته …»، «بیست‌ویکمین») open a setting, not a subject;
    a name that ends the same way («رامین»، «امین») does not; nor does a listed verb, a negative
    present or a first or second person («حالا نمی‌دانم بیرون چه می‌گویند»: the subject is
    left out). Not any «می‌» word: the normalizer writes «میدری» and «میناوند» so too."""
    return not (
        word.text[0].isdigit()
        or _ORDINAL.search(name_key(word.text))
        or name_key(word.text) in lexicon.verbs()
        or _SPEAKING.match(word.text)
    )


_NUMBERS = frozenset(
    name_key(w)
    for w in ("یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "چند", "چندین")
)
_TIME_UNITS = frozenset(
    name_key(w) for w in ("ثانیه", "دقیقه", "ساعت", "روز", "شب", "هفته", "ماه", "سال", "قرن")
)


def a_time(words: Sequence[Token]) -> bool:
    """«سه ساعت قبل از دیدارشان، …»، «چند روز پیش»، «۲ روز پیش»: a span of time opens a
    setting."""
    return (
        len(words) > 1
        and (words[0].text.isdigit() or name_key(words[0].text) in _NUMBERS)
        and name_key(words[1].text) in _TIME_UNITS
    )


def unglued(word: Token) -> Token | None:
    """The name in a word that ends with a stop word glued by a ZWNJ («گاوی‌قبل»), else None;
    a short ending is a suffix («خامنه‌ای», «دایی‌ها»), not a word."""
    head, zwnj, tail = word.text.rpartition("\u200c")
    if not zwnj or not head or len(tail) < 3 or name_key(tail) not in lexicon.stop_words():
        return None
    return Token(head, word.start, word.start + len(head))


# Words of a message's form or tone after its noun («پیام جدید»، «ادعای عجیب»), not a name.
FORMS = frozenset(
    name_key(w)
    for w in (
        "جدید", "تازه", "اخیر", "کامل", "ماشینی", "ویدیویی", "ویدئویی", "تصویری", "صوتی",
        "تلویزیونی", "مکتوب", "اینستاگرامی", "توییتری", "مهم",
        # and its tone: «هشدار جدی یک اقتصاددان:»، «ادعای عجیب X:»
        "جدی", "تند", "عجیب", "جنجالی", "صریح", "شدید", "تلخ", "جالب", "معنادار", "بی‌سابقه",
        "واهی", "تکراری", "بی‌اساس", "دروغین", "مضحک",
    )
)  # fmt: skip


def a_form(word: str) -> bool:
    """A word of ``FORMS``, also with the indefinite ending («تازه‌ای»، «جدیدی»)."""
    key = name_key(word)
    return any(key.removesuffix(end) in FORMS for end in ("", "\u200cای", "ای", "ی"))


def speech_lead(core: list[Token]) -> int:
    """How many words at the front of ``core`` are a noun of speech: one, or two when it is
    written apart («حقیقت یاب» for «حقیقت‌یاب»), and the words of its form after it, with a
    word left after them; else 0."""
    nouns = lexicon.speech_nouns()
    keys = [name_key(t.text) for t in core]
    if keys[0] in nouns:
        n = 1
    elif len(core) > 2 and keys[0] + keys[1] in nouns:
        n = 2
    else:
        return 0
    # «مصاحبه جدید X»، «توضیحات و عذرخواهی X»: its form, or a second noun after «و»
    while n < len(keys) - 1 and keys[n] in FORMS:
        n += 1
    if n < len(keys) - 2 and keys[n] == _AND and keys[n + 1] in nouns:
        n += 2
    return n


def not_a_name(word: Token) -> bool:
    """A word a name does not end with («حرفهایش»); a number may («وبگاه عربی ۲۱»)."""
    return name_key(word.text) in lexicon.non_names()
