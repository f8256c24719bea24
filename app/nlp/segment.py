"""Paragraphs, sentences and guillemet regions, all as offsets into normalized text.

Sentence ends follow hazm's SentenceTokenizer (``[!.?؟]+`` then a space), but a mark inside an
open « » does not end the sentence: a quoted passage of several sentences is one unit of speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[!.?؟⸮]+(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.start <= offset < self.end


def split_paragraphs(text: str) -> list[str]:
    """The non-empty lines of an article, in order (a BOM, CR and blank lines dropped)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [line for line in text.split("\n") if line.strip()]


def guillemets(text: str) -> list[Region]:
    """Each « … » pair, from the opening mark to just after the closing one.

    An opening mark with no closing mark runs to the end of the paragraph: a quote that
    continues in the next paragraph.
    """
    regions: list[Region] = []
    if "«" not in text:
        return regions
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "«":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
            if depth == 0:
                regions.append(Region(start, i + 1))
    if depth:
        regions.append(Region(start, len(text)))
    return regions


def sentences(text: str, quoted: list[Region] | None = None) -> list[Region]:
    """Sentence regions covering ``text``; a sentence end inside a quoted region is ignored."""
    quoted = guillemets(text) if quoted is None else quoted
    out: list[Region] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if any(m.start() in q and q.start != m.start() for q in quoted):
            continue
        out.append(Region(start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        out.append(Region(start, len(text)))
    return out
