"""What a search result holds: one hit per paragraph with the quotes that matched in it, its
article's metadata, a score in (0, 1], facets over every match, and the same order on both
backends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import Settings
from app.main import create_app
from app.store.search_index import paired
from tests.api.test_search_quality import CASES, write_search_seeds
from tests.conftest import BACKENDS, database

ARTICLES = {
    "a.txt": (
        "---\ntitle: آب تهران\noutlet: خبرگزاری یک\npublished_at: 2025-03-01\n---\n"
        "وزیر نیرو گفت: «آب تهران تامین است.»\n"
        "سخنگوی دولت گفت که آب تهران کافی است.\n"
        "باران در تهران بارید."
    ),
    "b.txt": (
        "---\ntitle: آب و برق\noutlet: خبرگزاری دو\npublished_at: 2026-05-10\n---\n"
        "وزیر نیرو گفت: «برق و آب تهران پایدار است.»"
    ),
    "c.txt": (
        "---\ntitle: آب شمال\noutlet: خبرگزاری یک\npublished_at: 2026-01-20\n---\n"
        "رئیس سازمان گفت: «آب شمال کم است.»\nآب دریا بالا آمد."
    ),
    # One "word" of 300 letters (a keyboard held down): longer than a term may be.
    "d.txt": "---\ntitle: کلید\n---\nنوشت " + "گل" * 150 + " و رفت.",
}


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("results")
    (root / "seeds").mkdir()
    for name, text in ARTICLES.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    with database(request.param, root) as url:
        app = create_app(Settings(database_url=url, seeds_dir=root / "seeds"))
        with TestClient(app) as c:
            yield c
        app.state.db.dispose()


def _all_hits(client: TestClient, **params: str) -> list[dict]:
    """Every hit of a query, page after page."""
    hits: list[dict] = []
    query = {**params, "limit": "2"}
    while True:
        page = client.get("/v1/search", params=query)
        assert page.status_code == 200, page.text
        hits.extend(page.json()["items"])
        query["cursor"] = page.json()["next_cursor"]
        if query["cursor"] is None:
            return hits


def test_one_hit_per_paragraph_with_its_matched_quotes(client: TestClient) -> None:
    hits = _all_hits(client, q="آب تهران")
    places = [(h["article_id"], h["paragraph"]) for h in hits]
    assert len(places) == len(set(places)) == 3
    quoted = [h for h in hits if h["quotes"]]
    assert len(quoted) == 3  # the direct quotes and the indirect one
    for hit in quoted:
        assert all(
            q["id"].startswith(f"{hit['article_id']}:{hit['paragraph']}:") for q in hit["quotes"]
        )
        assert all(q["speaker"]["name"] for q in hit["quotes"])


def test_type_quote_keeps_matches_inside_content(client: TestClient) -> None:
    hits = _all_hits(client, q="باران", type="quote")
    assert hits == []  # «باران» is in a paragraph without a quote
    hits = _all_hits(client, q="شمال", type="quote")
    assert [h["quotes"][0]["kind"] for h in hits] == ["direct"]


def test_a_word_longer_than_a_key_is_indexed_and_found(client: TestClient) -> None:
    """It was refused by PostgreSQL (a term is at most 200 characters), so the article was
    skipped there and not on SQLite."""
    hits = _all_hits(client, q="گل" * 150)
    assert [h["article"]["title"] for h in hits] == ["کلید"]
    assert [h["article"]["title"] for h in _all_hits(client, q="گل" * 40)] == ["کلید"]


def test_scores_are_in_zero_one_and_ordered(client: TestClient) -> None:
    for q in ("آب", "آب تهران", "تهران OR دریا", '"آب تهران"'):
        scores = [h["score"] for h in _all_hits(client, q=q)]
        assert scores, q
        assert all(0 < s <= 1 for s in scores), (q, scores)
        assert scores == sorted(scores, reverse=True), q


def test_hits_carry_their_article(client: TestClient) -> None:
    hits = _all_hits(client, q="دریا")
    assert [h["article"]["title"] for h in hits] == ["آب شمال"]
    assert hits[0]["article"]["outlet"] == "خبرگزاری یک"
    assert hits[0]["article"]["published_at"].startswith("2026-01-")


def test_facets_count_every_match_not_the_page(client: TestClient) -> None:
    page = client.get("/v1/search", params={"q": "آب", "limit": 1, "facets": "speaker,outlet,year"})
    assert page.status_code == 200, page.text
    facets = page.json()["facets"]
    hits = _all_hits(client, q="آب")
    assert facets["total"] == len(hits) == 5
    outlets = Counter(h["article"]["outlet"] for h in hits)
    assert {f["value"]: f["count"] for f in facets["outlet"]} == dict(outlets)
    years = Counter(int(h["article"]["published_at"][:4]) for h in hits)
    assert {f["value"]: f["count"] for f in facets["year"]} == dict(years)
    # By id: two articles' «وزیر نیرو» are two speakers (a role alone belongs to its article).
    speakers = Counter(q["speaker"]["id"] for h in hits for q in h["quotes"])
    assert {f["id"]: f["count"] for f in facets["speaker"]} == dict(speakers)


def test_facets_follow_the_filters(client: TestClient) -> None:
    params = {"q": "آب", "outlet": "خبرگزاری یک", "facets": "outlet"}
    facets = client.get("/v1/search", params=params).json()["facets"]
    assert facets["outlet"] == [{"value": "خبرگزاری یک", "count": 4}]
    assert facets["total"] == 4


def test_no_facets_unless_asked(client: TestClient) -> None:
    assert client.get("/v1/search", params={"q": "آب"}).json().get("facets") is None


@pytest.mark.parametrize("bad", ["author", "speaker,", "speaker;outlet"])
def test_unknown_facet_is_a_problem(client: TestClient, bad: str) -> None:
    response = client.get("/v1/search", params={"q": "آب", "facets": bad})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_same_ranking_on_both_backends(tmp_path: Path) -> None:
    """The index keeps its own term statistics, so both backends rank every search-quality
    query in the same order with the same scores."""
    if len(BACKENDS) < 2:
        pytest.fail("both backends are needed")
    results: dict[str, list[list[tuple[str, int, float]]]] = {}
    for backend in BACKENDS:
        root = tmp_path / backend
        root.mkdir()
        write_search_seeds(root / "seeds")
        with database(backend, root) as url:
            app = create_app(Settings(database_url=url, seeds_dir=root / "seeds"))
            with TestClient(app) as c:
                results[backend] = [
                    [
                        (h["article_id"], h["paragraph"], h["score"])
                        for h in c.get("/v1/search", params={"q": q, "limit": 10}).json()["items"]
                    ]
                    for q in (case["canonical"] for case in CASES)
                ]
            app.state.db.dispose()
    sqlite, postgresql = results["sqlite"], results["postgresql"]
    assert any(len(r) > 1 for r in sqlite)
    assert sqlite == postgresql


def _statements(client: TestClient, q: str) -> int:
    """SQL statements one search runs (PostgreSQL's time limit, SET LOCAL, not counted)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith("SET "):
            seen.append(statement)

    engine = client.app.state.db.engine  # type: ignore[attr-defined]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/v1/search", params={"q": q}).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize(
    ("q", "most"),
    [
        ("تهران", 3),  # terms with statistics, the word's postings, passages with quotes
        ("آب تهران", 4),  # and the other word's postings for the chunk
        ('"نیرو گفت"', 3),  # a two-word phrase of common words is one pair
        ('"آب تهران"', 4),  # a rarer word: the words, the paragraphs' words joined to the chunk
        ('"وزیر نیرو گفت"', 4),  # two pairs, the paragraphs' words joined to the chunk
        ("تهر*", 4),  # the prefix's words
    ],
)
def test_statements_per_search(client: TestClient, q: str, most: int) -> None:
    assert 0 < _statements(client, q) <= most


