"""What the words before a label's colon say (``labels`` finds the label): a sentence or
only names' marks, a setting of speech after the speaker («در پاسخ به …», «خطاب به …»), a noun
of speech before the speaker («پاسخ X به Y:»), a topic («عکس:», «منبع:») or a span of things
(«از X تا Y:»).
"""

from __future__ import annotations

import re

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import first_tokens, tokenize
from app.nlp.phrases import Phrase

NOT_BEFORE = frozenset('«».!?؟"()[]')
# A name marked in the label («شبکه «الجزیره»:»، «روزنامه "اسرائیل هیوم":») or a Latin acronym
# in parentheses («مرکز هماهنگی … (HOCC) در صنعا:») is part of the speaker, not a sentence.
_NAME_MARKS = re.compile(r'«[^«».!?؟:]{1,30}»|"[^".!?؟:]{1,30}"|\([A-Za-z0-9 .\-]{1,12}\)')


def marked(head: str) -> bool:
    """The label's head holds a mark of a sentence, a quote or an aside, names' marks aside."""
    if not any(ch in NOT_BEFORE for ch in head):
        return False
    return any(ch in NOT_BEFORE for ch in _NAME_MARKS.sub(" ", head))


_IN = name_key("در")
_ADDRESSING = (name_key("خطاب"), name_key("به"))
_SPEECH_SETTINGS = frozenset(
    name_key(w)
    for w in ("پاسخ", "واکنش", "گفتگو", "گفت\u200cوگو", "مصاحبه", "پیامی", "توییتی", "سخنرانی")
)


def speech_setting(text: str, start: int, end: int) -> bool:
    """«ترامپ در پاسخ به منتقدان توافق:»، «گروسی در واکنش به …:»: a setting of speech right
    after the name says the name speaks, known or not."""
    words = first_tokens(text, start, end, 2)
    if len(words) < 2:
        return False
    first, second = name_key(words[0].text), name_key(words[1].text)
    # «عراقچی خطاب به مسئول سیاست خارجی اتحادیه اروپا:»: addressing someone is speaking
    return (first == _IN and second in _SPEECH_SETTINGS) or (first, second) == _ADDRESSING


_FROM = name_key("از")
_TO = frozenset(name_key(w) for w in ("تا", "به"))


def from_to(text: str, start: int, end: int) -> bool:
    """«از X تا Y»، «از X به Y»: the label after «از» goes on to a second place or person."""
    before = first_tokens(text, 0, start, 1)
    if not before or name_key(before[0].text) != _FROM:
        return False
    return any(name_key(t.text) in _TO for t in tokenize(text, start, end))


def said(subject: Phrase) -> bool:
    """«واکنش X به …:»، «پاسخ X به Y:»: a noun of speech before the name says X speaks; not
    an item of a list («درخواست سوم:») nor a noun with an adjective before a role or a name
    («پاسخ قاطع وزیر خارجه:», «پیام احساسی لیونل مسی:»), whose name the rules would cut."""
    words = [name_key(w) for w in subject.span.text.split(" ")]
    if words[0] not in lexicon.speech_nouns() or (subject.name or subject.title) in (
        None,
        subject.span.text,
    ):
        return False
    if len(words) < 2 or words[1] in _ORDER or words[1] in _MANNER:
        return False
    return _heads_name(words[1]) or not (len(words) > 2 and _heads_name(words[2]))


def _heads_name(key: str) -> bool:
    """A role word, an organisation's head or a given name: where a speaker's name starts."""
    return lexicon.is_title(key) or key in lexicon.organizations() or key in lexicon.given_names()


_ORDER = frozenset(name_key(w) for w in ("اول", "دوم", "سوم", "چهارم", "پنجم", "آخر", "پایانی"))
# «پاسخ صریح:»، «واکنش تند X:»: how it was said, not who said it
_MANNER = frozenset(
    name_key(w)
    for w in ("صریح", "قاطع", "تند", "منفی", "مثبت", "کوتاه", "جالب", "محکم", "رسمی", "دندان‌شکن")
)


def names_a_topic(subject: Phrase) -> bool:
    """«عکس: …»، «منبع: ایرنا»; but «منبع آگاه: …» is an unnamed source speaking, and «پاسخ
    عراقچی:» his answer."""
    if (subject.ref == "anonymous" and " " in subject.span.text) or said(subject):
        return False
    first = subject.span.text.split(" ")[0]
    if first.endswith("ترین") and len(first) > 5:
        return True  # «نزدیک‌ترین شهرها: …»، «مهم‌ترین محورها: …»: a superlative heads a list
    return name_key(first) in lexicon.not_labels() or (
        name_key(first.split("\u200c")[0]) in lexicon.not_labels()
    )
