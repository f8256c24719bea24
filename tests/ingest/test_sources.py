"""Articles as their sources give them: front matter in a seed file, JSON Lines records, with
their metadata and its common synonyms; idempotent, and removed when their source goes."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app.db import Database
from app.ingest import ingest, ingest_dir
from app.models import ARTICLE, QUOTE
from app.store import read

MAX = 1_000_000
FRONT = """---
title: وزیر نیرو از تامین آب گفت
published_at: ۲ خرداد ۱۴۰۵ ساعت ۱۴:۳۰
link: https://example.ir/news/water
channel: خبرگزاری نمونه
author: مریم رضایی، علی احمدی
category: اقتصادی
---
وزیر نیرو گفت: «آب شرب تامین است.»
او افزود که مصرف باید کاهش یابد.
"""


def _records(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _article(db: Database, article_id: str) -> dict:
    with db.connect() as conn:
        return json.loads(read.article_body(conn, article_id) or b"null")


def test_front_matter_is_metadata_and_not_text(db: Database, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "water.txt").write_text(FRONT, encoding="utf-8")
    summary = ingest_dir(db, seeds, MAX)
    assert summary.ingested == ["water"] and not summary.warnings
    article = _article(db, "water")
    assert article["title"] == "وزیر نیرو از تامین آب گفت"
    assert article["published_at"] == "2026-05-23T11:00:00Z"  # 14:30 Tehran time
    assert article["url"] == "https://example.ir/news/water"
    assert article["outlet"] == "خبرگزاری نمونه"
    assert article["authors"] == ["مریم رضایی", "علی احمدی"]
    assert article["category"] == "اقتصادی"
    assert article["paragraphs"][0]["text"].startswith("وزیر نیرو گفت")
    assert len(article["paragraphs"]) == 2 and len(article["quotes"]) == 2
    with db.connect() as conn:  # its quotes carry the date and outlet for the lists
        rows = conn.execute(select(QUOTE.c.outlet, QUOTE.c.published_at)).all()
    assert {r.outlet for r in rows} == {"خبرگزاری نمونه"} and all(r.published_at for r in rows)


def test_a_value_that_cant_be_read_is_left_out_with_a_warning(db: Database, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "---\npublished_at: سال بعد\nwriter: کسی\noutlet: ایرنا\n---\nوزیر گفت: بله.\n"
    (seeds / "odd.txt").write_text(text, encoding="utf-8")
    (seeds / "open.txt").write_text("---\nوزیر گفت: بله.\n", encoding="utf-8")
    summary = ingest_dir(db, seeds, MAX)
    assert sorted(summary.ingested) == ["odd", "open"]
    assert any("published_at left out" in w for w in summary.warnings), summary.warnings
    assert any("'writer'" in w for w in summary.warnings)
    assert any("never closed" in w for w in summary.warnings)
    odd = _article(db, "odd")
    assert (odd["published_at"], odd["outlet"]) == (None, "ایرنا")
    assert _article(db, "open")["paragraphs"][0]["text"] == "---"  # no block: text as it is


def test_json_lines_with_their_synonyms(db: Database, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        _records(
            {
                "id": "VahidOnline:75274",
                "channel": "VahidOnline",
                "posted_at": "19:03 · 16 Ordibehesht 1405",
                "url": "https://t.me/VahidOnline/75274",
                "text": "ترامپ گفت: «به توافق نزدیک شده‌ایم.»",
                "source_commit": "abc",
            },
            {
                "id": "fars-news-1:012",
                "title": "عنوان",
                "link": "https://farsnews.ir/n/12",
                "category": "",
                "text": "سخنگوی دولت گفت که جلسه فردا است.",
                "heuristic": {},
            },
            {"text": "وزیر گفت: بله.", "source": "ایرنا", "date": "2026-05-23"},
        )
        + "\n",
        encoding="utf-8",
    )
    summary = ingest(db, [dump], MAX)
    assert len(summary.ingested) == 3 and not summary.skipped, summary.skipped
    first = _article(db, "VahidOnline_75274")  # ":" is not in an id: "_"
    assert (first["outlet"], first["url"]) == ("VahidOnline", "https://t.me/VahidOnline/75274")
    assert first["published_at"] == "2026-05-06T15:33:00Z"
    second = _article(db, "fars-news-1_012")
    expected = ("عنوان", "https://farsnews.ir/n/12", None)  # an empty category: none
    assert (second["title"], second["url"], second["category"]) == expected
    third = [a for a in summary.ingested if a.startswith("jl_")]
    assert len(third) == 1 and _article(db, third[0])["outlet"] == "ایرنا"  # id from its text
    again = ingest(db, [dump], MAX)
    assert sorted(again.unchanged) == sorted(summary.ingested) and not again.ingested


def test_bad_lines_are_skipped_and_keep_what_they_held(db: Database, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    good = {"id": "a", "text": "وزیر گفت: بله."}
    dump.write_text(_records(good, {"id": "b", "text": "وزیر گفت: نه."}), encoding="utf-8")
    assert sorted(ingest(db, [dump], MAX).ingested) == ["a", "b"]
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c"}),  # no text
        json.dumps({"id": "a", "text": "وزیر گفت: تکرار."}),  # a's id again
        "[1, 2]",
    ]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest(db, [dump], MAX)
    assert summary.skipped == {
        "dump.jsonl:2": "not JSON (unexpected character, expected a string key)",
        "dump.jsonl:3": "no text",
        "dump.jsonl:4": "the id 'a' is dump.jsonl:1's in this ingest",
        "dump.jsonl:5": "not a JSON object",
    }
    # b's line is gone, but the file has bad lines: one of them may have held b, so b stays.
    assert summary.removed == []
    assert _article(db, "b")["paragraphs"]


def test_articles_whose_source_is_gone_are_removed(db: Database, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "dump.jsonl").write_text(
        _records({"id": "a", "text": "وزیر گفت: بله."}, {"id": "b", "text": "وزیر گفت: نه."}),
        encoding="utf-8",
    )
    (seeds / "c.txt").write_text("وزیر گفت: شاید.\n", encoding="utf-8")
    assert sorted(ingest_dir(db, seeds, MAX).ingested) == ["a", "b", "c"]
    (seeds / "dump.jsonl").write_text(_records({"id": "a", "text": "وزیر گفت: بله."}), "utf-8")
    assert ingest_dir(db, seeds, MAX).removed == ["b"]  # its line left the file
    (seeds / "dump.jsonl").unlink()
    (seeds / "c.txt").unlink()
    assert sorted(ingest_dir(db, seeds, MAX).removed) == ["a", "c"]  # their files left
    with db.connect() as conn:
        assert conn.execute(select(ARTICLE.c.id)).all() == []


def test_paths_are_folders_and_files_and_nothing_else(db: Database, tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("وزیر گفت: بله.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# نه\n", encoding="utf-8")
    summary = ingest(db, [tmp_path / "one.txt", tmp_path / "notes.md", tmp_path / "nope"], MAX)
    assert summary.ingested == ["one"]
    assert set(summary.skipped) == {str(tmp_path / "notes.md"), str(tmp_path / "nope")}
    export = tmp_path / "export.txt"  # a word of the API's paths, not an article's id
    export.write_text("وزیر گفت: بله.\n", encoding="utf-8")
    assert "path of the API" in ingest(db, [export], MAX).skipped["export.txt"]
