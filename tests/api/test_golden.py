"""The JSON the read routes send, byte for byte, over the seed and articles written like
news (``tests/data/golden/articles``: seed files, one with front matter, and a JSON Lines
file): a refactoring of the data path must not change a byte.

``tests/data/golden/responses.json`` maps each request to the body it answered when the
file was written. A deliberate change of a shape (a new field, another annotator version)
rewrites it with ``GOFTAR_GOLDEN_UPDATE=1 pytest tests/api/test_golden.py`` and the diff is
reviewed like code.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.conftest import DATA, SEEDS

GOLDEN = DATA / "golden"
RESPONSES = GOLDEN / "responses.json"


def _pages(client: TestClient, path: str) -> Iterator[tuple[str, str]]:
    """The first page and every page after it, by the cursors the API gives."""
    url = path
    while True:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text)
        yield url, response.text
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return
        url = f"{path}{'&' if '?' in path else '?'}cursor={cursor}"


def _responses(client: TestClient) -> dict[str, str]:
    out: dict[str, str] = {}
    out.update(_pages(client, "/v1/articles?limit=2"))
    articles = [a["id"] for a in client.get("/v1/articles?limit=100").json()["items"]]
    for article_id in articles:
        body = client.get(f"/v1/articles/{article_id}")
        out[f"/v1/articles/{article_id}"] = body.text
        out.update(_pages(client, f"/v1/articles/{article_id}/paragraphs?limit=2"))
        for paragraph in body.json()["paragraphs"]:
            path = f"/v1/articles/{article_id}/paragraphs/{paragraph['position']}"
            out[path] = client.get(path).text
        out.update(_pages(client, f"/v1/quotes?article={article_id}"))
    out.update(_pages(client, "/v1/quotes?limit=3"))
    out.update(_pages(client, "/v1/quotes?kind=direct&limit=4"))
    out.update(_pages(client, "/v1/speakers?limit=3"))
    out.update(_pages(client, "/v1/speakers?q=%D8%B8%D8%B1%DB%8C%D9%81"))  # ظریف
    speakers = [s["id"] for s in client.get("/v1/speakers?limit=100").json()["items"]]
    for speaker_id in speakers:
        out[f"/v1/speakers/{speaker_id}"] = client.get(f"/v1/speakers/{speaker_id}").text
        out.update(_pages(client, f"/v1/speakers/{speaker_id}/quotes?limit=2"))
    return out


@pytest.fixture
def golden_client(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    seeds = tmp_path / "golden-seeds"
    shutil.copytree(GOLDEN / "articles", seeds)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, seeds / seed.name)
    app = create_app(Settings(database_url=db_url, seeds_dir=seeds, log_level="WARNING"))
    with TestClient(app) as client:
        yield client


def test_read_routes_answer_the_golden_bytes(golden_client: TestClient) -> None:
    got = _responses(golden_client)
    if os.environ.get("GOFTAR_GOLDEN_UPDATE") == "1":
        RESPONSES.write_text(json.dumps(got, ensure_ascii=False, indent=0) + "\n", "utf-8")
    want = json.loads(RESPONSES.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(want)
    for path, body in want.items():
        assert got[path] == body, path
