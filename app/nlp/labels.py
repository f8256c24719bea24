"""«X: …»: a label at the start of a line, a short speaker phrase and a colon, is direct speech.

Telegram channels attribute words this way, in a headline («ترامپ: …») as in the body, and
often with the label on a line of its own and the words on the next («پیتر اشمایکل:» …). The
label must read as a speaker (``label_subject.label_subject``): a noun phrase, perhaps with a
setting or an appositive; not a clause, a time («ساعت ۲:۴۱»), nor a topic word of ``not_labels.txt``
(«عکس:»، «پاسخ:»). A word of ``label_prefixes.txt`` before the speaker says what the words are
(«ادعای اکسیوس:»). «X به نقل از Y:» is two sources: X reports and Y said, the same words.

Only the first few dozen characters of a line are read, however long the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.nlp import lexicon, offices
from app.nlp.according import answered
from app.nlp.drafts import draft_span, trim
from app.nlp.fold import name_key
from app.nlp.label_heads import (
    NOT_BEFORE,
    from_to,
    marked,
    names_a_topic,
    said,
    speech_setting,
)
from app.nlp.label_prefix import after_prefix, after_slash
from app.nlp.label_subject import label_subject, opens_setting
from app.nlp.normalize import first_tokens, tokenize
from app.nlp.phrase_words import date_end
from app.nlp.phrases import Phrase, classify
from app.nlp.raw import EMPTY, RawQuote
from app.nlp.records import Span

_MAX_CHARS = 70  # a label is a handful of words
_MAX_WORDS = 7
_MAX_WORDS_SET = 12  # a speaker and a setting: «مشاور X در دیدار با هیئتی از Y:»
_MIN_WORDS = 3  # words with letters after the colon, for speech on the same line


@dataclass(frozen=True, slots=True)
class Label:
    """A line's label: the colon (the cue), the speaker, and the source it quotes, if any."""

    colon: Span
    subject: Phrase
    quoted: tuple[Span, Phrase] | None = None  # «به نقل از Y»: the phrase and Y


