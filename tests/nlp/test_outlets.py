"""An outlet's key is its own name without its kind; a kind followed by a country, a country's
adjective or a generic word names no outlet."""

from __future__ import annotations

import pytest

from app.nlp.fold import name_key
from app.nlp.name_index import outlet_key


@pytest.mark.parametrize(
    ("name", "own"),
    [
        ("شبکه الجزیره", "الجزیره"),
        ("شبکه خبری الجزیره", "الجزیره"),
        ("روزنامه نیویورک\u200cتایمز", "نیویورک\u200cتایمز"),
        ("روزنامه وال\u200cاستریت ژورنال", "وال\u200cاستریت\u200cژورنال"),
        # what it is before which: a generic word or a country's adjective is set aside
        ("نشریه عبری معاریو", "معاریو"),
        ("وبگاه آمریکایی پولیتیکو", "پولیتیکو"),
        ("رسانه انگلیسی رویترز", "رویترز"),
        ("کانال ۱۲ اسرائیل", "۱۲ اسرائیل"),  # = «شبکه ۱۲ اسرائیل»
        # counter-examples
        ("روزنامه ایران", None),
        ("روزنامه آمریکایی", None),
        ("شبکه عبری", None),
        ("پایگاه خبری", None),
        ("الجزیره", None),  # no kind: the name is the key as it is
        ("وزارت امور خارجه", None),
    ],
)
def test_outlet_key(name: str, own: str | None) -> None:
    assert outlet_key(name) == (None if own is None else name_key(own))
