"""The word lists the rules read, loaded once from ``app/nlp/data``.

They are data, not code, so that a linguist can extend a list without touching the rules. Each
list is compared on folded keys (:func:`app.nlp.fold.name_key`), so «رئیس» and «رییس», «تاکید» and
«تأکید», a space or a ZWNJ, all meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from app.nlp.cue_forms import verb_forms
from app.nlp.fold import name_key

# Light verbs: past stem -> present stem.
_LIGHT_VERBS = {
    "کرد": "کن", "داشت": "دار", "داد": "ده", "شد": "شو", "نمود": "نما", "ساخت": "ساز", "زد": "زن"
}  # fmt: skip
_SEP = "[ \u200c]*"
_SEP1 = "[ \u200c]+"
_WORD_END = r"(?![\w\u200c])"
_WORD_START = r"(?<![\w\u200c])"


def _lines(name: str) -> list[str]:
    text = resources.files("app.nlp").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


lines = _lines  # a data file's lines, for lexicons read where they are used (name_index.py)


def _key_set(name: str) -> frozenset[str]:
    return frozenset(name_key(line) for line in _lines(name))


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    strength: str  # strong | weak | optional
    pattern: str


def _form_pattern(form: str) -> str:
    parts = form.split(" ")
    head = re.escape(parts[0])
    rest = "".join(_SEP + re.escape(p) for p in parts[1:])
    return head + rest


def _verb_pattern(prefix: str | None, past: str, present: str) -> str:
    forms = "|".join(_form_pattern(f) for f in verb_forms(past, present, simple=prefix is None))
    if prefix is None:
        return f"(?:{forms})"
    nonverbal = _SEP1.join(re.escape(p) for p in prefix.split(" "))
    return f"{nonverbal}{_SEP}(?:{forms})"


@cache
def cue_verbs() -> tuple[CueVerb, ...]:
    verbs = []
    for line in _lines("cue_verbs.tsv"):
        kind, a, b, strength = line.split("\t")
        if kind == "simple":
            pattern = _verb_pattern(None, a, b)
            lemma = a
        else:
            pattern = _verb_pattern(a, b, _LIGHT_VERBS[b])
            lemma = f"{a} {b}"
        verbs.append(CueVerb(lemma, strength, pattern))
    return tuple(verbs)


@cache
def cue_regex() -> re.Pattern[str]:
    """All reporting verbs in one alternation, each a named group by position."""
    alternatives = "|".join(f"(?P<v{i}>{v.pattern})" for i, v in enumerate(cue_verbs()))
    # Not «گفت‌وگو»/«گفت و گو» (a conversation), not a passive («گفته می‌شود»، «گفته میشه»:
    # impersonal; «گفته شود»: an instruction, no source's words), not «باید گفت»/«می‌توان
    # گفت» (the writer's own «one must say»).
    return re.compile(
        f"{_WORD_START}(?<!باید )(?<!توان )(?:{alternatives}){_WORD_END}"
        f"(?!{_SEP}و{_SEP}گو)(?!{_SEP1}(?:{_PASSIVE}){_WORD_END})"
    )


_PASSIVE = f"شده|شد|شود|شوند|بشود|می{_SEP}شود|می{_SEP}شد|می{_SEP}شه|بشه"


@cache
def cue_heads_regex() -> re.Pattern[str]:
    """The first word of every cue form, a cheap filter before ``cue_regex``.

    Python's regex engine tries every branch of the full alternation at every position; this
    short list of literals finds the few candidate positions seven times faster.
    """
    heads = {"می"}
    for line in _lines("cue_verbs.tsv"):
        heads.add(line.split("\t")[1].split()[0])
    alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(f"{_WORD_START}(?:{alternatives})")


@dataclass(frozen=True, slots=True)
class AccordingTo:
    phrase: str
    role: str  # source | via


@cache
def according_to() -> tuple[AccordingTo, ...]:
    out = []
    for line in _lines("according_to.txt"):
        phrase, role = line.split("\t")
        out.append(AccordingTo(phrase, role))
    return tuple(out)


def _starting(words: Iterable[str]) -> str:
    """A lookahead for the first letters of ``words``: Python's engine tries every branch of
    an alternation at every position, and this one-character test rules out most positions
    before any branch is tried."""
    return "(?=[" + "".join(re.escape(c) for c in sorted({w[0] for w in words})) + "])"


def _word(word: str) -> str:
    """A lexicon word as a pattern; a final «ه» also matches «ۀ» as posted («به گفتۀ X»)."""
    escaped = re.escape(word)
    return escaped[:-1] + "[هۀ]" if word.endswith("ه") else escaped


@cache
def according_to_regex() -> re.Pattern[str]:
    """The according-to phrases, grouped by their first word («به (?:گفته|گزارش|…)»): the
    engine tries each first word once, not every phrase that starts with it; the group
    ``a<i>`` that matched names the phrase (``according_to()[i]``)."""
    by_first: dict[str, list[str]] = {}
    for i, a in enumerate(according_to()):
        head, *rest = a.phrase.split()
        tail = _SEP1.join(_word(p) for p in rest)
        by_first.setdefault(head, []).append(f"(?P<a{i}>{_SEP1 + tail if tail else ''})")
    alts = "|".join(f"{_word(head)}(?:{'|'.join(tails)})" for head, tails in by_first.items())
    first = _starting(a.phrase for a in according_to())
    return re.compile(f"{_WORD_START}{first}(?:{alts}){_WORD_END}")


@cache
def publishers() -> tuple[str, ...]:
    return tuple(name_key(p) for p in _lines("publishers.txt"))


@cache
def honorifics() -> frozenset[str]:
    return _key_set("honorifics.txt")


@cache
def pronouns() -> frozenset[str]:
    return _key_set("pronouns.txt")


@cache
def titles() -> frozenset[str]:
    return _key_set("titles.txt")


@lru_cache(maxsize=16384)
def is_title(word: str) -> bool:
    """A role word, also as the first part of a ZWNJ compound («نایب‌رئیس»، «سرمربی‌»); asked
    of the word after every verb, so its answers are kept."""
    return name_key(word) in titles() or name_key(word.split("\u200c")[0]) in titles()


@cache
def organizations() -> frozenset[str]:
    return _key_set("organizations.txt")


@cache
def anonymous_phrases() -> tuple[str, ...]:
    return tuple(name_key(p) for p in _lines("anonymous.txt"))


@cache
def stop_words() -> frozenset[str]:
    return _key_set("stop_words.txt")


@cache
def connectives() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Connective phrases as tuples of word keys, by their first word, longest first. A line
    «X این …» with «…» stands for X followed by «این» or «آن» and one of the event nouns
    listed after it («پس از این … حمله حادثه» is «پس از این حمله»، «پس از آن حادثه» …)."""
    phrases: set[tuple[str, ...]] = set()
    for line in _lines("connectives.txt"):
        head, _, nouns = line.partition(" … ")
        if not nouns:
            phrases.add(tuple(name_key(w) for w in line.split()))
            continue
        words = [name_key(w) for w in head.split()][:-1]  # the «این» is written, «آن» too
        for this in (name_key("این"), name_key("آن")):
            phrases.update((*words, this, name_key(n)) for n in nouns.split())
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        out.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(group) for first, group in out.items()}


