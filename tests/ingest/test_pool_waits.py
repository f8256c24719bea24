"""While the ingest waits for its annotators it indexes what it holds (``IndexGroups.idle``),
so that little is left to index after the last article."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db import Database
from app.ingest import index_groups, run
from app.ingest.index_groups import IndexGroups
from app.models import SEARCH_DOC
from app.nlp import annotate
from app.store.rows import article_rows
from app.store.write import store_article

TEXT = "وزیر امور خارجه گفت: مذاکرات ادامه دارد.\n"


def _stored(db: Database, n: int) -> list:
    rows = [article_rows(f"a{i}", annotate(TEXT)) for i in range(n)]
    for r in rows:
        db.run_write(
            store_article, r, source="seed", source_path="", content_hash=r.article_id,
            replace=False, index=False,
        )  # fmt: skip
    return rows


def _indexed(db: Database) -> int:
    with db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SEARCH_DOC)).scalar_one())


def test_an_idle_ingest_indexes_what_waits_once_there_is_enough(db: Database) -> None:
    groups = IndexGroups(synchronous_commit=False)
    rows = _stored(db, index_groups.IDLE_GROUP)
    with db.connect() as conn:
        for r in rows[:-1]:
            groups.add(conn, r)
        groups.idle(conn)  # one short of IDLE_GROUP: not worth a transaction yet
        assert _indexed(db) == 0
        groups.add(conn, rows[-1])
        groups.idle(conn)
    assert _indexed(db) == len(rows)
    assert groups.waiting == []


def test_the_pool_says_when_the_next_article_is_not_ready(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``_pooled`` yields None before a work item still being annotated, and every job once."""
    from app.ingest.jobs import Job

    monkeypatch.setattr(run, "CHUNK", 2)
    monkeypatch.setattr(run, "AHEAD", 1)
    folder = tmp_path / "seeds"
    folder.mkdir()
    jobs = []
    for i in range(6):
        path = folder / f"a{i}.txt"
        path.write_text(TEXT * 40, encoding="utf-8")
        jobs.append(Job(path.name, f"a{i}", path, content_hash=f"h{i}"))
    items = list(run._pooled(iter(jobs), 1_000_000, 1))
    done = [item for item in items if item is not None]
    assert [job.article_id for job, _ in done] == [f"a{i}" for i in range(6)]
    assert None in items  # the first work item cannot be ready at once: the pool is starting
