"""Dates as Persian news writes them (app/dates.py): both calendars, any digits, to UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.dates import parse_date


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-05-23", "2026-05-23T00:00:00"),  # a bare Gregorian date: its midnight, UTC
        ("2026-05-23T10:00:00+03:30", "2026-05-23T06:30:00"),
        ("2026-05-23 10:00", "2026-05-23T10:00:00"),
        ("2026-05-23T10:00:00Z", "2026-05-23T10:00:00"),
        ("23 May 2026", "2026-05-23T00:00:00"),
        ("31/12/2025", "2025-12-31T00:00:00"),
        # Jalali: Tehran time (UTC+3:30) without an offset; 2 Khordad 1405 is 23 May 2026.
        ("1405/03/02", "2026-05-22T20:30:00"),
        ("1405-03-02", "2026-05-22T20:30:00"),
        ("\u06f1\u06f4\u06f0\u06f5/\u06f0\u06f3/\u06f0\u06f2", "2026-05-22T20:30:00"),  # ۱۴۰۵/۰۳/۰۲
        ("\u0661\u0664\u0660\u0665/\u0663/\u0662", "2026-05-22T20:30:00"),  # Arabic-Indic digits
        ("02 Khordad 1405", "2026-05-22T20:30:00"),
        ("۲ خرداد ۱۴۰۵", "2026-05-22T20:30:00"),
        ("1405/03/02 14:30", "2026-05-23T11:00:00"),
        ("02:36 · 01 Shahrivar 1405", "2026-08-22T23:06:00"),  # a Telegram post's page
        ("۲ خرداد ۱۴۰۵ ساعت ۱۴:۳۰", "2026-05-23T11:00:00"),
        ("1 Farvardin 1405", "2026-03-20T20:30:00"),  # Nowruz
        ("30 Esfand 1403", "2025-03-19T20:30:00"),  # the leap year's last day
    ],
)
def test_dates_are_read_to_utc(text: str, utc: str) -> None:
    parsed = parse_date(text)
    assert parsed.tzinfo is not None
    assert parsed == datetime.fromisoformat(utc).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("nope", "not a date"),
        ("30 Esfand 1404", "no such Jalali date"),  # 1404 is not a leap year
        ("1405/13/01", "no such Jalali date"),
        ("2026-02-30", "no such Gregorian date"),
        ("25:00 1405/01/01", "no such time of day"),
        ("2 May 1405", "one calendar with a year of the other"),
        ("2 Khordad 2026", "one calendar with a year of the other"),
        ("Khordad 1405", "not a date"),
    ],
)
def test_what_is_not_a_date_says_why(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_date(text)
