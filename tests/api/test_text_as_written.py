"""Articles are served as written (issue 14): a seed file and an article posted and put through
the API, each paragraph a line with every kind of change hazm's normalizer would make, come back
with each paragraph equal to its stripped source line and every span indexing it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app
from app.nlp.normalize import normalize
from app.nlp.source_map import served

KEY = "k3y-for-tests-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
ZWNJ = "\u200c"
RLM = "\u200f"
YEH, KAF = "\u064a", "\u0643"  # Arabic ي and ك

# (source line, the cue as written, a word of the content as written); None: no quote expected.
LINES: list[tuple[str, str | None, str | None]] = [
    # half-spaces missing: «می گوید», «نمی دانیم» written apart or joined
    ("وزیر نفت می گوید که قیمت ها نمیدانیم چرا بالا رفت.", "می گوید", "قیمت ها"),
    # Arabic letters, and a space before the colon
    (f"{YEH}ك سخنگو{YEH} دولت گفت : «بودجه آماده است.»", "گفت", "بودجه"),
    # Jalali digits glued to words, runs of spaces
    ("رئیس   سازمان  اعلام کرد که انتخابات ۴خرداد۱۴۰۵ برگزار می شود.", "اعلام کرد", "۴خرداد۱۴۰۵"),
    # diacritics, tatweel, a hamza above
    ("وَزیرِ خارجه تاکیـــد کرد که دربارهٔ مذاکرات خوش بین است.", "تاکیـــد کرد", "دربارهٔ"),
    # control characters, bidi marks, an ellipsis inside the words (a final one is dropped,
    # as the guidelines drop a final period) and ASCII quotes
    (f'{RLM}سفیر\x07 ایران گفت:"ما آماده ایم... اما صبر می کنیم"{RLM}', "گفت", "آماده ایم..."),
    # a ligature and repeated letters
    ("\ufdfd مجری برنامه گفت که خیلیییی خوشحال است.", "گفت", "خیلیییی"),
    # a paragraph with no quote, leading and trailing blanks, a BOM inside a line's edge
    ("  \ufeff\t این بند نقل قولی ندارد .  ", None, None),
    (f"{ZWNJ}\u00ad{ZWNJ}", None, None),  # nothing visible: no paragraph
]
TEXT = "\n".join(line for line, _, _ in LINES) + "\n"


def _expected_paragraphs() -> list[str]:
    return [served(line) for line, _, _ in LINES if normalize(line)]


def _check(article: dict[str, Any]) -> None:
    """Paragraphs as written, every span slicing its paragraph, cues and contents as written."""
    texts = [p["text"] for p in article["paragraphs"]]
    assert texts == _expected_paragraphs()
    quoted = [(cue, word) for line, cue, word in LINES if cue]
    by_paragraph: dict[int, list[dict[str, Any]]] = {}
    for quote in article["quotes"]:
        paragraph = texts[quote["paragraph"] - 1]
        for name in ("mention", "cue", "content", "addressee"):
            span = quote[name]
            if span is not None:
                assert 0 <= span["start"] < span["end"] <= len(paragraph)
                assert paragraph[span["start"] : span["end"]] == span["text"], (quote, name)
                assert span["text"] == span["text"].strip()
        by_paragraph.setdefault(quote["paragraph"], []).append(quote)
    for n, (cue, word) in enumerate(quoted, start=1):
        [quote] = by_paragraph[n]
        assert quote["cue"]["text"] == cue
        assert word in quote["content"]["text"]
    assert len(article["quotes"]) == len(quoted)
    assert article["title"] == texts[0]  # the first sentence, as written


@pytest.fixture
def writer(settings: Settings, seeds_dir: Path) -> Iterator[TestClient]:
    (seeds_dir / "as_written.txt").write_text(TEXT, encoding="utf-8")
    app = create_app(settings.model_copy(update={"api_key": SecretStr(KEY)}))
    with TestClient(app) as c:
        yield c
    app.state.db.dispose()


def test_seed_post_and_put_are_served_as_written(writer: TestClient) -> None:
    _check(writer.get("/v1/articles/as_written").json())

    posted = writer.post("/v1/articles", json={"text": TEXT}, headers=AUTH)
    assert posted.status_code == 201, posted.text
    _check(posted.json())
    _check(writer.get(f"/v1/articles/{posted.json()['id']}").json())

    put = writer.put("/v1/articles/put_as_written", json={"text": TEXT}, headers=AUTH)
    assert put.status_code == 201, put.text
    _check(writer.get("/v1/articles/put_as_written").json())

    # the API's other shapes serve the same texts and spans
    paragraph = writer.get("/v1/articles/as_written/paragraphs/2").json()
    assert paragraph["text"] == _expected_paragraphs()[1]
    for quote in paragraph["quotes"]:
        assert paragraph["text"][quote["cue"]["start"] : quote["cue"]["end"]] == "گفت"


def test_every_stored_article_is_served_as_written(writer: TestClient, seeds_dir: Path) -> None:
    """The repository's seeds too: each paragraph is its stripped source line."""
    for path in sorted(seeds_dir.glob("*.txt")):
        article = writer.get(f"/v1/articles/{path.stem}").json()
        lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
        assert [p["text"] for p in article["paragraphs"]] == [
            served(line) for line in lines if normalize(line)
        ], path.name
        for quote in article["quotes"]:
            text = article["paragraphs"][quote["paragraph"] - 1]["text"]
            for name in ("mention", "cue", "content", "addressee"):
                if span := quote[name]:
                    assert text[span["start"] : span["end"]] == span["text"]


def test_search_finds_and_marks_the_text_as_written(writer: TestClient) -> None:
    """Words the normalizer would have respelled are found, and marked as written."""
    for query, marked in [
        ("قیمت‌ها", "قیمت ها"),
        ("خرداد", "خرداد"),
        ("درباره", "دربارهٔ"),
        ("تاکید", "تاکیـــد"),
        ("سخنگوی", f"سخنگو{YEH}"),
    ]:
        hits = writer.get("/v1/search", params={"q": query}).json()["items"]
        mine = [h for h in hits if h["article_id"] == "as_written"]
        assert mine, query
        assert f"<mark>{marked}</mark>" in mine[0]["snippet"], (query, mine[0]["snippet"])
