"""In-article coreference: every speaker phrase of an article resolved to one speaker.

Rules, each general:
- Surname ⊂ full name: «اسد» is «بشار اسد»; a name written with the «‌ای» suffix dropped
  («آقای خامنه») is the same name.
- Appositives link a role phrase to a name: «بشار اسد، رئیس جمهوری سوریه، …».
- A role phrase («رهبر معظم ایران») is the speaker already holding a compatible role; else the
  previous speaker when that one is named and holds no other role (news names a person, then
  calls them by role); else it waits for the next named speaker (news also gives the role first
  and the name after: «رئیس جمهوری ایران گفت … رئیسی همچنین گفت …»).
- A pronoun, «این مقام», or a dropped subject is the previous speaker; with none, the subject of
  the nearest earlier sentence.
- The canonical name is the fullest name the article gives, completed by a given name written
  right before the surname anywhere in the article («ابراهیم رئیسی»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import ZWNJ, tokenize
from app.nlp.phrases import Phrase, speaker_phrase
from app.nlp.quotes import RawQuote
from app.nlp.records import Span, Speaker
from app.nlp.segment import sentences

_NEAR_PARAGRAPHS = 1
# A dropped subject with nobody before it to refer to: the API still needs a name.
UNKNOWN_SPEAKER = "منبع نامشخص"


@dataclass(slots=True, eq=False)
class Entity:
    kind: str
    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    last_paragraph: int = 0
    merged_into: Entity | None = None

    @property
    def name(self) -> str:
        if self.names:
            return max(self.names, key=lambda n: (len(n.split()), len(n)))
        if self.titles:
            return max(self.titles, key=len)
        return self.surfaces[0] if self.surfaces else UNKNOWN_SPEAKER

    def add(self, values: list[str], value: str | None) -> None:
        if value and value not in values:
            values.append(value)


_YEH_SUFFIX = name_key("ای")


def _words(name: str) -> list[str]:
    """Name parts, split at spaces and ZWNJ («چشمه‌سری» = «چشمه سری»), without a final «‌ای»
    («خامنه‌ای» = «آقای خامنه»)."""
    parts = [name_key(w) for w in re.split(r"[\s\u200c]+", name) if w]
    if len(parts) > 1 and parts[-1] == _YEH_SUFFIX:
        parts.pop()
    return parts


def _names_match(a: str, b: str) -> bool:
    """One name is the tail (surname part) of the other, or they are the same name."""
    wa, wb = _words(a), _words(b)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    tail = long[len(long) - len(short) :]
    return bool(short) and short == tail


def _titles_compatible(a: str, b: str) -> bool:
    """«رهبر معظم» and «رهبر معظم ایران» are one role; «… ایران» and «… سوریه» are two."""
    wa, wb = _words(a), _words(b)
    n = min(len(wa), len(wb))
    return wa[:n] == wb[:n]


class _Resolver:
    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.entities: list[Entity] = []
        self.previous: Entity | None = None
        self.pending: Entity | None = None  # a role phrase waiting for its name

    def by_name(self, name: str, kind: str) -> Entity | None:
        for e in reversed(self.entities):
            if e.kind == kind and any(_names_match(name, n) for n in e.names):
                return e
        return None

    def by_title(self, title: str) -> Entity | None:
        for e in reversed(self.entities):
            if any(_titles_compatible(title, t) for t in e.titles):
                return e
        return None

    def new(self, kind: str) -> Entity:
        e = Entity(kind)
        self.entities.append(e)
        return e

    def conflicts(self, e: Entity, title: str) -> bool:
        return bool(e.titles) and not any(_titles_compatible(title, t) for t in e.titles)

    def near(self, e: Entity | None, paragraph: int) -> bool:
        return e is not None and paragraph - e.last_paragraph <= _NEAR_PARAGRAPHS

    def merge(self, keep: Entity, gone: Entity) -> None:
        for values, extra in (
            (keep.names, gone.names),
            (keep.titles, gone.titles),
            (keep.surfaces, gone.surfaces),
        ):
            for v in extra:
                keep.add(values, v)
        self.entities.remove(gone)
        gone.merged_into = keep

    def resolve(self, q: RawQuote) -> Entity:
        s = q.subject
        if s is not None and s.ref == "pronoun":
            # وی/او are one person or one source: not an organisation, not a group («بسیاری»).
            prev = self.previous
            e = prev if prev is not None and _singular(prev) else self._earlier_subject(q)
        elif s is None or s.ref == "anaphor":
            e = self.previous or self._earlier_subject(q)
        elif s.ref in ("organization", "anonymous"):
            e = self._named(s.name or s.span.text, s.ref)
        elif s.ref == "title":
            e = self._titled(s.title or s.span.text, q.paragraph, q.also)
        else:
            s = q.subject = self._known_prefix(s)
            e = self._named(s.name or s.span.text, "person")
            e.add(e.titles, s.title)
            e.add(e.titles, s.appositive)
            if self.pending is not None and self.pending is not e:
                if self.near(self.pending, q.paragraph) and not any(
                    self.conflicts(e, t) for t in self.pending.titles
                ):
                    self.merge(e, self.pending)
                self.pending = None
        if s is not None and s.ref not in ("pronoun",):
            e.add(e.surfaces, s.span.text)
        e.last_paragraph = q.paragraph
        self.previous = e
        return e

    def _known_prefix(self, s: Phrase) -> Phrase:
        """«دشتکی رفع تبعیض … را برشمرد و گفت»: a phrase that starts with a name the article
        already knows ends with that name; the words after it belong to the object."""
        words = (s.name or "").split()
        if s.title or len(words) < 2 or self.by_name(" ".join(words), "person"):
            return s
        for k in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:k])
            if self.by_name(prefix, "person"):
                at = s.span.text.find(prefix)
                if at < 0:
                    return s
                start = s.span.start + at
                span = Span(prefix, start, start + len(prefix))
                return Phrase(span, "name", name=prefix)
        return s

    def _named(self, name: str, kind: str) -> Entity:
        e = self.by_name(name, kind) or self.new(kind)
        e.add(e.names, name)
        return e

    def _titled(self, title: str, paragraph: int, also: bool = False) -> Entity:
        e = self.by_title(title)
        if e is None:
            prev = self.previous
            if (
                not also
                and prev is not None
                and prev.kind == "person"
                and prev.names
                and self.near(prev, paragraph)
                and not self.conflicts(prev, title)
            ):
                e = prev
            else:
                e = self.new("person")
                self.pending = e
        e.add(e.titles, title)
        return e

    def _earlier_subject(self, q: RawQuote) -> Entity:
        """No speaker yet: the subject of the nearest earlier sentence names the referent."""
        for p in range(q.paragraph, 0, -1):
            text = self.paragraphs[p - 1]
            end = q.cue.start if p == q.paragraph else len(text)
            for sentence in reversed(sentences(text)):
                if sentence.start >= end:
                    continue
                phrase = speaker_phrase(text, sentence.start, min(sentence.end, end))
                if phrase is not None and phrase.name and phrase.ref in _NAMED:
                    return self._named(phrase.name, _NAMED[phrase.ref])
        return self.new("anonymous")


_NAMED = {"name": "person", "organization": "organization"}
_ONE = frozenset(name_key(w) for w in ("یک", "یکی"))


def _singular(e: Entity) -> bool:
    if e.kind == "person":
        return True
    return e.kind == "anonymous" and any(
        name_key(s.split()[0]) in _ONE for s in e.surfaces if s.split()
    )


def _leading_words(text: str, start: int, end: int) -> list:
    tokens = tokenize(text, start, end)
    out = []
    for t in tokens:
        if not t.text[0].isalnum() or name_key(t.text) in lexicon.stop_words():
            break
        out.append(t)
        if len(out) >= 5:
            break
    return out


class _Article:
    """The article's paragraphs joined once, for the whole-article scans below."""

    _PREVIOUS_WORD = re.compile(r"([\w\u200c]+)[ «]+$")

    def __init__(self, paragraphs: list[str]) -> None:
        self.text = "\n".join(paragraphs)
        self._honorific_pairs: list[tuple[str, str]] | None = None

    def occurrences(self, phrase: str) -> list[int]:
        """Where ``phrase`` stands as whole words."""
        found, at = [], self.text.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            before_ok = at == 0 or not _is_word_char(self.text[at - 1])
            after_ok = end == len(self.text) or not _is_word_char(self.text[end])
            if before_ok and after_ok:
                found.append(at)
            at = self.text.find(phrase, at + 1)
        return found

    def word_before(self, at: int) -> str | None:
        m = self._PREVIOUS_WORD.search(self.text, max(0, at - 40), at)
        return m.group(1) if m else None

    def honorific_pairs(self) -> list[tuple[str, str]]:
        """(«آقای خامنه», «خامنه»): every honorific and the word after it, found once."""
        if self._honorific_pairs is None:
            self._honorific_pairs = [
                (m.group(0), m.group(1)) for m in lexicon.honorific_regex().finditer(self.text)
            ]
        return self._honorific_pairs


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == ZWNJ


