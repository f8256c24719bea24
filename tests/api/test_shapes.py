"""Routes that write their JSON directly (no response-model pass) give exactly their models."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response
from pydantic import BaseModel

from app.schemas import ArticleOut, ArticleQuoteOut, Page, ParagraphDetail
from tests.conftest import SEED_ID


def _exactly(model: type[BaseModel], response: Response) -> dict:
    """The body is, to the byte, what the model would serialize: nothing added, dropped,
    renamed or reordered, numbers and text written alike."""
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert (
        model.model_validate_json(response.content).model_dump_json().encode() == response.content
    )
    return response.json()


def test_article_is_exactly_its_model(client: TestClient) -> None:
    body = _exactly(ArticleOut, client.get(f"/v1/articles/{SEED_ID}"))
    assert len(body["quotes"]) == 16 and any(q["mention"] is None for q in body["quotes"])


def test_quote_pages_are_exactly_their_model(client: TestClient) -> None:
    speaker = client.get("/v1/speakers").json()["items"][0]["id"]
    for url in ("/v1/quotes", f"/v1/speakers/{speaker}/quotes", f"/v1/quotes?article={SEED_ID}"):
        body = _exactly(Page[ArticleQuoteOut], client.get(url, params={"limit": 3}))
        assert len(body["items"]) == 3 and body["next_cursor"]


def test_paragraph_is_exactly_its_model(client: TestClient) -> None:
    body = _exactly(ParagraphDetail, client.get(f"/v1/articles/{SEED_ID}/paragraphs/6"))
    assert body["quotes"] and all(q["speaker"]["name"] for q in body["quotes"])


def test_quote_pages_walk_every_quote_once_in_order(client: TestClient) -> None:
    seen: list[dict] = []
    cursor = None
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        body = client.get("/v1/quotes", params=params).json()
        seen += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    keys = [(q["article_id"], q["paragraph"], q["cue"]["start"]) for q in seen]
    assert len(seen) == 16 and keys == sorted(set(keys))
    kinds = client.get("/v1/quotes", params={"kind": "indirect", "article": SEED_ID}).json()
    assert kinds["items"] and all(q["kind"] == "indirect" for q in kinds["items"])
