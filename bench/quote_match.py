"""Pairing a predicted quote with a gold one, shared by every score that compares against gold.

A predicted quote matches a gold quote of the same paragraph when the token F1 of their contents
(folded, normalized words) is at least ``THRESHOLD``; offsets are not compared, so a content that
is a few words longer or shorter than the gold's still finds its event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from app.nlp.fold import fold
from app.nlp.normalize import normalize

THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(normalize(text)))


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def best_match(
    golds: Sequence[tuple[int, str]], paragraph: int, content: str, used: set[int]
) -> tuple[int | None, float]:
    """The index of the unused gold ``(paragraph, content)`` that ``content`` matches best, and
    the token F1; ``(None, THRESHOLD)`` when none reaches the threshold."""
    best, best_f1 = None, THRESHOLD
    for i, (p, gcontent) in enumerate(golds):
        if i in used or p != paragraph:
            continue
        f1 = token_f1(gcontent, content)
        if f1 >= best_f1:
            best, best_f1 = i, f1
    return best, best_f1
