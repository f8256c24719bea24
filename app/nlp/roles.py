"""A speaker known in a quote only by a role is the person the article names with that role.

News names a person once and then calls them by role, before or after: «برانکو ایوانکوویچ
سرمربی تیم فوتبال پرسپولیس … گفت» then «سرمربی پرسپولیس اضافه کرد»; «وزیر کشور، عبدالرضا
رحمانی فضلی» anywhere in the text. Once every quote is resolved and every named speaker has
the roles the article gives it, each speaker still known only by a role is taken, in order:
- for the one named person whose role it shortens or repeats (same head word, its words in
  the same order: «سرمربی پرسپولیس» of «سرمربی تیم فوتبال پرسپولیس»);
- for the name the article writes right after the role («وزیر کشور، X», «سرمربی پرسپولیس X»)
  or right before it («X، وزیر کشور», «X وزیر کشور»), a name that starts with a given name or an
  honorific, or is one of the article's speakers;
- for the article's only named person, unless the article writes another role beside that
  person's name («وزیر خارجه ایران» is not «وزیر خارجه ترکیه»): a report about one person
  calls them by role between their quotes («دایی گفت» … «سرمربی پرسپولیس گفت»); not a role
  introduced as someone besides («رئیس بنیاد نخبگان نیز گفت»), nor one quoted after someone
  else has spoken since the person (the article has moved on).
Otherwise the role stays a speaker of its own, which belongs to its article.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_index import Words, no_person, words

if TYPE_CHECKING:
    from app.nlp.mentions import Article
    from app.nlp.raw import RawQuote
    from app.nlp.speakers import Entity

_NAME_WORDS = 4  # a name found next to a role: at most this many words
_WORD = re.compile(r"[\w\u200c]+")
_YEH = name_key("ی")


def _same_word(a: str, b: str) -> bool:
    """«جمهور» and «جمهوری» are one word of a role."""
    return a == b or a + _YEH == b or b + _YEH == a


@cache
def _places() -> tuple[dict[Words, Words], int]:
    """Each name of a country as words, to its canonical name, and each foreign capital that
    stands for its country in a role (``data/capitals.txt``); and the longest name's length."""
    out: dict[Words, Words] = {}
    for names in lexicon.place_names():
        seqs = [words(n) for n in names]
        for seq in seqs:
            out[seq] = seqs[0]
    for line in lexicon.lines("capitals.txt"):
        country, capital = (words(n.strip()) for n in line.split("="))
        out.setdefault(capital, country)
    return out, max((len(k) for k in out), default=0)


@lru_cache(maxsize=65536)
def role_words(title: str) -> Words:
    """The words of a role with each country under one name: «وزیر خارجه جمهوری اسلامی» and
    «وزیر خارجه ایران» are the same words; «وزیر خارجه ترکیه» is not."""
    seq = words(title)
    places, longest = _places()
    out: list[str] = []
    i = 0
    while i < len(seq):
        for n in range(min(longest, len(seq) - i), 0, -1):
            canon = places.get(seq[i : i + n])
            if canon is not None:
                out += canon
                i += n
                break
        else:
            out.append(seq[i])
            i += 1
    return tuple(out)


def compatible(a: str, b: str) -> bool:
    """Two role phrases of one role: the same head word, and the words of the shorter stand in
    the longer in the same order («سرمربی پرسپولیس», «سرمربی تیم فوتبال پرسپولیس»); «وزیر خارجه
    ایران» and «وزیر خارجه سوریه» are two roles."""
    wa, wb = role_words(a), role_words(b)
    if not wa or not wb or not _same_word(wa[0], wb[0]):
        return False
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    at = 0
    for w in short:
        while at < len(long) and not _same_word(long[at], w):
            at += 1
        if at == len(long):
            return False
        at += 1
    return True


def _role_only(e: Entity) -> bool:
    return e.kind == "person" and not e.names and bool(e.titles) and e.merged_into is None


def _named(e: Entity) -> bool:
    """A person named, not a country speaking as one («روسیه اعلام کرد»): a role is never a
    state's."""
    return (
        e.kind == "person"
        and bool(e.names)
        and e.merged_into is None
        and not any(no_person(n) for n in e.names)
    )


def join(keep: Entity, gone: Entity) -> None:
    """``gone`` is ``keep``: its titles and surfaces become ``keep``'s."""
    for title in gone.titles:
        keep.add(keep.titles, title)
    for surface in gone.surfaces:
        keep.add(keep.surfaces, surface)
    gone.merged_into = keep