@cache
def verbs() -> frozenset[str]:
    return _key_set("verbs.txt")


@cache
def given_names() -> frozenset[str]:
    return _key_set("given_names.txt")


@cache
def while_stating_regex() -> re.Pattern[str]:
    """«با بیان اینکه»، «با تاکید بر اینکه»، «با اشاره به اینکه»: a clause stated on the way to
    the main reporting verb (without «اینکه», «با اشاره به X» is only a setting)."""
    ways = f"بیان|ت[اأ]کید{_SEP1}بر|اشاره{_SEP1}به|یادآوری"
    return re.compile(
        f"{_WORD_START}(?:با|ضمن){_SEP1}(?:{ways}){_SEP1}(?:این{_SEP}که|اینکه){_WORD_END}"
    )


@cache
def _documents() -> str:
    """The documents' names (``documents.txt``) as one alternation, longest first."""
    return "|".join(_word(d) for d in sorted(_lines("documents.txt"), key=len, reverse=True))


@cache
def this_document_regex() -> re.Pattern[str]:
    """«بر اساس این گزارش، …»، «طبق این بیانیه، …»: a verbless attribution to a document
    named before (group ``doc``: the demonstrative and the document), then a comma, or (group
    ``bare``) a word that is not «که»: without a comma the phrase must open its sentence
    (``according._this_document`` checks), «براساس این گزارش دو طرف …»; or (group ``which``)
    a short «که» clause about the document before the comma («بر اساس این گزارش که روز
    پنج‌شنبه منتشر شد، …»)."""
    docs = _documents()
    how = f"بر{_SEP}اساس|طبق|بنا{_SEP}بر|به{_SEP1}استناد"
    return re.compile(
        f"{_WORD_START}(?P<how>{how}){_SEP1}(?P<doc>(?:این|همین){_SEP1}(?:{docs})){_WORD_END}"
        f"(?:(?={_SEP}[،,])|(?P<which>{_SEP1}که{_WORD_END}[^،,.:؛«»]{{1,80}}(?=[،,]))"
        f"|(?P<bare>(?={_SEP1}(?!که{_WORD_END})\\w)))"
    )


