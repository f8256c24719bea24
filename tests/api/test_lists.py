"""Finding and getting out (issue 14): lists filtered by outlet and date and sorted by date with
stable cursors, a speaker's timeline, streamed exports, unknown parameters refused."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

API_KEY = "lists-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
# A named person: one speaker across the articles (a role alone belongs to its article).
SPEAKER_LINE = "فاطمه مهاجرانی گفت: «جلسه {n} فردا است.»"
# ASCII commas and double quotes in a title: the CSV must quote and escape them.
TITLE = 'گزارش {n}, با "دستور کار"'
# (id, outlet, date as the source writes it, UTC ISO); one undated.
ARTICLES = [
    ("d1", "ایرنا", "1405/02/10", "2026-04-29T20:30:00Z"),
    ("d2", "ایسنا", "2026-05-01T12:00:00Z", "2026-05-01T12:00:00Z"),
    ("d3", "ایرنا", "۲ خرداد ۱۴۰۵", "2026-05-22T20:30:00Z"),
    ("d4", "ایرنا", "2026-05-22T20:30:00Z", "2026-05-22T20:30:00Z"),  # d3's moment: a tie
    ("u1", "ایسنا", None, None),
]


def _seed(folder: Path) -> None:
    folder.mkdir()
    for n, (article_id, outlet, date, _) in enumerate(ARTICLES):
        head = [f"outlet: {outlet}", f"title: {TITLE.format(n=n)}"]
        head += [f"published_at: {date}"] if date else []
        body = SPEAKER_LINE.format(n=n) + "\n" + f"علی عباسی گفت که آب {n} تامین است.\n"
        (folder / f"{article_id}.txt").write_text(
            "---\n" + "\n".join(head) + "\n---\n" + body, encoding="utf-8"
        )


@pytest.fixture
def lists_client(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    _seed(tmp_path / "seeds")
    settings = Settings(
        database_url=db_url, seeds_dir=tmp_path / "seeds", log_level="WARNING", api_key=API_KEY
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _all(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list, a page of two at a time, by its cursors."""
    items, cursor = [], None
    while True:
        page = client.get(
            path, params={**params, "limit": 2, **({"cursor": cursor} if cursor else {})}
        )
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def test_articles_by_date_both_ways_undated_last(lists_client: TestClient) -> None:
    newest = _all(lists_client, "/v1/articles", sort="-published_at")
    assert [a["id"] for a in newest] == ["d4", "d3", "d2", "d1", "u1"]  # the tie: id, descending
    oldest = _all(lists_client, "/v1/articles", sort="published_at")
    assert [a["id"] for a in oldest] == ["d1", "d2", "d3", "d4", "u1"]
    assert {a["id"]: a["published_at"] for a in oldest} == {a[0]: a[3] for a in ARTICLES}


def test_filters_combine(lists_client: TestClient) -> None:
    def ids(**params: Any) -> list[str]:
        return [a["id"] for a in _all(lists_client, "/v1/articles", **params)]

    assert ids(outlet="ایرنا") == ["d1", "d3", "d4"]
    assert ids(published_after="2026-05-01T12:00:00Z") == ["d2", "d3", "d4"]  # at or after
    assert ids(published_before="1405/03/02") == ["d1", "d2"]  # before; Jalali, Tehran time
    assert ids(published_after="1405/02/11", outlet="ایرنا", sort="-published_at") == ["d4", "d3"]
    quotes = _all(lists_client, "/v1/quotes", outlet="ایسنا", sort="-published_at")
    assert [q["article_id"] for q in quotes] == ["d2", "d2", "u1", "u1"]
    sure = _all(lists_client, "/v1/quotes", min_confidence=0.85)
    assert sure and all(q["confidence"] >= 0.85 for q in sure)
    assert len(sure) < len(_all(lists_client, "/v1/quotes"))


