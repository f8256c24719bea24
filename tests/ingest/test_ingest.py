"""The ingester: seed files in, one transaction per article, unchanged files skipped, removed
files' articles removed, annotator processes storing what this process would."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select, text
from sqlmodel import Session

from app.db import Database
from app.ingest import ingest_dir
from app.models import Article, Paragraph, Quote, Speaker
from app.store import search_index, write
from tests.conftest import SEED_ID, SEEDS

MAX = 100_000


def _count(engine, model) -> int:
    with Session(engine) as s:
        return len(s.execute(select(model)).all())


def test_second_run_is_unchanged(db: Database, engine, seeds_dir: Path) -> None:
    first = ingest_dir(db, seeds_dir, MAX)
    assert first.ingested == [SEED_ID]
    second = ingest_dir(db, seeds_dir, MAX)
    assert second.unchanged == [SEED_ID] and not second.ingested and not second.replaced
    assert _count(engine, Quote) == 16


def test_changed_file_is_replaced(db: Database, engine, seeds_dir: Path) -> None:
    ingest_dir(db, seeds_dir, MAX)
    path = seeds_dir / f"{SEED_ID}.txt"
    path.write_text("وزیر امور خارجه گفت: ما آماده‌ایم.\n", encoding="utf-8")
    summary = ingest_dir(db, seeds_dir, MAX)
    assert summary.replaced == [SEED_ID]
    assert _count(engine, Paragraph) == 1
    assert _count(engine, Quote) == 1
    # Speakers only the old text quoted are gone; the new one is there.
    with Session(engine) as s:
        names = {sp.name for sp in s.execute(select(Speaker)).scalars()}
        indexed = search_index.index_rows(s.connection())
    assert names == {"وزیر امور خارجه"}
    assert indexed == 1  # one paragraph


# Bad seed files (binary, encodings, empty, huge, BOM, CRLF, controls): test_bad_seeds.py.


def test_speakers_are_shared_across_articles(db: Database, engine, seeds_dir: Path) -> None:
    shutil.copy(seeds_dir / f"{SEED_ID}.txt", seeds_dir / "copy.txt")
    ingest_dir(db, seeds_dir, MAX)
    with Session(engine) as s:
        speakers = list(s.execute(select(Speaker)).scalars())
    assert len(speakers) == 4
    assert sorted(sp.quote_count for sp in speakers) == [2, 8, 10, 12]
    assert all(sp.article_count == 2 for sp in speakers)


def test_a_failing_article_leaves_no_rows(
    db: Database, engine, seeds_dir: Path, monkeypatch
) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(write, "_add_aliases", boom)  # the last step: every row is written
    summary = ingest_dir(db, seeds_dir, MAX)
    assert "disk on fire" in summary.skipped[f"{SEED_ID}.txt"]
    for model in (Article, Paragraph, Quote, Speaker):
        assert _count(engine, model) == 0
    monkeypatch.undo()
    assert ingest_dir(db, seeds_dir, MAX).ingested == [SEED_ID]


def test_missing_folder_is_reported(db: Database, engine, tmp_path: Path) -> None:
    summary = ingest_dir(db, tmp_path / "nowhere", MAX)
    assert summary.skipped == {str(tmp_path / "nowhere"): "not a directory"}


def test_ids_are_stable_across_reingest(db: Database, engine, seeds_dir: Path) -> None:
    ingest_dir(db, seeds_dir, MAX)
    with Session(engine) as s:
        before = sorted(s.execute(select(Quote.id, Quote.speaker_id)).all())
    path = seeds_dir / f"{SEED_ID}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new hash
    assert ingest_dir(db, seeds_dir, MAX).replaced == [SEED_ID]
    with Session(engine) as s:
        after = sorted(s.execute(select(Quote.id, Quote.speaker_id)).all())
    assert before == after and len(after) == 16


def test_a_removed_file_removes_its_article_only(
    db: Database, engine, seeds_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "elsewhere.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")
    ingest_dir(db, other, MAX)
    shutil.copy(seeds_dir / f"{SEED_ID}.txt", seeds_dir / "copy.txt")
    ingest_dir(db, seeds_dir, MAX)
    (seeds_dir / "copy.txt").unlink()
    summary = ingest_dir(db, seeds_dir, MAX)
    assert summary.removed == ["copy"]
    with Session(engine) as s:
        ids = sorted(a.id for a in s.execute(select(Article)).scalars())
        speakers = list(s.execute(select(Speaker)).scalars())
    assert ids == [SEED_ID, "elsewhere"]  # the other folder's article stays
    assert sorted(sp.quote_count for sp in speakers if sp.article_count) == [1, 1, 4, 5, 6]
    assert _count(engine, Quote) == 17


def test_one_name_twice_in_an_article_is_one_speaker_row(
    db: Database, engine, seeds_dir: Path
) -> None:
    text = "به گزارش ایسنا، قیمت نفت بالا رفت.\nایسنا گفت: بازار آرام است.\n"
    (seeds_dir / "twice.txt").write_text(text, encoding="utf-8")
    summary = ingest_dir(db, seeds_dir, MAX)
    assert sorted(summary.ingested) == sorted([SEED_ID, "twice"]), summary.skipped


def _snapshot(engine) -> dict[str, list]:
    """Every stored row that an ingest decides (not ids or times), in a fixed order."""
    queries = {
        "articles": "SELECT id, title, paragraph_count, quote_count, speaker_count FROM article",
        "paragraphs": "SELECT article_id, position, text FROM paragraph",
        "speakers": "SELECT id, name, kind, aliases, search_text, quote_count, article_count "
        "FROM speaker",
        "links": "SELECT article_id, speaker_id, position, aliases, quote_count "
        "FROM article_speaker",
        "quotes": "SELECT id, speaker_id, content_text, cue_start FROM quote",
        "index": "SELECT article_id, paragraph, words FROM search_doc",
        "postings": "SELECT t.key, d.article_id, d.paragraph, p.tf, p.quoted FROM search_posting p "
        "JOIN search_term t ON t.id = p.term_id JOIN search_doc d ON d.id = p.doc_id",
    }
    with engine.connect() as conn:
        return {k: sorted(map(tuple, conn.execute(text(q)))) for k, q in queries.items()}


def _three_articles(folder: Path) -> None:
    shutil.copy(SEEDS / f"{SEED_ID}.txt", folder / "copy.txt")
    (folder / "short.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")


def test_annotator_processes_store_the_same_rows(
    db: Database, engine, seeds_dir: Path, tmp_path: Path
) -> None:
    _three_articles(seeds_dir)
    (seeds_dir / "empty.txt").write_bytes(b"")
    here = ingest_dir(db, seeds_dir, MAX)
    expected = _snapshot(engine)
    empty = tmp_path / "empty"
    empty.mkdir()
    for path in seeds_dir.glob("*.txt"):
        path.rename(empty / path.name)
    assert len(ingest_dir(db, seeds_dir, MAX).removed) == 3  # the database is empty again
    for path in empty.glob("*.txt"):
        path.rename(seeds_dir / path.name)
    pooled = ingest_dir(db, seeds_dir, MAX, workers=1, pool_min_files=1)
    assert sorted(pooled.ingested) == sorted(here.ingested) == sorted([SEED_ID, "copy", "short"])
    assert pooled.skipped == here.skipped and "empty" in pooled.skipped["empty.txt"]
    assert _snapshot(engine) == expected


def test_a_dead_annotator_process_leaves_the_rest_to_the_ingester(
    db: Database, seeds_dir: Path, monkeypatch
) -> None:
    import os
    import signal
    from concurrent.futures import ProcessPoolExecutor

    from app.ingest import prepare, run

    class Killed(ProcessPoolExecutor):
        """The pool, its processes killed (out of memory, say) once they have work."""

        def map(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            results = super().map(*args, **kwargs)
            for process in list(self._processes.values()):
                os.kill(process.pid, signal.SIGKILL)
            return results

    real = prepare.annotator_processes(1)
    monkeypatch.setattr(
        run, "annotator_processes", lambda n: Killed(n, mp_context=real._mp_context)
    )
    real.shutdown()
    _three_articles(seeds_dir)
    summary = ingest_dir(db, seeds_dir, MAX, workers=1, pool_min_files=1)
    assert sorted(summary.ingested) == sorted([SEED_ID, "copy", "short"])
    assert not summary.skipped


def test_replacing_an_article_replaces_only_its_index_rows(
    db: Database, engine, seeds_dir: Path
) -> None:
    _three_articles(seeds_dir)
    ingest_dir(db, seeds_dir, MAX)
    (seeds_dir / "copy.txt").write_text("وزیر امور خارجه گفت: ما آماده‌ایم.\n", encoding="utf-8")
    assert ingest_dir(db, seeds_dir, MAX).replaced == ["copy"]
    with engine.connect() as conn:
        rows = {a: search_index.index_rows(conn, a) for a in (SEED_ID, "short", "copy")}
        assert search_index.index_rows(conn) == 11
    # The seed: 9 paragraphs; «short» and the new «copy»: one each.
    assert rows == {SEED_ID: 9, "short": 1, "copy": 1}
