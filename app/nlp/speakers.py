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

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.nlp import lexicon
from app.nlp.antecedents import RECENT, is_medium, outlet_head, referent
from app.nlp.fold import name_key
from app.nlp.name_index import WordIndex, is_outlet, no_person
from app.nlp.offices import someone_else
from app.nlp.phrases import Phrase
from app.nlp.raw import RawQuote
from app.nlp.records import Span
from app.nlp.roles import both_labels, nested, role_words
from app.nlp.segment import Region, sentences
from app.nlp.subjects import speaker_phrase

_NEAR_PARAGRAPHS = 1
# A dropped subject with nobody before it to refer to: the API still needs a name.
UNKNOWN_SPEAKER = "منبع نامشخص"


class _Values(list[str]):
    """A list of distinct strings in the order they came, with a set for membership: an entity
    can gather thousands of surfaces."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def __contains__(self, value: object) -> bool:
        return value in self.seen


@dataclass(slots=True, eq=False)
class Entity:
    kind: str
    names: _Values = field(default_factory=_Values)
    titles: _Values = field(default_factory=_Values)
    surfaces: _Values = field(default_factory=_Values)
    last_paragraph: int = 0
    merged_into: Entity | None = None
    order: int = 0  # creation order: the resolver prefers the latest entity
    too: bool = False  # «X نیز گفت»: introduced as someone besides the speaker before
    # Roles the article writes beside the name («X، وزیر کشور»), not inferred from the order of
    # quotes: a person who holds one is not every other role of the article.
    stated: set[str] = field(default_factory=set)
    reports: bool = False  # has «گزارش داد/کرد» or «به گزارش X»: what «این گزارش» refers to
    last: RawQuote | None = None  # its latest quote
    used: int = 0  # when it last spoke: the resolver's count of quotes then
    first: RawQuote | None = None

    @property
    def name(self) -> str:
        if self.names:
            return max(self.names, key=lambda n: (len(n.split()), len(n)))
        if self.titles:
            return max(self.titles, key=len)
        return self.surfaces[0] if self.surfaces else UNKNOWN_SPEAKER

    def add(self, values: _Values, value: str | None) -> None:
        if value and value not in values:
            values.append(value)
            values.seen.add(value)


_GENERIC_ROLES = frozenset(name_key(w) for w in ("مقام", "مسئول", "مسؤول"))


def _titles_compatible(a: str, b: str) -> bool:
    """«رهبر معظم» and «رهبر معظم ایران» are one role; «… ایران» and «… سوریه» are two."""
    wa, wb = role_words(a), role_words(b)
    n = min(len(wa), len(wb))
    if wa[:n] == wb[:n]:
        return True
    # «مقام حماس» and «عضو ارشد حماس»: an official of a body is any of its roles
    pairs = ((wa, wb), (wb, wa))
    if any(len(x) > 1 and x[0] in _GENERIC_ROLES and set(x[1:]) <= set(y) for x, y in pairs):
        return True
    # «وزیر اسرائیلی» and «وزیر امنیت داخلی رژیم صهیونیستی»: the role and where it is from
    short, long = sorted((wa, wb), key=len)
    return (
        len(short) == 2
        and len(long) > 2
        and short[0] == long[0]
        and short[1].endswith("ی")
        and short[1][:-1] in long
    )


class Resolver:
    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self._live: dict[int, Entity] = {}  # by creation order, which iteration keeps
        self._created = 0
        self._names = WordIndex(tails=True)
        self._titles = WordIndex(tails=False)
        self.previous: Entity | None = None
        self.pending: Entity | None = None  # a role phrase waiting for its name
        # An interview: after the interviewer's question, «او ادامه داد» is the one answering.
        self.answerer: Entity | None = None
        self._sentences: dict[int, list[Region]] = {}
        self._starts: dict[int, list[int]] = {}
        # For a whole sentence (paragraph, index): the named subject of it or of the nearest
        # earlier sentence that has one (None: no sentence up to it has one).
        self._nearest: dict[tuple[int, int], tuple[str, str] | None] = {}

    @property
    def entities(self) -> list[Entity]:
        return list(self._live.values())

    def recent(self) -> list[Entity]:
        """The last few speakers, the latest first: the ones a reference may point back to."""
        return sorted(self.entities, key=lambda e: e.used, reverse=True)[:RECENT]

    def by_name(self, name: str, kind: str) -> Entity | None:
        """The latest entity of ``kind`` one of whose names matches ``name``."""
        return self._live.get(self._names.latest(kind, name, self._live.__contains__))

    def by_title(self, title: str) -> Entity | None:
        """The latest entity holding a role phrase compatible with ``title``."""
        return self._live.get(self._titles.latest("", title, self._live.__contains__))

    def new(self, kind: str) -> Entity:
        self._created += 1
        e = Entity(kind, order=self._created)
        self._live[e.order] = e
        return e

    def drop(self, e: Entity) -> None:
        del self._live[e.order]

    def add_name(self, e: Entity, name: str | None) -> None:
        if name and name not in e.names:
            e.add(e.names, name)
            self._names.add(e.kind, name, e.order)

    def add_title(self, e: Entity, title: str | None) -> None:
        if title and title not in e.titles:
            e.add(e.titles, title)
            self._titles.add("", title, e.order)

    def index_titles(self, e: Entity) -> None:
        """Titles given to ``e`` outside the resolver (by ``appositives``)."""
        for title in e.titles:
            self._titles.add("", title, e.order)

    def conflicts(self, e: Entity, title: str) -> bool:
        return bool(e.titles) and not any(_titles_compatible(title, t) for t in e.titles)

    def near(self, e: Entity | None, paragraph: int) -> bool:
        return e is not None and paragraph - e.last_paragraph <= _NEAR_PARAGRAPHS

    def merge(self, keep: Entity, gone: Entity) -> None:
        keep.reports |= gone.reports
        for v in gone.names:
            self.add_name(keep, v)
        for v in gone.titles:
            self.add_title(keep, v)
        for v in gone.surfaces:
            keep.add(keep.surfaces, v)
        self.drop(gone)
        gone.merged_into = keep

    def resolve(self, q: RawQuote) -> Entity:
        s = q.subject
        if s is not None and s.ref == "pronoun":
            # وی/او are one person or one source: not an organisation, not a group («بسیاری»).
            prev = self.answerer or self.previous
            e = prev if prev is not None and _singular(prev) else self._earlier_subject(q)
        elif s is None or s.ref == "anaphor":
            e = referent(self, s, q) or self.previous or self._earlier_subject(q)
        elif s.ref == "nobody":
            e = self.named(UNKNOWN_SPEAKER, "anonymous")  # a non-name: no one we can tell
        elif s.ref == "organization" and (outlet := self._outlet_described(s)) is not None:
            e = outlet  # «نیویورک تایمز: …» / «روزنامه آمریکایی گزارش داد»: the same paper
        elif s.ref in ("organization", "anonymous"):
            e = self.named(s.name or s.span.text, s.ref)
        elif s.ref == "title":
            e = self._titled(s.title or s.span.text, q)
        else:
            s = q.subject = self._known_prefix(s)
            e = self.named(s.name or s.span.text, "person")
            self.add_title(e, s.title)
            self.add_title(e, s.appositive)
            e.stated.update(t for t in (s.title, s.appositive) if t)
            if self.pending is not None and self.pending is not e:
                if (
                    self.near(self.pending, q.paragraph)
                    and not nested(q, self.pending.last)
                    and not both_labels(self.pending.last, q)
                    and not any(no_person(n) for n in e.names)
                    and not any(self.conflicts(e, t) for t in self.pending.titles)
                    and not someone_else(self.pending.titles, e.names)
                ):
                    self.merge(e, self.pending)
                self.pending = None
        if s is not None and s.ref not in ("pronoun", "nobody"):
            e.add(e.surfaces, s.span.text)
        e.last_paragraph = q.paragraph
        e.reports |= _REPORT in (q.lemma or q.cue.text)
        e.last = q
        e.first = e.first or q
        self._created += 1
        e.used = self._created
        # A question asked («پرسید», or a label «خبرنگار: …؟»); not a question inside one's
        # own words («X گفت: چرا …؟ وی افزود …» goes on with X).
        asked = q.lemma == "پرسید" or (q.cue.text == ":" and q.content.text.endswith("؟"))
        self.answerer = self.previous if asked and self.previous is not e else None
        self.previous = e
        return e

    def titled_new(self, title: str) -> Entity:
        """A new person known by ``title`` alone."""
        e = self.new("person")
        self.add_title(e, title)
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

    def named(self, name: str, kind: str) -> Entity:
        e = self.by_name(name, kind) or self.new(kind)
        self.add_name(e, name)
        return e

    def _titled(self, title: str, quote: RawQuote) -> Entity:
        paragraph, also = quote.paragraph, quote.also
        e = self.by_title(title)
        if e is not None and ((also and e is self.previous) or someone_else([title], e.names)):
            e = None  # «رئیس مجلس سنای پاکستان هم گفت» after «رئیس مجلس» Ghalibaf
        # the interviewer: never the one who answers, before or after
        asks = _asks(title) and not _reports(title, quote)
        if e is None:
            prev = self.previous
            if (
                not (also or asks)
                and prev is not None
                and prev.kind == "person"
                and prev.names
                and not any(no_person(n) for n in prev.names)
                and self.near(prev, paragraph)
                and not nested(quote, prev.last)
                and not both_labels(prev.last, quote)
                and not self.conflicts(prev, title)
                and not someone_else([title], prev.names)
            ):
                e = prev
            else:
                e = self.new("person")
                e.too = also or asks
                self.pending = None if asks else e
        self.add_title(e, title)
        return e

    def _outlet_described(self, s: Phrase) -> Entity | None:
        """An outlet named only by its kind and where it is from («روزنامه آمریکایی»، «شبکه
        عبری»): the latest outlet that spoke in the post, when there is one."""
        words = (s.name or s.span.text).split()
        if len(words) < 2 or not outlet_head(name_key(words[0])):
            return None
        if not all(w.endswith("ی") and not is_outlet(w) for w in words[1:]):
            return None  # a name after the kind («روزنامه اسرائیل هیوم»): that paper
        return next((e for e in self.recent() if is_medium(e.names)), None)

    def _sentences_of(self, p: int) -> list[Region]:
        if p not in self._sentences:
            self._sentences[p] = sentences(self.paragraphs[p - 1])
            self._starts[p] = [s.start for s in self._sentences[p]]
        return self._sentences[p]

    def _sentences_back(self, q: RawQuote) -> Iterator[tuple[int, int, int, int]]:
        """(paragraph, index, start, end) of each sentence before the cue, nearest first; the
        sentence of the cue itself ends at the cue."""
        at = q.cue_paragraph or q.paragraph  # a label's words may be on a later line
        for p in range(at, 0, -1):
            limit = q.cue.start if p == at else len(self.paragraphs[p - 1])
            spans = self._sentences_of(p)
            for i in range(bisect_left(self._starts[p], limit) - 1, -1, -1):
                yield p, i, spans[i].start, min(spans[i].end, limit)

    def _earlier_subject(self, q: RawQuote) -> Entity:
        """No speaker yet: the subject of the nearest earlier sentence names the referent.

        What each whole sentence found is remembered, so that a run of such quotes does not
        read the article back to its start for each.
        """
        visited: list[tuple[int, int]] = []
        found: tuple[str, str] | None = None
        for p, i, start, end in self._sentences_back(q):
            whole = end == self._sentences_of(p)[i].end
            if whole and (p, i) in self._nearest:
                found = self._nearest[(p, i)]
                break
            phrase = speaker_phrase(self.paragraphs[p - 1], start, end, last=not whole)
            if whole:
                visited.append((p, i))
            if phrase is not None and phrase.name and phrase.ref in _NAMED:
                if name_key(phrase.name.split()[0]) in _QUANTIFIERS:
                    continue  # «بیشتر اهداف تعیین‌شده …»: how many things, no one's name
                found = (phrase.name, _NAMED[phrase.ref])
                break
            if phrase is not None and phrase.ref == "title" and (phrase.title or phrase.name):
                found = (phrase.title or phrase.name or "", "title")
                break
        for key in visited:
            self._nearest[key] = found
        if found and found[1] == "title":
            return self._titled(found[0], q)
        return self.named(*found) if found else self.new("anonymous")


_NAMED = {"name": "person", "organization": "organization"}
_QUANTIFIERS = frozenset(
    name_key(w) for w in ("بیشتر", "بیشترین", "همه", "برخی", "تمام", "تمامی", "هیچ", "اکثر")
)
_REPORT = "گزارش"
_ONE = frozenset(name_key(w) for w in ("یک", "یکی"))


def _asks(title: str) -> bool:
    """«مجری»، «خبرنگار …»: the interviewer, not the role of the one near it who answers."""
    return bool(title) and name_key(title.split()[0]) in lexicon.interviewers()


def _reports(title: str, quote: RawQuote) -> bool:
    """«خبرنگار الجزیره: یک شخصیت … دیدار کرده است»: a reporter of an outlet telling news
    under a headline label, not an interviewer's question, is someone the post names later."""
    return quote.paragraph == 1 and len(title.split()) > 1 and not quote.content.text.endswith("؟")


def _singular(e: Entity) -> bool:
    if e.kind == "person":
        return True
    return e.kind == "anonymous" and any(
        name_key(s.split()[0]) in _ONE for s in e.surfaces if s.split()
    )
