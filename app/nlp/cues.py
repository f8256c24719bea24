"""The cues of a paragraph: its reporting verbs from the lexicon (``data/cue_verbs.tsv``) and
the documents that speak («در این بیانیه آمده است»), in text order and not overlapping. A bare
participle right after a preposition or a demonstrative is a noun («از نوشته خود»، «این
گفته»), no cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.nlp import lexicon


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    lemma: str
    strength: str
    doc: tuple[int, int] | None = None  # «در این بیانیه آمده است»: the document that speaks


def find_cues(text: str) -> list[Cue]:
    """The paragraph's reporting verbs, in text order and not overlapping."""
    verbs = lexicon.cue_verbs()
    heads, full = lexicon.cue_heads_regex(), lexicon.cue_regex()
    out = []
    pos = 0
    while (head := heads.search(text, pos)) is not None:
        m = full.match(text, head.start())
        if m is None:
            pos = head.start() + 1
            continue
        verb = verbs[int(m.lastgroup[1:])]
        if not _a_noun(text, m.start(), m.group()):
            out.append(Cue(m.start(), m.end(), verb.lemma, verb.strength))
        pos = m.end()
    if "آمده" not in text:
        return out
    documents = [
        Cue(m.start("verb"), m.end("verb"), "آمده است", "strong", (m.start("doc"), m.end("doc")))
        for m in lexicon.document_cue_regex().finditer(text)
    ]
    return sorted(out + documents, key=lambda c: c.start)


_NOUN_BEFORE = re.compile(r"(?:^|\s)(?:از|در|این|آن|همین|همان)\s*$")
_INFINITIVE_BEFORE = re.compile(r"(?:^|\s)(?:از|در|به|برای|با|بدون)\s*$")


def _a_noun(text: str, start: int, cue: str) -> bool:
    """A bare participle after a preposition or a demonstrative is a noun, not a verb («در
    بخش دیگری از نوشته خود آورده است»، «این گفته»)."""
    if " " in cue or not cue.endswith(("ه", "ن")):
        return False
    before = (_NOUN_BEFORE if cue.endswith("ه") else _INFINITIVE_BEFORE).search(
        text, max(0, start - 12), start
    )
    return before is not None  # «برای گفتن»: an infinitive
