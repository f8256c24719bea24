"""The reader's Jinja2 templates (autoescaped) and the filters they format values with."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import jdatetime
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.dates import TEHRAN
from app.web.markup import KIND_LABELS, fa_digits
from app.web.palette import PALETTE, colour_class

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
SPEAKER_KINDS = {"person": "شخص", "organization": "سازمان", "anonymous": "بی\u200cنام"}


def jalali(iso: str | None) -> str:
    """An API date (ISO 8601, UTC) as a Jalali date in Tehran, in Persian: «۲ خرداد ۱۴۰۵»."""
    if not iso:
        return "بی\u200cتاریخ"
    moment = datetime.fromisoformat(iso).astimezone(TEHRAN)
    day = jdatetime.datetime.fromgregorian(datetime=moment, locale="fa_IR")
    return fa_digits(f"{day.day} {day.strftime('%B')} {day.year}")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        fa=fa_digits,
        jalali=jalali,
        kind=lambda k: KIND_LABELS.get(k, k),
        speaker_kind=lambda k: SPEAKER_KINDS.get(k, k),
        colour=colour_class,
    )
    env.globals["palette_size"] = len(PALETTE)
    return env


templates = Jinja2Templates(env=_environment())
