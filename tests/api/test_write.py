"""The write API: POST/PUT/DELETE /v1/articles behind the bearer key."""

from __future__ import annotations

import asyncio
import hmac
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.api import auth
from app.config import Settings
from app.ingest import ingest_dir
from app.main import create_app
from tests.conftest import SEED_ID

KEY = "k3y-for-tests-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
PROBLEM = "application/problem+json"
BASHAR = "sp_2412c587a234"  # بشار اسد, quoted 6 times by the seed
# Two speakers: one the seed quotes too, one only this text quotes.
TEXT = (
    "بشار اسد گفت: «ما در برابر تروریسم پیروز می\u200cشویم.»\n"
    "علی\u200cاکبر ولایتی گفت: «زیتون\u200cکاران شمال امسال برداشت خوبی داشتند.»\n"
)
RARE_WORD = "زیتون\u200cکاران"


def _client(settings: Settings, **changes: Any) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update=changes))
    with TestClient(app) as c:
        yield c
    app.state.db.dispose()


@pytest.fixture
def writer(settings: Settings) -> Iterator[TestClient]:
    """A server with an API key, so writes are allowed with it."""
    yield from _client(settings, api_key=SecretStr(KEY))


@pytest.fixture
def small(settings: Settings) -> Iterator[TestClient]:
    """A server whose body limit is 1,000 bytes."""
    yield from _client(settings, api_key=SecretStr(KEY), max_article_bytes=1000)


def _post(client: TestClient, body: dict[str, Any], **kw: Any):  # type: ignore[no-untyped-def]
    return client.post("/v1/articles", json=body, headers=AUTH, **kw)


def _problem(response, status: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def _quote_count(client: TestClient, speaker_id: str) -> int | None:
    response = client.get(f"/v1/speakers/{speaker_id}")
    return response.json()["quote_count"] if response.status_code == 200 else None


# --- the guard ---------------------------------------------------------------------------


def test_without_a_configured_key_every_write_is_403(client: TestClient) -> None:
    attempts = [
        client.post("/v1/articles", json={"text": TEXT}, headers=AUTH),
        client.put("/v1/articles/x", json={"text": TEXT}, headers=AUTH),
        client.delete(f"/v1/articles/{SEED_ID}", headers=AUTH),
        client.delete(f"/v1/articles/{SEED_ID}"),
    ]
    for response in attempts:
        assert "writes are disabled" in _problem(response, 403)["detail"]
    assert client.get(f"/v1/articles/{SEED_ID}").status_code == 200  # reads stay open


def test_an_empty_api_key_setting_means_no_key(settings: Settings) -> None:
    assert settings.model_validate({"api_key": " "}).api_key is None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Bearer " + "x" * len(KEY)},  # right length, wrong key
        {"Authorization": f"Bearer {KEY[:-1]}"},  # a prefix of the key
        {"Authorization": f"Bearer {KEY}x"},
    ],
)
def test_missing_or_wrong_key_is_401(writer: TestClient, headers: dict[str, str]) -> None:
    for response in (
        writer.post("/v1/articles", json={"text": TEXT}, headers=headers),
        writer.put("/v1/articles/x", json={"text": TEXT}, headers=headers),
        writer.delete(f"/v1/articles/{SEED_ID}", headers=headers),
    ):
        _problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert writer.get("/v1/articles").json()["items"][0]["id"] == SEED_ID
    assert len(writer.get("/v1/articles").json()["items"]) == 1


def test_the_key_is_compared_in_constant_time(
    writer: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[bytes, bytes]] = []
    compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    wrong = {"Authorization": "Bearer " + "x" * len(KEY)}
    assert writer.delete("/v1/articles/nope", headers=wrong).status_code == 401
    assert writer.delete("/v1/articles/nope", headers=AUTH).status_code == 404
    assert calls == [(b"x" * len(KEY), KEY.encode()), (KEY.encode(), KEY.encode())]


def test_the_guard_answers_before_the_body_is_judged(small: TestClient) -> None:
    big = {"text": "گفت " * 1000}
    assert small.post("/v1/articles", json=big).status_code == 401
    assert small.post("/v1/articles", content=b"\xff", headers=AUTH).status_code == 415


# --- POST ----------------------------------------------------------------------------------


