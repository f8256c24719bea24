"""Paragraphs, sentences and guillemet regions, all as offsets into normalized text.

Sentence ends follow hazm's SentenceTokenizer (``[!.?؟]+`` then a space), but a mark inside an
open « » does not end the sentence: a quoted passage of several sentences is one unit of speech.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
    """Sentence regions covering ``text``; a sentence end inside a quoted region is ignored.

    ``quoted`` is sorted and disjoint (as ``guillemets`` returns it) and the ends come in text
    order, so one pointer walks both lists once instead of testing every end against every
    region.
    """
    quoted = guillemets(text) if quoted is None else quoted
    out: list[Region] = []
    start = 0
    k = 0
    for m in _SENTENCE_END.finditer(text):
        at = m.start()
        while k < len(quoted) and quoted[k].end <= at:
            k += 1
        if k < len(quoted) and quoted[k].start < at:
            continue  # inside « »: the quoted passage goes on
        out.append(Region(start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        out.append(Region(start, len(text)))
    return out


def region_at(regions: list[Region], starts: list[int], offset: int) -> Region | None:
    """The region of sorted, disjoint ``regions`` (``starts`` their starts) holding ``offset``.

    A bisection, so that asking for each of many offsets stays cheap however many regions a
    paragraph has.
    """
    i = bisect_right(starts, offset) - 1
    if i >= 0 and offset in regions[i]:
        return regions[i]
    return None
