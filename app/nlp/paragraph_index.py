"""Offsets of a paragraph's guillemets, commas and words, sorted once for bisection.

The quote rules ask, for each cue, about the text before it: is the cue inside « », does a
closed « » end right before its subject, is there a «بر» since the last comma. A paragraph may
hold thousands of cues, so each answer is a bisection over offsets gathered once, not a scan of
the clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from app.nlp.drafts import trim
from app.nlp.fold import name_key
from app.nlp.normalize import tokenize
from app.nlp.segment import guillemets, region_at

if TYPE_CHECKING:
    from app.nlp.cues import Cue

_BAR = name_key("بر")
_COMMA = "،"


class Guillemets:
    """The paragraph's « » regions, with their starts and ends kept for bisection."""

    def __init__(self, text: str) -> None:
        self.regions = guillemets(text)
        self.starts = [q.start for q in self.regions]
        self.ends = [q.end for q in self.regions]
        self.text = text
        self._lowest: dict[int, int] = {}

    def holds(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a region, after its opening mark."""
        q = region_at(self.regions, self.starts, offset)
        return q is not None and q.start < offset

    def closed_before(self, start: int) -> tuple[int, int] | None:
        """«…»، وی گفت: a closed guillemet quote just before the subject of a cue."""
        before = self.lowest_before(start)
        q = region_at(self.regions, self.starts, before - 1) if before else None
        if q is not None and q.end == before and self.text[q.end - 1] == "»":
            return trim(self.text, q.start, q.end)
        return None

    def any_closing_between(self, start: int, end: int) -> bool:
        """Whether some region ends in ``[start, end]``: a cheap test before a costly one."""
        i = bisect_left(self.ends, start)
        return i < len(self.ends) and self.ends[i] <= end

    def lowest_before(self, start: int) -> int:
        """Where ``closed_before`` would look for a quote ending right before ``start``.

        Remembered: the cues of a clause ask about its same start, across the same spaces.
        """
        if start not in self._lowest:
            at = start
            while at > 0 and self.text[at - 1] in " ،؛":
                at -= 1
            self._lowest[start] = at
        return self._lowest[start]


class Increases:
    """«بر اعتبار سوریه افزوده»: افزودن with «بر» means to increase, not to say."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._commas: list[int] | None = None
        self._bars: list[int] | None = None  # starts of the words «بر»

    def reads(self, cue: Cue, clause_start: int) -> bool:
        """Whether the cue is افزودن with «بر» in its clause after the last comma."""
        if cue.lemma != "افزود":
            return False
        text = self.text
        i = cue.end
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith((":", "«"), i) or text.startswith("که ", i):
            return False
        if self._commas is None or self._bars is None:
            self._commas = [m.start() for m in re.finditer(_COMMA, text)]
            self._bars = [t.start for t in tokenize(text) if name_key(t.text) == _BAR]
        # The last comma of the clause, then a «بر» between it and the cue.
        n = bisect_left(self._commas, cue.start) - 1
        comma = self._commas[n] if n >= 0 and self._commas[n] >= clause_start else -1
        k = bisect_left(self._bars, max(clause_start, comma + 1))
        return k < len(self._bars) and self._bars[k] < cue.start