def test_a_cursor_stays_good_while_articles_come(lists_client: TestClient) -> None:
    """A keyset cursor is a position, not a count: an article written meanwhile before it
    neither repeats nor skips an item of the next page."""
    first = lists_client.get("/v1/articles", params={"sort": "-published_at", "limit": 2}).json()
    assert [a["id"] for a in first["items"]] == ["d4", "d3"]
    newer = {"text": "وزیر گفت: بله.", "published_at": "2026-07-01", "outlet": "ایرنا"}
    assert lists_client.put("/v1/articles/n1", json=newer, headers=AUTH).status_code == 201
    rest = _all(lists_client, "/v1/articles", sort="-published_at", cursor=first["next_cursor"])
    assert [a["id"] for a in rest] == ["d2", "d1", "u1"]


@pytest.mark.parametrize(
    ("params", "status", "word"),
    [
        ({"sortt": "published_at"}, 400, "'sortt'"),
        ({"sort": "date"}, 422, "sort"),
        ({"published_after": "next year"}, 422, "query.published_after"),
        ({"published_before": "1405/13/01"}, 422, "no such Jalali date"),
        ({"min_confidence": 2}, 422, "min_confidence"),
    ],
)
def test_bad_parameters_are_named(
    lists_client: TestClient, params: dict[str, Any], status: int, word: str
) -> None:
    for path in ("/v1/quotes", "/v1/quotes/export"):
        response = lists_client.get(path, params=params)
        assert response.status_code == status, (path, response.text)
        assert word in response.text


def test_unknown_parameters_are_400_on_every_route(lists_client: TestClient) -> None:
    for path in ("/v1/articles", "/v1/speakers", "/v1/search?q=آب", "/healthz", "/readyz"):
        response = lists_client.get(path, params={"limt": 5})
        assert response.status_code == 400, (path, response.text)
        assert "'limt'" in response.json()["detail"]


def test_a_speakers_timeline(lists_client: TestClient) -> None:
    speaker = next(
        s for s in lists_client.get("/v1/speakers").json()["items"] if s["name"] == "فاطمه مهاجرانی"
    )
    month = lists_client.get(f"/v1/speakers/{speaker['id']}/timeline").json()
    assert month["periods"] == [
        {"period": "2026-04", "start": "2026-04-01", "quotes": 1},
        {"period": "2026-05", "start": "2026-05-01", "quotes": 3},
    ]
    assert month["undated_quotes"] == 1
    week = lists_client.get(f"/v1/speakers/{speaker['id']}/timeline", params={"interval": "week"})
    assert [(p["period"], p["start"], p["quotes"]) for p in week.json()["periods"]] == [
        ("2026-W18", "2026-04-27", 2),  # Wednesday 29 April and Friday 1 May: one ISO week
        ("2026-W21", "2026-05-18", 2),
    ]
    day = lists_client.get(f"/v1/speakers/{speaker['id']}/timeline", params={"interval": "day"})
    assert [p["period"] for p in day.json()["periods"]] == [
        "2026-04-29",
        "2026-05-01",
        "2026-05-22",
    ]
    assert lists_client.get("/v1/speakers/sp_nope/timeline").status_code == 404


