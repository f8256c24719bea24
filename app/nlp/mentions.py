"""Whole-article scans that complete a speaker once every quote is resolved.

The canonical name is the fullest name the article gives («ابراهیم رئیسی»), appositives anywhere
in the article give the name its role («بشار اسد، رئیس جمهوری سوریه»), and an honorific before
the surname («آقای خامنه») is one more way to name the speaker. Each scan runs once per speaker;
an article of thousands of speakers looks its phrases up in indexes built once, not by reading
the article again for each.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from app.nlp import lexicon
from app.nlp.fold import name_key
from app.nlp.name_index import Words, words
from app.nlp.normalize import ZWNJ, Token

if TYPE_CHECKING:
    from app.nlp.speakers import Entity

# A word as ``_is_word_char`` sees it: \w is a letter, a digit or the underscore.
_WORD_RUN = re.compile(r"(?:[^\W_]|\u200c)+")
_TOKEN = re.compile(r"\u200c*\w[\w\u200c]*|[^\w\s\u200c]")  # as in ``normalize``


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == ZWNJ


class Article:
    """The article's paragraphs joined once, for the whole-article scans below."""

    _PREVIOUS_WORD = re.compile(r"([\w\u200c]+)[ «]+$")
    # Phrases looked up before the word index is built: a usual article asks for a few, and
    # ``str.find`` answers those faster than an index could be built.
    INDEX_AFTER = 64

    def __init__(self, paragraphs: list[str]) -> None:
        self.text = "\n".join(paragraphs)
        self._lookups = 0
        self._runs: dict[str, list[int]] | None = None
        self._honorific_pairs: list[tuple[str, str]] | None = None
        self._pairs_by: tuple[dict[Words, list[int]], dict[Words, list[int]]] | None = None

    def occurrences(self, phrase: str) -> list[int]:
        """Where ``phrase`` stands as whole words."""
        self._lookups += 1
        if self._runs is None and self._lookups > self.INDEX_AFTER:
            self._runs = {}
            for m in _WORD_RUN.finditer(self.text):
                self._runs.setdefault(m.group(), []).append(m.start())
        runs = list(_WORD_RUN.finditer(phrase))
        if self._runs is None or not runs or runs[0].start() != 0:
            return self._scan(phrase, self.text.find(phrase))
        # Each word of a whole-word occurrence is a word of the text: look where the phrase's
        # rarest word stands.
        rarest = min(runs, key=lambda r: len(self._runs.get(r.group(), ())))
        return [
            at
            for word_at in self._runs.get(rarest.group(), [])
            if (at := word_at - rarest.start()) >= 0 and self._stands_at(phrase, at)
        ]

    def _stands_at(self, phrase: str, at: int) -> bool:
        return (
            self.text.startswith(phrase, at)
            and (at == 0 or not _is_word_char(self.text[at - 1]))
            and self._ends_word(at + len(phrase))
        )

    def _ends_word(self, end: int) -> bool:
        return end == len(self.text) or not _is_word_char(self.text[end])

    def _scan(self, phrase: str, at: int) -> list[int]:
        found = []
        while at >= 0:
            if self._stands_at(phrase, at):
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

    def honorifics_of(self, names: list[str]) -> list[str]:
        """The honorific mentions whose word is one of ``names`` or its surname, in text order.

        A mention matches a name when the words of one end the other's («خامنه», «علی خامنه‌ای»);
        the mentions are indexed by their words and every tail of them, and a mention written
        twice is looked at once.
        """
        pairs = self.honorific_pairs()
        if self._pairs_by is None:
            whole: dict[Words, list[int]] = {}
            tails: dict[Words, list[int]] = {}
            seen: set[str] = set()
            for i, (mention, word) in enumerate(pairs):
                if mention in seen:
                    continue
                seen.add(mention)
                seq = words(word)
                whole.setdefault(seq, []).append(i)
                for n in range(1, len(seq) + 1):
                    tails.setdefault(seq[len(seq) - n :], []).append(i)
            self._pairs_by = whole, tails
        whole, tails = self._pairs_by
        found: set[int] = set()
        for name in names:
            seq = words(name)
            if not seq:
                continue
            found.update(tails.get(seq, []))
            for n in range(1, len(seq)):
                found.update(whole.get(seq[len(seq) - n :], []))
        return [pairs[i][0] for i in sorted(found)]


def complete_names(e: Entity, article: Article) -> None:
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


def appositives(e: Entity, article: Article) -> None:
    """«بشار اسد، رئیس جمهوری سوریه …» anywhere in the article gives the name its role."""
    if e.kind != "person" or not e.names:
        return
    text = article.text
    for name in list(e.names):
        for at in article.occurrences(name):
            start = at + len(name)
            if not text.startswith("،", start):
                continue
            found = _leading_words(text, start + 1)
            if found and lexicon.is_title(found[0].text):
                title = text[found[0].start : found[-1].end]
                e.add(e.titles, title)
                e.stated.add(title)
                e.add(e.surfaces, title)


def _leading_words(text: str, start: int) -> list[Token]:
    """Up to five words from ``start``, before punctuation, a stop word or the paragraph's end.

    The words are read one by one: looking for the next «،», «.» or «:» first could read the
    rest of the article for every mention.
    """
    out: list[Token] = []
    previous_end = start
    for m in _TOKEN.finditer(text, start):
        if "\n" in text[previous_end : m.start()]:
            break  # the paragraph ended
        t = Token(m.group(), m.start(), m.end())
        if not t.text[0].isalnum() or name_key(t.text) in lexicon.stop_words():
            break
        out.append(t)
        if len(out) >= 5:
            break
        previous_end = m.end()
    return out


def honorific_mentions(e: Entity, article: Article) -> None:
    """«آقای خامنه» elsewhere in the article is one more way the article names the speaker."""
    if e.kind != "person" or not e.names:
        return
    for mention in article.honorifics_of(e.names):
        e.add(e.surfaces, mention)
