"""Words that are not a person's name never make a speaker of the collection: a noun for a
person alone is someone unnamed of the article, and a stop word glued to a name by a ZWNJ is
not part of it. Each rule with its counter-examples."""

from __future__ import annotations

import pytest

from app.nlp import annotate


def _speakers(text: str) -> list[tuple[str, str, bool]]:
    return [(s.name, s.kind, s.local) for s in annotate(text).speakers]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مرد گفت: من آنجا نبودم.", ("مرد", "anonymous", True)),
        ("رهگذر گفت: صدای انفجار آمد.", ("رهگذر", "anonymous", True)),
        # an interview's reporter, never one speaker of the collection
        ("خبرنگار: چه تیمی قهرمان می\u200cشود؟", ("خبرنگار", "anonymous", True)),
        # counter-examples: a name that starts like one, a noun with a name
        ("مردانی گفت: ما آماده\u200cایم.", ("مردانی", "person", False)),
        ("بیژن زنگنه گفت: تولید بالا رفت.", ("بیژن زنگنه", "person", False)),
        ("پسر ترامپ گفت: پدرم برنده است.", ("پسر ترامپ", "person", False)),
    ],
)
def test_a_noun_for_a_person_alone_is_someone_unnamed(
    text: str, expected: tuple[str, str, bool]
) -> None:
    assert _speakers(text) == [expected]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("گاوی\u200cقبل از بازی با پرتغال:\nبازیکنان خوبی داریم.", "گاوی"),
        ("کلوپ\u200cحالا گفت: تیم آماده است.", "کلوپ"),
        # counter-examples: a short ending is a suffix of the name
        ("آیت\u200cالله خامنه\u200cای گفت: ایستادگی می\u200cکنیم.", "خامنه\u200cای"),
        ("مهدی طارمی گفت: آماده\u200cایم.", "مهدی طارمی"),
    ],
)
def test_a_stop_word_glued_to_a_name_is_not_part_of_it(text: str, name: str) -> None:
    assert [n for n, _, _ in _speakers(text)] == [name]
