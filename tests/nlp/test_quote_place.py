"""A quote's place (what its id is made of) is unique in its article, even when a label on an
earlier line has its colon at the offset of a cue in the content's own line."""

from __future__ import annotations

from app.nlp import annotate

# Our own sentences: a label alone on its line, then a line whose own cue (گفته) reports an
# unnamed official. The label's colon and the cue stand at the same offset of their lines.
LABEL = "نسرین نیک\u200cنام، خبرنگار:"
WORDS = "یک مسئول ارشد شهرداری گفته پل تا هفته بعد بسته می\u200cماند."


def test_a_label_and_a_cue_at_the_same_offset_are_two_quotes_with_two_places() -> None:
    assert LABEL.index(":") == WORDS.index("گفته")  # the case the test is about
    a = annotate(f"{LABEL}\n{WORDS}")
    got = sorted((q.paragraph, q.cue_paragraph, q.cue.text, q.kind) for q in a.quotes)
    assert got == [(2, 1, ":", "direct"), (2, 2, "گفته", "indirect")]
    assert len({q.place for q in a.quotes}) == 2


def test_a_cue_on_its_own_line_keeps_the_place_it_had() -> None:
    a = annotate(WORDS)
    assert [q.place for q in a.quotes] == ["1:22"]
