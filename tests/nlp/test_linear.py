"""The annotator's work grows in proportion to the paragraph, on adversarial shapes (issue 12).

No timings: the work is counted as Python-level calls (``sys.setprofile`` sees every call of a
Python function, a builtin or a method, and every resumption of a generator), which is
deterministic. Ten times the paragraph may cost at most fifteen times the calls: a linear path
gives about ten, a path that compares every cue with every region about a hundred. The count at
ten times the size stops at the budget, so that a quadratic path fails quickly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from itertools import count, pairwise, product

import pytest

from app.nlp import annotate

_RATIO = 15
_SIZE = 3_000  # characters; the larger paragraph has ten times as many

_GIVEN = ["علی", "محمد", "رضا"]
_LETTERS = "بپتجچدرزسشفکگلمنوهی"


class _OverBudget(Exception):
    pass


def _calls(text: str, budget: float = float("inf")) -> int:
    """Calls made while annotating ``text``, or _OverBudget once they pass ``budget``."""
    n = 0

    def profile(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal n
        if event in ("call", "c_call"):
            n += 1
            if n > budget:
                raise _OverBudget

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        annotate(text)
    finally:
        sys.setprofile(previous)
    return n


def _names() -> Callable[[int], str]:
    surnames = (
        "".join(p)
        for n in count(3)
        for p in product(_LETTERS, repeat=n)
        if all(a != b for a, b in pairwise(p))  # normalize keeps «ببب» as «بب»
    )
    pairs = ((g, s) for s in surnames for g in _GIVEN)
    return lambda _: "{} {}ی".format(*next(pairs))


def _repeat(unit: str) -> Callable[[], Callable[[int], str]]:
    return lambda: lambda _: unit


def _named(template: str) -> Callable[[], Callable[[int], str]]:
    def make() -> Callable[[int], str]:
        name = _names()
        return lambda n: template.format(name(n))

    return make


SHAPES = {
    "guillemets and sentence ends": _repeat("«ا». "),
    "cues in one sentence": _repeat("گفت "),
    "colons in one sentence": _repeat("وی گفت: "),
    "pronouns with nobody named": _repeat("وی گفت: «x». "),
    "unbalanced guillemets": _repeat("«« » گفت «ا». » "),
    "cues without content": _repeat("گفت و "),
    "«افزود» without content": _repeat("افزود و "),
    "skipped cues after closed guillemets": _repeat("«x» گفت و "),
    "according-to phrases": _repeat("به گزارش "),
    "via and a title": _repeat("به گزارش فارس، وزیر گفت "),
    "distinct speakers": _named("{} گفت: «x». "),
    "honorifics and appositives": _named("آقای {}، رئیس گفت. "),
}


def _paragraph(units: Callable[[int], str], size: int) -> str:
    parts, length = [], 0
    for n in count():
        if length >= size:
            break
        parts.append(units(n))
        length += len(parts[-1])
    return "".join(parts)[:size]


@pytest.mark.parametrize("shape", SHAPES)
def test_work_grows_linearly(shape: str) -> None:
    annotate(_paragraph(SHAPES[shape](), _SIZE // 3))  # word lists and caches loaded first
    small = _calls(_paragraph(SHAPES[shape](), _SIZE))
    try:
        large = _calls(_paragraph(SHAPES[shape](), 10 * _SIZE), budget=_RATIO * small)
    except _OverBudget:
        pytest.fail(f"{shape}: ten times the text made over {_RATIO} times the calls ({small:,})")
    assert large <= _RATIO * small


def test_long_paragraphs_are_still_annotated() -> None:
    """The shapes above are real annotations, not refusals: a long paragraph keeps its quotes."""
    name = _names()
    text = "".join(f"{name(n)} گفت: «x». " for n in range(2_000))
    annotation = annotate(text)
    assert len(annotation.quotes) == 2_000
    assert len(annotation.speakers) == 2_000
    assert {q.content.text for q in annotation.quotes} == {"x"}