def test_post_answers_201_with_location_and_the_article(writer: TestClient) -> None:
    response = _post(writer, {"id": "olive-harvest", "text": TEXT})
    assert response.status_code == 201, response.text
    assert response.headers["location"].endswith("/v1/articles/olive-harvest")
    body = response.json()
    assert body == writer.get("/v1/articles/olive-harvest").json()
    assert body["source"] == "api"
    assert body["title"] == "بشار اسد گفت: «ما در برابر تروریسم پیروز می\u200cشویم.»"
    assert [p["position"] for p in body["paragraphs"]] == [1, 2]
    assert {s["name"] for s in body["speakers"]} == {"بشار اسد", "علی\u200cاکبر ولایتی"}
    assert len(body["quotes"]) == 2
    listed = {a["id"]: a["source"] for a in writer.get("/v1/articles").json()["items"]}
    assert listed == {SEED_ID: "seed", "olive-harvest": "api"}


def test_a_posted_article_is_searchable_at_once(writer: TestClient) -> None:
    assert writer.get("/v1/search", params={"q": RARE_WORD}).json()["items"] == []
    article_id = _post(writer, {"text": TEXT}).json()["id"]
    hits = writer.get("/v1/search", params={"q": RARE_WORD}).json()["items"]
    assert hits and {h["article_id"] for h in hits} == {article_id}
    assert any(h["quotes"] for h in hits)
    assert _quote_count(writer, BASHAR) == 7  # 6 in the seed, 1 here


def test_post_without_id_derives_a_stable_id(writer: TestClient) -> None:
    first = writer.post(
        "/v1/articles",
        content=TEXT.encode(),
        headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"},
    )
    assert first.status_code == 201, first.text
    article_id = first.json()["id"]
    assert re.fullmatch(r"api_[0-9a-f]{16}", article_id)
    # The same text again, as JSON and spelled with CRLF and Arabic ي: the same id, a 409.
    again = _post(writer, {"text": TEXT.replace("\n", "\r\n").replace("ی", "ي")})
    body = _problem(again, 409)
    assert body["article_id"] == article_id
    assert _post(writer, {"text": TEXT + "سخنگوی دولت گفت: جلسه فردا است.\n"}).status_code == 201


def test_post_over_an_existing_id_is_409(writer: TestClient) -> None:
    body = _problem(_post(writer, {"id": SEED_ID, "text": TEXT}), 409)
    assert SEED_ID in body["detail"]
    assert writer.get(f"/v1/articles/{SEED_ID}").json()["source"] == "seed"  # untouched


def test_a_given_title_replaces_the_derived_one(writer: TestClient) -> None:
    title = "برداشت ز\u064aتون"  # with an Arabic yeh: the title is kept as it was written
    response = _post(writer, {"id": "t", "title": "  برداشت\n ز\u064aتون  ", "text": TEXT})
    assert response.json()["title"] == title  # whitespace folded, nothing else changed
    listed = writer.get("/v1/articles").json()["items"]
    assert {a["id"]: a["title"] for a in listed}["t"] == title


@pytest.mark.parametrize(
    "bad_id", ["", "../etc", "a/b", "a b", "-a", ".hidden", "a:1", "x" * 201, "آ"]
)
def test_unsafe_ids_are_422(writer: TestClient, bad_id: str) -> None:
    body = _problem(_post(writer, {"id": bad_id, "text": TEXT}), 422)
    assert body["errors"][0]["loc"] == "body.id"


def test_unsafe_path_ids_are_422(writer: TestClient) -> None:
    for path in ("a%20b", "-a", "x" * 201, "a:b"):
        _problem(writer.put(f"/v1/articles/{path}", json={"text": TEXT}, headers=AUTH), 422)
    assert len(writer.get("/v1/articles").json()["items"]) == 1


BAD_JSON_BODIES = {
    "not JSON": b'{"text": ',
    "JSON not an object": b'["text"]',
    "not UTF-8": '{"text": "سلام"}'.encode("utf-16"),
    "missing text": b'{"title": "x"}',
    "empty text": b'{"text": ""}',
    "text that normalizes to nothing": b'{"text": " \\n\\u200c\\n\\t "}',
    "text not a string": b'{"text": 5}',
    "unknown field": b'{"text": "a", "body": "b"}',
    "NUL in text": b'{"text": "a\\u0000b"}',
    "lone surrogate": b'{"text": "a\\ud800b"}',
    "empty title": b'{"text": "a", "title": ""}',
    "blank title": b'{"text": "\\u0633\\u0644\\u0627\\u0645", "title": " \\u200c "}',
}


@pytest.mark.parametrize("name", sorted(BAD_JSON_BODIES))
def test_bad_json_bodies_are_422(writer: TestClient, name: str) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    _problem(writer.post("/v1/articles", content=BAD_JSON_BODIES[name], headers=headers), 422)
    _problem(writer.put("/v1/articles/x", content=BAD_JSON_BODIES[name], headers=headers), 422)
    assert writer.get("/v1/articles/x").status_code == 404


