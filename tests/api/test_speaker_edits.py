"""Editors' corrections of the speakers (issue 16): merge, split, edit, list, undo; every
conflict a problem; corrections outlive re-ingest and re-annotation; a merged id redirects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app
from tests.api.test_write import BASHAR, PROBLEM, TEXT  # the seed's speaker, two speakers
from tests.conftest import SEED_ID

KEY = "k3y-for-edits-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
POSTED = "edits-1"


def _client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"api_key": SecretStr(KEY)}))
    with TestClient(app) as c:
        yield c
    app.state.db.dispose()


@pytest.fixture
def writer(settings: Settings) -> Iterator[TestClient]:
    """A server with an API key, the seed, and one article posted: two speakers in it."""
    for c in _client(settings):
        assert c.put(f"/v1/articles/{POSTED}", json={"text": TEXT}, headers=AUTH).status_code == 201
        yield c


def _other(client: TestClient) -> str:
    """The posted article's speaker who is not بشار اسد."""
    body = client.get(f"/v1/articles/{POSTED}").json()
    return next(s["id"] for s in body["speakers"] if s["id"] != BASHAR)


def _speaker(client: TestClient, speaker_id: str) -> dict[str, Any]:
    response = client.get(f"/v1/speakers/{speaker_id}")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body  # type: ignore[no-any-return]


def _merge(client: TestClient, speaker_id: str, into: str) -> Any:
    return client.post(f"/v1/speakers/{speaker_id}/merge", json={"into": into}, headers=AUTH)


def _state(client: TestClient) -> list[Any]:
    """Everything a correction can change: the speakers, the articles' JSON, a search."""
    speakers = client.get("/v1/speakers?limit=100").json()["items"]
    details = [_speaker(client, s["id"]) for s in speakers]
    articles = [client.get(f"/v1/articles/{a}").json() for a in (SEED_ID, POSTED)]
    return [details, articles, client.get("/v1/quotes?limit=100").json()]


def test_merge_moves_every_mention_and_the_merged_id_redirects(writer: TestClient) -> None:
    other = _other(writer)
    before = _speaker(writer, BASHAR)
    moved = _speaker(writer, other)
    made = _merge(writer, other, BASHAR)
    assert made.status_code == 201, made.text
    assert made.json()["action"] == "merge" and made.json()["target_id"] == BASHAR
    after = _speaker(writer, BASHAR)
    assert after["quote_count"] == before["quote_count"] + moved["quote_count"]
    assert after["article_count"] == 2 and POSTED in after["articles"]
    assert moved["name"] in after["aliases"]  # its name finds the speaker it went to
    found = writer.get("/v1/speakers", params={"q": moved["name"]}).json()["items"]
    assert [s["id"] for s in found] == [BASHAR]
    article = writer.get(f"/v1/articles/{POSTED}").json()
    assert [s["id"] for s in article["speakers"]] == [BASHAR]
    assert {q["speaker"]["id"] for q in article["quotes"]} == {BASHAR}
    summary = next(a for a in writer.get("/v1/articles").json()["items"] if a["id"] == POSTED)
    assert summary["speaker_count"] == 1
    for path in ("", "/quotes?limit=5", "/timeline?interval=week"):
        gone = writer.get(f"/v1/speakers/{other}{path}", follow_redirects=False)
        assert gone.status_code == 308, path
        assert gone.headers["location"] == f"/v1/speakers/{BASHAR}{path}"
    assert writer.get(f"/v1/speakers/{other}").json()["id"] == BASHAR  # followed
    page = writer.get(f"/speakers/{other}", follow_redirects=False)
    assert page.status_code == 308 and page.headers["location"] == f"/speakers/{BASHAR}"
    quotes = writer.get(f"/v1/speakers/{BASHAR}/quotes?limit=100").json()["items"]
    assert len(quotes) == after["quote_count"]


