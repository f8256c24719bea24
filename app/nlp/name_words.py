"""What a single word says about a speaker phrase: an ordinal or a number opens a setting, not
a subject; a stop word glued to a name by a ZWNJ («گاوی‌قبل») is not part of it; a noun of
speech before a name («آرزوی ترامپ») is the named one's speech; some words never end a name.
``phrases`` reads noun phrases with these.
"""

from __future__ import annotations

import re

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import Token

_ORDINAL = re.compile(
    "(?:[0-9۰-۹]+|یک|دو|سو|چهار|پنج|شش|هفت|هشت|نه|ده|یازده|دوازده|سیزده|چهارده|پانزده"
    "|شانزده|هفده|هجده|هیجده|نوزده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|هزار|چند)"
    "[‌ ]?مین$"
)


def can_be_subject(word: Token) -> bool:
    """Ordinals and numbers («چهارمین هفته …»، «بیست‌ویکمین») open a setting, not a subject;
    a name that ends the same way («رامین»، «امین») does not."""
    return not (word.text[0].isdigit() or _ORDINAL.search(name_key(word.text)))


def unglued(word: Token) -> Token | None:
    """The name in a word that ends with a stop word glued by a ZWNJ («گاوی‌قبل»), else None;
    a short ending is a suffix («خامنه‌ای», «دایی‌ها»), not a word."""
    head, zwnj, tail = word.text.rpartition("\u200c")
    if not zwnj or not head or len(tail) < 3 or name_key(tail) not in lexicon.stop_words():
        return None
    return Token(head, word.start, word.start + len(head))


def speech_lead(core: list[Token]) -> int:
    """How many words at the front of ``core`` are a noun of speech: one, or two when it is
    written apart («حقیقت یاب» for «حقیقت‌یاب»), with a word left after it; else 0."""
    if name_key(core[0].text) in lexicon.speech_nouns():
        return 1
    if len(core) > 2 and name_key(core[0].text) + name_key(core[1].text) in lexicon.speech_nouns():
        return 2
    return 0


def not_a_name(word: Token) -> bool:
    """A word a name does not end with («حرفهایش»); a number may («وبگاه عربی ۲۱»)."""
    return name_key(word.text) in lexicon.non_names()