def find_label(text: str, cue_starts: list[int]) -> Label | None:
    """The label that opens the line ``text``, or None.

    ``cue_starts``: the line's reporting verbs; one before the colon makes it a cue's colon
    («ترامپ گفت: …»), which the quote rules read, not a label.
    """
    lead = _flags_end(text)
    semi = text.rfind("؛", lead, text.find(":", lead, lead + _MAX_CHARS))
    if semi >= 0 and _no_colon(text, lead) and _no_colon(text, semi + 1):
        return None  # no colon near the start, nor after the «؛»: whatever the «؛» is
    if semi >= 0 and _name_then_role(text, lead, semi):
        text = f"{text[:semi]}،{text[semi + 1 :]}"  # «X؛ نماینده مجلس:» as «X، نماینده …»
    elif semi >= 0:  # «تیتر؛ X: …»: the label is the part after «؛»
        lead = semi + 1
    lead = after_slash(text, lead, _MAX_CHARS)
    dash = _DASH.search(text, lead, text.find(":", lead, lead + _MAX_CHARS))
    if dash is not None and _name_then_role(text, lead, dash.start() + 1):
        at = dash.start() + 1  # «X - نماینده مجلس:» as «X ، نماینده …»
        text = f"{text[:at]}،{text[at + 1 :]}"
    if lead:  # read past the flags; blanks keep every offset where it was
        text = " " * lead + text[lead:]
    colon = text.find(":", lead, lead + _MAX_CHARS)
    if colon <= lead or (cue_starts and cue_starts[0] < colon):
        return None
    if colon + 1 < len(text) and text[colon + 1].isdigit() and text[colon - 1].isdigit():
        return None  # a time, «۲:۴۱»
    head_end = _before_aside(text, colon)
    if marked(text[:head_end]) or _verb_after_first(text, lead, head_end):
        return None  # a sentence, a quote, a parenthesis or a verb («… و می‌گویم») before it
    # words, not marks: «"حسین الحاج حسن" نماینده فراکسیون حزب‌الله:» is six of them
    head = first_tokens(text, 0, head_end, 2 * _MAX_WORDS_SET)
    words = sum(1 for t in head if t.text[0].isalnum())
    # «رویترز به نقل از سه منبع نزدیک به کرملین:»: the one cited is not the label's length
    cited = lexicon.according_to_regex().search(text, lead, head_end)
    cut = head_end if cited is None else cited.start()
    own = sum(1 for t in head if t.text[0].isalnum() and t.end <= cut)
    role_after = _role_after_comma(text, head_end)
    long_ok = role_after or _sets_after(text, head_end) or _one_role(text, lead, head_end)
    if words > _MAX_WORDS_SET or (own > _MAX_WORDS and not long_ok):
        return None
    # A label longer than a name, or with an aside, must begin with someone who speaks (or
    # give a role after a comma: «دکتر X، مشاور پزشکی Y:»).
    strict = (own > _MAX_WORDS and not role_after) or (
        head_end < colon and not _aside_is_role(text, head_end)
    )
    # «افتتاح: ۱۹۷۲»، «ظرفیت: حدود ۶۷ هزار»: a field of a list, not words said; but a word or
    # two in « » are words said, when the label is someone who speaks («ترامپ: «ما آماده‌ایم»»).
    quoted_few = _a_value(text, colon + 1)
    if quoted_few and not _in_guillemets(text, colon + 1):
        return None
    start = after_prefix(text, colon)
    if start < 0:
        return None
    if start and from_to(text, start, head_end):
        return None  # «از تخیل تا واقعیت:»: a span of things, a title; no source
    end = head_end
    quoted = None
    m = lexicon.according_to_regex().search(text, start, head_end)
    if m is not None and not answered(text, start, m.start()):  # «واکنش X به ادعای Y:» X's
        words = [t for t in tokenize(text, m.end(), head_end) if t.text[0].isalnum()]
        if not words:
            return None
        source = classify(text, words)
        if source.ref == "name":  # a bare name after «به نقل از» is often an outlet
            source = Phrase(source.span, "organization", source.name)
        quoted = (Span(m.group(), m.start(), m.end()), source)
        end = m.start()
    subject = _readers(text, lead, end)  # before a prefix: «پیام» opens the phrase
    if subject is not None:
        return Label(Span(":", colon, colon + 1), subject, quoted)
    subject = label_subject(text, start, end)
    if subject is None or names_a_topic(subject):
        return None
    if strict and not (
        known_speaker(subject) or speech_setting(text, subject.span.end, end) or said(subject)
    ):
        return None
    if quoted_few and not known_speaker(subject):
        return None  # «فیلم برگزیده: «درخت»»: a title in « », not words said
    if quoted is not None and subject.ref == "name":  # «سی‌بی‌اس به نقل از …:»: an outlet
        subject = Phrase(subject.span, "organization", subject.name)
    return Label(Span(":", colon, colon + 1), subject, quoted)


def _no_colon(text: str, start: int) -> bool:
    """No colon within a label's reach of ``start``: a line whose «؛» has none near it, before
    or after, has no label, and reading a speaker's words before its «؛» would cost the line."""
    return text.find(":", start, start + _MAX_CHARS) < 0


_PRESENT = re.compile(r"(?<![\w\u200c])ن?می\u200c\w")  # «می‌زنم»، «نمی‌دانم»: a verb


def _verb_after_first(text: str, start: int, end: int) -> bool:
    """A present verb after the label's first word: the first may be a name the normalizer
    cut like a verb («میدری» read «می‌دری»)."""
    first = first_tokens(text, start, end, 1)
    return bool(first) and _PRESENT.search(text, first[0].end, end) is not None


_DASH = re.compile(r"\s[-–—]\s")
_FLAG = re.compile(r"#([^\s#؛:]+)[\s؛]*|([^\s#؛:/|\-–—]+)\s*[/|\-–—]+\s*")
_REPEATS = re.compile(r"(.)\1+")


def _flags_end(text: str) -> int:
    """Where the hashtags that flag a post («#فوری»، «#فوووری؛»، «#تکمیلی») end at the start of
    the line, and a flag word set off by a slash or a dash («فوری/ترامپ:»، «فوری - X:»): a flag
    is a word of ``not_labels.txt`` (letters drawn out are read once), so a hashtag that names
    someone or something is not read past. Blanks before them are passed too: a label after a
    headline is read with the headline blanked out (``split_label.trailing_label``)."""
    at = len(text) - len(text.lstrip(" "))
    while (m := _FLAG.match(text, at)) is not None:
        flag = m.group(1) or m.group(2)
        word = _REPEATS.sub(r"\1", flag.replace("_", "\u200c")).split("\u200c")[0]
        if name_key(word) not in lexicon.not_labels():
            break
        at = m.end()
    return at