def test_undo_gives_back_what_the_annotator_said(writer: TestClient) -> None:
    other = _other(writer)
    original = _state(writer)
    merged = _merge(writer, other, BASHAR).json()
    renamed = writer.patch(f"/v1/speakers/{BASHAR}", json={"name": "بشار حافظ اسد"}, headers=AUTH)
    assert renamed.status_code == 200, renamed.text
    listed = writer.get("/v1/speaker-overrides").json()["items"]
    assert [o["action"] for o in listed] == ["merge", "edit"]
    for o in reversed(listed):
        assert writer.delete(f"/v1/speaker-overrides/{o['id']}", headers=AUTH).status_code == 204
    assert writer.get("/v1/speaker-overrides").json()["items"] == []
    assert _state(writer) == original
    _problem(writer.delete(f"/v1/speaker-overrides/{merged['id']}", headers=AUTH), 404)


def test_undo_in_another_order(writer: TestClient) -> None:
    other = _other(writer)
    original = _state(writer)
    merged = _merge(writer, other, BASHAR).json()
    writer.patch(f"/v1/speakers/{BASHAR}", json={"kind": "organization"}, headers=AUTH)
    assert writer.delete(f"/v1/speaker-overrides/{merged['id']}", headers=AUTH).status_code == 204
    assert _speaker(writer, other)["article_count"] == 1
    assert _speaker(writer, BASHAR)["kind"] == "organization"
    edit = writer.get("/v1/speaker-overrides").json()["items"][0]
    writer.delete(f"/v1/speaker-overrides/{edit['id']}", headers=AUTH)
    assert _state(writer) == original


def test_rename_kind_and_aliases(writer: TestClient) -> None:
    old = _speaker(writer, BASHAR)
    name = "بشار حافظ اسد"
    assert writer.patch(f"/v1/speakers/{BASHAR}", json={"name": name}, headers=AUTH).is_success
    renamed = _speaker(writer, BASHAR)
    assert renamed["name"] == name and old["name"] in renamed["aliases"]
    assert renamed["quote_count"] == old["quote_count"]
    assert writer.get("/v1/speakers", params={"q": "حافظ"}).json()["items"][0]["id"] == BASHAR
    article = writer.get(f"/v1/articles/{SEED_ID}").json()
    assert {q["speaker"]["name"] for q in article["quotes"] if q["speaker"]["id"] == BASHAR} == {
        name
    }
    quote = writer.get(f"/v1/speakers/{BASHAR}/quotes").json()["items"][0]
    assert quote["speaker"]["name"] == name
    aliases = ["اسد", "رئیس\u200cجمهوری سوریه"]
    edited = writer.patch(
        f"/v1/speakers/{BASHAR}", json={"aliases": aliases, "kind": "person"}, headers=AUTH
    )
    assert edited.json()["aliases"] == aliases
    assert _speaker(writer, BASHAR)["aliases"] == aliases


def test_split_moves_one_articles_mentions(writer: TestClient) -> None:
    before = _speaker(writer, BASHAR)
    other = _other(writer)
    body = {"article_id": POSTED, "name": "بشار اسد (نقل\u200cقول ساختگی)"}
    made = writer.post(f"/v1/speakers/{BASHAR}/split", json=body, headers=AUTH)
    assert made.status_code == 201, made.text
    new = made.json()["target_id"]
    assert new.startswith("sp_") and new != BASHAR
    created = _speaker(writer, new)
    assert created["name"] == body["name"] and created["articles"] == [POSTED]
    assert created["kind"] == before["kind"]
    after = _speaker(writer, BASHAR)
    assert after["articles"] == [SEED_ID]
    assert after["quote_count"] == before["quote_count"] - created["quote_count"]
    # into an existing speaker
    into = writer.post(
        f"/v1/speakers/{new}/split", json={"article_id": POSTED, "into": other}, headers=AUTH
    )
    assert into.status_code == 201, into.text
    assert writer.get(f"/v1/speakers/{new}", follow_redirects=False).status_code == 404