@pytest.mark.parametrize(
    "raw", [b"", b"\n \n", "Café".encode("latin-1"), b"a\x00b", "سلام".encode("utf-16")]
)
def test_bad_text_bodies_are_422(writer: TestClient, raw: bytes) -> None:
    headers = {**AUTH, "Content-Type": "text/plain"}
    _problem(writer.post("/v1/articles", content=raw, headers=headers), 422)


@pytest.mark.parametrize(
    "content_type",
    [None, "application/xml", "text/plain; charset=latin-1", "application/x-www-form-urlencoded"],
)
def test_other_media_types_are_415(writer: TestClient, content_type: str | None) -> None:
    headers = AUTH if content_type is None else {**AUTH, "Content-Type": content_type}
    response = writer.post("/v1/articles", content=TEXT.encode(), headers=headers)
    assert "application/json" in _problem(response, 415)["detail"]


# --- size limit ----------------------------------------------------------------------------


def test_a_body_over_the_limit_by_content_length_is_413(small: TestClient) -> None:
    text = "گفت " * 200  # 1,400 bytes
    response = small.post("/v1/articles", content=text.encode(), headers={
        **AUTH, "Content-Type": "text/plain"
    })  # fmt: skip
    assert "1,000 bytes" in _problem(response, 413)["detail"]
    assert _post(small, {"text": "گفت " * 100}).status_code == 201  # ~800 bytes is fine


