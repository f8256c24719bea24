"""Search quality: every spelling of a query finds what its canonical spelling finds.

The cases are in tests/data/search_quality.json, over paragraphs we wrote and the seed article.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.conftest import BACKENDS, DATA, SEEDS, database

DATASET = json.loads((DATA / "search_quality.json").read_text(encoding="utf-8"))
CASES = DATASET["cases"]


def write_search_seeds(seeds: Path) -> None:
    """The seed article and the paragraphs of the search-quality set, as seed files."""
    seeds.mkdir()
    for path in SEEDS.glob("*.txt"):
        (seeds / path.name).write_bytes(path.read_bytes())
    (seeds / "search_quality.txt").write_text("\n".join(DATASET["paragraphs"]), encoding="utf-8")


@pytest.fixture(scope="module", params=BACKENDS)
def search_client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """One database per backend for the whole module: the cases only read."""
    root = tmp_path_factory.mktemp("search")
    write_search_seeds(root / "seeds")
    with database(request.param, root) as url:
        app = create_app(Settings(database_url=url, seeds_dir=root / "seeds"))
        with TestClient(app) as client:
            yield client
        app.state.db.dispose()


def _found(client: TestClient, q: str) -> set[tuple[str, int]]:
    response = client.get("/v1/search", params={"q": q, "type": "paragraph", "limit": 100})
    assert response.status_code == 200, (q, response.text)
    return {(h["article_id"], h["paragraph"]) for h in response.json()["items"]}


def check_case(client: TestClient, case: dict) -> None:
    """The canonical spelling finds what it must and not what it must not; every variant
    finds exactly the same paragraphs."""
    expected = _found(client, case["canonical"])
    for must in case.get("must_find", []):
        assert tuple(must) in expected, f"{case['canonical']} misses {must}"
    for must_not in case.get("must_not_find", []):
        assert tuple(must_not) not in expected, f"{case['canonical']} finds {must_not}"
    for variant in case["variants"]:
        assert _found(client, variant) == expected, variant


@pytest.mark.parametrize("case", CASES, ids=[c["canonical"] for c in CASES])
def test_case(search_client: TestClient, case: dict) -> None:
    check_case(search_client, case)


def test_marks_cover_the_original_spelling(search_client: TestClient) -> None:
    hits = search_client.get("/v1/search", params={"q": "گفتگو", "type": "paragraph"}).json()
    marks = {h["paragraph"]: h["snippet"] for h in hits["items"] if h["article_id"] != "x"}
    assert "<mark>گفت\u200cوگوی</mark>" in marks[2]
    assert "<mark>گفت و گو</mark>" in marks[8]


@pytest.mark.parametrize(
    "q",
    ['"unclosed', "-", "*", "-سوریه", "NEAR(a b)", "a AND OR", "سوریه:*", '""', "()", "x" * 999],
)
def test_malformed_queries_answer_cleanly(search_client: TestClient, q: str) -> None:
    response = search_client.get("/v1/search", params={"q": q})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        body = response.json()
        assert response.headers["content-type"] == "application/problem+json"
        assert "fts5" not in body["detail"].lower() and "syntax" not in body["detail"].lower()


def test_too_long_query_is_400(search_client: TestClient) -> None:
    response = search_client.get("/v1/search", params={"q": "ایران " * 400})
    assert response.status_code == 400
    assert "longer than" in response.json()["detail"]
