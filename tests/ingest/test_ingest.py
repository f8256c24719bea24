from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app import migrate, search
from app.db import make_engine
from app.ingest import ingest_dir
from app.models import Article, Paragraph, Quote, Speaker
from tests.conftest import SEED_ID

MAX = 100_000


@pytest.fixture
def engine(db_url: str):
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _count(engine, model) -> int:
    with Session(engine) as s:
        return len(s.execute(select(model)).all())


def test_second_run_is_unchanged(engine, seeds_dir: Path) -> None:
    first = ingest_dir(engine, seeds_dir, MAX)
    assert first.ingested == [SEED_ID]
    second = ingest_dir(engine, seeds_dir, MAX)
    assert second.unchanged == [SEED_ID] and not second.ingested and not second.replaced
    assert _count(engine, Quote) == 16


def test_changed_file_is_replaced(engine, seeds_dir: Path) -> None:
    ingest_dir(engine, seeds_dir, MAX)
    path = seeds_dir / f"{SEED_ID}.txt"
    path.write_text("وزیر امور خارجه گفت: ما آماده‌ایم.\n", encoding="utf-8")
    summary = ingest_dir(engine, seeds_dir, MAX)
    assert summary.replaced == [SEED_ID]
    assert _count(engine, Paragraph) == 1
    assert _count(engine, Quote) == 1
    # Speakers only the old text quoted are gone; the new one is there.
    with Session(engine) as s:
        names = {sp.name for sp in s.execute(select(Speaker)).scalars()}
        indexed = search.index_rows(s)
    assert names == {"وزیر امور خارجه"}
    assert indexed == 2  # one paragraph, one quote


# Bad seed files (binary, encodings, empty, huge, BOM, CRLF, controls): test_bad_seeds.py.


def test_speakers_are_shared_across_articles(engine, seeds_dir: Path) -> None:
    shutil.copy(seeds_dir / f"{SEED_ID}.txt", seeds_dir / "copy.txt")
    ingest_dir(engine, seeds_dir, MAX)
    with Session(engine) as s:
        speakers = list(s.execute(select(Speaker)).scalars())
    assert len(speakers) == 4
    assert sorted(sp.quote_count for sp in speakers) == [2, 8, 10, 12]
    assert all(sp.article_count == 2 for sp in speakers)


def test_a_failing_article_leaves_no_rows(engine, seeds_dir: Path, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(search, "index_article", boom)
    summary = ingest_dir(engine, seeds_dir, MAX)
    assert "disk on fire" in summary.skipped[f"{SEED_ID}.txt"]
    for model in (Article, Paragraph, Quote, Speaker):
        assert _count(engine, model) == 0
    monkeypatch.undo()
    assert ingest_dir(engine, seeds_dir, MAX).ingested == [SEED_ID]


def test_missing_folder_is_reported(engine, tmp_path: Path) -> None:
    summary = ingest_dir(engine, tmp_path / "nowhere", MAX)
    assert summary.skipped == {str(tmp_path / "nowhere"): "not a directory"}


def test_sqlite_pragmas(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    engine.dispose()


def test_ids_are_stable_across_reingest(engine, seeds_dir: Path) -> None:
    ingest_dir(engine, seeds_dir, MAX)
    with Session(engine) as s:
        before = sorted(s.execute(select(Quote.id, Quote.speaker_id)).all())
    path = seeds_dir / f"{SEED_ID}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new hash
    assert ingest_dir(engine, seeds_dir, MAX).replaced == [SEED_ID]
    with Session(engine) as s:
        after = sorted(s.execute(select(Quote.id, Quote.speaker_id)).all())
    assert before == after and len(after) == 16


def test_a_removed_file_removes_its_article_only(engine, seeds_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "elsewhere.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")
    ingest_dir(engine, other, MAX)
    shutil.copy(seeds_dir / f"{SEED_ID}.txt", seeds_dir / "copy.txt")
    ingest_dir(engine, seeds_dir, MAX)
    (seeds_dir / "copy.txt").unlink()
    summary = ingest_dir(engine, seeds_dir, MAX)
    assert summary.removed == ["copy"]
    with Session(engine) as s:
        ids = sorted(a.id for a in s.execute(select(Article)).scalars())
        speakers = list(s.execute(select(Speaker)).scalars())
    assert ids == [SEED_ID, "elsewhere"]  # the other folder's article stays
    assert sorted(sp.quote_count for sp in speakers if sp.article_count) == [1, 1, 4, 5, 6]
    assert _count(engine, Quote) == 17


def test_one_name_twice_in_an_article_is_one_speaker_row(engine, seeds_dir: Path) -> None:
    text = "به گزارش ایسنا، قیمت نفت بالا رفت.\nایسنا گفت: بازار آرام است.\n"
    (seeds_dir / "twice.txt").write_text(text, encoding="utf-8")
    summary = ingest_dir(engine, seeds_dir, MAX)
    assert sorted(summary.ingested) == sorted([SEED_ID, "twice"]), summary.skipped