_MESSAGE = name_key("پیام")
_RECEIVED = name_key("دریافت")
_THAT = name_key("که")


def _readers(text: str, start: int, end: int) -> Phrase | None:
    """«پیام‌های دریافتی …:»: readers' messages, an unnamed source named by the label's phrase."""
    words = first_tokens(text, start, end, _MAX_WORDS_SET)
    keys = [name_key(w.text) for w in words]
    n = next((len(p) for p in lexicon.reader_labels() if tuple(keys[: len(p)]) == p), 0)
    if not n and words and words[-1].end == end:
        # «چند پیامی که دریافت کرده‌ام:»: messages the channel received, the whole label (not
        # «پیام X به مناسبت دریافت جایزه:», X's message)
        message = next((k for k, key in enumerate(keys) if key.startswith(_MESSAGE)), None)
        rest = keys[message + 1 :] if message is not None else []
        if _THAT in rest and any(key.startswith(_RECEIVED) for key in rest[rest.index(_THAT) :]):
            n = len(words)
    if not n:
        return None
    span = Span(text[words[0].start : words[n - 1].end], words[0].start, words[n - 1].end)
    return Phrase(span, "anonymous", name=span.text)


def _before_aside(text: str, colon: int) -> int:
    """Where the label's words end: before a parenthesis that closes right at the colon, the
    speaker's role or trade («گستون ایدول (روزنامه‌نگار آرژانتینی):»); else at the colon."""
    head = text[:colon].rstrip()
    if not head.endswith(")"):
        return colon
    open_at = head.rfind("(")
    inner = head[open_at + 1 : -1]
    if open_at <= 0 or not inner.strip() or any(ch in NOT_BEFORE for ch in inner):
        return colon
    return open_at


def _sets_after(text: str, end: int) -> bool:
    """A setting follows the speaker's first words («مشاور X در دیدار با …»)."""
    words = first_tokens(text, 0, end, _MAX_WORDS - 1)
    return any(opens_setting(w.text) for w in words[1:])


def _name_then_role(text: str, start: int, semi: int) -> bool:
    """«منان رئیسی؛ نماینده مجلس:»: a name of a few words, then a role word after «؛»."""
    name = label_subject(text, start, semi)
    after = first_tokens(text, semi + 1, len(text), 1)
    return (
        name is not None
        and name.ref == "name"
        and len(first_tokens(text, start, semi, 4)) <= 3
        and bool(after)
        and lexicon.is_title(after[0].text)
    )


def _one_role(text: str, start: int, end: int) -> bool:
    """«رییس مرکز امور زنان و خانواده وزارت کشور:»: the whole label is one long role or
    organisation's name."""
    subject = label_subject(text, start, end)
    last = first_tokens(text, start, end, _MAX_WORDS_SET + 1)[-1:]
    return (
        subject is not None
        and subject.ref in ("title", "organization")
        and bool(last)
        and subject.span.end == last[0].end
    )


def _role_after_comma(text: str, end: int) -> bool:
    """«علی زینی‌وند، سخنگو و معاون سیاسی وزارت کشور:»: a comma, then a role word."""
    comma = text.find("،", 0, end)
    if comma <= 0:
        return False
    first = first_tokens(text, comma + 1, end, 1)
    return bool(first) and lexicon.is_title(first[0].text)


def _aside_is_role(text: str, open_at: int) -> bool:
    """«(روزنامه‌نگار آرژانتینی)»: the aside opens with a role word; or it is the date the
    words were said («(۲۳ ژوئیه ۲۰۲۶)»)."""
    first = first_tokens(text, open_at + 1, len(text), 4)
    return bool(first) and (lexicon.is_title(first[0].text) or date_end(first, 0, len(first)) > 0)


def speaks(subject: Phrase) -> bool:
    """A role, an organisation, an unnamed source, or a name with a known given name or role."""
    if subject.ref in ("title", "organization", "anonymous"):
        return True
    if subject.ref != "name" or subject.name is None:
        return False
    return subject.title is not None or name_key(subject.name.split(" ")[0]) in (
        lexicon.given_names()
    )


