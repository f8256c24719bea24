"""The arithmetic of the speaker-id scores (``bench/speaker_eval.py``) on hand-made clusterings,
so a wrong formula (precision and recall swapped, a cluster counted by the wrong side) fails."""

from __future__ import annotations

from collections import Counter

import pytest

from app.nlp.speakers import UNKNOWN_SPEAKER
from bench.speaker_eval import (
    Event,
    bcubed,
    evidence_accuracy,
    junk_names,
    misnamed,
    mixed_ids,
    order_agreement,
    whole_entities,
)

# Gold a has three items, b two; predicted x holds a, a, b; y holds the third a; z the second b.
EXAMPLE = [("a", "x"), ("a", "x"), ("b", "x"), ("a", "y"), ("b", "z")]


def test_bcubed_by_hand() -> None:
    # precision per item: 2/3, 2/3, 1/3, 1, 1; recall per item: 2/3, 2/3, 1/2, 1/3, 1/2
    precision, recall, f1 = bcubed(EXAMPLE)
    assert precision == pytest.approx(11 / 15)
    assert recall == pytest.approx(8 / 15)
    assert f1 == pytest.approx(176 / 285)


def test_bcubed_extremes() -> None:
    assert bcubed([("a", "x"), ("a", "x"), ("b", "y")]) == pytest.approx((1.0, 1.0, 1.0))
    one_id = [("a", "x"), ("a", "x"), ("b", "x"), ("b", "x")]
    assert bcubed(one_id) == pytest.approx((0.5, 1.0, 2 / 3))
    singletons = [("a", "w"), ("a", "x"), ("b", "y"), ("b", "z")]
    assert bcubed(singletons) == pytest.approx((1.0, 0.5, 2 / 3))
    assert bcubed([]) == (0.0, 0.0, 0.0)


def test_whole_entities_and_mixed_ids() -> None:
    pairs = [*EXAMPLE, ("c", "v"), ("d", "u"), ("d", "u")]
    assert whole_entities(pairs) == (1, 3)  # d whole; a and b split; c has one item
    assert mixed_ids(pairs) == [("x", Counter({"a": 2, "b": 1}))]


def _event(entity: str, name: str, predicted_name: str | None, role: str = "") -> Event:
    sid = None if predicted_name is None else "sp_" + str(abs(hash(predicted_name)))
    return Event("old", "art:1", entity, name, role, sid, predicted_name)


def test_misnamed_and_junk() -> None:
    events = [
        _event("person/ali-khamenei", "سید علی خامنه\u200cای", "گزارش"),
        _event("person/omar-al-soma", "عمر السوما", "سوما"),  # the same name: a word ends another
        _event("org/reuters", "رویترز", UNKNOWN_SPEAKER),  # names nobody: not counted
        _event("org/iran-state", "ایران", "رویترز"),  # another gold speaker's name: not junk
        _event("person/x", "زهرا", None),  # unmatched
    ]
    assert [misnamed(e) for e in events] == [True, False, False, True, False]
    assert junk_names(events, events) == Counter({"گزارش": 1})


def test_order_agreement_ignores_id_names_not_clusters() -> None:
    first = [_event("a", "x", n) for n in ("p", "p", "q", None)]
    renamed = [_event("a", "x", n) for n in ("r", "r", "s", "t")]
    merged = [_event("a", "x", n) for n in ("r", "r", "r", None)]
    assert order_agreement(first, renamed) == pytest.approx(1.0)
    assert order_agreement(first, merged) < 1.0


def test_evidence_accuracy_by_hand() -> None:
    """Per kind of link evidence, events under their entity's main id that is mostly theirs:
    the EXAMPLE's x holds a's two (right) and b's one (wrong: x is mostly a's); y holds a's
    third (wrong: a's main id is x), z b's second (wrong: b's tie goes to x, met first);
    unmatched events are not counted."""
    kinds = ["name", "reference", "name", "role", "role"]
    events = [
        Event("old", "art", g, "", "", p, p, by) for (g, p), by in zip(EXAMPLE, kinds, strict=True)
    ]
    events.append(Event("old", "art", "a", "", "", None, None, None))
    got = evidence_accuracy(events)
    assert got == {"name": (1, 2), "role": (0, 2), "reference": (1, 1)}
    assert list(got) == ["name", "role", "reference"]  # most events first
