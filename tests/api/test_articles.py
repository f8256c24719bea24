from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import SEED_ID


def test_list_articles_has_counts(client: TestClient) -> None:
    body = client.get("/v1/articles").json()
    assert body["next_cursor"] is None
    [article] = body["items"]
    assert article["id"] == SEED_ID
    assert (article["paragraph_count"], article["quote_count"], article["speaker_count"]) == (
        9,
        16,
        4,
    )
    assert article["title"].startswith("بشار اسد")


def test_article_detail_spans_point_into_paragraphs(client: TestClient) -> None:
    article = client.get(f"/v1/articles/{SEED_ID}").json()
    texts = {p["position"]: p["text"] for p in article["paragraphs"]}
    assert list(texts) == list(range(1, 10))
    assert len(article["quotes"]) == 16
    for quote in article["quotes"]:
        text = texts[quote["paragraph"]]
        for name in ("mention", "cue", "content", "addressee"):
            span = quote[name]
            if span is not None:
                assert text[span["start"] : span["end"]] == span["text"], (name, quote["id"])
    speaker_ids = {s["id"] for s in article["speakers"]}
    assert {q["speaker"]["id"] for q in article["quotes"]} == speaker_ids
    assert sum(s["quote_count"] for s in article["speakers"]) == 16


def test_article_detail_404_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/articles/no-such-article")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "no article with id 'no-such-article'"


def test_paragraphs_page_through(client: TestClient) -> None:
    seen = []
    url = f"/v1/articles/{SEED_ID}/paragraphs?limit=4"
    while url:
        body = client.get(url).json()
        seen += [p["position"] for p in body["items"]]
        cursor = body["next_cursor"]
        url = f"/v1/articles/{SEED_ID}/paragraphs?limit=4&cursor={cursor}" if cursor else ""
    assert seen == list(range(1, 10))


def test_paragraph_with_its_quotes(client: TestClient) -> None:
    body = client.get(f"/v1/articles/{SEED_ID}/paragraphs/7").json()
    assert body["position"] == 7
    [quote] = body["quotes"]
    assert quote["kind"] == "according_to"
    assert quote["speaker"]["name"] == "سازمان ملل متحد"
    assert quote["cue"]["text"] == "به گزارش"


def test_paragraph_errors(client: TestClient) -> None:
    assert client.get(f"/v1/articles/{SEED_ID}/paragraphs/99").status_code == 404
    assert client.get(f"/v1/articles/{SEED_ID}/paragraphs/0").status_code == 422
    assert client.get(f"/v1/articles/{SEED_ID}/paragraphs/abc").status_code == 422
    assert client.get("/v1/articles/nope/paragraphs").status_code == 404