def test_corrections_survive_reannotation_and_reingest(
    writer: TestClient, settings: Settings, seeds_dir: Path
) -> None:
    other = _other(writer)
    _merge(writer, other, BASHAR)
    writer.patch(f"/v1/speakers/{BASHAR}", json={"name": "بشار حافظ اسد"}, headers=AUTH)
    split = {"article_id": SEED_ID, "name": "گوینده\u200cای دیگر"}
    new = writer.post(f"/v1/speakers/{BASHAR}/split", json=split, headers=AUTH).json()["target_id"]
    corrected = _state(writer)
    # re-annotation through the API: the article is stored again from its text
    replaced = writer.put(f"/v1/articles/{POSTED}", json={"text": TEXT}, headers=AUTH)
    assert replaced.status_code == 200
    assert {q["speaker"]["id"] for q in replaced.json()["quotes"]} == {BASHAR}
    assert _state(writer) == corrected
    # re-ingest: the seed file changed, so the next startup stores it again
    seed = seeds_dir / f"{SEED_ID}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    writer.close()
    for again in _client(settings):
        state = _state(again)
        assert state == corrected
        assert _speaker(again, new)["articles"] == [SEED_ID]
        assert _speaker(again, BASHAR)["name"] == "بشار حافظ اسد"
        assert again.get(f"/v1/speakers/{other}", follow_redirects=False).status_code == 308


def test_deleting_an_article_and_writing_it_again_keeps_the_corrections(
    writer: TestClient,
) -> None:
    other = _other(writer)
    _merge(writer, other, BASHAR)
    assert writer.delete(f"/v1/articles/{POSTED}", headers=AUTH).status_code == 204
    assert writer.put(f"/v1/articles/{POSTED}", json={"text": TEXT}, headers=AUTH).is_success
    article = writer.get(f"/v1/articles/{POSTED}").json()
    assert [s["id"] for s in article["speakers"]] == [BASHAR]
    assert writer.get(f"/v1/speakers/{other}", follow_redirects=False).status_code == 308


def test_conflicts_are_problems_and_write_nothing(writer: TestClient) -> None:
    other = _other(writer)
    nobody = "sp_000000000000"
    assert "no speaker" in _problem(_merge(writer, nobody, BASHAR), 404)["detail"]
    assert "to move the mentions to" in _problem(_merge(writer, other, nobody), 409)["detail"]
    assert "itself" in _problem(_merge(writer, BASHAR, BASHAR), 422)["detail"]
    assert _merge(writer, other, BASHAR).status_code == 201
    again = _problem(_merge(writer, other, BASHAR), 409)
    assert again["merged_into"] == BASHAR
    loop = _problem(_merge(writer, BASHAR, other), 409)
    assert "loop" in loop["detail"]
    renamed = writer.patch(f"/v1/speakers/{other}", json={"name": "x"}, headers=AUTH)
    assert _problem(renamed, 409)["merged_into"] == BASHAR
    split = writer.post(
        f"/v1/speakers/{BASHAR}/split", json={"article_id": "nope", "name": "x"}, headers=AUTH
    )
    assert "no article" in _problem(split, 409)["detail"]
    nothing = writer.post(
        f"/v1/speakers/{BASHAR}/split",
        json={"article_id": POSTED, "into": BASHAR},
        headers=AUTH,
    )
    _problem(nothing, 422)
    both = {"article_id": POSTED, "into": other, "name": "x"}
    _problem(writer.post(f"/v1/speakers/{BASHAR}/split", json=both, headers=AUTH), 422)
    _problem(writer.patch(f"/v1/speakers/{BASHAR}", json={}, headers=AUTH), 422)
    _problem(writer.patch(f"/v1/speakers/{BASHAR}", json={"name": " "}, headers=AUTH), 422)
    _problem(writer.patch(f"/v1/speakers/{BASHAR}", json={"kind": "god"}, headers=AUTH), 422)
    _problem(_merge(writer, BASHAR, "not-an-id"), 422)
    raw = {**AUTH, "Content-Type": "application/json"}
    _problem(writer.post(f"/v1/speakers/{BASHAR}/merge", content=b"{", headers=raw), 400)
    text = {**AUTH, "Content-Type": "text/plain"}
    _problem(writer.post(f"/v1/speakers/{BASHAR}/merge", content=b"x", headers=text), 415)
    _problem(writer.post(f"/v1/speakers/{BASHAR}/merge", content=b" " * 20000, headers=raw), 413)
    _problem(writer.delete("/v1/speaker-overrides/999", headers=AUTH), 404)
    nul = writer.patch(f"/v1/speakers/{BASHAR}", json={"name": "a\u0000b"}, headers=AUTH)
    assert "NUL" in _problem(nul, 422)["detail"]
    nul_article = {"article_id": "a\u0000", "name": "x"}
    _problem(writer.post(f"/v1/speakers/{BASHAR}/split", json=nul_article, headers=AUTH), 422)
    assert len(writer.get("/v1/speaker-overrides").json()["items"]) == 1


