"""The review's flags: «mixed» for roles of one head word in two countries, not one role's
spellings or one person's successive posts; «split» not for a namesake with a local office."""

from __future__ import annotations

from pathlib import Path

from bench.speaker_review import _mixed


def test_two_countries_of_one_role_are_mixed() -> None:
    assert _mixed(["رئیس\u200cجمهور آمریکا", "رئیس\u200cجمهوری چین"])
    assert _mixed(["وزیر امور خارجه ایران", "وزیر خارجه روسیه"])


def test_spellings_and_posts_of_one_person_are_not() -> None:
    assert not _mixed(["وزیر امور خارجه ایران", "وزیر امورخارجه کشورمان", "وزیر خارجه"])
    assert not _mixed(["سرمربی استقلال", "سرمربی سپاهان"])
    assert not _mixed(["رئیس\u200cجمهور آمریکا", "مجری آمریکایی"])  # two head words


def test_a_namesake_with_a_local_office_is_not_a_split(tmp_path: Path) -> None:
    import json

    from sqlalchemy import create_engine, text

    from bench.speaker_review import review

    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE speaker (id, name, kind, aliases, quote_count)"))
        rows = [
            ("a", "حسن روحانی", "person", ["رئیس\u200cجمهور"], 40),
            ("b", "حسن روحانی", "person", ["امام جمعه بابل"], 14),
            ("c", "علی دایی", "person", [], 30),
            ("d", "علی دایی", "person", [], 6),
        ]
        for i, name, kind, aliases, n in rows:
            conn.execute(
                text("INSERT INTO speaker VALUES (:i, :n, :k, :a, :q)"),
                {"i": i, "n": name, "k": kind, "a": json.dumps(aliases), "q": n},
            )
    engine.dispose()
    _, listed = review(url, 4)
    flags = {(name, n): flag for name, n, _, flag in listed}
    assert flags[("حسن روحانی", 40)] == flags[("حسن روحانی", 14)] == "clean"
    assert flags[("علی دایی", 30)] == "split"  # counter-example: one name, two ids