def resolve_roles(entities: list[Entity], article: Article, order: list[Entity]) -> None:
    """Join each speaker known only by a role to the person the article names with it
    (``order``: the speaker of each quote, in the article's order)."""
    named = [e for e in entities if _named(e)]
    for role in [e for e in entities if _role_only(e)]:
        holders = [
            n for n in named if _holds(n, role.titles) and not _an_office_of_another(role, n)
        ]
        if len(holders) == 1:
            join(holders[0], role)
            continue
        if holders:
            continue  # two people hold it: the article does not say which
        name = _name_beside(role.titles, article)
        if name is not None:
            found = next((n for n in named if _names_match(n, name)), None)
            if found is not None:
                join(found, role)
            else:
                role.add(role.names, name)
                named.append(role)
            continue
        if (
            len(named) == 1
            and not role.too
            and not _other_role(named[0], role.titles)
            and _among_quotes(role, named[0], order)
            and not _an_office_of_another(role, named[0])
            and not nested(role.last, named[0].last)
            and not nested(named[0].last, role.last)
            and not nested(named[0].last, role.first)  # told of in the role's first words
            and not nested(named[0].first, role.first)  # … or first met there
            and not _listed_before(role, named[0], order)
        ):
            join(named[0], role)


def nested(q: RawQuote | None, other: RawQuote | None) -> bool:
    """``q``'s cue stands inside ``other``'s words: someone ``other``'s speaker tells of
    («ترامپ: سناتور جک رید … گفت», «دبیر شورای عالی امنیت ملی: ترامپ … گفت»), not that
    speaker."""
    return (
        q is not None
        and other is not None
        and other is not q
        and q.paragraph == other.paragraph
        and not q.cue_paragraph
        and other.content.start <= q.cue.start < other.content.end
    )


def both_labels(first: RawQuote | None, then: RawQuote | None) -> bool:
    """Two labels «role: …» then «name: …»: a list of short news, one item a line, not a role
    waiting for its name (a channel gives the name first, in a headline). But a headline's
    label and the label right under it whose words the headline sums up («عضو کنگره آمریکا:
    ذخایر موشکی … کاهش یافته» / «راجا کریشنامورتی: … ذخایر موشک‌های …») are one speaker, and
    so are a headline's label and a name alone on the line under it, whose words follow
    («سخنگوی وزارت خارجه: …» / «بقایی:» / «…»): a list gives each item on its label's line. A
    headline's label alone over its words is followed by the name's label under those words."""
    if first is None or then is None or not first.cue.text == then.cue.text == ":":
        return False
    headline = (first.cue_paragraph or first.paragraph) == 1  # its label opens the post
    under = first.paragraph + 1 in (then.paragraph, then.cue_paragraph)  # right after its words
    # a label alone over its words, under a headline that has its own («X: …» / «Y:» / «…»);
    # two labels alone are a dialogue («سناتور:» / «…؟» / «هگست:» / «…»)
    alone = then.cue_paragraph > 0 and not first.cue_paragraph
    return not (headline and under and (alone or _sums_up(first, then)))


def _sums_up(headline: RawQuote, body: RawQuote) -> bool:
    """The headline's words share two content words or more with the body's."""
    return len(_content_words(headline.content.text) & _content_words(body.content.text)) > 1


def _content_words(text: str) -> set[str]:
    stops = lexicon.stop_words()
    keys = (name_key(w) for w in _WORD.findall(text))
    return {k for k in keys if len(k) > 2 and k not in stops}


def _listed_before(role: Entity, person: Entity, order: list[Entity]) -> bool:
    """The role's and the person's first quotes are labels of a list of short news («وزیر
    نیرو: …» then «اژه‌ای: …», or «الحشد الشعبی: …» then «سفیر چین در ایران: …»), not the
    headline's name and the role that repeats it below."""
    seq = [_survivor(e) for e in order]
    if role not in seq or person not in seq:
        return False
    if seq.index(role) < seq.index(person):
        return both_labels(role.first, person.first)
    first = person.first
    return first is not None and first.paragraph > 1 and both_labels(first, role.first)


def _an_office_of_another(role: Entity, person: Entity) -> bool:
    """The role is an office whose holders the offices list knows, none of them ``person``."""
    from app.nlp.offices import someone_else  # it reads roles' words: imported when used

    return someone_else(role.titles, person.names)


def _among_quotes(role: Entity, person: Entity, order: list[Entity]) -> bool:
    """No one else is quoted between the role's first quote and the person's nearest quote
    (before it, or after it when the role opens the article): a report calls its one person by
    role between their quotes, and a role quoted after someone else («رویترز» … «سخنگوی وزارت
    خارجه گفت» closing a report on Trump) is someone the article has moved on to."""
    seq = [_survivor(e) for e in order]
    first = next((i for i, e in enumerate(seq) if e is role), None)
    if first is None:
        return False
    for step in (-1, 1):
        i = first + step
        while 0 <= i < len(seq) and seq[i] is role:
            i += step
        if 0 <= i < len(seq) and seq[i] is person:
            return True
    return False


