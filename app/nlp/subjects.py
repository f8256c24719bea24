"""The subject of a reporting verb: which piece of the clause before the cue holds it.

The clause before a cue is split on «،» and «؛» into pieces: the subject, its appositive, the
setting («در دیدار با …»). The subject is the first piece that does not open with a preposition
(``phrases.noun_phrase`` reads its words). A clause after «<verb> و» or a «که» that the cue ends
has a subject of its own, and so has a sentence after a «؛» that follows a verb: the words
before it are a sentence of their own, whose subject is the one a pronoun after it refers to.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from operator import attrgetter, itemgetter

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_words import a_time, can_be_subject
from app.nlp.normalize import Token, paragraph_tokens, token_range, tokenize
from app.nlp.phrase_words import light_verb
from app.nlp.phrases import (
    _AND,
    _SEPARATORS,
    PREPOSITIONS,
    Phrase,
    _join,
    _key,
    classify,
    name_after,
    noun_phrase,
    skip_connectives,
)
from app.nlp.subject_scope import after_quoted_speech, clause_opening

_SUBORDINATORS = frozenset(name_key(w) for w in ("که", "اینکه", "این\u200cکه"))
_ALTHOUGH = frozenset(name_key(w) for w in ("باوجود", "علیرغم", "علی\u200cرغم"))
_JOINS = frozenset((_AND, name_key("اما"), name_key("ولی")))
_TEXT = itemgetter(0)  # a token's text
_END = attrgetter("end")
_RA = name_key("را")
_DASHES = frozenset("-–—")


def _appositive(text: str, tokens: Sequence[Token], chunk: range | None) -> str | None:
    if chunk is None:
        return None
    words = noun_phrase(tokens, chunk.start, chunk.stop)
    if words and lexicon.is_title(words[0].text):
        return _join(text, words)
    return None


class _Clauses:
    """Where a paragraph's clauses and chunks break, gathered once for bisection.

    A paragraph of thousands of cues whose subjects are skipped makes the clause before the
    last cue as long as the paragraph: scanning it for each cue would cost the square of the
    paragraph's length. Each question below is a bisection, and the chunks come one at a time.
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        texts = list(map(_TEXT, tokens))  # by map, not a loop: every paragraph with a cue
        keys = list(map(name_key, texts))
        verbs = lexicon.verbs()
        after_verb = [k + 1 for k, key in enumerate(keys[:-1]) if key in verbs]
        # «<verb> و», «<verb> اما»: the index of each such conjunction.
        self.boundaries = [k for k in after_verb if keys[k] in _JOINS]
        # «… انتقاد کرد سفیر چین در سازمان ملل … تاکید کرد»: a role right after a verb opens
        # a clause of its own (a headline run into its story with no mark between them)
        self.run_ons = [k for k in after_verb if lexicon.is_title(texts[k])]
        self.subordinators = [k for k, key in enumerate(keys) if key in _SUBORDINATORS]
        self.separators = [k for k, t in enumerate(texts) if t in _SEPARATORS]
        # most paragraphs have no «؛»: nothing to walk
        self.closed = _closed_semicolons(texts, keys) if "؛" in texts else []
        # «اربیل، عراق (آسوشیتدپرس) - ارتش آمریکا … اعلام کرد»: a dateline ends at its dash
        self.datelines = (
            [k + 1 for k in range(1, len(texts) - 1) if _dateline(texts, k)] if ")" in texts else []
        )

    def last_closed(self, lo: int, hi: int) -> int:
        """The last «؛» of ``tokens[lo:hi]`` that ends a sentence of its own, or -1."""
        n = bisect_left(self.closed, hi) - 1
        return self.closed[n] if n >= 0 and self.closed[n] >= lo else -1

    def after_dateline(self, lo: int, hi: int) -> int:
        """Where the words after a dateline («… (رویترز) —») in ``tokens[lo:hi]`` start, else
        ``lo``."""
        n = bisect_right(self.datelines, hi - 1) - 1
        return self.datelines[n] if n >= 0 and self.datelines[n] > lo else lo

    def last_clause(self, lo: int, hi: int) -> int:
        """Where the clause after the last «<verb> و/اما/ولی» or «<verb> <role>» of
        ``tokens[lo:hi]`` starts, when a subject follows it; else ``lo``."""
        found = lo
        n = bisect_right(self.boundaries, hi - 2) - 1
        if n >= 0 and self.boundaries[n] > lo:
            k = self.boundaries[n]
            if noun_phrase(self.tokens, k + 1, hi) and not self._subordinate(lo, k):
                found = k + 1
        n = bisect_right(self.run_ons, hi - 1) - 1
        if n >= 0 and self.run_ons[n] > found and not self._subordinate(lo, self.run_ons[n]):
            found = self.run_ons[n]
        return found

    def _subordinate(self, lo: int, k: int) -> bool:
        """A «که» between ``lo`` and ``k``: inside «در مورد اینکه … و آیا …» the clause after
        ``k`` belongs to the setting."""
        s = bisect_left(self.subordinators, lo)
        return s < len(self.subordinators) and self.subordinators[s] < k

    def chunks(self, lo: int, hi: int) -> Iterator[range]:
        """``tokens[lo:hi]`` split on «،» and «؛»: each piece is a subject, an appositive or a
        setting. Empty pieces are left out."""
        k = bisect_left(self.separators, lo)
        while lo < hi:
            cut = self.separators[k] if k < len(self.separators) else hi
            cut = min(cut, hi)
            if cut > lo:
                yield range(lo, cut)
            lo, k = cut + 1, k + 1


