"""A one-word name with a role joins a full name of other articles only when the roles the
full name's own articles give do not disagree (``app/store/link_roles.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from app.db import Database
from app.store.link_roles import role_agrees
from tests.store.test_bodies import assert_bodies_match_rows
from tests.store.test_links import _ingest, _speakers

GOVERNOR = "حمید کاظمی، استاندار هرمزگان گفت: بندر آماده است.\n"
BANKER = "ناصر کاظمی، رئیس\u200cکل بانک مرکزی گفت: تورم کم شد.\n"
WORD_BANKER = "کاظمی، رئیس\u200cکل بانک مرکزی گفت: نرخ ارز ثابت می\u200cماند.\n"
WORD_ALONE = "کاظمی گفت: جلسه فردا است.\n"
WORD_GOVERNOR = "کاظمی، استاندار هرمزگان گفت: اسکله باز شد.\n"


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("مدیرکل آژانس", "مدیرکل آژانس بین\u200cالمللی انرژی اتمی", True),
        ("رئیس بانک مرکزی", "رئیس\u200cکل بانک مرکزی", True),
        # counter-examples: other offices, one role word or one kind of institution alike
        ("استاندار هرمزگان", "رئیس\u200cکل بانک مرکزی", False),
        ("رئیس سازمان امور مالیاتی", "رئیس سازمان بهزیستی", False),
    ],
)
def test_two_roles_agree_when_they_name_one_office(a: str, b: str, agree: bool) -> None:
    assert role_agrees(a, b) is agree


def test_to_choose_among_names_all_words_of_one_office_must_agree() -> None:
    """One province's office is not another's when choosing; counter-example: one office,
    the other's role longer."""
    a, b = "مدیر جهاد کشاورزی استان سمنان", "رئیس جهاد کشاورزی استان کرمان"
    assert role_agrees(a, b) and not role_agrees(a, b, strict=True)
    assert role_agrees("دبیر مجمع تشخیص مصلحت", "عضو مجمع تشخیص مصلحت نظام", strict=True)


def test_a_surname_with_another_office_joins_the_full_name_of_that_office(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    """«کاظمی، رئیس‌کل بانک مرکزی» is not «حمید کاظمی» whom his own article calls «استاندار
    هرمزگان»: once «ناصر کاظمی» of that role is stored, it joins him. Counter-examples: while
    no one else of that office is known, the one full name is kept (offices change); the word
    with no role is either of two full names and stays alone, with the governor's role it is
    the governor's."""
    _ingest(
        db, tmp_path, ("a", GOVERNOR), ("b", WORD_BANKER), ("c", WORD_ALONE), ("d", WORD_GOVERNOR)
    )
    assert _speakers(engine, "b") == _speakers(engine, "a")
    _ingest(db, tmp_path, ("e", BANKER))
    assert _speakers(engine, "b") == _speakers(engine, "e")
    assert _speakers(engine, "c")[0][1] == "کاظمی"
    assert _speakers(engine, "d") == _speakers(engine, "a")
    assert assert_bodies_match_rows(engine) == 5


def test_the_banker_is_found_in_either_order(db: Database, engine: Engine, tmp_path: Path) -> None:
    _ingest(db, tmp_path, ("e", BANKER), ("b", WORD_BANKER), ("a", GOVERNOR))
    assert _speakers(engine, "b") == _speakers(engine, "e")


def test_two_spellings_of_a_foreign_first_name_are_one_person(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    """«فابریزیو رومانو» and «فابریتزیو رومانو» differ by a letter: «رومانو» joins the shorter
    spelling, in either order. Counter-example: «ماریو رومانو» beside them, the word stays
    alone."""
    _ingest(
        db,
        tmp_path,
        ("a", "رومانو گفت: قرارداد امضا شد.\n"),
        ("b", "فابریتزیو رومانو گفت: انتقال قطعی است.\n"),
        ("c", "فابریزیو رومانو گفت: مذاکره ادامه دارد.\n"),
    )
    assert _speakers(engine, "a") == _speakers(engine, "c")
    _ingest(db, tmp_path, ("d", "ماریو رومانو گفت: فصل خوبی بود.\n"))
    assert _speakers(engine, "a")[0][1] == "رومانو"
