"""Quote contents while a paragraph is read: trimmed bounds first, text at the end.

A colon opens direct speech that runs to the end of the paragraph until a later sentence with a
cue of its own cuts it short, so the content of an open quote changes as the paragraph is read.
Drafts hold contents as offsets and take their text once, when the paragraph is done: copying
the rest of the paragraph for every such cue would cost the paragraph's length per cue.
"""

from __future__ import annotations

import re
from array import array
from bisect import insort
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from app.nlp.records import Span
from app.nlp.segment import Region

if TYPE_CHECKING:
    from app.nlp.raw import RawQuote


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Content bounds without spaces, a leading «که»/colon/«؛», enclosing « » (or an opening « never
    closed), a list's dash, the final period, comma, «؛» (before «؛ به گفته X») or «…», and a
    channel's signature after the words («… . @Farsna»، «…./ خبرفوری»)."""
    while True:
        while start < end and (text[start].isspace() or text[start] in ":،؛\u200c"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".،؛…\u200c"):
            end -= 1
        signed = _SIGNATURE.search(text, max(start, end - _SIGNED), end)  # the tail alone
        if signed is not None and signed.start() > start:
            end = signed.start()
            continue
        # Enclosing « »: the first » after the opening one is the last character.
        if start < end and text[start] == "«" and text.find("»", start, end) == end - 1:
            start, end = start + 1, end - 1
            continue
        if end - start > 2 and text.startswith("- ", start):
            start += 1  # a list's dash («- ایران …») is no one's word
            continue
        if end - start > 2 and text.startswith(" -", end - 2):
            end -= 1
            continue
        opens = start < end and text[start] == "«"
        if opens and _unclosed(text, start, end):
            start += 1  # an unclosed «: the words run on past the line, or it was never closed
            continue
        return (start, end) if start < end else None


# «@Persiana_Soccer» after a space or a period, or «./ خبرفوری» (one or two words after a
# period and a slash), that ends the content.
_SIGNED = 40
_SIGNATURE = re.compile(r"(?<=[\s.])@\w+$|\.\s*/\s*[^\s/]+(?:\s[^\s/]+)?$")


@lru_cache(maxsize=4)
def _marks(text: str) -> tuple[array[int], array[int]]:
    """How many « and » come before each offset of ``text``: counted once a paragraph, not
    once a cue (a paragraph of many cues whose words run to its end counted its rest each time)."""
    opening = array("i", accumulate((ch == "«" for ch in text), initial=0))
    closing = array("i", accumulate((ch == "»" for ch in text), initial=0))
    return opening, closing


def _unclosed(text: str, start: int, end: int) -> bool:
    """More « than » in ``text[start:end]``."""
    opening, closing = _marks(text)
    return opening[end] - opening[start] > closing[end] - closing[start]


def draft_span(bounds: tuple[int, int]) -> Span:
    """A content span whose text ``Drafts.finish`` fills in."""
    return Span("", bounds[0], bounds[1])


class Drafts:
    """A paragraph's quotes in text order, indexed by where their content starts.

    ``truncate`` needs the latest quote whose content starts where the open quote's does; the
    index finds it without walking back over every quote since.
    """

    def __init__(self) -> None:
        self.quotes: list[RawQuote] = []
        self._by_start: dict[int, list[int]] = {}  # content start -> positions in ``quotes``

    def add(self, quote: RawQuote) -> None:
        self._by_start.setdefault(quote.content.start, []).append(len(self.quotes))
        self.quotes.append(quote)

    def truncate(self, text: str, covered: Region, at: int) -> None:
        """End the open direct quote before the sentence that starts a new one."""
        positions = self._by_start.get(covered.start)
        if not positions:
            return
        quote = self.quotes[positions[-1]]
        bounds = trim(text, quote.content.start, at)
        if bounds is None:
            return
        if bounds[0] != quote.content.start:  # «…» more: the guillemets came off
            insort(self._by_start.setdefault(bounds[0], []), positions.pop())
        quote.content = draft_span(bounds)

    def finish(self, text: str) -> list[RawQuote]:
        """The quotes, each content with its text."""
        for q in self.quotes:
            start, end = q.content.start, q.content.end
            q.content = Span(text[start:end], start, end)
        return self.quotes