def _survivor(e: Entity) -> Entity:
    while e.merged_into is not None:
        e = e.merged_into
    return e


def _holds(e: Entity, titles: list[str]) -> bool:
    return any(compatible(t, r) for t in e.titles for r in titles)


def _names_match(e: Entity, name: str) -> bool:
    """One of ``e``'s names ends the other («دایی», «علی دایی»)."""
    seq = words(name)
    for n in e.names:
        other = words(n)
        k = min(len(seq), len(other))
        if k and seq[-k:] == other[-k:]:
            return True
    return False


def _name_beside(titles: list[str], article: Article) -> str | None:
    """The name the article writes right after or right before one of ``titles``."""
    text = article.text
    for title in titles:
        for at in article.occurrences(title):
            after = _name_after(text, at + len(title))
            if after is not None:
                return after
            before = _name_before(text, at)
            if before is not None:
                return before
    return None


def _starts_name(key: str) -> bool:
    return key in lexicon.given_names() or key in lexicon.honorifics()


def _is_name_word(word: str) -> bool:
    key = name_key(word)
    return not (
        key in lexicon.stop_words()
        or key in lexicon.verbs()
        or lexicon.is_title(word)
        or key in lexicon.organizations()
        or key in lexicon.non_names()
    )


def _name_after(text: str, end: int) -> str | None:
    """«وزیر کشور، X …», «سرمربی پرسپولیس X …»: the name starts with a given name or an
    honorific, and runs over name words to the first other word."""
    at = end
    while at < len(text) and text[at] in " ،":
        at += 1
    if at > end and "\n" in text[end:at]:
        return None
    if "،" not in text[end:at] and _owned(text, end):
        return None  # «سخنگوی دولت مسعود پزشکیان»: his government's spokesperson
    found: list[str] = []
    for m in _WORD.finditer(text, at):
        if m.start() != at or len(found) == _NAME_WORDS or not _is_name_word(m.group()):
            break
        found.append(m.group())
        at = m.end()
        while at < len(text) and text[at] == " ":
            at += 1
    if "،" in text[end:at] and text.startswith("،", at) and len(found) > 1:
        return " ".join(found)  # «شهردار لیما، کارلوس بروس،»: set off by commas, a name
    return _name_of(found)


def _owned(text: str, end: int) -> bool:
    """The role ending at ``end`` ends with a noun the next name owns («دولت», «دفتر»)."""
    last = [m.group() for m in _WORD.finditer(text, max(0, end - 30), end)]
    return bool(last) and name_key(last[-1]) in lexicon.owner_nouns()


def _name_before(text: str, start: int) -> str | None:
    """«X، وزیر کشور», «X وزیر کشور»: up to four name words before the role, from the
    first that starts a name."""
    raw = text[max(0, start - 80) : start]
    stripped = raw.rstrip(" ،")
    head = stripped[stripped.rfind("\n") + 1 :]
    found = [m.group() for m in _WORD.finditer(head)][-_NAME_WORDS:]
    while found and not _is_name_word(found[0]):
        found.pop(0)
    for k in range(len(found)):
        if all(_is_name_word(w) for w in found[k:]) and _starts_name(name_key(found[k])):
            return _name_of(found[k:])
    if "،" in raw[len(stripped) :]:  # «کارلوس بروس، شهردار …»: the whole piece a name
        piece = head[max(head.rfind(mark) for mark in ".،:؛!؟") + 1 :].split()
        words_ok = all(_WORD.fullmatch(w) and _is_name_word(w) for w in piece)
        if 1 < len(piece) <= _NAME_WORDS and words_ok:
            return " ".join(piece)
    return None


def _name_of(found: list[str]) -> str | None:
    """The name in ``found`` without honorifics, when it begins with a given name or an
    honorific and has a surname."""
    if not found or not _starts_name(name_key(found[0])):
        return None
    core = [w for w in found if name_key(w) not in lexicon.honorifics()]
    if len(core) < 2 and not (core and len(found) > len(core)):
        return None
    return " ".join(core) if core else None


def _other_role(e: Entity, titles: list[str]) -> bool:
    """The article writes beside ``e``'s name a role that is not this one («محمدجواد ظریف، وزیر
    امور خارجه ایران» is neither «سخنگوی وزارت خارجه» nor «وزیر خارجه ترکیه»): the role is
    someone else's. Roles taken from the order of quotes alone do not tell («سرمربی سرخپوشان»
    and «سرمربی پرسپولیس» are one coach)."""
    return any(not compatible(t, r) for t in e.stated for r in titles)
