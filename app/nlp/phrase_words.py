"""Which word goes on a speaker phrase and which ends it, word by word.

``phrases.noun_phrase`` reads a subject's words up to a stop; these are the tests it asks of the
next word: a date, a verb, a light verb, «به» glued to its noun, a noun of speech that is the
verb's object end a phrase («خامنه‌ای ۶ اسفند ۱۳۹۷ در دیدار …»، «X تأکید کرد»، «X به‌مناسبت …»،
«قطر ادعای ایران را …»); «و» in an office, «در» after an envoy, a mission or an unnamed source,
«از» after «یکی»، «برخی» … or a body's noun go on with it («وزیر آموزش و پرورش»، «سفیر چین در
سازمان ملل»، «یکی از معاونان …»).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import Token

_IN = name_key("در")
_ONE = name_key("یکی")
_SOME_OF = frozenset(name_key(w) for w in ("یکی", "جمعی", "گروهی", "شماری", "تعدادی", "برخی"))
DEMONSTRATIVES = frozenset(name_key(w) for w in ("این", "آن", "همین", "همان"))

# «یه» is colloquial «یک»: «یه مقام نظامی آمریکا گفته».
COUNTED = frozenset(name_key(w) for w in ("یک", "یه", "دو", "سه", "چهار", "پنج", "چند", "چندین"))

_MONTHS = frozenset(
    name_key(w)
    for w in (
        *("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور"),
        *("مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"),
        *("ژانویه", "فوریه", "مارس", "آوریل", "مه", "می", "ژوئن", "ژوئیه", "ژوییه", "اوت"),
        *("سپتامبر", "اکتبر", "نوامبر", "دسامبر"),
    )
)

_WEEKDAYS = frozenset(
    name_key(w)
    for w in ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "پنج‌شنبه", "جمعه")
)

_PRESENT = ("می\u200c", "نمی\u200c")

_INSIDE = frozenset(name_key(w) for w in ("داخل", "خارج"))

_WHICH_SPEECH = frozenset(
    name_key(w) for w in ("اولین", "نخستین", "آخرین", "تازه\u200cترین", "جدیدترین")
)
_POSTS = frozenset(name_key(w) for w in ("پست", "پست\u200cهای"))  # «نیویورک پست»
# Envoys and missions, each named with the country or body it is posted to
_ENVOYS = frozenset(
    name_key(w)
    for w in (
        "سفیر", "کاردار", "کنسول", "سرکنسول", "نماینده",
        "سفارت", "سفارتخانه", "کنسولگری", "سرکنسولگری", "نمایندگی", "دفتر",
    )
)  # fmt: skip

_FROM_NOUNS = frozenset(name_key(w) for w in ("حفاظت", "حمایت", "پیشگیری"))

_AND_ADJECTIVES = frozenset(name_key(w) for w in ("بین\u200cالملل", "بین\u200cالمللی"))

_AND_PAIRS = frozenset((name_key(a), name_key(b)) for a, b in (("صدا", "سیما"),))

# Light verbs: the word before one is the verb's noun («مدعی شد»، «اعلام کرد»), not a phrase.
_LIGHT_VERBS = frozenset(
    name_key(w)
    for w in (
        *("شد", "شده", "کرد", "کرده", "داد", "داده", "است", "بود", "می‌کند"),
        *("شدند", "کردند", "دادند", "می‌کنند", "می‌دهد", "می‌دهند", "می‌شود", "می‌شوند"),
    )
)

ATTACHED = frozenset(name_key(w) for w in ("وابسته", "مستقر", "منتسب"))

TO_IN = frozenset(name_key(w) for w in ("به", "در"))


def date_end(tokens: Sequence[Token], i: int, hi: int) -> int:
    """Where a date that starts at ``tokens[i]`` ends («۶ اسفند ۱۳۹۷»، «جمعه ۱۹ تیر»), or ``i``
    when none does."""
    k = i + 1 if i < hi and token_key(tokens[i]) in _WEEKDAYS else i
    if not (k + 1 < hi and tokens[k].text.isdigit() and token_key(tokens[k + 1]) in _MONTHS):
        return i
    k += 2
    return k + 1 if k < hi and tokens[k].text.isdigit() else k


def light_verb(word: str) -> bool:
    """«کرد»، «شده»، «است»: a verb whose noun is the word before it («پیش‌بینی کرده»)."""
    return name_key(word) in _LIGHT_VERBS


def a_verb(tok: Token) -> bool:
    """A listed verb, or any word with the present prefix «می‌»/«نمی‌» («خبر می‌دهند»)."""
    return token_key(tok) in lexicon.verbs() or tok.text.startswith(_PRESENT)


def glued_to(tok: Token) -> bool:
    """«به‌مناسبت»، «به‌ان‌بی‌سی»: «به» joined to its noun by a ZWNJ begins a setting or an
    addressee, never a name's next word."""
    return tok.text.startswith("به\u200c")