def _complete_names(e: Entity, article: _Article) -> None:
    """«رئیسی» → «ابراهیم رئیسی» when the article writes a given name before the surname."""
    if e.kind != "person" or not e.names:
        return
    best = e.name
    for _ in range(2):  # «شریعتی» → «ابراهیم شریعتی» → «محمد ابراهیم شریعتی»
        longer = None
        for at in article.occurrences(best):
            word = article.word_before(at)
            if word and name_key(word) in lexicon.given_names():
                longer = f"{word} {best}"
                break
        if longer is None:
            return
        e.add(e.names, longer)
        best = longer


def _appositives(e: Entity, article: _Article) -> None:
    """«بشار اسد، رئیس جمهوری سوریه …» anywhere in the article gives the name its role."""
    if e.kind != "person" or not e.names:
        return
    text = article.text
    for name in list(e.names):
        for at in article.occurrences(name):
            start = at + len(name)
            if not text.startswith("،", start):
                continue
            ends = [i for c in "،.:\n" if (i := text.find(c, start + 1)) >= 0]
            words = _leading_words(text, start + 1, min([len(text), *ends]))
            if words and lexicon.is_title(words[0].text):
                title = text[words[0].start : words[-1].end]
                e.add(e.titles, title)
                e.add(e.surfaces, title)


