"""A speaker's search text is rebuilt by the writer from the keys stored for its names."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from app.db import Database
from app.models import SPEAKER
from app.nlp import annotate
from app.store import rows as store_rows
from app.store.rows import ArticleRows, article_rows, speaker_search_text, stored_keys
from app.store.write import delete_article, store_article


def test_stored_keys_read_back_what_the_search_text_was_made_of() -> None:
    names = ["محمدجواد ظریف", "وزیر امور خارجه", "«»", "ظریف"]  # «»: a name with no keys
    text = speaker_search_text(names)
    keys = stored_keys(names, text)
    assert list(keys) == names and keys["«»"] == ""
    assert speaker_search_text(names, keys) == text


def test_stored_keys_of_other_names_are_none() -> None:
    text = speaker_search_text(["علی دایی", "دایی"])
    assert stored_keys(["علی دایی"], text) == {}  # names and text disagree: nothing is guessed
    assert stored_keys(["علی دایی"], None) == {}


def _rows(article_id: str, text: str) -> ArticleRows:
    return article_rows(article_id, annotate(text))


def _search_texts(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(select(SPEAKER.c.name, SPEAKER.c.aliases, SPEAKER.c.search_text))
        return {r.name: r.search_text for r in rows} | {
            f"fresh {r.name}": speaker_search_text([r.name, *json.loads(r.aliases)])
            for r in conn.execute(select(SPEAKER.c.name, SPEAKER.c.aliases))
        }


def _no_normalizing(name: str) -> str:
    raise AssertionError(f"the writer normalized {name!r}")


def _store(db: Database, rows: ArticleRows) -> None:
    db.run_write(
        store_article, rows, source="seed", source_path="",
        content_hash=rows.article_id, replace=False, index=True,
    )  # fmt: skip


def _assert_search_texts_fresh(engine: Engine) -> list[str]:
    """Every speaker's search text is the one its names give; returns the names."""
    with engine.connect() as conn:
        speakers = conn.execute(select(SPEAKER.c.name, SPEAKER.c.aliases, SPEAKER.c.search_text))
        for name, aliases, text in speakers:
            assert text == speaker_search_text([name, *json.loads(aliases)]), name
        return list(conn.execute(select(SPEAKER.c.name)).scalars())


def test_links_moving_between_speakers_never_normalize_in_the_writer(
    db: Database, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-word name's link moves to a full name, back to its own speaker when a second full
    name makes it ambiguous, and again when that one goes: the writer rebuilds every search
    text from keys the annotator read (``article_speaker.name_keys``, the speakers' texts)."""
    rows = [
        _rows("a", "منصوریان گفت: بازی سختی بود.\n"),
        _rows("b", "علیرضا منصوریان گفت: ما آماده\u200cایم.\n"),
        _rows("c", "حمید منصوریان گفت: تیم ما جوان است.\n"),
    ]
    monkeypatch.setattr(store_rows, "index_text", _no_normalizing)
    for article in rows:
        _store(db, article)
    db.run_write(delete_article, "c")
    monkeypatch.undo()
    names = _assert_search_texts_fresh(engine)
    assert "علیرضا منصوریان" in names and "منصوریان" not in names


def test_a_moved_link_brings_its_own_keys(
    db: Database, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when no speaker's text holds a moved name's keys (a text left empty), the link's
    own keys rebuild the text it moves to."""
    _store(db, _rows("a", "منصوریان گفت: بازی سختی بود.\n"))
    full = _rows("b", "علیرضا منصوریان گفت: ما آماده\u200cایم.\n")
    with engine.begin() as conn:
        conn.execute(update(SPEAKER).values(search_text=""))
    monkeypatch.setattr(store_rows, "index_text", _no_normalizing)
    _store(db, full)
    monkeypatch.undo()
    assert _assert_search_texts_fresh(engine) == ["علیرضا منصوریان"]
