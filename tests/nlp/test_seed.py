"""The seed article, annotated completely: 16 quotes by 4 speakers (issue 2's contract)."""

from __future__ import annotations

from collections import Counter

import pytest

from app.nlp import Annotation, annotate
from tests.conftest import SEED_ID, SEEDS

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def seed() -> Annotation:
    return annotate((SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8"))


def _by_name(seed: Annotation, fragment: str):
    return next(s for s in seed.speakers if fragment in s.name)


def test_sixteen_quotes_four_speakers(seed: Annotation) -> None:
    assert len(seed.quotes) == 16
    assert len(seed.speakers) == 4
    counts = Counter(seed.speaker(q.speaker_key).name for q in seed.quotes)
    assert sorted(counts.values()) == [1, 4, 5, 6]


def test_khamenei(seed: Annotation) -> None:
    s = _by_name(seed, "خامنه")
    assert s.name == f"خامنه{ZWNJ}ای" and s.kind == "person" and s.quote_count == 5
    for alias in ("رهبر معظم ایران", "رهبر معظم", "آقای خامنه"):
        assert alias in s.aliases


def test_assad(seed: Annotation) -> None:
    s = _by_name(seed, "اسد")
    assert s.name == "بشار اسد" and s.quote_count == 6
    assert "اسد" in s.aliases
    mentions = {q.mention.text for q in seed.quotes if q.speaker_key == s.key and q.mention}
    assert mentions == {"اسد", "وی", "بشار اسد"}


def test_raisi(seed: Annotation) -> None:
    s = _by_name(seed, "رئیسی")
    assert s.name == "ابراهیم رئیسی" and s.quote_count == 4
    quotes = [q for q in seed.quotes if q.speaker_key == s.key]
    mentions = [q.mention.text if q.mention else None for q in quotes]
    # served as the seed file writes it (a space, where the normalizer puts a ZWNJ)
    assert mentions == ["رئیس جمهوری ایران", "رئیسی", "وی", None]
    assert quotes[-1].cue.text == "افزود"


def test_un_report(seed: Annotation) -> None:
    [q] = [q for q in seed.quotes if q.kind == "according_to"]
    assert seed.speaker(q.speaker_key).name == "سازمان ملل متحد"
    assert seed.speaker(q.speaker_key).kind == "organization"
    assert q.cue.text == "به گزارش" and q.paragraph == 7


def test_via_and_addressee(seed: Annotation) -> None:
    first = seed.quotes[0]
    assert first.via == f"پایگاه اطلاع{ZWNJ}رسانی رهبر معظم ایران"
    assert first.addressee is not None and first.addressee.text == "بشار اسد"


def test_no_false_quotes(seed: Annotation) -> None:
    assert not any(q.paragraph in (1, 3) for q in seed.quotes)  # گفت‌وگو کرد, اعلام قبلی
    cues = {q.cue.text for q in seed.quotes}
    assert cues <= {"گفت", "گفته", "گفته است", "افزود", "به گزارش"}


def test_every_span_is_a_slice_of_its_paragraph(seed: Annotation) -> None:
    for q in seed.quotes:
        text = seed.paragraphs[q.paragraph - 1]
        for span in (q.mention, q.cue, q.content, q.addressee):
            if span is not None:
                assert text[span.start : span.end] == span.text
