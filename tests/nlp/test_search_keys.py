"""Search keys of words written joined, with a ZWNJ or with a space, and of the words a light
stem must not reach (the search-quality cases test the same through the API)."""

from __future__ import annotations

import pytest

from app.nlp.normalize import normalize
from app.nlp.search_keys import Key, index_text, keys, normalized_index_text

Z = "\u200c"

# Every spelling of a word, and the key they all index under.
SAME = [
    (("خامنه" + Z + "ای", "خامنه ای", "خامنهای"), "خامنه"),
    (("احمدی" + Z + "نژاد", "احمدی نژاد", "احمدینژاد"), "احمدینژاد"),
    (("بین" + Z + "المللی", "بین المللی", "بینالمللی"), "بینالمللی"),
    (("آیت" + Z + "الله", "آیت الله", "آیتالله", "\u0627\u064aت الله"), "ایتالله"),
    (
        ("رئیس" + Z + "جمهوری", "رئیس جمهوری", "رئیسجمهوری", "ر\u064a\u064aس جمهور\u064a"),
        "رییسجمهوری",
    ),
    (("رئیس" + Z + "جمهورهای", "رئیس جمهورهای", "رئیسجمهورهای"), "رییسجمهور"),
    (("کی" + Z + "روش", "کی روش", "کیروش"), "کیروش"),
    (("سی" + Z + "ان" + Z + "ان", "سی ان ان", "سیانان"), "سیانان"),
    (("هسته" + Z + "ای", "هسته ای", "هستهای"), "هسته"),  # never the verb «هست»
    (("تفاهم" + Z + "نامه" + Z + "های", "تفاهم نامه های", "تفاهمنامههای"), "تفاهمنامه"),
    (("کشتی" + Z + "رانی", "کشتیرانی"), "کشتی رانی"),  # hazm's list puts a ZWNJ there
    (("هم" + Z + "زمان", "هم زمان", "همزمان"), "همزمان"),
    (("کتاب" + Z + "خانه", "کتابخانه"), "کتابخانه"),  # hazm's list spells it solid too
    (("هم" + Z + "آهنگی", "هماهنگی"), "هماهنگی"),
    (("آن" + Z + "ها", "آن ها", "آنها"), "ان"),
]


@pytest.mark.parametrize(("spellings", "key"), SAME, ids=[k for _, k in SAME])
def test_every_spelling_has_the_same_key(spellings: tuple[str, ...], key: str) -> None:
    assert [index_text(s) for s in spellings] == [key] * len(spellings)


# A word, and a word it must not be keyed as.
APART = [
    ("تنها", "تن" + Z + "ها"),  # "only" and "bodies"
    ("تنها", "تن ها"),
    ("هستهای", "هست"),  # "nuclear" and "is"
    ("مالیات", "مالی"),  # "tax" and "financial"
    ("عملیات", "عملی"),  # "operations" and "practical": no «-یات» comes off
    ("دیپلمات", "دیپلم"),
    ("لغوی", "لغو"),  # "lexical" and "cancellation"
    ("پیشروی", "پیشرو"),
    ("احمدی" + Z + "نژاد", "احمدی"),
    ("رئیس" + Z + "جمهوری", "رئیس"),
    ("آتش" + Z + "بس", "آتش"),
    ("پنج" + Z + "شنبه", "شنبه"),
]


@pytest.mark.parametrize(("word", "other"), APART, ids=[f"{a}|{b}" for a, b in APART])
def test_words_that_stay_apart(word: str, other: str) -> None:
    assert index_text(word) != index_text(other)
    assert not set(index_text(word).split()) & set(index_text(other).split())


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("انتهای", "انتها"),  # a word of its own keeps its «ها»
        ("تنهایی", "تنها"),
    ],
)
def test_light_stem(word: str, key: str) -> None:
    assert index_text(word) == key


def test_keys_cover_the_words_as_written() -> None:
    text = "رئیس" + Z + "جمهوری با احمدی نژاد در کشتیرانی"
    assert keys(text) == [
        Key("رییسجمهوری", 0, 11),
        Key("با", 12, 14),
        Key("احمدینژاد", 15, 25),
        Key("در", 26, 28),
        Key("کشتی", 29, 33),
        Key("رانی", 33, 37),
    ]
    assert index_text(text) == " ".join(k.key for k in keys(text))


# The text is indexed as written now: what the normalizer changed must not change a key.
AS_WRITTEN = [
    (
        "\u06f4\u062e\u0631\u062f\u0627\u062f\u06f1\u06f4\u06f0\u06f5",
        "۴ خرداد ۱۴۰۵",
    ),  # digits glued
    ("20درصد", "20 درصد"),
    ("\ufedb\ufe98\ufe8e\ufe8f", "کتاب"),  # presentation forms
    ("دربارهٔ", "درباره"),  # hamza above
    ("دنیـــا", "دنیا"),  # tatweel
    ("اِعلام", "اعلام"),  # diacritics
    ("میگفت", "می" + Z + "گفت"),
    ("کتاب ها", "کتاب" + Z + "ها"),
]


@pytest.mark.parametrize(("written", "normalized"), AS_WRITTEN)
def test_keys_as_written_are_the_normalized_keys(written: str, normalized: str) -> None:
    assert [k.key for k in keys(written)] == [k.key for k in keys(normalized)]
    assert index_text(written) == index_text(normalized)


def test_glued_digits_keep_their_offsets() -> None:
    assert keys("۴خرداد") == [Key("4", 0, 1), Key("خرداد", 1, 6)]


def test_annotated_articles_index_from_the_annotators_maps() -> None:
    # The ingest keys a paragraph from the map the annotator made of it; the keys must be those
    # the paragraph as stored gets on its own (a reindex reads only the stored text).
    from app.nlp import annotate
    from app.store.index_docs import index_docs

    text = "  \u0627\u064aت الله گفت: «کتاب ها را خواندم»\n\n\tمیگفت ۴خرداد رئیس جمهوری آمد.  "
    ann = annotate(text)
    quotes = [
        {"paragraph": q.paragraph, "content_start": q.content.start, "content_end": q.content.end}
        for q in ann.quotes
    ]
    assert len(ann.maps) == len(ann.paragraphs) == 2
    assert quotes
    assert index_docs(ann.paragraphs, quotes, ann.maps) == index_docs(ann.paragraphs, quotes)


@pytest.mark.parametrize("written", [w for pair in AS_WRITTEN for w in pair])
def test_keys_without_offsets_are_the_keys(written: str) -> None:
    from app.nlp.search_keys import mapped_words
    from app.nlp.source_map import source_map

    assert mapped_words(source_map(written)) == [k.key for k in keys(written)]


@pytest.mark.parametrize(
    "written",
    [
        "\u0639\u0644\u064a \u0627\u0643\u0628\u0631",  # Arabic yeh and kaf: «علی اکبر»
        "سخنگوی  وزارت\u200c\u200cخارجه",
        "\u0645\u064a \u06af\u0648\u064a\u062f",  # «می گوید» with Arabic yehs
        "این که",
    ],
)
def test_a_normalized_name_has_the_keys_of_its_written_form(written: str) -> None:
    """The annotator's names are normalized already: their keys, read without normalizing
    again, are those a query written any other way gets."""
    name = normalize(written)
    assert normalized_index_text(name) == index_text(written) == index_text(name)


def test_only_index_text_normalizes() -> None:
    """A text not normalized yet gets the keys of its normalized form through index_text
    only: «این که» is «این‌که» once normalized."""
    assert normalized_index_text("این که") != index_text("این که")
    assert index_text("این که") == normalized_index_text("این\u200cکه")
