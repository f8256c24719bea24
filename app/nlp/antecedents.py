"""What a demonstrative speaker phrase refers to, by the type its head word names.

«این منبع»، «این مقام»، «این زن» refer to the one the article called by the same word before
(«یک منبع نزدیک به تیم مذاکره‌کننده … به گفته این منبع»), even when that one said nothing that
was a quote; «این رسانه»، «این شبکه»، «این خبرگزاری» refer to an outlet, never to a country or a
person quoted in between («رسانۀ تایم گزارش داده … ایران این روند را … به گفتۀ این رسانه»).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_index import is_outlet, no_person, words
from app.nlp.normalize import Token, paragraph_tokens
from app.nlp.phrase_words import DEMONSTRATIVES, light_verb
from app.nlp.phrases import Phrase, classify, noun_phrase, referent_kind
from app.nlp.raw import RawQuote
from app.nlp.roles import nested

if TYPE_CHECKING:
    from app.nlp.speakers import Entity, Resolver

# «یک منبع»، «دو مقام»، «چند دیپلمات»، «یکی از …»: an unnamed one introduced.
_COUNTED = frozenset(name_key(w) for w in ("یک", "یه", "دو", "سه", "چهار", "پنج", "چند"))
_ONE_OF = (name_key("یکی"), name_key("از"))
# The endings a head word takes before its complement («ناخدای یک نفتکش»، «رسانۀ تایم»).
_EZAFE = ("ی", "\u200cی", "\u200cای", "ای", "ۀ", "ه\u200cی")
_BACK_PARAGRAPHS = 12  # how far back the introducing phrase may be
_PIECE_ENDS = frozenset("،؛:.!?؟")
RECENT = 8  # how many of the latest speakers a demonstrative may refer back to
REPORT_KEY = name_key("گزارش")


def called(head: str, values: Iterable[str]) -> bool:
    """One of ``values`` holds ``head`` as a word, between spaces or ZWNJ («روزنامه‌نگار» in
    «یک روزنامه‌نگار مستقل» is one word, not «روزنامه» and «نگار»)."""
    return any(head in words(v) or head in {name_key(w) for w in v.split()} for v in values)


_PLURAL = frozenset(name_key(w) for w in ("ها", "های"))


def _singular_of(head: str) -> str:
    return head.removesuffix("\u200cها").removesuffix("ها") if len(head) > 4 else head


def _called_plural(one: str, values: Iterable[str]) -> bool:
    """One of ``values`` has ``one`` and a plural ending after it («مقام‌های دولت»)."""
    for v in values:
        parts = words(v)
        if any(a == one and b in _PLURAL for a, b in pairwise(parts)):
            return True
    return False


def _called_so(head: str, entities: list[Entity]) -> list[Entity]:
    """The entities called by ``head``; for a plural head («این مقام‌ها») those called by its
    plural first («مقام‌های دولت»), else by its singular («چند مقام …» introduced before)."""
    names = {id(e): (*e.surfaces, *e.titles) for e in entities}
    exact = [e for e in entities if called(head, names[id(e)])]
    one = _singular_of(head)
    if exact or one == head:
        return exact
    plural = [e for e in entities if _called_plural(one, names[id(e)])]
    return plural or [e for e in entities if called(one, names[id(e)])]


def outlet_head(head: str) -> bool:
    """«رسانه»، «شبکه»، «خبرگزاری»، «روزنامه»: a word that names an outlet."""
    return head in lexicon.outlet_kinds()


def is_medium(names: Iterable[str]) -> bool:
    """One of ``names`` is an outlet's: its own name («رویترز») or one after its kind
    («شبکه خبری سی‌بی‌اس»)."""
    return any(is_outlet(n) or (n.split() and outlet_head(name_key(n.split()[0]))) for n in names)


def _a_person(e: Entity) -> bool:
    """Read as a person and named as none of an outlet, a place or a listed organisation."""
    return e.kind == "person" and not any(
        no_person(n) or name_key(n) in lexicon.organization_names() for n in e.names
    )


def searchable(head: str) -> bool:
    """Heads whose introducing phrase is worth looking for in the text: a source, a role, an
    outlet or a person noun; not speech nouns («این اظهارات»، «این گزارش»)."""
    return (
        head in lexicon.person_nouns()
        or outlet_head(head)
        or lexicon.is_title(head)
        or any(head.startswith(a) for a in lexicon.anonymous_phrases() if " " not in a)
    ) and head not in lexicon.speech_nouns()


def _is_head(key: str, head: str) -> bool:
    return key == head or (key.startswith(head) and key[len(head) :] in _EZAFE)


def introduced(
    paragraphs: list[str], paragraph: int, before: int, head: str, rest: list[str]
) -> tuple[Phrase, bool] | None:
    """The nearest phrase before ``paragraphs[paragraph - 1][before]`` whose head is ``head``
    and which holds the demonstrative's other words ``rest`` («آمریکایی» of «این مقام
    آمریکایی»), not itself a demonstrative's; with whether it was counted («یک منبع»)."""
    low = max(1, paragraph - _BACK_PARAGRAPHS)
    for p in range(paragraph, low - 1, -1):
        text = paragraphs[p - 1]
        tokens = paragraph_tokens(text)
        limit = before if p == paragraph else len(text)
        for i in range(len(tokens) - 1, -1, -1):
            if tokens[i].end > limit or not _is_head(name_key(tokens[i].text), head):
                continue
            keys = [name_key(t.text) for t in tokens[max(0, i - 2) : i]]
            if keys and keys[-1] in DEMONSTRATIVES:
                continue
            lo, counted = i, False
            if keys and keys[-1] in _COUNTED:
                lo, counted = i - 1, True
            elif tuple(keys) == _ONE_OF:
                lo, counted = i - 2, True
            phrase_words = noun_phrase(tokens, lo, len(tokens))
            end = lo + len(phrase_words)
            if len(phrase_words) > 2 and end < len(tokens) and light_verb(tokens[end].text):
                phrase_words = phrase_words[:-1]  # «یک مقام آمریکایی مدعی شد»: a verb's noun
            if not phrase_words or phrase_words[0].start != tokens[lo].start:
                continue
            found = _described(text, tokens, lo) or classify(text, phrase_words)
            if found.ref in ("nobody", "pronoun", "anaphor"):
                continue
            have = {name_key(w.text) for w in phrase_words}
            if all(name_key(w) in have for w in rest):
                return found, counted
    return None


