"""The reader's pages through the app (both backends): what each shows, that it matches the
API's JSON, and that unknown ids and bad queries are HTML error pages with their 4xx."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from app.store.search_time import SearchTimeout
from tests.conftest import SEED_ID
from tests.web.conftest import DATED_ID

HTML = "text/html; charset=utf-8"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def test_home_lists_latest_articles_and_top_speakers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"] == HTML
    assert '<html lang="fa" dir="rtl">' in r.text
    assert 'action="/search"' in r.text
    # newest first: the dated article before the undated seed
    assert r.text.index(f"/articles/{DATED_ID}") < r.text.index(f"/articles/{SEED_ID}")
    assert "خبرگزاری نمونه" in r.text and "۲ خرداد ۱۴۰۵" in r.text
    top = client.get("/v1/speakers?limit=1").json()["items"][0]
    assert f'href="/speakers/{top["id"]}"' in r.text


def test_article_marks_every_quote_with_its_speaker(client: TestClient) -> None:
    body = client.get(f"/v1/articles/{SEED_ID}").json()
    r = client.get(f"/articles/{SEED_ID}", headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"] == HTML
    found = elements(r.text)
    legend = [a for tag, a in found if tag == "li" and a.get("data-speaker-id")]
    assert [a["data-speaker-id"] for a in legend] == [s["id"] for s in body["speakers"]]
    colour = {a["data-speaker-id"]: a["class"] for a in legend}
    quotes = {
        a["data-quote-id"]: a
        for tag, a in found
        if tag == "span" and a.get("data-quote-id") and a.get("tabindex") == "0"
    }
    assert set(quotes) == {q["id"] for q in body["quotes"]}
    for q in body["quotes"]:
        element = quotes[q["id"]]
        assert element["data-speaker-id"] == q["speaker"]["id"]
        assert colour[q["speaker"]["id"]] in (element["class"] or "").split()
        assert element["aria-describedby"]
    for s in body["speakers"]:
        assert f'href="/speakers/{s["id"]}"' in r.text
    assert r.text.count('<em class="cue">') >= len(body["quotes"]) // 2


def test_article_metadata_and_escaping(client: TestClient) -> None:
    r = client.get(f"/articles/{DATED_ID}")
    assert r.status_code == 200
    assert 'href="https://example.ir/news/water"' in r.text
    assert "خبرگزاری نمونه" in r.text and "۲ خرداد ۱۴۰۵" in r.text
    assert "&lt;تامین&gt;" in r.text and "<تامین>" not in r.text


def test_speaker_page_quotes_newest_first_and_timeline(client: TestClient) -> None:
    speakers = client.get("/v1/speakers?limit=100").json()["items"]
    dated = next(s for s in speakers if s["name"] == "وزیر نیرو")
    r = client.get(f"/speakers/{dated['id']}")
    assert r.status_code == 200
    assert '<svg class="timeline"' in r.text and "۲۰۲۶-۰۵" in r.text
    assert f'href="/articles/{DATED_ID}#quote-' in r.text
    seed = client.get(f"/speakers/{speakers[0]['id']}")
    for alias in speakers[0]["aliases"]:
        assert alias in seed.text
    roles = seed.text.split('class="aliases roles"')[1].split("</ul>")[0]
    assert "رئیس\u200cجمهوری سوریه" in roles and "<li>اسد</li>" not in roles  # a post, a name
    quotes = [a for tag, a in elements(seed.text) if tag == "li" and a.get("data-quote-id")]
    assert len(quotes) == speakers[0]["quote_count"]


def test_speaker_quotes_are_paged(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.web.pages.PER_PAGE", 2)
    top = client.get("/v1/speakers?limit=1").json()["items"][0]
    seen: list[str] = []
    url: str | None = f"/speakers/{top['id']}"
    while url:
        r = client.get(url)
        assert r.status_code == 200
        seen += [
            a["data-quote-id"] for t, a in elements(r.text) if t == "li" and "data-quote-id" in a
        ]
        nexts = [a["href"] for t, a in elements(r.text) if t == "a" and a.get("rel") == "next"]
        url = nexts[0] if nexts else None
    assert len(seen) == len(set(seen)) == top["quote_count"]


def test_search_groups_hits_by_article(client: TestClient) -> None:
    api = client.get("/v1/search", params={"q": "مقاومت"}).json()["items"]
    r = client.get("/search", params={"q": "مقاومت", "type": ""})
    assert r.status_code == 200
    assert r.text.count('<article class="result">') == len({h["article_id"] for h in api})
    assert r.text.count('class="snippet"') == len(api)
    assert "<mark>" in r.text
    quoted = client.get("/search", params={"q": "آب", "type": "quote"})
    assert f"/articles/{DATED_ID}#p1" in quoted.text
    speaker = client.get("/v1/speakers", params={"q": "وزیر نیرو"}).json()["items"][0]["id"]
    by_speaker = client.get("/search", params={"q": "آب", "speaker": speaker, "type": "quote"})
    assert by_speaker.status_code == 200 and by_speaker.text.count('class="snippet"') >= 1
    elsewhere = client.get("/search", params={"q": "آب", "outlet": "نه این"})
    assert 'class="snippet"' not in elsewhere.text and "نه این" in elsewhere.text
    dated = client.get("/search", params={"q": "آب", "published_before": "1405/01/01"})
    assert 'class="snippet"' not in dated.text
    empty = client.get("/search")
    assert empty.status_code == 200 and 'name="q"' in empty.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/articles/nope", 404),
        ("/speakers/sp_000000000000", 404),
        ("/articles/" + "a" * 201, 422),
        ("/search?q=-", 400),
        ("/search?q=%22%22", 400),
        ("/search?q=x&cursor=zz", 400),
        ("/search?q=x&type=everything", 400),
        ("/search?q=x&published_after=not-a-date", 422),
        ("/speakers/sp_2412c587a234?cursor=WzFd", 400),
        ("/articles", 404),
    ],
)
def test_errors_are_html_pages_with_their_status(
    client: TestClient, path: str, status: int
) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == HTML
    assert '<html lang="fa" dir="rtl">' in r.text and r.headers["x-request-id"]


def test_the_api_stays_json_whatever_accept_says(client: TestClient) -> None:
    for path in (f"/v1/articles/{SEED_ID}", "/v1/articles/nope"):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.headers["content-type"].startswith(("application/json", "application/problem"))


def test_assets_are_served_by_the_app(client: TestClient) -> None:
    page = client.get(f"/articles/{SEED_ID}").text
    links = [a.get("href") or a.get("src") for t, a in elements(page) if t in ("link", "script")]
    assert links and all(link and link.startswith("/static/reader/") for link in links)
    css = client.get("/static/reader/reader.css")
    assert css.status_code == 200 and "Vazirmatn" in css.text
    font = client.get("/static/reader/fonts/Vazirmatn-Regular.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"
    assert "http" not in css.text.replace("http://www.w3.org", "")


def test_pages_answer_head_and_name_their_methods(client: TestClient) -> None:
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    post = client.post(f"/articles/{SEED_ID}")
    assert post.status_code == 405 and post.headers["allow"] == "GET, HEAD"
    assert post.headers["content-type"] == HTML


def test_a_search_too_slow_is_a_503_page_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def slow(*args: object, **kwargs: object) -> None:
        raise SearchTimeout("the search took longer than 2000 ms")

    monkeypatch.setattr(client.app.state.db, "read", slow)  # type: ignore[attr-defined]
    r = client.get("/search", params={"q": "ایران"})
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert r.headers["content-type"] == HTML and "narrow the query" in r.text