@cache
def honorific_regex() -> re.Pattern[str]:
    """An honorific and the word after it: «آقای خامنه», «دکتر روحانی»."""
    words = sorted(_lines("honorifics.txt"), key=len, reverse=True)
    alts = "|".join(_SEP1.join(re.escape(p) for p in re.split(r"[ \u200c]", w)) for w in words)
    return re.compile(f"{_WORD_START}{_starting(words)}(?:{alts}){_SEP1}([\\w\u200c]+)")


@cache
def not_labels() -> frozenset[str]:
    return _key_set("not_labels.txt")


@cache
def reader_labels() -> tuple[tuple[str, ...], ...]:
    """Label phrases of readers' messages, each as its words' keys."""
    return tuple(tuple(name_key(w) for w in line.split()) for line in _lines("reader_labels.txt"))


@cache
def interviewers() -> frozenset[str]:
    return _key_set("interviewers.txt")


@cache
def label_prefixes() -> frozenset[str]:
    return _key_set("label_prefixes.txt")


@cache
def document_cue_regex() -> re.Pattern[str]:
    """«در (این) بیانیه (X) آمده است»: the document (group ``doc``) and the verb (``verb``);
    also of a part of it («در بخشی از این بیانیه آمده»، «در ادامه این نامه آمده است»)."""
    docs = _documents()
    owner = f"(?:{_SEP1}[^\\s،؛:.«»]+){{0,5}}?"
    doc = f"(?:(?:این|آن){_SEP1})?(?:{docs})(?:{_SEP}ای)?{owner}"
    part = f"(?:(?:بخشی|بخش{_SEP}هایی|قسمتی|بخش{_SEP1}دیگری){_SEP1}از|ادامه){_SEP1}"
    verb = f"آمده(?:{_SEP}است)?"
    return re.compile(
        f"{_WORD_START}(?:در|طبق){_SEP1}(?:{part})?(?P<doc>{doc}){_SEP1}(?:همچنین{_SEP1})?"
        f"(?P<verb>{verb}){_WORD_END}"
    )


@cache
def local_offices() -> frozenset[str]:
    """Head phrases of local offices, folded (``data/local_offices.txt``): «امام جمعه»."""
    return _key_set("local_offices.txt")


@cache
def person_nouns() -> frozenset[str]:
    """Nouns for a person that alone name no one (``data/person_nouns.txt``): «مرد گفت»."""
    return _key_set("person_nouns.txt")


@cache
def non_names() -> frozenset[str]:
    """Words never a speaker's name (``data/non_names.txt``)."""
    return _key_set("non_names.txt")


@cache
def branches() -> frozenset[str]:
    """Organisations with an office in every province (``data/branches.txt``), folded."""
    return _key_set("branches.txt")


@cache
def organization_names() -> frozenset[str]:
    """Organisations' own names that the rules read as a person's (``data/organization_names.txt``),
    folded: their speakers are organisations."""
    return _key_set("organization_names.txt")


@cache
def speech_nouns() -> frozenset[str]:
    """Nouns of speech written before the speaker's name in ezafe (``data/speech_nouns.txt``):
    «آرزوی ترامپ» is Trump's wish, said by Trump."""
    return _key_set("speech_nouns.txt")


@cache
def owner_nouns() -> frozenset[str]:
    """Nouns a name after them owns (``data/owner_nouns.txt``): in «سخنگوی دولت مسعود
    پزشکیان» the name is the government's, the role someone else's."""
    return _key_set("owner_nouns.txt")


@cache
def place_names() -> tuple[tuple[str, ...], ...]:
    """The names of each country a role may be written with, the canonical first
    (``data/place_names.txt``): «وزیر خارجه جمهوری اسلامی» is «وزیر خارجه ایران»."""
    return tuple(tuple(n.strip() for n in line.split("=")) for line in _lines("place_names.txt"))


@cache
def text_label_words() -> frozenset[str]:
    """The first words of the labels that announce a text (``text_labels.txt``: «ترجمه ماشین»،
    «متن کامل»): never a name."""
    return frozenset(name_key(line.split()[0]) for line in _lines("text_labels.txt"))


@cache
def place_words() -> frozenset[str]:
    """The first word of each country's names and of each foreign capital (``place_names.txt``,
    ``capitals.txt``): the place an envoy is posted to («سفیر آمریکا در اسرائیل»)."""
    names = [n for line in place_names() for n in line]
    names += [n.strip() for line in _lines("capitals.txt") for n in line.split("=")]
    return frozenset(name_key(n.split()[0]) for n in names if n.strip())


@cache
def outlet_kinds() -> frozenset[str]:
    """Words before an outlet's name that say its kind (``data/outlet_kinds.txt``)."""
    return _key_set("outlet_kinds.txt")
