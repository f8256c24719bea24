"""Seed files that are not what the ingester expects, each next to the good seed.

Each case starts the real app (migrations, startup ingest) on a seeds folder holding the good
seed and the case's file. Startup must complete, the good seed must be served, and the case
is either ingested correctly (the served text is clean and every quote span slices its served
paragraph to the span's text) or skipped with a WARNING naming the file and the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.ingest.files import MAX_PARAGRAPH_CHARS
from app.main import create_app
from app.nlp.source_map import served
from tests.conftest import SEED_ID, SEEDS

SEED_TEXT = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
SENTENCE = "وزیر امور خارجه گفت: «ما آماده‌ایم.»\n"


def _sparse_20_mb(path: Path) -> None:
    """20 MB on disk in no time: a hole after a line of text (the size check comes first)."""
    with path.open("wb") as f:
        f.write(SENTENCE.encode())
        f.truncate(20 * 1024 * 1024)


def _one_line(chars: int) -> str:
    """The seed's paragraphs joined into one line, repeated to exactly ``chars`` characters."""
    line = " ".join(p.strip() for p in SEED_TEXT.splitlines() if p.strip())
    return ((line + " ") * (chars // len(line) + 1))[: chars - 1] + "."


# Right-to-left text with left-to-right words, every bidi control (LRM, RLM, embeddings,
# overrides, isolates) and C0 controls (bell, vertical tab, form feed) between words.
MIXED = (
    "\u200fسخنگوی\u200e وزارت خارجه \u202bدر نشست خبری\u202c گفت: «نشست \u2066OPEC\u2069 در "
    "\u202aNew York\u202c برگزار می‌شود.»\n"
    "وزیر\x07 نفت\x0b گفت که \u202dقیمت\u202e نفت \u2067بالا\u2069 \u2068می‌رود\u2069.\x0c\n"
)
# Control characters are served as spaces (a NUL or a bell in JSON breaks clients); bidi marks
# and embeddings are the text as written, and served with it.
INVISIBLE = {chr(c) for c in range(32)} | {chr(c) for c in range(0x7F, 0xA0)}

Write = Callable[[Path], None]


def _bytes(content: bytes) -> Write:
    return lambda path: path.write_bytes(content)


# name -> (how to write it, the skip reason, or None when it must be ingested)
CASES: dict[str, tuple[Write, str | None]] = {
    "binary.txt": (_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01"), "binary"),
    "latin1.txt": (_bytes("Café crème, déjà vu".encode("latin-1")), "not UTF-8"),
    "utf16-le-bom.txt": (_bytes(SENTENCE.encode("utf-16")), "UTF-16 byte order mark"),
    "utf16-be-bom.txt": (
        _bytes(b"\xfe\xff" + SENTENCE.encode("utf-16-be")),
        "UTF-16 byte order mark",
    ),
    "utf16-le-nobom.txt": (
        _bytes(SENTENCE.encode("utf-16-le")),
        "UTF-16 without a byte order mark",
    ),
    "utf16-be-nobom.txt": (
        _bytes(SENTENCE.encode("utf-16-be")),
        "UTF-16 without a byte order mark",
    ),
    "empty.txt": (_bytes(b""), "empty"),
    "whitespace.txt": (_bytes(b" \n\r\n\t\n \xc2\xa0\n"), "empty"),
    "invisible.txt": (_bytes("\u200c\u200f\n\u00ad\u200c\n\ufeff\n".encode()), "empty"),
    "controls.txt": (_bytes(b"\x07\x1b[31m" * 40 + SENTENCE.encode()), "binary"),
    "huge-20mb.txt": (_sparse_20_mb, "too large"),
    "line-over-limit.txt": (
        lambda p: p.write_text(_one_line(MAX_PARAGRAPH_CHARS + 1), encoding="utf-8"),
        "a paragraph of 100,001 characters",
    ),
    "utf8-bom.txt": (_bytes(b"\xef\xbb\xbf" + SEED_TEXT.encode()), None),
    "crlf.txt": (_bytes(SEED_TEXT.replace("\n", "\r\n").encode()), None),
    "bom-crlf.txt": (_bytes(b"\xef\xbb\xbf" + SEED_TEXT.replace("\n", "\r\n").encode()), None),
    "one-line-100k.txt": (
        lambda p: p.write_text(_one_line(MAX_PARAGRAPH_CHARS), encoding="utf-8"),
        None,
    ),
    "mixed-bidi-controls.txt": (_bytes(MIXED.encode()), None),
}


@contextmanager
def _serve(db_url: str, seeds_dir: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=db_url, seeds_dir=seeds_dir, log_level="WARNING"))
    with TestClient(app) as client:
        yield client
    app.state.db.dispose()


def _check_spans(article: dict[str, Any]) -> None:
    texts = {p["position"]: p["text"] for p in article["paragraphs"]}
    for quote in article["quotes"]:
        for name in ("mention", "cue", "content", "addressee"):
            span = quote[name]
            if span is not None:
                sliced = texts[quote["paragraph"]][span["start"] : span["end"]]
                assert sliced == span["text"], (quote["id"], name)


def _check_ingested(client: TestClient, article_id: str, name: str) -> dict[str, Any]:
    article = client.get(f"/v1/articles/{article_id}").json()
    assert article["paragraphs"], name
    for paragraph in article["paragraphs"]:
        assert not INVISIBLE & set(paragraph["text"]), (name, paragraph["position"])
        assert paragraph["text"] == paragraph["text"].strip()
    _check_spans(article)
    return article


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_seed(
    name: str, db_url: str, seeds_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write, reason = CASES[name]
    write(seeds_dir / name)
    with caplog.at_level(logging.WARNING, logger="goftar.ingest"), _serve(db_url, seeds_dir) as c:
        assert c.get("/readyz").json()["status"] == "ready"  # startup completed
        ids = [a["id"] for a in c.get("/v1/articles").json()["items"]]
        seed = _check_ingested(c, SEED_ID, SEED_ID)
        article_id = name.removesuffix(".txt")
        if reason is not None:
            assert ids == [SEED_ID]
            logged = [r.getMessage() for r in caplog.records if r.name == "goftar.ingest"]
            assert any(name in m and reason in m for m in logged), logged
            return
        assert sorted(ids) == sorted([SEED_ID, article_id])
        article = _check_ingested(c, article_id, name)
    if name in ("utf8-bom.txt", "crlf.txt", "bom-crlf.txt"):
        # The same text as the seed, served exactly as the seed is.
        assert article["paragraphs"] == seed["paragraphs"]
        assert len(article["quotes"]) == len(seed["quotes"]) == 16
    elif name == "one-line-100k.txt":
        [paragraph] = article["paragraphs"]
        assert len(paragraph["text"]) >= 99_000
        assert len(article["quotes"]) > 100
    else:
        first, second = (p["text"] for p in article["paragraphs"])
        # as written: bidi marks kept, each control character a space
        assert [first, second] == [served(line) for line in MIXED.split("\n") if line]
        assert "\u2066OPEC\u2069" in first and "\u202aNew York\u202c" in first
        assert "وزیر  نفت  گفت که" in second
        speakers = {q["speaker"]["name"] for q in article["quotes"]}
        assert {"سخنگوی وزارت خارجه", "وزیر نفت"} <= speakers, speakers