def test_a_chunked_body_over_the_limit_is_413(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield "گفت ".encode() * 20  # 140 bytes each, no Content-Length announced

    response = small.post(
        "/v1/articles", content=chunks(), headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    _problem(response, 413)


def test_a_body_longer_than_its_content_length_is_413(small: TestClient) -> None:
    """Straight to the ASGI app: a client that announces 10 bytes and sends 2,000."""
    messages = [
        {"type": "http.request", "body": b"a" * 500, "more_body": True} for _ in range(4)
    ] + [{"type": "http.request", "body": b"", "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/v1/articles", "raw_path": b"/v1/articles",
        "query_string": b"", "root_path": "", "server": ("testserver", 80),
        "client": ("127.0.0.1", 1), "headers": [
            (b"host", b"testserver"), (b"content-type", b"text/plain"),
            (b"content-length", b"10"), (b"authorization", f"Bearer {KEY}".encode()),
        ],
    }  # fmt: skip
    asyncio.run(small.app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 413
    assert writer_articles(small) == []  # the seed is too large for this server, too


def writer_articles(client: TestClient) -> list[str]:
    return [a["id"] for a in client.get("/v1/articles").json()["items"]]


# --- PUT -----------------------------------------------------------------------------------


def test_put_creates_then_replaces(writer: TestClient) -> None:
    created = writer.put("/v1/articles/olive", json={"text": TEXT}, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.headers["location"].endswith("/v1/articles/olive")
    assert created.json()["source"] == "api" and len(created.json()["quotes"]) == 2
    new_text = "سخنگوی دولت گفت: «جلسه هیئت دولت فردا برگزار می\u200cشود.»"
    replaced = writer.put(
        "/v1/articles/olive",
        content=new_text.encode(),
        headers={**AUTH, "Content-Type": "text/plain; charset=UTF-8"},
    )
    assert replaced.status_code == 200, replaced.text
    assert "location" not in replaced.headers
    body = replaced.json()
    assert body == writer.get("/v1/articles/olive").json()
    assert [p["text"] for p in body["paragraphs"]] == [new_text]
    assert writer.get("/v1/search", params={"q": RARE_WORD}).json()["items"] == []
    assert writer.get("/v1/search", params={"q": "هیئت"}).json()["items"]
    assert _quote_count(writer, BASHAR) == 6  # the replaced text's quote is gone
    assert _quote_count(writer, "sp_825821512679") is None  # علی‌اکبر ولایتی: no quote left


def test_put_body_id_must_match_the_path(writer: TestClient) -> None:
    response = writer.put("/v1/articles/a", json={"id": "b", "text": TEXT}, headers=AUTH)
    _problem(response, 422)
    assert writer.put("/v1/articles/a", json={"id": "a", "text": TEXT}, headers=AUTH).is_success


def test_put_over_a_seed_article_makes_it_posted(writer: TestClient, seeds_dir: Path) -> None:
    response = writer.put(f"/v1/articles/{SEED_ID}", json={"text": TEXT}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["source"] == "api"
    db = writer.app.state.db  # type: ignore[attr-defined]
    # The seed file is still there, changed or not: the ingester leaves the posted article be.
    summary = ingest_dir(db, seeds_dir, 2_000_000)
    assert "written through the API" in summary.skipped[f"{SEED_ID}.txt"]
    assert (
        writer.get(f"/v1/articles/{SEED_ID}").json()["paragraphs"] == response.json()["paragraphs"]
    )
    (seeds_dir / f"{SEED_ID}.txt").unlink()
    assert ingest_dir(db, seeds_dir, 2_000_000).removed == []  # nor removes it
    assert writer.get(f"/v1/articles/{SEED_ID}").status_code == 200


# --- DELETE --------------------------------------------------------------------------------


def test_delete_removes_and_updates_speaker_totals(writer: TestClient) -> None:
    article_id = _post(writer, {"text": TEXT}).json()["id"]
    only_here = "sp_825821512679"
    assert (_quote_count(writer, BASHAR), _quote_count(writer, only_here)) == (7, 1)
    response = writer.delete(f"/v1/articles/{article_id}", headers=AUTH)
    assert response.status_code == 204 and response.content == b""
    assert writer.get(f"/v1/articles/{article_id}").status_code == 404
    assert (_quote_count(writer, BASHAR), _quote_count(writer, only_here)) == (6, None)
    assert writer.get(f"/v1/speakers/{BASHAR}").json()["articles"] == [SEED_ID]
    assert writer.get("/v1/search", params={"q": RARE_WORD}).json()["items"] == []
    _problem(writer.delete(f"/v1/articles/{article_id}", headers=AUTH), 404)


def test_delete_of_a_seed_lasts_until_the_next_ingest(writer: TestClient, seeds_dir: Path) -> None:
    assert writer.delete(f"/v1/articles/{SEED_ID}", headers=AUTH).status_code == 204
    assert _quote_count(writer, BASHAR) is None
    db = writer.app.state.db  # type: ignore[attr-defined]
    assert ingest_dir(db, seeds_dir, 2_000_000).ingested == [SEED_ID]
    assert writer.get(f"/v1/articles/{SEED_ID}").json()["source"] == "seed"


# --- the seed ingester and posted articles -------------------------------------------------


def test_seed_removal_spares_posted_articles(writer: TestClient, seeds_dir: Path) -> None:
    posted = _post(writer, {"id": "posted", "text": TEXT}).json()["id"]
    (seeds_dir / f"{SEED_ID}.txt").unlink()
    summary = ingest_dir(writer.app.state.db, seeds_dir, 2_000_000)  # type: ignore[attr-defined]
    assert summary.removed == [SEED_ID]
    assert writer_articles(writer) == [posted]
    assert _quote_count(writer, BASHAR) == 1


def test_a_seed_file_with_a_posted_id_is_skipped(
    writer: TestClient, seeds_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _post(writer, {"id": "posted", "text": TEXT})
    (seeds_dir / "posted.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")
    summary = ingest_dir(writer.app.state.db, seeds_dir, 2_000_000)  # type: ignore[attr-defined]
    assert "written through the API" in summary.skipped["posted.txt"]
    assert any("posted.txt" in r.getMessage() for r in caplog.records)
    assert len(writer.get("/v1/articles/posted").json()["quotes"]) == 2  # not overwritten


# --- OpenAPI -------------------------------------------------------------------------------


def test_openapi_documents_the_write_routes(writer: TestClient) -> None:
    spec = writer.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <API_KEY>`; only the write routes need it.",
    }
    routes = {
        ("post", "/v1/articles"): {"201", "401", "403", "409", "413", "415", "422"},
        ("put", "/v1/articles/{article_id}"): {"200", "201", "401", "403", "413", "415", "422"},
        ("delete", "/v1/articles/{article_id}"): {"204", "401", "403", "404", "422"},
    }
    for (method, path), statuses in routes.items():
        op = spec["paths"][path][method]
        assert op["security"] == [{"bearer": []}], (method, path)
        assert statuses <= set(op["responses"]), (method, path)
        for status in statuses - {"200", "201", "204"}:
            content = op["responses"][status]["content"][PROBLEM]
            assert content["example"]["status"] == int(status)
        if method != "delete":
            body = op["requestBody"]["content"]
            assert set(body) == {"application/json", "text/plain"}
            assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/ArticleIn"}
            assert json.dumps(body["application/json"]["examples"])
    assert spec["components"]["schemas"]["ArticleIn"]["required"] == ["text"]
    assert spec["paths"]["/v1/articles"]["get"]["security"] == []  # reads need no key
