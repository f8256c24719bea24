from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import select, text
from sqlmodel import Session

from app import migrate, search
from app.db import make_engine
from app.ingest import ingest_dir
from app.models import Article, Paragraph, Quote, Speaker
from tests.conftest import ROOT, SEED_ID, SEEDS

MAX = 100_000


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
        "index": "SELECT article_id, paragraph, coalesce(quote_id, '') "
        f"FROM {_index_table(engine)}",
    }
    with engine.connect() as conn:
        return {k: sorted(map(tuple, conn.execute(text(q)))) for k, q in queries.items()}


def _index_table(engine) -> str:
    return search.FTS_TABLE if engine.dialect.name == "sqlite" else search.PG_TABLE


def _three_articles(folder: Path) -> None:
    shutil.copy(SEEDS / f"{SEED_ID}.txt", folder / "copy.txt")
    (folder / "short.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")


def test_annotator_processes_store_the_same_rows(engine, seeds_dir: Path, tmp_path: Path) -> None:
    _three_articles(seeds_dir)
    (seeds_dir / "empty.txt").write_bytes(b"")
    here = ingest_dir(engine, seeds_dir, MAX)
    expected = _snapshot(engine)
    empty = tmp_path / "empty"
    empty.mkdir()
    for path in seeds_dir.glob("*.txt"):
        path.rename(empty / path.name)
    assert len(ingest_dir(engine, seeds_dir, MAX).removed) == 3  # the database is empty again
    for path in empty.glob("*.txt"):
        path.rename(seeds_dir / path.name)
    pooled = ingest_dir(engine, seeds_dir, MAX, workers=1, pool_min_files=1)
    assert sorted(pooled.ingested) == sorted(here.ingested) == sorted([SEED_ID, "copy", "short"])
    assert pooled.skipped == here.skipped and "empty" in pooled.skipped["empty.txt"]
    assert _snapshot(engine) == expected


FORKED_INGEST = """
import sys
from pathlib import Path
from app import migrate
from app.db import make_engine
from app.ingest import ingest_dir, run
migrate.upgrade(sys.argv[1])
print(run._process_context().get_start_method())
summary = ingest_dir(make_engine(sys.argv[1]), Path(sys.argv[2]), 100_000,
                     workers=1, pool_min_files=1)
print(" ".join(sorted(summary.ingested)), len(summary.skipped))
"""


def test_annotator_processes_are_forked_from_a_single_thread(db_url: str, seeds_dir: Path) -> None:
    """``python -m app ingest`` and ``prestart`` run in one thread: the worker is forked with
    the annotator already built (a process of its own here: pytest may have threads)."""
    _three_articles(seeds_dir)
    done = subprocess.run(
        [sys.executable, "-c", FORKED_INGEST, db_url, str(seeds_dir)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == [
        "fork",
        f"{' '.join(sorted([SEED_ID, 'copy', 'short']))} 0",
    ]


def test_annotator_processes_are_spawned_from_a_thread(engine, seeds_dir: Path) -> None:
    """The server's startup ingests from a thread, where forking could deadlock the child:
    its annotator processes are spawned, and store the same articles."""
    from app.ingest import run

    _three_articles(seeds_dir)
    seen: dict[str, object] = {}

    def in_a_thread() -> None:
        seen["method"] = run._process_context().get_start_method()
        seen["summary"] = ingest_dir(engine, seeds_dir, MAX, workers=1, pool_min_files=1)

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert seen["method"] == "spawn"
    assert sorted(seen["summary"].ingested) == sorted([SEED_ID, "copy", "short"])  # type: ignore[attr-defined]


def test_a_dead_annotator_process_leaves_the_rest_to_the_ingester(
    engine, seeds_dir: Path, monkeypatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from app.ingest import run

    _three_articles(seeds_dir)

    def dies_after_one(paths, max_bytes, workers):
        yield paths[0], run.prepare(paths[0], max_bytes)
        raise BrokenProcessPool("killed")

    monkeypatch.setattr(run, "_annotated_in_pool", dies_after_one)
    summary = ingest_dir(engine, seeds_dir, MAX, workers=1, pool_min_files=1)
    assert sorted(summary.ingested) == sorted([SEED_ID, "copy", "short"])
    assert not summary.skipped


def test_replacing_an_article_replaces_only_its_index_rows(engine, seeds_dir: Path) -> None:
    _three_articles(seeds_dir)
    ingest_dir(engine, seeds_dir, MAX)
    (seeds_dir / "copy.txt").write_text("وزیر امور خارجه گفت: ما آماده‌ایم.\n", encoding="utf-8")
    assert ingest_dir(engine, seeds_dir, MAX).replaced == ["copy"]
    with Session(engine) as s:
        rows = {a: search.index_rows(s, a) for a in (SEED_ID, "short", "copy")}
        assert search.index_rows(s) == 29
    # The seed: 9 paragraphs and 16 quotes; «short» and the new «copy»: one of each.
    assert rows == {SEED_ID: 25, "short": 2, "copy": 2}


def test_index_rows_written_before_rowid_ranges_are_still_replaced(
    tmp_path: Path, seeds_dir: Path
) -> None:
    """SQLite only (FTS5 rowids). Databases indexed before an article's rows became one rowid
    range: its old rows (small rowids) are found by article id and go with the article."""
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    ingest_dir(engine, seeds_dir, MAX)
    with Session(engine) as s, s.begin():
        s.execute(
            text(
                "INSERT INTO search_fts (rowid, paragraph_keys, quote_keys, article_id, "
                "paragraph, quote_id) SELECT (rowid & 4294967295) + 1, paragraph_keys, "
                "quote_keys, article_id, paragraph, quote_id FROM search_fts"
            )
        )
        s.execute(text("DELETE FROM search_fts WHERE rowid > 4294967295"))
    path = seeds_dir / f"{SEED_ID}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new hash
    assert ingest_dir(engine, seeds_dir, MAX).replaced == [SEED_ID]
    with Session(engine) as s:
        rowids = s.execute(text("SELECT rowid FROM search_fts")).scalars().all()
    assert len(rowids) == 25 and min(rowids) > 4294967295
    engine.dispose()


def test_the_annotator_processes_and_the_writer_keep_apart_cpus() -> None:
    """While annotator processes run, the writing thread keeps one CPU and they get the rest;
    the thread gets all its CPUs back afterwards, also when the ingest fails."""
    import os

    from app.ingest import run

    allowed = os.sched_getaffinity(0)
    with run._separate_cores() as theirs:
        if len(allowed) < 2:  # nothing to split on one CPU
            assert theirs is None and os.sched_getaffinity(0) == allowed
        else:
            mine = os.sched_getaffinity(0)
            assert len(mine) == 1 and theirs == allowed - mine
    assert os.sched_getaffinity(0) == allowed
    try:
        with run._separate_cores():
            raise RuntimeError("the ingest failed")
    except RuntimeError:
        pass
    assert os.sched_getaffinity(0) == allowed


def test_a_refused_cpu_affinity_changes_nothing_else(monkeypatch) -> None:
    """Some sandboxes refuse sched_setaffinity: the ingest goes on without the split."""
    import os

    from app.ingest import run

    def refuse(pid: int, cpus: set[int]) -> None:
        raise PermissionError(1, "Operation not permitted")

    allowed = os.sched_getaffinity(0)
    monkeypatch.setattr(os, "sched_setaffinity", refuse)
    with run._separate_cores() as theirs:
        assert theirs is None
    run._start_worker({0})  # builds the annotator all the same
    assert os.sched_getaffinity(0) == allowed
