"""The reader's tests: the seed, and a dated article of our own words (with an outlet and a
link), so pages show dates, a timeline and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

DATED_ID = "water"
DATED = (
    "---\n"
    "title: وزیر نیرو از تامین آب گفت\n"
    "published_at: ۲ خرداد ۱۴۰۵\n"
    "outlet: خبرگزاری نمونه\n"
    "url: https://example.ir/news/water\n"
    "---\n"
    "وزیر نیرو روز شنبه گفت: «آب شرب تهران تا پایان تابستان <تامین> است.»\n"
    "به گزارش خبرگزاری نمونه، وزیر نیرو همچنین گفت که مصرف آب در ماه آینده کم می\u200cشود.\n"
)


@pytest.fixture
def seeds_dir(seeds_dir: Path) -> Path:
    (seeds_dir / f"{DATED_ID}.txt").write_text(DATED, encoding="utf-8")
    return seeds_dir
