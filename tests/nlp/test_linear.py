"""The annotator's work grows in proportion to the paragraph, on adversarial shapes (issue 12).

No timings: the work is counted as Python-level calls (``sys.setprofile`` sees every call of a
Python function, a builtin or a method, and every resumption of a generator), which is
deterministic. Ten times the paragraph may cost at most fifteen times the calls: a linear path
gives about ten, a path that compares every cue with every region about a hundred. The count at
ten times the size stops at the budget, so that a quadratic path fails quickly.
"""

from __future__ import annotations

import sys

import pytest

from app.nlp import annotate
from bench.annotate_adversarial import SYNTHETIC, names, paragraph

_RATIO = 15
_SIZE = 3_000  # characters; the larger paragraph has ten times as many


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


@pytest.mark.parametrize("shape", SYNTHETIC)
def test_work_grows_linearly(shape: str) -> None:
    annotate(paragraph(SYNTHETIC[shape](), _SIZE // 3))  # word lists and caches loaded first
    small = _calls(paragraph(SYNTHETIC[shape](), _SIZE))
    try:
        large = _calls(paragraph(SYNTHETIC[shape](), 10 * _SIZE), budget=_RATIO * small)
    except _OverBudget:
        pytest.fail(f"{shape}: ten times the text made over {_RATIO} times the calls ({small:,})")
    assert large <= _RATIO * small


def test_long_paragraphs_are_still_annotated() -> None:
    """The shapes above are real annotations, not refusals: a long paragraph keeps its quotes."""
    name = names()
    text = "".join(f"{name(n)} گفت: «x». " for n in range(2_000))
    annotation = annotate(text)
    assert len(annotation.quotes) == 2_000
    assert len(annotation.speakers) == 2_000
    assert {q.content.text for q in annotation.quotes} == {"x"}


def test_a_paragraphs_questions_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """«او» after «از X پرسیده شد» is X: each pronoun once read the paragraph from its start
    for that question, work the calls above do not see (the scan runs in C); the paragraph's
    questions are found once, however many pronouns it holds."""
    from app.nlp import asked

    scans = 0
    pattern = asked._ASKED

    class Counting:
        def finditer(self, *args: object) -> object:
            nonlocal scans
            scans += 1
            return pattern.finditer(*args)

    monkeypatch.setattr(asked, "_ASKED", Counting())
    asked._questions.cache_clear()
    annotate("از وزیر پرسیده شد که چه خبر است؟ " + "وی گفت: «x». " * 40)
    assert scans == 1


def test_a_paragraphs_guillemets_are_counted_once() -> None:
    """Whether a content's opening « is closed was counted over the rest of the paragraph for
    every cue whose words run to its end (quadratic, and unseen by the call counts above); the
    marks are counted once a paragraph."""
    from app.nlp import drafts

    drafts._marks.cache_clear()
    annotate("وی گفت: «x» و. " * 40)
    counted = drafts._marks.cache_info()
    assert counted.misses == 1 and counted.hits >= 40  # asked for each cue, counted once
