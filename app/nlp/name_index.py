"""Dictionary indexes from names and role phrases to the entities that hold them.

The resolver asks, for every quote, which known entity a name or a role phrase refers to: the
latest entity one of whose names ends with the other name («اسد» and «بشار اسد»), or one of whose
role phrases begins the other («رهبر معظم» and «رهبر معظم ایران»). Comparing with every entity
made an article of thousands of speakers quadratic; here each possible word sequence is a key,
and each key keeps its entities in a heap, latest first.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.lexicon import given_names, organizations, outlet_kinds, titles

_YEH_SUFFIX = name_key("ای")

Words = tuple[str, ...]


@lru_cache(maxsize=65536)
def words(name: str) -> Words:
    """Name parts, split at spaces and ZWNJ («چشمه‌سری» = «چشمه سری»), without a final «‌ای»
    («خامنه‌ای» = «آقای خامنه»)."""
    parts = [name_key(w) for w in re.split(r"[\s\u200c]+", name) if w]
    if len(parts) > 1 and parts[-1] == _YEH_SUFFIX:
        parts.pop()
    return tuple(parts)


class _Heaps:
    """Entity orders by key, each heap's top the latest; dropped entities are skipped lazily."""

    def __init__(self) -> None:
        self._heaps: dict[object, list[int]] = {}

    def add(self, key: object, order: int) -> None:
        heapq.heappush(self._heaps.setdefault(key, []), -order)

    def latest(self, key: object, live: Callable[[int], bool]) -> int:
        """The latest live order under ``key``, or -1."""
        heap = self._heaps.get(key)
        while heap:
            if live(-heap[0]):
                return -heap[0]
            heapq.heappop(heap)
        return -1


class WordIndex:
    """Entity orders by the words of their names (``tails``) or role phrases (``heads``)."""

    def __init__(self, tails: bool) -> None:
        self._tails = tails
        self._whole = _Heaps()  # the whole word sequence of a value
        self._parts = _Heaps()  # every tail (or head) of a value, the whole included

    def _part(self, seq: Words, n: int) -> Words:
        return seq[len(seq) - n :] if self._tails else seq[:n]

    def add(self, kind: str, value: str, order: int) -> None:
        seq = words(value)
        self._whole.add((kind, seq), order)
        for n in range(0 if not self._tails else 1, len(seq) + 1):
            self._parts.add((kind, self._part(seq, n)), order)

    def latest(self, kind: str, value: str, live: Callable[[int], bool]) -> int:
        """The latest live entity holding a value that ends (or begins) with ``value``, or that
        ``value`` ends (or begins) with; -1 when there is none."""
        seq = words(value)
        if self._tails and not seq:
            return -1  # an empty name matches nothing
        found = [self._parts.latest((kind, seq), live)]
        lengths: Iterable[int] = range(1 if self._tails else 0, len(seq))
        found += (self._whole.latest((kind, self._part(seq, n)), live) for n in lengths)
        return max(found)


_LINK_WORD_MAX = 100  # the column's width; a longer "word" is no name to link by
_FULL_NAME_MAX = 4  # words of a full name to link by; longer phrases are institutions or junk


def link_words(name: str) -> tuple[str | None, str | None, str | None]:
    """``(first, last, alone)``: the words by which names link across articles.

    A name of two or more words offers its last word (a surname) and its first unless that is a
    given name («برانکو» of «برانکو ایوانکوویچ» names him; «علی» of «علی دایی» names no one); a
    name of one word is ``alone``, to be looked up among them. A word is what spaces set apart:
    «قلعه‌نویی» is one word, alone, and the last word of «امیر قلعه‌نویی».

    A name holding a word no person's name holds offers nothing: a place («امیر قطر», «امیر
    قلعه‌نویی ایران»), an outlet («باراک راوید اکسیوس»), a stop word or a verb («مارک گورمن از
    بلومبرگ»), a noun of speech or for a person, a digit; and a place or an outlet alone
    («ایران», «اکسیوس») stands for no person's full name.
    """
    seq = _spaced(name)
    if not seq or any(len(w) > _LINK_WORD_MAX for w in seq):
        return None, None, None
    if len(seq) == 1:
        # an outlet's word alone still finds the outlet: no person's name offers it
        return None, None, None if seq[0] in _no_surnames() else outlet_spelling(seq[0])
    if len(seq) > _FULL_NAME_MAX or not _a_persons(name, seq):
        # «راه‌آهن جمهوری اسلامی ایران», «وزیر ورزش مسعود سلطانی‌فر»: not a person's name alone
        return None, None, None
    seq = _spaced(without_descent(name))
    first = seq[0] if seq[0] not in given_names() else None
    return first, seq[-1], None


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """Each folded spelling of an outlet's own name (``data/outlets.txt``, spellings of one
    outlet on one line, separated by « = ») to its first spelling's key."""
    out: dict[str, str] = {}
    for line in lexicon.lines("outlets.txt"):
        keys = [name_key(n) for n in line.split("=")]
        out.update({k: keys[0] for k in keys})
    return out


@lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    """News outlets' own names, folded: «رویترز», «اکسیوس»."""
    return frozenset(_spellings())


def is_outlet(name: str) -> bool:
    """``name`` is, whole, a news outlet's own name («نیویورک تایمز», «رویترز»): a medium that
    speaks, even where the rules read its words as a person's name."""
    return name_key(name) in _outlets()


def outlet_spelling(key: str) -> str:
    """The key of an outlet's first spelling for another («آکسیوس» → «اکسیوس»); ``key``
    itself when it is no outlet's."""
    return _spellings().get(key, key)


@lru_cache(maxsize=1)
def _no_surnames() -> frozenset[str]:
    """Places that are no one's surname (``data/places.txt`` and the one-word countries of
    ``data/place_names.txt``), folded."""
    listed = {name_key(n) for n in lexicon.lines("places.txt")}
    return frozenset(
        listed | {name_key(n) for ns in lexicon.place_names() for n in ns if " " not in n}
    )


# The last word of many outlets' names («اسکان نیوز»، «فارس پلاس»): a medium, never a person.
_OUTLET_ENDINGS = frozenset(name_key(w) for w in ("نیوز", "تایمز", "پرس", "پلاس", "تی‌وی", "نت"))


def no_person(name: str) -> bool:
    """``name`` is a country's, a city's or an outlet's («روسیه», «الحدث», «کانال ۱۴
    اسرائیل»): a state or a medium speaking, never the person a role names («سخنگوی ارتش»
    after «روسیه اعلام کرد», «سفیر چین:» after «الحدث:» are someone else)."""
    seq = _spaced(name)
    if len(seq) == 1 or name_key(name) in _outlets():  # «وال استریت ژورنال» too
        return name_key(name) in _no_surnames() or name_key(name) in _outlets()
    return (
        any(w in outlet_kinds() or w in _outlets() for w in seq)
        or seq[-1] in _OUTLET_ENDINGS
        or any(ch.isdigit() for ch in name)
    )


def own_name_of_no_person(name: str) -> bool:
    """``name`` is, whole, a country's, a city's or an outlet's own name («ایران», «رویترز»,
    «وال‌استریت ژورنال», «کره شمالی»): unlike :func:`no_person`, not a role held at one («رئیس
    قوه‌قضائیه», «خبرنگار فاکس‌نیوز» are people)."""
    one_word = len(_spaced(name)) == 1
    return (
        is_outlet(name)
        or (one_word and name_key(name) in _no_surnames())
        or words(name) in _places()
    )


def _spaced(name: str) -> Words:
    """The folded words of ``name`` between spaces («قلعه‌نویی» one word), a final «ای» written
    apart joined to the word before it («خامنه ای» is «خامنه‌ای»)."""
    parts = [name_key(w) for w in name.split() if name_key(w)]
    if len(parts) > 1 and parts[-1] == _YEH_SUFFIX:
        parts[-2:] = [parts[-2] + parts[-1]]
    return tuple(parts)


def _a_persons(name: str, seq: Words) -> bool:
    """No word of ``name`` is one a person's name never holds."""
    if any(ch.isdigit() for ch in name):
        return False
    parts = words(name)
    never = (
        organizations(), titles(), outlet_kinds(), lexicon.stop_words(), lexicon.verbs(),
        lexicon.non_names(), lexicon.speech_nouns(), lexicon.person_nouns(),
    )  # fmt: skip
    if any(w in bad for bad in never for w in (*parts, *seq)):
        return False
    return not any(w in _no_surnames() or w in _outlets() for w in (*parts, *seq))


def outlet_word(name: str) -> str | None:
    """The one word of an outlet's name after its kind («رویترز» of «خبرگزاری رویترز»): the word
    alone names the outlet too; not a country's name."""
    seq = _spaced(name)  # «شبکه سی‌ان‌ان»: «سی‌ان‌ان» is one word
    if len(seq) == 2 and seq[0] in outlet_kinds() and seq[1] not in organizations():
        # «روزنامه ایران» is not Iran; «روزنامه آمریکایی» names no outlet
        if seq[1:] in _places() or seq[1] in _adjectives():
            return None
        return outlet_spelling(seq[1])
    return None