def office_goes_on(phrase: list[Token], word: Token) -> bool:
    """«و» inside the name of a role's office: «وزیر راه و شهرسازی»، not a second person or
    place («وزیر خارجه و همتای روس او»، «وزیر خارجه ایران و عربستان»)."""
    if len(phrase) < 2 or not lexicon.is_title(phrase[0].text) or not word.text[0].isalpha():
        return False
    key = token_key(word)
    return not (
        lexicon.is_title(word.text)
        or key.startswith(lexicon.anonymous_phrases())
        or key == _ONE
        or key in lexicon.person_nouns()
        or key in lexicon.stop_words()
        or key in lexicon.verbs()
        or key in lexicon.pronouns()
        or key in DEMONSTRATIVES
        or key in lexicon.given_names()
        or key in lexicon.place_words()
        or key in COUNTED
    )


def joined(before: Token, after: Token) -> bool:
    """«X و Y» that is one name: «مطالعات راهبردی و بین‌الملل»، «صدا و سیما»."""
    pair = (token_key(before), token_key(after))
    nouns = lexicon.speech_nouns()  # «توضیحات و عذرخواهی X:»: two nouns of X's words
    both_speech = pair[0] in nouns and pair[1] in nouns
    return pair[1] in _AND_ADJECTIVES or pair in _AND_PAIRS or both_speech


def one_of(phrase: list[Token]) -> bool:
    """«یکی از معاونان نیروی بسیج»، «جمعی از اعضای مجلس خبرگان»: one or some of a body's
    people, named by the body."""
    return len(phrase) == 1 and token_key(phrase[0]) in _SOME_OF


def object_follows(phrase: list[Token]) -> bool:
    """An organisation's name so far ends in a noun whose object comes after «از»."""
    return (
        len(phrase) > 1
        and token_key(phrase[-1]) in _FROM_NOUNS
        and token_key(phrase[0]) in lexicon.organizations()
    )


def posted(phrase: list[Token], word: Token) -> bool:
    """«در» and what follows belong to the phrase: an unnamed source of an organisation, or an
    envoy or a mission and the country it is posted to («سفیر آمریکا در اسرائیل»، «سفارت ایران
    در اسپانیا», not «سفیر آمریکا در دیدار با …»)."""
    if not phrase or _IN in map(token_key, phrase):
        return False  # one «در» a phrase
    if token_key(phrase[0]) in _ENVOYS:  # «سفیر چین در سازمان ملل»: a body is a post too
        key = token_key(word)
        return key in lexicon.place_words() or key in lexicon.organizations()
    return _unnamed_member(phrase, word) or _media_of(phrase, word)


def _media_of(phrase: list[Token], word: Token) -> bool:
    """«چند رسانه در داخل کشور»، «رسانه‌ها در ایران»: unnamed outlets and where they are, one
    phrase; a name then «در» is a setting («رویترز در گزارشی»)."""
    head = token_key(phrase[-1]).removesuffix("\u200cها").removesuffix("ها")
    return head in lexicon.outlet_kinds() and (
        token_key(word) in lexicon.place_words() or token_key(word) in _INSIDE
    )


def _unnamed_member(phrase: list[Token], word: Token) -> bool:
    """«یک منبع» / «دو مقام ارشد» before «در» and an organisation's head word: the source is
    one of that organisation's («در گفت‌وگو با …», «در تهران» are settings, not bodies)."""
    said = "".join(token_key(t) for t in phrase)
    return (
        token_key(phrase[0]) in COUNTED
        and said.startswith(lexicon.anonymous_phrases())
        and (token_key(word) in lexicon.organizations())
    )


def token_key(token: Token) -> str:
    """A token's folded key: the one form every word list is compared in."""
    return name_key(token.text)


def speech_object(phrase: list[Token], key: str) -> bool:
    """A noun of speech after a name («بقایی ادعای واگذاری …»، «آلمان درخواست ترامپ را …»):
    the speech is the verb's object, not the name's next word; an office may hold one
    («رئیس شورای تبیین مواضع …»), «پست» ends outlets' names («نیویورک پست»), and «این
    اظهارات»، «اولین واکنش X» are the speech itself."""
    first = token_key(phrase[0])
    return (
        key in lexicon.speech_nouns()
        and key not in _POSTS
        and not lexicon.is_title(phrase[0].text)
        and first not in DEMONSTRATIVES
        and not (len(phrase) == 1 and first in _WHICH_SPEECH)
    )
