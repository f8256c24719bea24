"""A speaker's aliases are the names and roles that referred to it in the article, not the role
of another person written nearby."""

from __future__ import annotations

import pytest

from app.nlp import annotate


def _aliases(text: str) -> dict[str, list[str]]:
    return {s.name: s.aliases for s in annotate(text).speakers}


@pytest.mark.parametrize(
    "text",
    [
        "دونالد ترامپ در پاسخ به پرسشی درباره شی جین\u200cپینگ، رئیس\u200cجمهوری چین، "
        "گفت از کسی درخواست لطف نمی\u200cکند.",
        "قالیباف در دیدار با آمیدی، رئیس\u200cجمهور عراق: آمریکایی\u200cها مستاصل\u200cاند.",
    ],
)
def test_a_role_set_off_after_another_name_of_the_clause_is_not_the_speakers(text: str) -> None:
    """The role after the comma belongs to the name right before it, not to the subject."""
    assert all(not aliases for aliases in _aliases(text).values())


def test_a_role_set_off_right_after_the_speakers_name_is_his() -> None:
    """Counter-example: «بشار اسد، رئیس جمهوری سوریه، گفت»."""
    text = "بشار اسد، رئیس جمهوری سوریه، گفت: ما پیروز می\u200cشویم."
    assert _aliases(text) == {"بشار اسد": ["رئیس\u200cجمهوری سوریه"]}  # normalized
