"""Per quote, how its mention reached its speaker id (issue 16): the annotator's evidence,
an office by date, a one-word name across articles (and back), an editor's correction (and
its undo); and each speaker's roles with the articles that show them."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine

from app.db import Database
from app.ingest import ingest_dir
from app.nlp.evidence import CONFIDENCE
from app.store import overrides, read
from tests.store.test_bodies import assert_bodies_match_rows
from tests.store.test_links import FULL, MAX, OTHER_FULL, SURNAME, _ingest

ROLE_LATER = "علی ربیعی، سخنگوی دولت، گفت: جلسه برگزار شد.\nسخنگوی دولت افزود: تصمیمی گرفته نشد.\n"


def _links(engine: Engine, article_id: str) -> list[tuple[str, str, float]]:
    """(speaker name, evidence, confidence) of each quote of the article, as its JSON and the
    quote list serve them (the two agree)."""
    with engine.connect() as conn:
        body = json.loads(read.article_body(conn, article_id) or b"null")
        page = read.quote_page(conn, read.Filters(article=article_id), "id", 100, None)
    listed = [json.loads(q)["speaker"]["link"] for q in page.items]
    assert listed == [q["speaker"]["link"] for q in body["quotes"]]
    out = []
    for q in body["quotes"]:
        link = q["speaker"]["link"]
        assert link["confidence"] == CONFIDENCE[link["by"]]
        out.append((q["speaker"]["name"], link["by"], link["confidence"]))
    return out


def test_the_annotators_evidence_is_stored_and_served(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    _ingest(db, tmp_path, ("a", ROLE_LATER), ("b", "یک منبع آگاه گفت: جلسه لغو شد.\n"))
    assert _links(engine, "a") == [
        ("علی ربیعی", "name", 0.95),
        ("علی ربیعی", "role", 0.75),
    ]
    assert _links(engine, "b") == [("یک منبع آگاه", "article", 0.5)]
    with engine.connect() as conn:
        detail = read.paragraph(conn, "a", 2)
    assert isinstance(detail, dict)
    assert detail["quotes"][0]["speaker"]["link"] == {"by": "role", "confidence": 0.75}


def test_a_role_resolved_by_the_articles_date_is_office(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    """Counter-example: without a date the role stays its article's own."""
    dated = "---\npublished_at: 1405/03/02 14:30\n---\nسخنگوی وزارت خارجه گفت: جلسه لغو شد.\n"
    _ingest(db, tmp_path, ("a", dated), ("c", "سخنگوی وزارت خارجه گفت: جلسه لغو شد.\n"))
    assert _links(engine, "a") == [("اسماعیل بقایی", "office", 0.8)]
    assert _links(engine, "c") == [("سخنگوی وزارت خارجه", "article", 0.5)]