def known_speaker(subject: Phrase | None) -> bool:
    """``speaks``, or the surname of an office holder: the subject a spoken cue needs, where a
    chatty post's «جالبه میگه» has a comment, not a speaker, before the verb."""
    return subject is not None and (speaks(subject) or _holds_office(subject))


def _a_value(text: str, start: int) -> bool:
    """Words after the colon that are a value, not speech: fewer than three words with letters
    among the first six tokens, or a figure in five tokens or fewer («حدود ۷۸ هزار نفر»). None
    at all is a label on a line of its own."""
    tokens = first_tokens(text, start, len(text), 6)
    if tokens and name_key(tokens[0].text) in _FIRST_PERSON:
        return False  # «X: ما» and the sentence going on below: someone speaking, cut by a line
    letters = sum(1 for t in tokens if t.text[0].isalpha())
    figure = len(tokens) < 6 and any(t.text[0].isdigit() for t in tokens)
    return bool(tokens) and (letters < _MIN_WORDS or figure)


def value_line(text: str) -> bool:
    """Under a label on a line of its own, a figure of six words and numbers at most, three
    words at most («بازی برگشت:» and a date): a list's field, not words said. Few words alone
    are not enough, as after the colon: an answer («بله») or a statement broken over lines
    («فارس:» and «جنگنده‌های اسرائیلی» below) is speech."""
    tokens = [t for t in first_tokens(text, 0, len(text), 10) if t.text[0].isalnum()]
    words = sum(1 for t in tokens if t.text[0].isalpha())
    return len(tokens) <= 6 and words <= 3 and any(t.text[0].isdigit() for t in tokens)


# An address as the normalizer leaves it («https: //x. com/y»): no Persian letter in it.
_LINK = re.compile(r"(?:https?\s*:|www\s*\.|@)[^\u0600-\u06ff]*", re.IGNORECASE)


def link_line(text: str) -> bool:
    """A line that is an address alone («Instagram:» and the link below it): a contact, no
    one's words."""
    return _LINK.fullmatch(text.strip()) is not None


_ENDS = " .!؟?\u200c"


@cache
def _holder_surnames() -> frozenset[str]:
    return frozenset(name_key(t.holder.split()[-1]) for t in offices.terms())


def _holds_office(subject: Phrase) -> bool:
    """A bare surname of someone in the table of office holders («ترامپ»), in any year: a
    person who speaks, though the label gives no given name or role."""
    return subject.ref == "name" and name_key(subject.span.text) in _holder_surnames()


def _in_guillemets(text: str, start: int) -> bool:
    """The words after the colon are one « … » that closes at the end of the line (a final
    period, «!» or «؟» after it aside), with letters inside."""
    body = text[start:].strip(" \u200c")
    inner = body.rstrip(_ENDS)
    return (
        len(inner) > 2
        and inner[0] == "«"
        and inner[-1] == "»"
        and "«" not in inner[1:-1]
        and "»" not in inner[1:-1]
        and any(ch.isalpha() for ch in inner)
    )


_FIRST_PERSON = frozenset(name_key(w) for w in ("من", "ما"))


def topic_end(text: str) -> int:
    """After the colon of a topic label that opens the line («ادعا: X مدعی شد …»): the line's
    own clauses start there, so a cue after it finds its subject after the colon; else 0."""
    colon = text.find(":", 0, _MAX_CHARS)  # a string search: most lines have no colon
    word = text[:colon].strip() if colon > 0 else ""
    if word and " " not in word and name_key(word) in lexicon.not_labels():
        return colon + 1
    return 0


def label_quotes(number: int, text: str, label: Label) -> tuple[list[RawQuote], list[RawQuote]]:
    """The label's event (and the quoted source's, «X به نقل از Y:»): its words run from the
    colon to the end of the line, nested attributions included; none there, on the next line.
    Returns the events, and those waiting for the next line."""
    sources = [("direct", label.colon, label.subject)]
    if label.quoted is not None:
        sources.append(("according_to", *label.quoted))
    content = trim(text, label.colon.end, len(text))
    if content is None:
        return [], [RawQuote(number, kind, cue, EMPTY, subject) for kind, cue, subject in sources]
    span = draft_span(content)
    return [RawQuote(number, kind, cue, span, subject) for kind, cue, subject in sources], []
