"""A role alone is the holder of its office on the article's date, and only then: another
date, another country written with the role, or a role of no listed office leave it a role."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.nlp import annotate
from app.nlp.offices import holder, with_holders

SPRING_1405 = date(2026, 5, 10)


@pytest.mark.parametrize(
    ("role", "text", "expected"),
    [
        ("سخنگوی وزارت خارجه", "", "اسماعیل بقایی"),
        ("رهبر انقلاب", "", "مجتبی خامنه\u200cای"),
        ("رئیس\u200cجمهور", "", "مسعود پزشکیان"),
        ("رییس جمهوری اسلامی ایران", "", "مسعود پزشکیان"),  # another spelling, the country
        ("وزیر خارجه", "وزیر خارجه کشورمان گفت", "عباس عراقچی"),  # the home country, named
        ("رئیس\u200cجمهور آمریکا", "", "دونالد ترامپ"),  # a foreign office, with its country
        ("نخست\u200cوزیر رژیم صهیونیستی", "", "بنیامین نتانیاهو"),
        # counter-examples
        ("رئیس\u200cجمهور", "رئیس\u200cجمهور فرانسه گفت", None),  # another country beside it
        ("وزیر خارجه", "وزیر خارجه عربستان سعودی گفت", None),
        ("نخست\u200cوزیر", "", None),  # a foreign office is never read from the bare role
        ("سرمربی تیم ملی", "", None),  # no listed office
        ("رئیس", "", None),  # a head word alone is no office
    ],
)
def test_a_role_is_its_holder_on_the_date(role: str, text: str, expected: str | None) -> None:
    assert holder(role, SPRING_1405, text) == expected


def test_the_holder_is_the_one_of_the_date() -> None:
    assert holder("رهبر انقلاب", date(2019, 1, 1), "") == "علی خامنه\u200cای"
    assert holder("سخنگوی وزارت خارجه", date(2019, 1, 1), "") == "بهرام قاسمی"
    assert holder("سخنگوی وزارت خارجه", date(1990, 1, 1), "") is None  # a term not listed
    assert holder("رهبر انقلاب", None, "") is None  # no date, no holder


def test_a_resolved_role_joins_the_holder_the_article_names() -> None:
    text = "رهبر انقلاب گفت: ایستادگی می\u200cکنیم.\nمسعود پزشکیان گفت: دولت آماده است.\n"
    raw = annotate(text)
    assert {s.name for s in raw.speakers if s.local} == {"رهبر انقلاب"}
    out = with_holders(raw, datetime(2026, 5, 10, tzinfo=UTC))
    names = {s.key: s for s in out.speakers}
    leader = next(s for s in out.speakers if s.name == "مجتبی خامنه\u200cای")
    assert not leader.local and leader.aliases == ["رهبر انقلاب"]
    assert {names[q.speaker_key].name for q in out.quotes} == {leader.name, "مسعود پزشکیان"}
    assert with_holders(raw, None) is raw


def test_a_listed_office_is_no_named_person_who_never_held_it() -> None:
    leader = "رهبر انقلاب گفت: ایستادگی می\u200cکنیم.\nمسعود پزشکیان گفت: دولت آماده است.\n"
    president = "ابراهیم رئیسی گفت: دولت آماده است.\nرئیس جمهوری ایران گفت: کار ادامه دارد.\n"
    coach = "یحیی گل‌محمدی گفت: بازی سختی بود.\nسرمربی پرسپولیس گفت: آماده‌ایم.\n"
    assert len(annotate(leader).speakers) == 2  # the leader is not the president
    assert len(annotate(president).speakers) == 1  # a past holder, named: the role is his
    assert len(annotate(coach).speakers) == 1  # no listed office: the one named person


@pytest.mark.parametrize(
    ("text", "when", "name"),
    [
        ("بقایی گفت: گفت\u200cوگوها ادامه دارد.", SPRING_1405, "اسماعیل بقایی"),
        ("نتانیاهو گفت: ما آماده\u200cایم.", SPRING_1405, "بنیامین نتانیاهو"),
        # counter-examples: a surname two holders of one office bore, a surname no holder of
        # the date bears, no date, a full name
        ("خامنه\u200cای گفت: ایستادگی می\u200cکنیم.", SPRING_1405, "خامنه\u200cای"),
        ("روحانی گفت: دولت آماده است.", SPRING_1405, "روحانی"),
        ("بقایی گفت: گفت\u200cوگوها ادامه دارد.", None, "بقایی"),
        ("محمد بقائی گفت: ما آماده\u200cایم.", SPRING_1405, "محمد بقائی"),
    ],
)
def test_a_surname_alone_is_the_one_holder_in_office_who_bears_it(
    text: str, when: date | None, name: str
) -> None:
    (speaker,) = with_holders(annotate(text), when).speakers
    assert speaker.name == name


def test_an_office_of_another_country_is_not_the_holder_named() -> None:
    """«رئیس مجلس لبنان» quoted after Iran's speaker is someone else; counter-example: a
    role of his own office is him."""
    named = "محمدباقر قالیباف گفت: مذاکره ادامه دارد.\n"
    assert len(annotate(named + "رئیس مجلس لبنان گفت: ما آماده\u200cایم.\n").speakers) == 2
    assert len(annotate(named + "رئیس مجلس گفت: ما آماده\u200cایم.\n").speakers) == 1


def test_a_local_office_makes_a_listed_holders_namesake() -> None:
    from app.nlp.namesakes import QUALIFIER, with_namesakes

    imam = annotate("حسن روحانی امام جمعه بابل گفت: نماز جمعه برگزار می\u200cشود.\n")
    (speaker,) = with_namesakes(imam).speakers
    assert QUALIFIER in speaker.key and speaker.name == "حسن روحانی"
    # counter-examples: a national role; a local office of a name no listed holder bears
    president = annotate("حسن روحانی رئیس\u200cجمهور گفت: دولت آماده است.\n")
    assert with_namesakes(president) is president
    other = annotate("احمد خاتمی امام جمعه تهران گفت: نماز برگزار می\u200cشود.\n")
    assert with_namesakes(other) is other


def test_a_holder_in_office_on_the_date_has_no_namesake() -> None:
    """A local role beside a sitting holder is someone else's; undated, the rule holds."""
    from app.nlp.namesakes import with_namesakes

    raw = annotate("دونالد ترامپ شهردار نیویورک گفت: ما آماده\u200cایم.\n")
    assert with_namesakes(raw, SPRING_1405) is raw
    assert with_namesakes(raw, date(2022, 1, 1)) is not raw  # out of office then