def _dateline(texts: list[str], k: int) -> bool:
    """A dash right after a bracketed agency, before a word that is not «که» (a dash that
    opens an aside: «(Washington ComPost) — که …»)."""
    return (
        texts[k] in _DASHES
        and texts[k - 1] == ")"
        and texts[k + 1][0].isalnum()
        and name_key(texts[k + 1]) not in _SUBORDINATORS
    )


def _closed_semicolons(texts: list[str], keys: list[str]) -> list[int]:
    """Each «؛» after a piece's own verb: a sentence of its own ends there («باشگاه X خواستار
    جذب Y شد…؛ مربی به او گفته …»). A verb after «که» / «اینکه» is a subordinate clause's,
    which goes on past the «؛» («وی با بیان اینکه … کردند؛ …، گفت»)."""
    verbs = lexicon.verbs()
    out: list[int] = []
    verb_first: bool | None = None  # whether the piece so far has a verb before any «که»
    for k, (text, key) in enumerate(zip(texts, keys, strict=True)):
        if not text[0].isalnum():  # a «؛», or any mark that ends a piece or a sentence
            if text == "؛" and verb_first:
                out.append(k)
            verb_first = None
        elif verb_first is None and (key in verbs or key in _SUBORDINATORS):
            verb_first = key in verbs
    return out


@lru_cache(maxsize=16)
def _paragraph_clauses(text: str) -> _Clauses:
    return _Clauses(paragraph_tokens(text))


def speaker_phrase(text: str, start: int, end: int, *, last: bool = True) -> Phrase | None:
    """The subject of the clause ``text[start:end]`` (which ends right before the cue); with
    ``last`` false, of a whole earlier sentence, whose first subject is the one a later
    pronoun refers to («مدافع X، Y، با صحنه عجیبی روبه‌رو شد؛ سارقان … دزدیدند. او نوشت»)."""
    start = after_quoted_speech(text, start, end)
    found = token_range(text, start, end)
    if found is None:  # a word cut by the region's edge: the region's own tokens
        clauses = _Clauses(tokenize(text, start, end))
        found = range(len(clauses.tokens))
    else:
        clauses = _paragraph_clauses(text)
    tokens = clauses.tokens
    lo = clauses.last_clause(clauses.after_dateline(found.start, found.stop), found.stop)
    at = clause_opening(tokens, lo, found.stop)  # «… نشان می‌دهد که X گفته»: X after «که»
    if at and (words := noun_phrase(tokens, at, found.stop)):
        lo = at if classify(text, words).ref not in ("nobody", "pronoun") else lo
    cut = clauses.last_closed(lo, found.stop) if last else -1
    if cut < 0:
        phrase = _subject(text, clauses, lo, found.stop)
        if not last and lo > found.start and _left_out(clauses.tokens, phrase):
            # «ترامپ … انتقاد کرده و پیش‌بینی کرده …. او می‌گوید»: the last clause left its
            # subject out, so the sentence's first clause names the one a pronoun refers to
            first = _subject(text, clauses, found.start, lo)
            return phrase if first is None or _left_out(clauses.tokens, first) else first
        return phrase
    phrase = _subject(text, clauses, cut + 1, found.stop)
    if phrase is not None and phrase.ref not in ("pronoun", "nobody") and not _which(text, phrase):
        return phrase
    # «ترامپ عصبانی است؛ او گفته …»: او is the subject of the sentence before the «؛», and so
    # is a subject left out after it, or a noun that a «که» describes («…؛ مجموعه‌ای که به
    # گفته وی …»: the words are about the sentence before)
    before = _subject(text, clauses, max(lo, clauses.last_closed(lo, cut) + 1), cut)
    return before or phrase