def test_a_one_word_name_linked_across_articles_is_name_key_in_either_order(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    """«منصوریان» under «علیرضا منصوریان» is linked by the word; once «حمید منصوریان» makes it
    ambiguous it is its own name again (name), and linked again when he is gone."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    _ingest(db, first, ("a", SURNAME), ("b", FULL))
    joined = [("علیرضا منصوریان", "name_key", 0.7)]
    assert _links(engine, "a") == joined
    assert _links(engine, "b") == [("علیرضا منصوریان", "name", 0.95)]
    _ingest(db, first, ("c", OTHER_FULL))
    assert _links(engine, "a") == [("منصوریان", "name", 0.95)]
    (first / "c.txt").unlink()
    ingest_dir(db, first, MAX)
    assert _links(engine, "a") == joined
    assert assert_bodies_match_rows(engine) == 2


def test_the_other_order_gives_the_same_evidence(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    _ingest(db, tmp_path, ("b", FULL), ("a", SURNAME))
    assert _links(engine, "a") == [("علیرضا منصوریان", "name_key", 0.7)]
    assert assert_bodies_match_rows(engine) == 2


def _ids(engine: Engine, article_id: str) -> dict[str, str]:
    with engine.connect() as conn:
        body = json.loads(read.article_body(conn, article_id) or b"null")
    return {s["name"]: s["id"] for s in body["speakers"]}


def test_an_editors_merge_split_and_rename_are_editor_until_undone(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    text = "علی دایی گفت: بازی سختی بود.\nیک منبع آگاه گفت: جلسه لغو شد.\n"
    _ingest(db, tmp_path, ("a", text), ("b", "علی دایی گفت: ما آماده‌ایم.\n"))
    before = {x: _links(engine, x) for x in "ab"}
    ids = _ids(engine, "a")
    merged = db.run_write(overrides.merge, ids["یک منبع آگاه"], ids["علی دایی"])
    # only the moved quote is the editor's; the annotator's own link stays as it was
    assert [by for _, by, _ in _links(engine, "a")] == ["name", "editor"]
    assert _links(engine, "a")[1][2] == 1.0
    assert _links(engine, "b") == before["b"]
    assert assert_bodies_match_rows(engine) == 3
    db.run_write(overrides.undo, merged["id"])
    assert {x: _links(engine, x) for x in "ab"} == before
    renamed = db.run_write(overrides.edit, ids["علی دایی"], name="علی دایی (کاپیتان)")
    assert [by for _, by, _ in _links(engine, "a")] == ["editor", "article"]
    assert [by for _, by, _ in _links(engine, "b")] == ["editor"]
    # stored again, the article's quotes are marked again
    _ingest(db, tmp_path, ("b", "علی دایی گفت: ما آماده‌ایم.\nعلی دایی افزود: بازی سخت است.\n"))
    assert [by for _, by, _ in _links(engine, "b")] == ["editor", "editor"]
    db.run_write(overrides.undo, renamed["id"])
    assert [by for _, by, _ in _links(engine, "b")] == ["name", "name"]
    split = db.run_write(overrides.split, ids["علی دایی"], "b", name="محمد دایی")
    assert [by for _, by, _ in _links(engine, "b")] == ["editor", "editor"]
    assert _links(engine, "a") == before["a"]
    db.run_write(overrides.undo, split["id"])
    assert [by for _, by, _ in _links(engine, "b")] == ["name", "name"]
    assert assert_bodies_match_rows(engine) == 4


def test_a_speakers_roles_come_with_the_articles_that_show_them(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    """One role spelt with a ZWNJ or a space is one; a role no name resolves is a speaker of
    its article, with its role."""
    zwnj = "علی ربیعی، سخنگوی دولت، گفت: جلسه برگزار شد.\n"
    other = "علی ربیعی، وزیر کار، گفت: کار ادامه دارد.\n"
    _ingest(db, tmp_path, ("a", zwnj), ("b", other), ("c", zwnj), ("d", ROLE_LATER))
    _ingest(
        db,
        tmp_path,
        ("e", "علی ربیعی، عضو هیئت\u200cدولت، گفت: کار ادامه دارد.\n"),
        ("f", "علی ربیعی، عضو هیئت دولت، گفت: کار ادامه دارد.\n"),
    )
    rabiei = _ids(engine, "a")["علی ربیعی"]
    with engine.connect() as conn:
        detail = read.speaker(conn, rabiei)
    assert detail is not None and detail["articles"] == ["a", "b", "c", "d", "e", "f"]
    assert detail["roles"] == [
        {"role": "سخنگوی دولت", "articles": ["a", "c", "d"]},
        {"role": "وزیر کار", "articles": ["b"]},
        {"role": "عضو هیئت\u200cدولت", "articles": ["e", "f"]},
    ]


def test_a_merge_moves_the_roles_with_the_mentions(
    db: Database, engine: Engine, tmp_path: Path
) -> None:
    _ingest(db, tmp_path, ("a", "سخنگوی دولت گفت: جلسه برگزار شد.\n"), ("b", ROLE_LATER))
    role = _ids(engine, "a")["سخنگوی دولت"]
    rabiei = _ids(engine, "b")["علی ربیعی"]
    db.run_write(overrides.merge, role, rabiei)
    with engine.connect() as conn:
        detail = read.speaker(conn, rabiei)
    assert detail is not None
    assert detail["roles"] == [{"role": "سخنگوی دولت", "articles": ["a", "b"]}]


def test_the_roles_of_a_speaker_are_read_through_an_index(db: Database) -> None:
    """A speaker's links (its articles and their roles) are one range of the speaker_id index
    of article_speaker, never a scan (PostgreSQL is told not to scan a table this small)."""
    from app.store.read import _SPEAKER_ARTICLES

    sql = _SPEAKER_ARTICLES.params(s="sp_x").compile(
        db.engine, compile_kwargs={"literal_binds": True}
    )
    with db.begin() as conn:
        if db.dialect == "sqlite":
            plan = " ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql.string))
            assert "SCAN article_speaker" not in plan.replace("SCAN article_speaker USING", "")
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql.string))
            assert "Seq Scan" not in plan
    assert "ix_article_speaker_speaker_id" in plan or "article_speaker_pkey" in plan, plan
