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


@pytest.mark.parametrize(
    "text",
    [
        "روسیه اعلام کرد: حمله را محکوم می\u200cکنیم.\nسخنگوی ارتش گفت: نیروها آماده\u200cاند.\n",
        "سخنگوی وزارت خارجه آمریکا گفت: تحریم\u200cها می\u200cماند.\n"
        "آمریکا اعلام کرد: مذاکره نمی\u200cکنیم.\n",
        # an outlet's label, then another's in a list of short news
        "ادعای الحدث: ایران خواستار مذاکره است.\nسفیر پاکستان:\nاسلام\u200cآباد آماده است.\n",
        # an outlet's name written in several words
        "دبیرکل ناتو: اروپایی\u200cها جبران کرده\u200cاند\nوال استریت ژورنال: جبران دشوار است.\n",
    ],
)
def test_a_country_or_an_outlet_speaking_is_never_the_person_a_role_names(text: str) -> None:
    assert len(annotate(text).speakers) == 2
    assert all(not aliases for aliases in _aliases(text).values())


def test_a_person_quoted_before_a_role_is_the_role() -> None:
    """Counter-example: a person's name, not a country's, takes the role after it."""
    text = (
        "لاوروف اعلام کرد: حمله را محکوم می\u200cکنیم.\nوزیر خارجه روسیه افزود: آماده\u200cایم.\n"
    )
    assert _aliases(text) == {"لاوروف": ["وزیر خارجه روسیه"]}


@pytest.mark.parametrize(
    "text",
    [
        # a headline's role, and the name its words tell of
        "دبیر شورای\u200cعالی امنیت ملی: ترامپ ناوچه\u200cها را روانه کرد و وقتی آنها را "
        "زدیم، او گفت عملیات را متوقف کرده\u200cام.\n",
        # a named speaker, and the role his words tell of
        "پست\u200cهای ترامپ: سناتور جک رید، یک دموکرات، وقتی گفت توافق ما فاجعه است، دروغ گفت.\n",
    ],
)
def test_someone_a_quote_tells_of_is_not_its_speaker(text: str) -> None:
    speakers = annotate(text).speakers
    assert len(speakers) == 2 and all(s.quote_count == 1 for s in speakers)


def test_a_role_quoted_after_the_words_of_a_name_is_that_name() -> None:
    """Counter-example: the role's cue follows the named speaker's words, not inside them."""
    text = "رئیس\u200cجمهور آمریکا گفت: توافق نزدیک است.\nدونالد ترامپ افزود: ایران باید بپذیرد.\n"
    (trump,) = annotate(text).speakers
    assert trump.quote_count == 2


@pytest.mark.parametrize(
    "text",
    [
        # a list of short news: a role's item, then a name's
        "#چند_خبر_کوتاه\nمعاون ستاد ملی جمعیت: تا چند دهه دیگر متوسط سن مردم بالا می\u200cرود.\n"
        "حزب\u200cالله: دولت لبنان باید کاری کند.\n",
        # a role of another country, though its head words («رئیس مجلس») are the speaker's
        "قالیباف: قدردان ملت پاکستان هستیم\nرئیس مجلس در دیدار با همتای پاکستانی گفت: مردم "
        "پاکستان کنار ما بودند.\nرئیس\u200cمجلس سنای پاکستان هم گفت: آینده روشن است.\n",
    ],
)
def test_a_role_of_another_item_or_country_is_someone_else(text: str) -> None:
    roles = [s for s in annotate(text).speakers if s.local]
    assert len(roles) == 1 and roles[0].quote_count == 1


def test_a_headline_name_then_its_role_is_one_person() -> None:
    """Counter-example: the channel's headline «X: …» then the role's label repeating it."""
    text = "حمید رسایی: دولت باید پاسخ دهد.\nنایب رئیس مجلس: دولت باید پاسخ دهد و مجلس پیگیر است."
    (one,) = annotate(text).speakers
    assert one.name == "حمید رسایی" and one.quote_count == 2
