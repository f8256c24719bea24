"""The prefix of a label that says what kind of words follow, not who says them («ادعای
اکسیوس:»، «پیام ویدیویی X:»، «متن کامل بیانیه X:»، «بخشی از سخنان X:»): where the speaker
starts after it (``data/label_prefixes.txt``), for ``labels.find_label``; and where a label
starts after a slash that joins short news on one line («… شد/ X:»).
"""

from __future__ import annotations

import re

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_words import FORMS
from app.nlp.normalize import first_tokens

_FROM = name_key("از")


def after_prefix(text: str, colon: int) -> int:
    """Where the speaker starts after a prefix word (0: no prefix; -1: a prefix, no speaker);
    an adjective of the prefix before an organisation is skipped («بیانیه مشکوک باشگاه X:» is
    the club's), and so are words that say the message's form («پیام ویدیویی X:»، «توییت
    جدید X:») and a «متن»، «ترجمه» or «بخشی از» that wraps the prefix («متن کامل پیام X:»،
    «ترجمه پست X:»، «بخشی از سخنان X:»)."""
    first = first_tokens(text, 0, colon, 7)
    keys = [name_key(t.text) for t in first]
    if len(first) > 1 and _glued_prefix(first[0].text):
        return first[1].start  # «افشاگری‌عجیب X:»: a prefix and its adjective in one word
    at = 0
    if keys and keys[0] in _WRAPPERS:
        at = _skip_forms(keys, 2 if keys[1:2] == [_FROM] else 1)
    if len(first) < at + 2 or keys[at] not in lexicon.label_prefixes():
        # «بخشی از متن:»: a part of no one's words; a longer one may name its source
        return -1 if at and keys[0] in _PARTS and len(first) <= at + 1 else 0
    at = _skip_forms(keys, at + 1)
    if keys[at] in FORMS:
        return -1  # «پیام جدید:»: a message's form, and no one after it
    orgs = lexicon.organizations()
    adjective = keys[at] not in orgs and not lexicon.is_title(first[at].text)
    if len(first) > at + 1 and keys[at + 1] in orgs and adjective:
        return first[at + 1].start
    return first[at].start


_PARTS = frozenset(name_key(w) for w in ("بخشی", "بخش\u200cهایی"))
_WRAPPERS = _PARTS | frozenset(name_key(w) for w in ("متن", "ترجمه"))


def _glued_prefix(word: str) -> bool:
    """A prefix and a word of form or tone written as one word with a ZWNJ («افشاگری‌عجیب»)."""
    parts = word.split("\u200c")
    return (
        len(parts) == 2
        and name_key(parts[0]) in lexicon.label_prefixes()
        and (name_key(parts[1]) in FORMS)
    )


def _skip_forms(keys: list[str], at: int) -> int:
    """Past the words that say a message's form («ویدیویی»، «جدید»), keeping one word after."""
    while at < len(keys) - 1 and keys[at] in FORMS:
        at += 1
    return at


_SLASH = re.compile(r"(?<![\d/])/\s+(?![\d/])")


def after_slash(text: str, lead: int, reach: int) -> int:
    """Where a label starts after a slash that joins short news on one line («… شد/ باشگاه X:
    …»): the part before it is another item, its own clause, no speaker. A slash between
    figures (a date), or after fewer than three words («شماره کارت/شبا:», a field's name), is
    not one; a «|» after a kicker («خبر فوری | X:») is."""
    colon = text.find(":", lead, lead + reach)  # the label's colon, within its reach
    if colon < 0:
        return lead
    pipe = text.rfind("|", lead, colon)  # «خبر فوری | X:»: a kicker, however short, then X
    if pipe >= 0 and first_tokens(text, lead, pipe, 1):
        return pipe + 1
    found = None
    for m in _SLASH.finditer(text, lead, colon):
        found = m
    if found is None or len(first_tokens(text, lead, found.start(), 3)) < _SLASH_ITEM:
        return lead
    return found.end()


_SLASH_ITEM = 3  # words of the news item before the slash
