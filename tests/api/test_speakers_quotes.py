from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import SEED_ID


def _speakers(client: TestClient, **params: object) -> list[dict]:
    return client.get("/v1/speakers", params=params).json()["items"]


def test_speakers_ordered_by_quote_count(client: TestClient) -> None:
    speakers = _speakers(client)
    assert [s["quote_count"] for s in speakers] == [6, 5, 4, 1]
    assert [s["kind"] for s in speakers] == ["person", "person", "person", "organization"]


def test_speaker_filter_folds_spelling(client: TestClient) -> None:
    # Arabic yeh and kaf, and a ZWNJ written as a space, still find the speaker.
    [found] = _speakers(client, q="رئيس جمهوري ايران")
    assert "رئیسی" in found["name"]
    [by_alias] = _speakers(client, q="رهبر معظم")
    assert "آقای خامنه" in by_alias["aliases"]
    assert _speakers(client, q="ناموجود") == []


def test_speaker_pages_are_disjoint_and_complete(client: TestClient) -> None:
    first = client.get("/v1/speakers", params={"limit": 2}).json()
    second = client.get("/v1/speakers", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    ids = [s["id"] for s in first["items"] + second["items"]]
    assert len(set(ids)) == 4
    assert second["next_cursor"] is None


def test_speaker_detail_and_quotes(client: TestClient) -> None:
    assad = _speakers(client)[0]
    detail = client.get(f"/v1/speakers/{assad['id']}").json()
    assert detail["articles"] == [SEED_ID]
    quotes = client.get(f"/v1/speakers/{assad['id']}/quotes").json()["items"]
    assert len(quotes) == 6
    assert all(q["article_id"] == SEED_ID and q["speaker"]["id"] == assad["id"] for q in quotes)
    assert [q["paragraph"] for q in quotes] == sorted(q["paragraph"] for q in quotes)


def test_unknown_speaker_is_404(client: TestClient) -> None:
    for url in ("/v1/speakers/sp_nope", "/v1/speakers/sp_nope/quotes"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


def test_quotes_filters(client: TestClient) -> None:
    all_quotes = client.get("/v1/quotes", params={"limit": 100}).json()["items"]
    assert len(all_quotes) == 16
    by_kind = client.get("/v1/quotes", params={"kind": "according_to"}).json()["items"]
    assert [q["cue"]["text"] for q in by_kind] == ["به گزارش"]
    speaker = all_quotes[0]["speaker"]["id"]
    mine = client.get("/v1/quotes", params={"speaker": speaker, "limit": 100}).json()["items"]
    assert mine and all(q["speaker"]["id"] == speaker for q in mine)
    assert client.get("/v1/quotes", params={"article": "nope"}).json()["items"] == []


def test_quotes_page_through_in_order(client: TestClient) -> None:
    ids, cursor = [], None
    while True:
        params = {"limit": 5} | ({"cursor": cursor} if cursor else {})
        body = client.get("/v1/quotes", params=params).json()
        ids += [q["id"] for q in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    everything = client.get("/v1/quotes", params={"limit": 100}).json()["items"]
    assert ids == [q["id"] for q in everything]


def test_quotes_bad_parameters(client: TestClient) -> None:
    assert client.get("/v1/quotes", params={"kind": "shouted"}).status_code == 422
    assert client.get("/v1/quotes", params={"limit": 101}).status_code == 422
    assert client.get("/v1/quotes", params={"cursor": "!!"}).status_code == 422  # the pattern


def test_forged_cursors_are_400_on_every_list(client: TestClient) -> None:
    from app.api.deps import encode_cursor

    forged = [
        encode_cursor(["x"]),
        encode_cursor([1]),
        encode_cursor(["a", 1, 2]),
        encode_cursor([1, "sp", 3]),
        encode_cursor([True, "sp"]),
        encode_cursor([2**60, "sp"]),
        "W1tdXQ",  # [[]]
        "WzFlMzA5XQ",  # [1e309]
        "bnVsbA",  # null
    ]
    lists = [
        "/v1/articles",
        "/v1/articles/000_d8346e28cf1fe79f/paragraphs",
        "/v1/speakers",
        "/v1/quotes",
        "/v1/search?q=سوریه",
    ]
    for url in lists:
        for cursor in forged:
            sep = "&" if "?" in url else "?"
            response = client.get(f"{url}{sep}cursor={cursor}")
            assert response.status_code in (200, 400), (url, cursor, response.text)
            if response.status_code == 400:
                assert response.headers["content-type"] == "application/problem+json"
