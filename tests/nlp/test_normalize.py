from __future__ import annotations

import hazm
import pytest

from app.nlp.fold import fold, name_key, search_fold_with_offsets
from app.nlp.normalize import normalize, tokenize, verb_forms

SAMPLES = [
    "وي افزود: 12 ميليون نفر در  اين طرح شركت كردند",
    "آيت الله خامنه اي گفت وگو كرد",
    '"سلام" گفت و اظهارداشت: کشور ها می گویند',
    "اِعلاممممم کَرد : « زمین لرزه ای به بُزرگیِ 6 دهم ریشتر ...»",
]


@pytest.fixture(scope="module")
def hazms_normalizer() -> hazm.Normalizer:
    return hazm.Normalizer(persian_numbers=False)


@pytest.mark.parametrize("text", SAMPLES)
def test_normalize_is_hazms_with_digits_as_written(text: str, hazms_normalizer) -> None:
    """Our normalizer (table and verb forms built once) must give exactly what hazm's gives."""
    assert normalize(text) == hazms_normalizer.normalize(text).strip()


def test_our_verb_forms_are_those_hazms_normalizer_builds(hazms_normalizer) -> None:
    """``verb_forms`` does without the Lemmatizer hazm builds for them: same set, or a new
    hazm changed how it builds them and ``seperate_mi`` would drift from hazm's."""
    assert verb_forms() == hazms_normalizer._verbs
    assert len(hazms_normalizer._verbs) > 100_000


def test_digits_stay_as_written() -> None:
    assert "12" in normalize("وی گفت 12 نفر آمدند")


def test_tokens_carry_offsets() -> None:
    text = normalize("وزیر گفت: «ما آماده\u200cایم».")
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
    assert "آماده\u200cایم" in [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    "text", ["\u200c\u200c.", ". \u200c .", "\u200c", "«\u200c»", "وزیر \u200c\u200c گفت"]
)
def test_a_run_of_zwnjs_alone_is_no_token(text: str) -> None:
    assert all(t.text.strip("\u200c") for t in tokenize(text))


def test_zwnjs_at_a_word_edge_stay_in_the_word() -> None:
    assert [t.text for t in tokenize("\u200cما ایم\u200c\u200c.")] == [
        "\u200cما", "ایم\u200c\u200c", ".",
    ]  # fmt: skip


def test_fold_meets_spellings() -> None:
    assert fold("رييس جمهوري") == fold("رئیس\u200cجمهوری") == "رییس جمهوری"
    assert fold("۱۲۳ و ١٢٣") == "123 و 123"
    assert name_key("خامنه ای") == name_key("خامنه\u200cای")


def test_fold_with_offsets_maps_back() -> None:
    text = "كشورها\u200cي مُحَمَّد ۱۲"
    folded, offsets = search_fold_with_offsets(text)
    assert len(folded) == len(offsets)
    at = folded.index("12")
    assert text[offsets[at]] == "۱"


@pytest.mark.parametrize(
    "text",
    ["a b", "a  b", "a\tb", "a\u00a0b", " a", "a ", "a\u200fb", "a\u202bb\u202c", "a\x07b", "ab"],
)
def test_spaces_change_the_text_where_the_gate_says(text: str) -> None:
    """The source map skips the spaces' step where its gate finds nothing to change."""
    from app.nlp.normalize import _SPACES, _SPACES_CHANGE

    assert (_SPACES.sub(" ", text) != text) == bool(_SPACES_CHANGE.search(text))