@pytest.mark.parametrize(
    "text",
    [
        "وزیر خارجه روسیه: گفت\u200cوگو میان کشورهای عرب و ایران مهم است\n"
        "ترامپ گفته بود: ایران را نابود خواهیم کرد.\n",
        "بقایی گفت: اظهارات وزیر خارجه فرانسه ریاکاری است.\n"
        "وزیر خارجه فرانسه روز گذشته عنوان کرد که با لغو تحریم\u200cها مخالفت خواهد کرد.\n",
    ],
)
def test_a_role_of_another_country_is_not_a_listed_holder_named_beside_it(text: str) -> None:
    """Trump held office in the US, Baghaei in Iran: a role written with another country is
    someone else's, though the article names no one else."""
    assert all(not s.aliases for s in annotate(text).speakers)
    assert len(annotate(text).speakers) == 2


def test_a_role_of_the_holders_own_country_is_his() -> None:
    """Counter-example: «رئیس‌جمهور آمریکا» after Trump is Trump."""
    text = "دونالد ترامپ گفت: توافق نزدیک است.\nرئیس\u200cجمهور آمریکا افزود: ایران باید بپذیرد.\n"
    (trump,) = annotate(text).speakers
    assert trump.name == "دونالد ترامپ" and trump.aliases == ["رئیس\u200cجمهور آمریکا"]
