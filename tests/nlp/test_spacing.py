"""``app.nlp.spacing`` skips a hazm spacing pattern only where it cannot match: the result is
hazm's own ``correct_spacing`` on text that meets every pattern, and on text that meets none."""

from __future__ import annotations

import hazm
import pytest

from app.nlp import spacing
from app.nlp.normalize import _normalizer

# One case or more for each of hazm's patterns, in their order.
CASES = [
    " سلام دنیا ",
    "سلام دنیا \n",
    "سلام   دنیا",
    "کاروان\u200c\u200cسرا",
    "سلام\u200c دنیا",
    "سلام \u200cدنیا",
    "\u200cسلام\u200c به \u200cهمه\u200c",
    "گفت\u200c.",
    "کتاب\u200c\u200c. و «\u200c\u200cسلام» و «\u200cدنیا\u200c»",  # ZWNJs beside a mark
    "دنیـــا\r",
    "خانه ی ما را دید ",
    "او می رود و نمی آید",
    "کشور بزرگ تر و بزرگ ترین و کشور ها",
    "خانه ام اینجاست و خانه اند",
    "خانهها",
    '" سلام به همه "',
    "سلام . و ! و » و )",
    "« سلام » و ( دنیا )",
    "گفت.سلام و گفت:سلام",
    "گفت،سلام و گفت»سلام",
    "سلام(دنیا) و سلام«دنیا»",
    "به طول ۹متر و عرض۶ و 12نفر",
    "جمعهها که کار نمی کنم مطالعه می کنم",
    "سلام دنیا",  # none of them
    "",
]


@pytest.mark.parametrize("text", [*CASES, " ".join(CASES), "\n".join(CASES)])
def test_spacing_is_hazms(text: str) -> None:
    normalizer = _normalizer()
    assert spacing.correct_spacing(normalizer, text) == hazm.Normalizer.correct_spacing(
        normalizer, text
    )


def test_every_pattern_has_a_case() -> None:
    """Each pattern changes at least one case above, so each condition is put to the test."""
    steps = [*spacing._EXTRA, *spacing._AFFIX, *spacing._PUNCTUATION]
    unmet = [p.pattern for p, r, _ in steps if not any(p.sub(r, c) != c for c in CASES)]
    assert unmet == [r"\n{3,}"]  # a paragraph has no line break


def test_a_pattern_hazm_adds_is_refused() -> None:
    with pytest.raises(RuntimeError, match="changed"):
        spacing._steps([(r"x+", "y")])


@pytest.mark.parametrize(
    "tokens",
    [
        ["کتاب", "ها"],
        ["او", "می", "رود"],
        ["ماه", "می", "سال", "جدید"],
        ["اخلال", "گر"],
        ["زمین", "لرزه", "ای"],
        ["ما", "نمی", "توانیم", "بگوییم", "که", "خانه", "هایشان", "بزرگ", "تر", "است"],
        ["ها"],
        [],
    ],
)
def test_token_spacing_is_hazms(tokens: list[str]) -> None:
    normalizer = _normalizer()
    expected = hazm.Normalizer.token_spacing(normalizer, list(tokens))
    assert spacing.token_spacing(normalizer, tokens) == expected