def _left_out(tokens: Sequence[Token], phrase: Phrase | None) -> bool:
    """A clause with no subject of its own: none found, a pronoun, the verb's object read as
    one («آن» of «آن را … دانسته است») or the noun of a compound verb («پیش‌بینی کرده»)."""
    if phrase is None or phrase.ref == "pronoun":
        return True
    k = bisect_left(tokens, phrase.span.end, key=_END) + 1
    after = tokens[k].text if k < len(tokens) else ""
    noun = phrase.ref == "nobody" or " " not in phrase.span.text
    return name_key(after) == _RA or (noun and light_verb(after))


def _which(text: str, phrase: Phrase) -> bool:
    """A single word right before «که»: a noun the clause describes, not a subject."""
    end = phrase.span.end
    return " " not in phrase.span.text and text[end : end + 4].strip() == "که"


def _tags(tokens: Sequence[Token], chunk: range, hi: int) -> bool:
    """A piece of hashtags alone before a «؛» or «،» («#تکمیلی؛ X اعلام کرد»): the post's
    flags, not its subject («#ترامپ گفت» is read as a name)."""
    tags = len(chunk) % 2 == 0 and all(tokens[k].text == "#" for k in chunk[::2])
    return tags and chunk.stop < hi


def _subject(text: str, clauses: _Clauses, lo: int, hi: int) -> Phrase | None:
    """The first piece of ``tokens[lo:hi]`` that can be a subject, read as one."""
    tokens = clauses.tokens
    chunks = clauses.chunks(lo, hi)  # the subject is usually the first chunk
    following = next(chunks, None)
    while (chunk := following) is not None:
        following = next(chunks, None)
        first = skip_connectives(tokens, chunk.start, chunk.stop)
        if first == chunk.stop or _key(tokens[first]) in PREPOSITIONS or _tags(tokens, chunk, hi):
            continue
        if chunk.stop < hi and _key(tokens[chunk.start]) in _ALTHOUGH:
            continue  # «علی‌رغم اینکه X …، Y گفت»: X's clause is a setting; not when it ends at
            # the cue («باوجود این‌که ترامپ … می‌گوید»)
        words = noun_phrase(tokens, first, chunk.stop)
        if not words or not can_be_subject(words[0]) or a_time(words):
            continue
        phrase = classify(text, words)
        # «X، رئیس …، گفت»: the role is X's only when X ends its piece; in «ترامپ در پاسخ به
        # پرسشی درباره شی جین‌پینگ، رئیس‌جمهوری چین، گفت» it is the last name's, not his.
        ends = words[-1].end == tokens[chunk.stop - 1].end
        apposition = _appositive(text, tokens, following) if ends else None
        if apposition and phrase.ref == "name":
            return Phrase(phrase.span, phrase.ref, phrase.name, phrase.title, apposition)
        if phrase.ref == "title" and ends and following is not None:
            named = name_after(text, tokens, following, hi)
            if named is not None:  # «نخست‌وزیر بریتانیا، کیر استارمر، گفت»: the name, his role
                return Phrase(named.span, "name", named.name, phrase.title)
        return phrase
    return None