def test_the_csv_export_opens_as_a_spreadsheet_would(lists_client: TestClient) -> None:
    response = lists_client.get(
        "/v1/quotes/export", params={"format": "csv", "sort": "published_at"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    listed = _all(lists_client, "/v1/quotes", sort="published_at")
    assert [r["quote_id"] for r in rows] == [q["id"] for q in listed]
    first = rows[0]
    assert first["outlet"] == "ایرنا" and first["published_at"] == "2026-04-29T20:30:00Z"
    assert first["article_title"] == 'گزارش 0, با "دستور کار"'
    assert '"گزارش 0, با ""دستور کار"""' in text  # quoted and escaped as RFC 4180 says
    assert first["speaker_name"] == "فاطمه مهاجرانی" and first["speaker_kind"] == "person"
    # the speaker's link as the quote's JSON gives it
    link = listed[0]["speaker"]["link"]
    assert link is not None
    assert first["speaker_link_by"] == link["by"]
    assert float(first["speaker_link_confidence"]) == link["confidence"]


def test_the_json_lines_export_is_the_list(lists_client: TestClient) -> None:
    response = lists_client.get("/v1/quotes/export", params={"format": "jsonl", "outlet": "ایسنا"})
    assert response.headers["content-type"].startswith("application/jsonl")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [r["quote_id"] for r in lines] == [
        q["id"] for q in _all(lists_client, "/v1/quotes", outlet="ایسنا")
    ]
    articles = lists_client.get("/v1/articles/export", params={"format": "jsonl"}).text
    assert [json.loads(a)["id"] for a in articles.splitlines()] == [a[0] for a in ARTICLES]
    empty = lists_client.get("/v1/quotes/export", params={"outlet": "هیچ"})
    assert empty.content.decode("utf-8-sig").count("\r\n") == 1  # the header alone


def test_an_export_streams_page_after_page(lists_client: TestClient, monkeypatch) -> None:
    """Pages of three: the export is the whole list however many pages it takes."""
    from app.store import export

    monkeypatch.setattr(export, "PAGE", 3)
    lines = lists_client.get("/v1/quotes/export", params={"format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["quote_id"] for line in lines] == [
        q["id"] for q in _all(lists_client, "/v1/quotes")
    ]


def test_writes_take_the_metadata(lists_client: TestClient) -> None:
    body = {
        "text": "وزیر گفت: بله.",
        "title": "بله",
        "published_at": "02:36 · 01 Shahrivar 1405",
        "url": "https://t.me/x/1",
        "outlet": "کانال",
        "authors": ["مریم رضایی"],
        "category": "سیاسی",
    }
    article = lists_client.put("/v1/articles/w1", json=body, headers=AUTH).json()
    assert article["published_at"] == "2026-08-22T23:06:00Z"
    assert (article["url"], article["outlet"], article["authors"], article["category"]) == (
        "https://t.me/x/1", "کانال", ["مریم رضایی"], "سیاسی"
    )  # fmt: skip
    bad = lists_client.put(
        "/v1/articles/w2", json={**body, "published_at": "tomorrow"}, headers=AUTH
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == "body.published_at"


def test_an_export_row_says_on_which_lines_its_cue_and_mention_stand(
    lists_client: TestClient,
) -> None:
    """A label on its own line: the words are in paragraph 2, the cue and mention in 1, as the
    quote's JSON says; a dropped subject has no mention paragraph."""
    text = "سخنگوی دولت فاطمه مهاجرانی:\n«جلسه فردا برگزار می‌شود.»\nو افزود که دستور کار آماده است."
    put = lists_client.put("/v1/articles/x1", json={"text": text}, headers=AUTH)
    assert put.status_code in (200, 201)
    listed = {q["id"]: q for q in _all(lists_client, "/v1/quotes", article="x1")}
    lines = lists_client.get(
        "/v1/quotes/export", params={"format": "jsonl", "article": "x1"}
    ).text.splitlines()
    rows = {r["quote_id"]: r for r in map(json.loads, lines)}
    assert rows and rows.keys() == listed.keys()
    for quote_id, row in rows.items():
        quote = listed[quote_id]
        assert (row["cue_paragraph"], row["mention_paragraph"]) == (
            quote["cue_paragraph"], quote["mention_paragraph"]
        )  # fmt: skip
    label = next(r for r in rows.values() if r["paragraph"] == 2)
    assert (label["cue_paragraph"], label["mention_paragraph"]) == (1, 1)
    csv_text = lists_client.get(
        "/v1/quotes/export", params={"format": "csv", "article": "x1"}
    ).content.decode("utf-8-sig")
    by_id = {r["quote_id"]: r for r in csv.DictReader(io.StringIO(csv_text, newline=""))}
    assert by_id[label["quote_id"]]["cue_paragraph"] == "1"
    dropped = [r for r in rows.values() if r["mention"] is None]
    for row in dropped:
        assert (
            row["mention_paragraph"] is None and by_id[row["quote_id"]]["mention_paragraph"] == ""
        )