def _described(text: str, tokens: list[Token], lo: int) -> Phrase | None:
    """The name an appositive describes: «شبکه «اشعائر» عراق، رسانه نزدیک به …» introduces the
    channel, not a «رسانه» of its own."""
    if lo == 0 or tokens[lo - 1].text != "،":
        return None
    start = lo - 1
    while start > 0 and tokens[start - 1].text not in _PIECE_ENDS:
        start -= 1
    words = noun_phrase(tokens, start, lo - 1)
    if not words or words[-1].end != tokens[lo - 2].end:
        return None  # the piece before the comma is more than a name
    named = classify(text, words)
    return named if named.ref in ("name", "organization") else None


def referent(resolver: Resolver, s: Phrase | None, q: RawQuote) -> Entity | None:
    """«این مقام»، «این منبع»، «این شبکه»: the latest of the last few speakers called by the
    same head word; else, for a report, the latest that reported; else the one the text
    introduced by that word when it was counted («یک منبع …»), or the latest speaker of the
    kind the word names (an outlet only for «این رسانه»), or the one the text introduced by
    it. None for a bare «این» or a head word of no kind that the text never introduced."""
    if s is None or not s.title:
        return None
    head_words = s.title.split()
    head = name_key(head_words[0])
    # The latest to speak first; among those called by the head word, one called by all the
    # demonstrative's words («این مقام آمریکایی» a «مقام آمریکایی», not a «مقام اسرائیلی»).
    recent = resolver.recent()
    # In a person's own words «این دیپلمات» is someone they tell of, never themself (an outlet's
    # label may go on in the channel's words: «اسکای نیوز: … این رسانه همچنین ادعا کرده»).
    telling = [e for e in recent if _a_person(e) and nested(q, e.last)]
    recent = [e for e in recent if e not in telling]
    called_so = _called_so(head, recent)
    rest = [name_key(w) for w in head_words[1:]]
    for e in called_so:
        if all(called(w, (*e.surfaces, *e.titles)) for w in rest):
            return e
    if called_so:
        return called_so[0]
    if head == REPORT_KEY and (reporter := next((e for e in recent if e.reports), None)):
        return reporter  # «X به نقل از Y گزارش کرد … بر اساس این گزارش»: X's report
    kind = referent_kind(head)
    if outlet_head(head):
        fit = next((e for e in recent if e.kind == kind and is_medium(e.names)), None)
    else:
        fit = next((e for e in recent if e.kind == kind), None) if kind else None
    at = q.cue_paragraph or q.paragraph
    found = introduced(resolver.paragraphs, at, s.span.start, head, head_words[1:])
    if found is None or (fit is not None and not found[1]) or not searchable(head):
        if fit is None and telling and searchable(head):
            return resolver.named(s.title, "anonymous")  # unnamed: the one told of
        return fit
    phrase = found[0]
    if phrase.ref == "title" and phrase.title:
        return resolver.by_title(phrase.title) or resolver.titled_new(phrase.title)
    kinds = {"anonymous": "anonymous", "organization": "organization"}
    return resolver.named(phrase.name or phrase.span.text, kinds.get(phrase.ref, "person"))
