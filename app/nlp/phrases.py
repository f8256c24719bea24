"""The speaker-phrase grammar: what noun phrase before a reporting verb names the speaker.

Persian news puts the subject first and the setting between it and the verb: «رهبر معظم در دیدار
روز یکشنبه با وی، با اشاره به سلیمانی گفت». The subject is the first noun phrase of the clause
that is not itself a setting (a chunk opening with a preposition); it ends at the first stop word
(preposition, adverb, «که», «را»). Honorifics are dropped from the name; a role word (a title)
makes it a role phrase; a given name inside a role phrase starts the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.normalize import Token, tokenize
from app.nlp.records import Span

_PREPOSITIONS = frozenset(
    name_key(w)
    for w in ("در", "با", "به", "از", "پس", "طی", "ضمن", "هنگام", "برای", "بر", "بنابر", "تا")
)
_SUBORDINATORS = frozenset(name_key(w) for w in ("که", "اینکه", "این\u200cکه"))
_DEMONSTRATIVES = frozenset(name_key(w) for w in ("این", "آن", "همین", "همان"))
_MAX_PHRASE = 9


@dataclass(frozen=True, slots=True)
class Phrase:
    """A speaker phrase: its words as written, and what kind of reference it is."""

    span: Span
    ref: str  # name | title | pronoun | anaphor | organization | anonymous
    name: str | None = None  # the name without honorifics or role words
    title: str | None = None  # the role phrase, when there is one
    appositive: str | None = None  # a role phrase set off by commas after the name

    @property
    def is_named(self) -> bool:
        return self.name is not None


def _key(token: Token) -> str:
    return name_key(token.text)


def _span(text: str, tokens: list[Token]) -> Span:
    return Span(text[tokens[0].start : tokens[-1].end], tokens[0].start, tokens[-1].end)


def _join(text: str, tokens: list[Token]) -> str:
    return text[tokens[0].start : tokens[-1].end]


def _chunks(tokens: list[Token]) -> list[list[Token]]:
    """Split on «،» and «؛»: each piece is a subject, an appositive or a setting."""
    chunks: list[list[Token]] = [[]]
    for tok in tokens:
        if tok.text in "،;؛,":
            chunks.append([])
        else:
            chunks[-1].append(tok)
    return [c for c in chunks if c]


def _strip_connectives(tokens: list[Token]) -> list[Token]:
    """Drop «با این حال»، «همچنین»، «و» … from the front: the subject comes after them."""
    longest = len(lexicon.connectives()[0])
    stripped = True
    while stripped and tokens:
        stripped = False
        keys = tuple(_key(t) for t in tokens[:longest])
        for phrase in lexicon.connectives():
            if keys[: len(phrase)] == phrase:
                tokens = tokens[len(phrase) :]
                stripped = True
                break
    return tokens


def _noun_phrase(chunk: list[Token]) -> list[Token]:
    """The leading noun phrase of a chunk: words up to a stop word or punctuation."""
    stops = lexicon.stop_words()
    words = _strip_connectives(chunk)
    phrase: list[Token] = []
    i = 0
    while i < len(words):
        tok = words[i]
        if tok.text == "«" and _short_quote(words, i):
            i += 1  # «محمد ابراهیم شریعتی»: news marks names with guillemets
            continue
        if tok.text == "»" and phrase:
            i += 1
            continue
        key = _key(tok)
        if not tok.text[0].isalnum() or key in stops or len(phrase) >= _MAX_PHRASE:
            break
        if phrase and (key in _DEMONSTRATIVES or key in lexicon.verbs()):
            break  # «X این موضوع را …», «X بسیار عصبانی شد و گفت»
        phrase.append(tok)
        if key in lexicon.pronouns():
            break
        i += 1
    return phrase


def _short_quote(words: list[Token], i: int) -> bool:
    """A « that closes within a few words marks a name or a title, not speech."""
    return any(t.text == "»" for t in words[i + 1 : i + 7])


def _can_be_subject(word: Token) -> bool:
    """Ordinals and numbers («چهارمین هفته …») open a setting, not a subject."""
    return not (word.text[0].isdigit() or _key(word).endswith("مین"))


def classify(text: str, words: list[Token]) -> Phrase:
    """What a noun phrase refers to, and the name and role phrase inside it."""
    span = _span(text, words)
    keys = [_key(t) for t in words]
    if keys[0] in lexicon.pronouns():
        return Phrase(span, "pronoun")
    if keys[0] in _DEMONSTRATIVES:
        return Phrase(span, "anaphor", title=_join(text, words[1:]) if len(words) > 1 else None)
    joined = name_key(span.text)
    if any(joined.startswith(a) for a in lexicon.anonymous_phrases()):
        return Phrase(span, "anonymous", name=span.text)
    core = list(words)
    while core and _key(core[0]) in lexicon.honorifics():
        core.pop(0)
    if not core:
        return Phrase(span, "anaphor")
    core_keys = [_key(t) for t in core]
    if core_keys[0] in lexicon.organizations():
        return Phrase(span, "organization", name=_join(text, core))
    if lexicon.is_title(core[0].text):
        given = next(
            (i for i, k in enumerate(core_keys) if i > 0 and k in lexicon.given_names()), None
        )
        if given is None:
            return Phrase(span, "title", title=_join(text, core))
        name_words = core[given:]
        return Phrase(span, "name", name=_join(text, name_words), title=_join(text, core[:given]))
    title_at = next((i for i, w in enumerate(core) if i > 0 and lexicon.is_title(w.text)), None)
    if title_at is not None:
        return Phrase(
            span, "name", name=_join(text, core[:title_at]), title=_join(text, core[title_at:])
        )
    return Phrase(span, "name", name=_join(text, core))


def _appositive(text: str, chunk: list[Token] | None) -> str | None:
    if not chunk:
        return None
    words = _noun_phrase(chunk)
    if words and lexicon.is_title(words[0].text):
        return _join(text, words)
    return None


def _last_clause(tokens: list[Token]) -> list[Token]:
    """Tokens after the last «<verb> و» boundary, when a subject follows it."""
    for i in range(len(tokens) - 2, 0, -1):
        if _key(tokens[i]) == name_key("و") and _key(tokens[i - 1]) in lexicon.verbs():
            rest = tokens[i + 1 :]
            # Not inside «در مورد اینکه … و آیا …»: there the clause belongs to the setting.
            subordinate = any(_key(t) in _SUBORDINATORS for t in tokens[:i])
            if _noun_phrase(rest) and not subordinate:
                return rest
            break
    return tokens


def speaker_phrase(text: str, start: int, end: int) -> Phrase | None:
    """The subject of the clause ``text[start:end]`` (which ends right before the cue)."""
    chunks = _chunks(_last_clause(tokenize(text, start, end)))
    for i, chunk in enumerate(chunks):
        chunk = _strip_connectives(chunk)
        if not chunk or _key(chunk[0]) in _PREPOSITIONS:
            continue
        words = _noun_phrase(chunk)
        if not words or not _can_be_subject(words[0]):
            continue
        phrase = classify(text, words)
        apposition = _appositive(text, chunks[i + 1] if i + 1 < len(chunks) else None)
        if apposition and phrase.ref == "name":
            return Phrase(phrase.span, phrase.ref, phrase.name, phrase.title, apposition)
        return phrase
    return None


def addressee(text: str, start: int, end: int, subject: Phrase | None) -> Span | None:
    """«به X گفت»: the words between «به» and the cue, when «به» follows the subject."""
    start = subject.span.end if subject else start
    if text.find("به", start, end) < 0:
        return None
    tokens = _strip_connectives(tokenize(text, start, end))
    if len(tokens) < 2 or len(tokens) > 6 or _key(tokens[0]) != name_key("به"):
        return None
    rest = tokens[1:]
    if any(not t.text[0].isalnum() or _key(t) in lexicon.stop_words() for t in rest):
        return None
    return _span(text, rest)
