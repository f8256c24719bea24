"""The month chart: gaps drawn as empty months, a bounded number of bars, escaped text."""

from __future__ import annotations

from app.web.chart import MAX_MONTHS, timeline_svg
from app.web.templating import jalali


def _timeline(*periods: tuple[str, int]) -> dict:
    return {
        "speaker_id": "sp_x",
        "interval": "month",
        "periods": [{"period": p, "start": p + "-01", "quotes": n} for p, n in periods],
        "undated_quotes": 0,
    }


def test_no_dated_quote_is_no_chart() -> None:
    assert timeline_svg(_timeline()) is None


def test_months_between_are_empty_bars() -> None:
    svg = str(timeline_svg(_timeline(("2025-11", 3), ("2026-02", 1))))
    assert svg.count("<rect") == 4  # Nov, Dec, Jan, Feb
    assert svg.count('height="0.0"') == 2
    assert "۲۰۲۵-۱۱: ۳" in svg and "۲۰۲۶-۰۱: ۰" in svg


def test_a_long_span_keeps_only_its_months_with_quotes() -> None:
    svg = str(timeline_svg(_timeline(("1990-01", 1), ("2026-05", 2))))
    assert MAX_MONTHS < (2026 - 1990) * 12 and svg.count("<rect") == 2


def test_jalali_dates_in_persian() -> None:
    assert jalali("2026-05-23T06:30:00Z") == "۲ خرداد ۱۴۰۵"
    assert jalali("2026-03-20T21:00:00+00:00") == "۱ فروردین ۱۴۰۵"  # past midnight in Tehran
    assert jalali(None) == "بی\u200cتاریخ"