def _honorific_mentions(e: Entity, article: _Article) -> None:
    """«آقای خامنه» elsewhere in the article is one more way the article names the speaker."""
    if e.kind != "person" or not e.names:
        return
    for mention, word in article.honorific_pairs():
        if any(_names_match(word, n) for n in e.names):
            e.add(e.surfaces, mention)


def resolve(
    quotes: list[RawQuote], paragraphs: list[str]
) -> tuple[list[Speaker], list[tuple[RawQuote, str]]]:
    """Speakers of an article and each quote paired with its speaker's key."""
    resolver = _Resolver(paragraphs)
    article = _Article(paragraphs)
    # Titles given by apposition are known before the first quote is resolved.
    pairs = []
    for q in quotes:
        if q.subject is not None and q.subject.ref == "title":
            _prime_titles(resolver, quotes, article)
            break
    for q in quotes:
        pairs.append((q, resolver.resolve(q)))
    for e in resolver.entities:
        _complete_names(e, article)
        _appositives(e, article)
        _honorific_mentions(e, article)
    # One speaker per canonical name: two entities the rules kept apart but that end with the
    # same name (two unidentified sources, say) are one speaker to the reader.
    speakers: dict[str, Speaker] = {}
    out = []
    for q, e in pairs:
        while e.merged_into is not None:  # merged away: follow to the survivor
            e = e.merged_into
        name = e.name
        key = name_key(name)
        aliases = [a for a in e.surfaces + e.titles if a != name]
        sp = speakers.get(key)
        if sp is None:
            sp = speakers[key] = Speaker(key=key, name=name, kind=e.kind, aliases=[])
        sp.aliases = _unique(sp.aliases + aliases)
        sp.quote_count += 1
        out.append((q, key))
    return list(speakers.values()), out


def _prime_titles(resolver: _Resolver, quotes: list[RawQuote], article: _Article) -> None:
    """Create the named speakers whose appositive roles the article states, before resolving."""
    for q in quotes:
        s = q.subject
        if s is not None and s.ref == "name" and s.name:
            e = resolver.by_name(s.name, "person")
            if e is None:
                e = resolver.new("person")
                e.add(e.names, s.name)
                _appositives(e, article)
                if not e.titles:
                    resolver.entities.remove(e)


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out