def test_the_phrases_above_are_looked_up_both_ways() -> None:
    """The phrases below meet both paths: common words by their pair, a rarer one by its words."""
    assert paired("نیرو", "گفت") and paired("دولت", "گفت") and paired("وزیر", "نیرو")
    assert not paired("آب", "تهران")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"آب تهران"', {("a", 1), ("a", 2), ("b", 1)}),
        ('"تهران آب"', set()),  # the same words, not in this order
        ('"آب تهران تامین"', {("a", 1)}),
        ('"آب تهران کافی"', {("a", 2)}),
        ('"نیرو گفت که"', set()),  # «نیرو گفت» in paragraph 1, «گفت که» in 2: not in a row
        ('"نیرو گفت"', {("a", 1), ("b", 1)}),  # a pair
        ('"گفت نیرو"', set()),
        ('وزیر -"نیرو گفت"', set()),
        ('گفت -"دولت گفت"', {("a", 1), ("b", 1), ("c", 1)}),
        ('آب -"آب تهران"', {("c", 1), ("c", 2)}),
    ],
)
def test_phrases_are_words_in_a_row(client: TestClient, q: str, expected: set) -> None:
    found = {(h["article_id"][0], h["paragraph"]) for h in _all_hits(client, q=q)}
    assert found == expected
