"""Dates and times as Persian news writes them → aware datetimes in UTC.

Sources give dates in both calendars and many spellings: ``2026-05-23T10:00:00+03:30``,
``1405/03/02``, ``۱۴۰۵-۰۳-۰۲``, ``02 Khordad 1405``, ``۲ خرداد ۱۴۰۵``, ``02:36 · 01 Shahrivar
1405`` (a Telegram post's page), ``23 May 2026``. One parser reads them all, for seed metadata,
JSON Lines, the write API and the query filters:

- Digits may be Persian or Arabic-Indic; a month may be named (Jalali in Persian or Latin
  letters, Gregorian in English) or numbered; a time (``HH:MM[:SS]``) may stand anywhere.
- A numeric year below 1700 is Jalali (the Jalali year is 621 behind), else Gregorian.
- Without an offset, a Jalali date is Tehran time (where Jalali dates are written) and a
  Gregorian one is UTC. A bare date is its midnight.

The calendar arithmetic is jdatetime's (a maintained library), not ours.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, tzinfo
from zoneinfo import ZoneInfo

import jdatetime

TEHRAN = ZoneInfo("Asia/Tehran")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_JALALI_MONTHS = {
    **{name.lower(): n for n, name in enumerate(jdatetime.date.j_months_en, start=1)},
    **{name: n for n, name in enumerate(jdatetime.date.j_months_fa, start=1)},
    "ordibehesht": 2, "khordad": 3, "mordad": 5, "shahrivar": 6, "dey": 10, "day": 10,
    "اردی‌بهشت": 2, "امرداد": 5,
}  # fmt: skip
_GREGORIAN_MONTHS = {
    name: n
    for n, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?!\d)")
_WORD = re.compile(r"[^\W\d_][\w\u200c]*")
_NUMBER = re.compile(r"(?<!\d)\d{1,4}(?!\d)")


def parse_date(text: str) -> datetime:
    """``text`` as an aware datetime in UTC; ValueError says why it can't be read."""
    raw = text
    text = " ".join(text.translate(_DIGITS).replace("\u200f", " ").split())
    if not text:
        raise ValueError("an empty date")
    try:
        iso = datetime.fromisoformat(text.replace(" ", "T", 1) if _TIME.search(text) else text)
    except ValueError:
        iso = None
    if iso is not None and iso.year >= 1700:
        return (iso if iso.tzinfo else iso.replace(tzinfo=UTC)).astimezone(UTC)
    found = _TIME.search(text)
    clock = time(0, 0)
    if found:
        hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"{raw!r}: no such time of day")
        clock = time(hour, minute, second)
        text = text[: found.start()] + " " + text[found.end() :]
    year, month, day, named = _parts(text, raw)
    jalali = year < 1700
    if named is not None and named != jalali:
        raise ValueError(f"{raw!r}: a month of one calendar with a year of the other")
    try:
        if jalali:
            date = jdatetime.date(year, month, day).togregorian()
        else:
            date = datetime(year, month, day).date()
    except ValueError:
        calendar = "Jalali" if jalali else "Gregorian"
        raise ValueError(f"{raw!r}: no such {calendar} date") from None
    zone: tzinfo = TEHRAN if jalali else UTC
    return datetime.combine(date, clock, zone).astimezone(UTC)


def _parts(text: str, raw: str) -> tuple[int, int, int, bool | None]:
    """(year, month, day, whether the month was named in the Jalali calendar; None when it
    was numbered) of a date written with numbers, or with a month's name."""
    numeric = _NUMERIC.search(text)
    if numeric:
        a, b, c = (int(g) for g in numeric.groups())
        day_first = len(numeric[3]) == 4 and len(numeric[1]) <= 2
        return (c, b, a, None) if day_first else (a, b, c, None)
    month, jalali = None, None
    for word in _WORD.findall(text):
        key = word.lower()
        if key in _JALALI_MONTHS:
            month, jalali = _JALALI_MONTHS[key], True
        elif key in _GREGORIAN_MONTHS:
            month, jalali = _GREGORIAN_MONTHS[key], False
        if month:
            break
    numbers = [int(n) for n in _NUMBER.findall(text)]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if n < 100]
    if month is None or len(years) != 1 or len(days) != 1:
        raise ValueError(f"{raw!r} is not a date this API reads (e.g. 2026-05-23, 1405/03/02)")
    return years[0], month, days[0], jalali
