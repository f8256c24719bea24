from __future__ import annotations

from fastapi.testclient import TestClient


def test_search_ranks_and_marks_matches(client: TestClient) -> None:
    body = client.get("/v1/search", params={"q": "مقاومت"}).json()
    hits = body["items"]
    assert hits, "the seed speaks of مقاومت"
    assert all("<mark>مقاومت</mark>" in h["snippet"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert all(0 < h["score"] <= 1 for h in hits)
    places = [(h["article_id"], h["paragraph"]) for h in hits]
    assert len(places) == len(set(places))  # one result per paragraph
    assert any(h["quotes"] for h in hits) and all(h["article"]["title"] for h in hits)
    assert all(q["id"] and q["speaker"]["name"] for h in hits for q in h["quotes"])


def test_search_folds_arabic_letters_in_the_query(client: TestClient) -> None:
    persian = client.get("/v1/search", params={"q": "کشورها"}).json()["items"]
    arabic = client.get("/v1/search", params={"q": "كشورها"}).json()["items"]
    assert persian and [h["snippet"] for h in arabic] == [h["snippet"] for h in persian]


def test_search_filters(client: TestClient) -> None:
    quotes = client.get("/v1/search", params={"q": "سوریه", "type": "quote"}).json()["items"]
    assert quotes and all(h["quotes"] for h in quotes)  # a match inside a quote of each
    everywhere = client.get("/v1/search", params={"q": "سوریه"}).json()["items"]
    assert len(everywhere) > len(quotes)
    sid = quotes[0]["quotes"][0]["speaker"]["id"]
    mine = client.get("/v1/search", params={"q": "سوریه", "speaker": sid}).json()["items"]
    assert mine and all(sid in {q["speaker"]["id"] for q in h["quotes"]} for h in mine)


def test_search_escapes_html_and_survives_fts_syntax(client: TestClient) -> None:
    for q in ['"unclosed', "NEAR(a b)", "سوریه AND", "*", "a:b", "<script>"]:
        response = client.get("/v1/search", params={"q": q})
        assert response.status_code in (200, 400), q
        if response.status_code == 400:
            assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/search", params={"q": "<script>"}).json()["items"] == []


def test_search_requires_words(client: TestClient) -> None:
    assert client.get("/v1/search").status_code == 422
    response = client.get("/v1/search", params={"q": "!!!"})
    assert response.status_code == 400
    assert "no words" in response.json()["detail"]


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() | {} == {
        "status": "ready",
        "database": True,
        "ingest_finished": True,
        "articles": 1,
        "speakers": 4,
        "quotes": 16,
    }


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    response = client.get("/v2/nothing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_openapi_documents_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            assert op.get("summary"), f"{method} {path} has no summary"
            assert op.get("description"), f"{method} {path} has no description"
            assert op.get("tags"), f"{method} {path} has no tag"
            if path.startswith("/v1/"):
                problem = op["responses"].get("422") or op["responses"].get("404")
                assert problem is not None, f"{method} {path} declares no error"
                assert "application/problem+json" in problem["content"]
    assert client.get("/docs").status_code == 200


PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def test_error_shape_is_pinned(client: TestClient) -> None:
    cases = {
        "/v1/articles/nope": 404,
        "/v1/quotes?limit=abc": 422,
        "/v1/speakers?cursor=bnVsbA": 400,  # base64url of null: not a cursor
    }
    for url, status in cases.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert set(body) >= PROBLEM_KEYS, url
        assert body["status"] == status and body["detail"]
        assert body["title"] in ("Not Found", "Unprocessable Entity", "Bad Request")


def test_unexpected_error_is_a_500_problem_without_internals(settings) -> None:
    from app.main import create_app

    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("SELECT secret FROM internals")

    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "SELECT" not in response.text and "Traceback" not in response.text


def test_a_hits_quote_names_its_speaker_as_the_article_does(client: TestClient) -> None:
    """The speaker of each quote a search hit shows, with the evidence of its link, is the one
    the article's own JSON gives that quote: a reader of search results sees how sure the
    attribution is without opening the article."""
    hits = client.get("/v1/search", params={"q": "سوریه", "type": "quote"}).json()["items"]
    assert hits
    for hit in hits:
        article = client.get(f"/v1/articles/{hit['article_id']}").json()
        by_id = {q["id"]: q["speaker"] for q in article["quotes"]}
        for quote in hit["quotes"]:
            assert quote["speaker"] == by_id[quote["id"]]
            assert quote["speaker"]["link"]["by"]