def test_every_correction_needs_the_key(writer: TestClient) -> None:
    wrong = {"Authorization": "Bearer wrong"}
    for headers in ({}, wrong):
        for response in (
            writer.post(f"/v1/speakers/{BASHAR}/merge", json={"into": BASHAR}, headers=headers),
            writer.post(
                f"/v1/speakers/{BASHAR}/split", json={"article_id": POSTED}, headers=headers
            ),
            writer.patch(f"/v1/speakers/{BASHAR}", json={"name": "x"}, headers=headers),
            writer.delete("/v1/speaker-overrides/1", headers=headers),
        ):
            _problem(response, 401)
            assert response.headers["www-authenticate"].startswith("Bearer")
    assert writer.get("/v1/speaker-overrides").json()["items"] == []


def test_without_a_key_configured_corrections_are_403(client: TestClient) -> None:
    _problem(client.post(f"/v1/speakers/{BASHAR}/merge", json={"into": BASHAR}), 403)


def test_the_list_is_paged_oldest_first(writer: TestClient) -> None:
    for n in range(3):
        writer.patch(f"/v1/speakers/{BASHAR}", json={"name": f"اسد {n}"}, headers=AUTH)
    first = writer.get("/v1/speaker-overrides?limit=2").json()
    assert [o["name"] for o in first["items"]] == ["اسد 0", "اسد 1"]
    rest = writer.get(f"/v1/speaker-overrides?cursor={first['next_cursor']}").json()
    assert [o["name"] for o in rest["items"]] == ["اسد 2"] and rest["next_cursor"] is None
    assert _speaker(writer, BASHAR)["name"] == "اسد 2"


def test_undoing_a_split_gives_the_mentions_back(writer: TestClient) -> None:
    original = _state(writer)
    body = {"article_id": SEED_ID, "name": "گوینده\u200cای دیگر", "kind": "organization"}
    made = writer.post(f"/v1/speakers/{BASHAR}/split", json=body, headers=AUTH).json()
    assert _speaker(writer, made["target_id"])["kind"] == "organization"
    assert writer.delete(f"/v1/speaker-overrides/{made['id']}", headers=AUTH).status_code == 204
    assert _state(writer) == original
    assert writer.get(f"/v1/speakers/{made['target_id']}").status_code == 404


def test_one_speaker_id_parameter_for_reading_and_correcting() -> None:
    """The ``{speaker_id}`` path parameter is declared once (``app/api/deps.py``)."""
    from app.api import deps, speaker_edits, speakers

    assert speakers.SpeakerId is deps.SpeakerId
    assert speaker_edits.SpeakerId is deps.SpeakerId
