"""hazm's ``correct_spacing`` mapped back to the source: it only puts, takes away or swaps
blanks, so its result is mapped onto the text before it by walking both, instead of replaying
its regexes one by one (they run as hazm wrote them, at C speed). What the two texts share is
copied a stretch at a time; only the places the spacing changed cost a step.
"""

from __future__ import annotations

import re

# Deleted characters that are not marks of the character before them.
BLANKS = frozenset(" \t\u00a0\u200c\u200d\u200e\u200f\ufeff")
# What hazm's correct_spacing changes: spaces and ZWNJs put in, taken out or swapped, and
# tatweels (and carriage returns) taken out. Every other character stays, in its order.
_BLANK = " \u200c\u0640\r"
_PIECES = re.compile(f"[{_BLANK}]+|[^{_BLANK}]+")
_BLANKS_AT = re.compile(f"[{_BLANK}]*")
_WORD_AT = re.compile(f"[^{_BLANK}]*")


def respace(old: str, lo: list[int], hi: list[int], new: str) -> tuple[list[int], list[int]]:
    """The source spans (``lo``, ``hi``) of ``new``, which differs from ``old`` (whose
    characters have the spans ``lo``, ``hi``) in blanks only (``_BLANK``). Every
    other character keeps its source span; the blanks of the result between two of them take
    the source's blanks of that gap one for one, in order (a space made a ZWNJ keeps its
    span), and a blank where the source had none is a point before the next character; a
    deleted tatweel joins the character before it, as a deleted mark does."""
    if new == old:
        return lo, hi
    new_lo: list[int] = []
    new_hi: list[int] = []
    at = 0
    while len(new_lo) < len(new):
        # A stretch the same in both keeps its spans one for one, as the piece-by-piece rules
        # below would; found by comparing slices, so only the changed places cost a step.
        same = same_run(old, at, new, len(new_lo))
        if same:
            new_lo += lo[at : at + same]
            new_hi += hi[at : at + same]
            at += same
            continue
        m = _PIECES.match(new, len(new_lo))
        piece = m.group()  # type: ignore[union-attr]
        size = len(piece)
        if old.startswith(piece, at) and (
            piece[0] not in _BLANK or at + size == len(old) or old[at + size] not in _BLANK
        ):  # as it was (most pieces): one for one
            new_lo += lo[at : at + size]
            new_hi += hi[at : at + size]
            at += size
            continue
        if piece[0] in _BLANK:
            end = _BLANKS_AT.match(old, at).end()  # type: ignore[union-attr]
            k = min(size, end - at)
            new_lo += lo[at : at + k]
            new_hi += hi[at : at + k]
            if k < size:
                point = lo[end] if end < len(old) else (hi[-1] if hi else 0)
                new_lo += [point] * (size - k)
                new_hi += [point] * (size - k)
            _drop(old, at + k, end, hi, new, new_hi)
            at = end
            continue
        need = size
        while need:
            end = _BLANKS_AT.match(old, at).end()  # type: ignore[union-attr]
            if end > at:  # blanks the result took away from inside a word or before it
                _drop(old, at, end, hi, new, new_hi)
                at = end
            end = min(_WORD_AT.match(old, at).end(), at + need)  # type: ignore[union-attr]
            new_lo += lo[at:end]
            new_hi += hi[at:end]
            need -= end - at
            at = end
    _drop(old, at, len(old), hi, new, new_hi)
    return new_lo, new_hi


def same_run(old: str, at: int, new: str, nat: int) -> int:
    """How many characters ``old[at:]`` and ``new[nat:]`` have the same from their start:
    slices of doubling length, then halving, so a run of n costs O(n) at C speed."""
    limit = min(len(old) - at, len(new) - nat)
    size = 0
    step = 16
    while (
        size + step <= limit
        and old[at + size : at + size + step] == new[nat + size : nat + size + step]
    ):
        size += step
        step *= 2
    while step > 1:
        step //= 2
        if (
            size + step <= limit
            and old[at + size : at + size + step] == new[nat + size : nat + size + step]
        ):
            size += step
    return size


def _drop(old: str, a: int, b: int, hi: list[int], new: str, new_hi: list[int]) -> None:
    """``old[a:b]`` (blanks) left out of the result: a tatweel joins the character put last,
    when that is a letter (a space or a ZWNJ joins nothing)."""
    for i in range(a, b):
        if old[i] not in BLANKS and new_hi and new[len(new_hi) - 1] not in _BLANK:
            new_hi[-1] = max(new_hi[-1], hi[i])
