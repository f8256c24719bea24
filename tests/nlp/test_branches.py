"""Sources whose names a province or a channel qualifies (issue 16): a provincial office named
alone is its article's; an outlet's aliases are one speaker key. Each with counter-examples."""

from __future__ import annotations

import pytest

from app.nlp import annotate
from app.nlp.fold import name_key
from app.nlp.name_index import speaker_key


def _speaker(text: str) -> tuple[str, str, bool]:
    (s,) = annotate(text).speakers
    return s.name, s.kind, s.local


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("هواشناسی اعلام کرد: فردا باران می\u200cبارد.", True),
        ("آتش\u200cنشانی اعلام کرد: حریق مهار شد.", True),
        # counter-examples: the office with its province, the national body
        ("هواشناسی استان گیلان اعلام کرد: فردا باران می\u200cبارد.", False),
        ("سازمان هواشناسی اعلام کرد: فردا باران می\u200cبارد.", False),
    ],
)
def test_a_provincial_office_alone_is_its_articles(text: str, local: bool) -> None:
    assert _speaker(text)[2] is local


@pytest.mark.parametrize(
    ("name", "kind", "key"),
    [
        ("خبرگزاری قوه\u200cقضائیه", "organization", "میزان"),
        ("خبرگزاری میزان", "organization", "میزان"),
        ("خبرگزاری صداوسیما", "organization", "صداوسیما"),
        ("صداوسیمای جمهوری اسلامی", "person", "صداوسیما"),
        # counter-examples: a provincial centre of the broadcaster, another judiciary body
        ("صداوسیمای مرکز فارس", "organization", "صداوسیمای مرکز فارس"),
        ("دادگستری استان فارس", "organization", "دادگستری استان فارس"),
    ],
)
def test_an_outlets_aliases_are_one_key(name: str, kind: str, key: str) -> None:
    assert speaker_key(name, kind) == name_key(key)