_NEWS = name_key("خبری")  # «شبکه خبری الجزیره»: part of the kind
_OUTLET_PARTS = 2  # words of an outlet's own name after its kind («وال‌استریت ژورنال»)


def outlet_key(name: str) -> str | None:
    """The key of an outlet's own name, its kind set aside: «شبکه الجزیره», «شبکه خبری
    الجزیره» and «الجزیره» are one outlet, «روزنامه نیویورک‌تایمز» and «نیویورک‌تایمز» too,
    so they are one speaker wherever written. None when ``name`` does not open with a kind,
    or what follows is a country («روزنامه ایران» is not Iran) or an institution."""
    parts = name.split()
    if len(parts) < 2 or name_key(parts[0]) not in outlet_kinds():
        return None
    rest = parts[1:]
    # «شبکه خبری الجزیره», «وبگاه آمریکایی پولیتیکو», «رسانه انگلیسی رویترز»: what it is, not
    # which
    while len(rest) > 1 and (name_key(rest[0]) == _NEWS or name_key(rest[0]) in _adjectives()):
        rest = rest[1:]
    own = " ".join(rest)
    if name_key(own) in _spellings():
        return outlet_spelling(name_key(own))  # «خبرگزاری صداوسیما»: a listed outlet's own name
    if len(rest) > _OUTLET_PARTS or any(name_key(w) in organizations() for w in rest):
        return None
    if words(own) in _places() or (len(rest) == 1 and name_key(own) in _adjectives()):
        return None
    return outlet_spelling(name_key(own))


@lru_cache(maxsize=1)
def _places() -> frozenset[Words]:
    from app.nlp.lexicon import place_names

    return frozenset(words(n) for names in place_names() for n in names)


# Words after an outlet's kind that say what it is, not which: «روزنامه آمریکایی», «شبکه عبری»
_GENERIC = ("خبری", "عبری", "عربی", "غربی", "وابسته", "محلی", "دولتی", "رسمی", "معتبر", "روسی")


_ENDS = ("ی", "یی", "\u200cای")


@lru_cache(maxsize=1)
def _adjectives() -> frozenset[str]:
    """A country's adjective («آمریکایی», «انگلیسی», «اسرائیلی») and the generic words above."""
    from app.nlp.lexicon import place_names

    found = {name_key(n + end) for names in place_names() for n in names for end in _ENDS}
    # «سوریه», «ترکیه»: «سوری», «ترکی» as well as «سوریه‌ای»
    found |= {name_key(n[:-1]) for names in place_names() for n in names if n.endswith("یه")}
    return frozenset(found | {name_key(w) for w in _GENERIC})


def speaker_key(name: str, kind: str) -> str:
    """A speaker's key: its folded name; an outlet's own name, its kind set aside («شبکه
    الجزیره», «شبکه خبری الجزیره» and «الجزیره» are one key, and one speaker id), under its
    first spelling."""
    if kind == "organization" and (own := outlet_key(name)):
        return own
    if kind == "person":
        name = without_descent(name)
    key = name_key(name)
    # «آکسیوس» and «اکسیوس»: one outlet under two spellings; a listed spelling of several
    # words too («صداوسیمای جمهوری اسلامی» is «صداوسیما»)
    return outlet_spelling(key) if " " not in name.strip() or key in _spellings() else key


_DESCENT = tuple(sorted((name_key("سیده"), name_key("سید")), key=len, reverse=True))


def without_descent(name: str) -> str:
    """A person's name without «سید» or «سیده» before a given name, glued or apart: «سیدعباس
    عراقچی» and «سید عباس عراقچی» are «عباس عراقچی», the title of descent that some write and
    some leave out. A surname that starts so («سیدحسینی») and a name of one word stay."""
    parts = name.split()
    if len(parts) < 2:
        return name
    first = name_key(parts[0])
    if first in _DESCENT and name_key(parts[1]) in given_names() and len(parts) > 2:
        return " ".join(parts[1:])
    for title in _DESCENT:
        rest = first[len(title) :]
        if first.startswith(title) and rest in given_names():
            return " ".join([parts[0][len(parts[0]) - _tail(parts[0], rest) :], *parts[1:]])
    return name


def _tail(word: str, key: str) -> int:
    """How many characters at the end of ``word`` fold to ``key``."""
    for n in range(1, len(word) + 1):
        if name_key(word[-n:]) == key:
            return n
    return len(word)
