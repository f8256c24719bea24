"""The documentation pages work without internet: /docs and /redoc load every asset from the
app itself (issue 17: both were blank pages offline, their scripts on a CDN)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

# Every URL a page loads: script and style sources, icons, the document Swagger UI and ReDoc
# fetch (``url: '...'`` and ``spec-url``).
_REFERENCE = re.compile(r"""(?:src|href|spec-url)="([^"]*)"|\burl: '([^']*)'""")
_ABSOLUTE = re.compile(r"""(?:https?:)?//[^\s"'<>]+""")
EXPECTED_TYPES = {
    ".js": "javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".json": "application/json",
}


def _references(html: str) -> list[str]:
    return [a or b for a, b in _REFERENCE.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_everything_from_the_app(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert _ABSOLUTE.findall(html) == [], "the page names another host"
    assert "fonts.googleapis" not in html
    references = _references(html)
    assert any(r.endswith(".js") for r in references), references
    assert "/openapi.json" in references
    for url in references:
        assert url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 0, url
        kind = EXPECTED_TYPES[url[url.rfind(".") :]]
        assert kind in asset.headers["content-type"], (url, asset.headers["content-type"])


def test_redoc_finds_its_logo_beside_the_page(client: TestClient) -> None:
    """The bundled ReDoc loads its logo from ``location.pathname + "/logo-mini.svg"`` (the
    package rewrote a CDN address to that), so the file must answer under /redoc/."""
    bundle = client.get(_references(client.get("/redoc").text)[-1]).text
    assert 'window.location.pathname+"/logo-mini.svg"' in bundle
    assert "cdn.redoc.ly" not in bundle
    logo = client.get("/redoc/logo-mini.svg")
    assert logo.status_code == 200
    assert logo.headers["content-type"].startswith("image/svg")


def test_swagger_ui_is_told_not_to_call_the_online_validator(client: TestClient) -> None:
    assert '"validatorUrl": null' in client.get("/docs").text
