"""Request ids, access lines, CORS, ETags and the problems that database states answer."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DBAPIError, OperationalError

from app.api.caching import none_match
from app.api.deps import encode_cursor
from app.config import Settings
from app.db import storage_condition
from app.logs import RequestIdFilter
from app.main import create_app
from tests.conftest import SEED_ID

HEX_ID = re.compile(r"[0-9a-f]{32}")


def test_request_id_is_made_or_echoed(client: TestClient) -> None:
    made = client.get("/healthz").headers["x-request-id"]
    assert HEX_ID.fullmatch(made)
    assert client.get("/healthz").headers["x-request-id"] != made
    sane = "req-1.A_b"
    assert client.get("/healthz", headers={"X-Request-ID": sane}).headers["x-request-id"] == sane
    for insane in ("has space", "x" * 129, "semi;colon", "\xe9".encode("latin-1"), ""):
        echoed = client.get("/healthz", headers={"X-Request-ID": insane}).headers["x-request-id"]
        assert HEX_ID.fullmatch(echoed), insane
    # Errors carry one too, from the router's 404 and from a validation error.
    assert HEX_ID.fullmatch(client.get("/nowhere").headers["x-request-id"])
    assert HEX_ID.fullmatch(client.get("/v1/quotes?limit=0").headers["x-request-id"])


def test_access_line_per_request(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="goftar.access"):
        client.get(f"/v1/articles/{SEED_ID}", headers={"X-Request-ID": "trace-42"})
        client.get("/v1/articles/nope%0Aforged line")
    ok, missing = [r for r in caplog.records if r.name == "goftar.access"]
    assert ok.levelno == logging.INFO
    assert ok.getMessage().startswith(f"GET /v1/articles/{SEED_ID} 200 ")
    assert ok.getMessage().endswith("ms")
    assert ok.request_id == "trace-42"  # type: ignore[attr-defined]
    # A newline in the path is escaped: one request, one line.
    assert missing.getMessage().startswith("GET /v1/articles/nope\\x0aforged line 404 ")


def test_lines_logged_while_serving_name_the_request(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/chatty")
    def chatty() -> dict[str, str]:
        logging.getLogger("goftar.test").warning("inside the route")
        return {}

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("goftar.test")
    logger.addHandler(handler)
    try:
        with TestClient(app) as c:
            c.get("/chatty", headers={"X-Request-ID": "abc"})
        logger.warning("outside any request")
    finally:
        logger.removeHandler(handler)
    assert [r.request_id for r in records] == ["abc", "-"]  # type: ignore[attr-defined]


def _app_with_failures(settings: Settings) -> FastAPI:
    """The real app plus routes that fail the ways a database or a bug can."""
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("SELECT secret FROM internals")

    def db_error(message: str, code: int) -> OperationalError:
        import sqlite3

        orig = sqlite3.OperationalError(message)
        orig.sqlite_errorcode = code  # type: ignore[attr-defined]
        return OperationalError("INSERT INTO article VALUES (?)", {}, orig)

    @app.post("/readonly")
    def readonly() -> None:
        raise db_error("attempt to write a readonly database", 8)

    @app.post("/full")
    def full() -> None:
        raise db_error("database or disk is full", 13)

    @app.post("/other-db-error")
    def other() -> None:
        raise db_error("no such table: secret_table", 1)

    return app


@pytest.fixture
def failing(settings: Settings) -> Iterator[TestClient]:
    app = _app_with_failures(settings)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.db.dispose()


def test_500_names_the_request_and_hides_internals(
    failing: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="goftar.api"):
        response = failing.get("/boom", headers={"X-Request-ID": "r-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "r-500"
    assert "r-500" in response.json()["detail"]
    assert "SELECT" not in response.text and "Traceback" not in response.text
    [record] = [r for r in caplog.records if r.name == "goftar.api"]
    assert "r-500" in record.getMessage() and record.exc_info is not None
    assert record.request_id == "r-500"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "status", "word"),
    [("/readonly", 503, "read-only"), ("/full", 507, "no space"), ("/other-db-error", 500, "")],
)
def test_database_states_are_clear_problems(
    failing: TestClient, path: str, status: int, word: str
) -> None:
    response = failing.post(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert word in response.json()["detail"]
    for secret in ("INSERT", "readonly database", "disk is full", "secret_table", "Traceback"):
        assert secret not in response.text
    assert ("retry-after" in response.headers) == (status == 503)


def test_nul_in_the_url_is_a_400_problem(client: TestClient) -> None:
    for url in (
        "/v1/articles/%00",
        f"/v1/articles/{SEED_ID}%00/paragraphs",
        "/v1/quotes?article=a%00b",
        "/v1/speakers?q=%00",
        "/v1/search?q=x%00y",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.headers["content-type"] == "application/problem+json"
        assert "NUL" in response.json()["detail"]


def test_cursor_integers_beyond_32_bits_are_400(client: TestClient) -> None:
    """PostgreSQL refused these as parameters of INTEGER columns (a 500 before)."""
    cases = {
        "/v1/speakers": [encode_cursor([2**40, "sp"]), encode_cursor([-(2**31) - 1, "sp"])],
        "/v1/quotes": [encode_cursor(["a", 2**31, 0]), encode_cursor(["a", 1, 2**40])],
        f"/v1/articles/{SEED_ID}/paragraphs": [encode_cursor([2**31])],
        "/v1/search?q=سوریه": [encode_cursor([2**31])],
    }
    for url, cursors in cases.items():
        for cursor in cursors:
            sep = "&" if "?" in url else "?"
            response = client.get(f"{url}{sep}cursor={cursor}")
            assert response.status_code == 400, (url, cursor, response.text)


# --- CORS -------------------------------------------------------------------------------


def test_cors_is_off_by_default(client: TestClient) -> None:
    response = client.get("/v1/articles", headers={"Origin": "https://evil.example"})
    assert not any(h.startswith("access-control-") for h in response.headers)


@pytest.mark.parametrize(
    "raw", ["https://a.example, https://b.example", '["https://a.example", "https://b.example"]']
)
def test_cors_origins_setting_forms(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", raw)
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]
    monkeypatch.setenv("CORS_ORIGINS", "")
    assert Settings().cors_origins == []


def test_cors_when_configured(db_url: str, seeds_dir: Path) -> None:
    settings = Settings(
        database_url=db_url,
        seeds_dir=seeds_dir,
        log_level="WARNING",
        cors_origins=["https://a.example"],
    )
    app = create_app(settings)
    with TestClient(app) as c:
        got = c.get(f"/v1/articles/{SEED_ID}", headers={"Origin": "https://a.example"})
        assert got.headers["access-control-allow-origin"] == "https://a.example"
        exposed = got.headers["access-control-expose-headers"].lower().split(",")
        assert {h.strip() for h in exposed} == {"x-request-id", "etag"}
        other = c.get("/v1/articles", headers={"Origin": "https://b.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = c.options(
            "/v1/articles",
            headers={
                "Origin": "https://a.example",
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        assert preflight.status_code == 200
        methods = preflight.headers["access-control-allow-methods"]
        assert {m.strip() for m in methods.split(",")} == {"GET", "POST", "PUT", "PATCH", "DELETE"}
        assert HEX_ID.fullmatch(preflight.headers["x-request-id"])
        refused = c.options(
            "/v1/articles",
            headers={"Origin": "https://a.example", "Access-Control-Request-Method": "TRACE"},
        )
        assert refused.status_code == 400
        assert refused.headers["content-type"] == "application/problem+json"
        assert "method" in refused.json()["detail"]
    app.state.db.dispose()


# --- ETag and Cache-Control ---------------------------------------------------------------

SPEAKER = "sp_2412c587a234"
# Every GET of /v1: its JSON goes out through one helper (app/api/caching.json_response).
CACHED_URLS = [
    "/v1/articles?limit=1",
    "/v1/speakers?limit=2",
    "/v1/quotes?limit=2",
    "/v1/search?q=%D8%B3%D9%88%D8%B1%DB%8C%D9%87",
    f"/v1/articles/{SEED_ID}",
    f"/v1/articles/{SEED_ID}/paragraphs?limit=3",
    f"/v1/articles/{SEED_ID}/paragraphs/7",
    f"/v1/speakers/{SPEAKER}",
    f"/v1/speakers/{SPEAKER}/quotes?limit=2",
    f"/v1/speakers/{SPEAKER}/timeline",
    "/v1/speaker-overrides",
]


def test_cached_reads_answer_304_when_the_tag_matches(client: TestClient) -> None:
    for url in CACHED_URLS:
        first = client.get(url)
        assert first.status_code == 200, url
        etag = first.headers["etag"]
        assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
        assert first.headers["cache-control"] == "public, max-age=60"
        for header in (etag, f"W/{etag}", f'"other", {etag}', f'W/"a,b", W/{etag} ', "*"):
            again = client.get(url, headers={"If-None-Match": header})
            assert again.status_code == 304, (url, header)
            assert again.content == b""
            assert again.headers["etag"] == etag
            assert again.headers["cache-control"] == "public, max-age=60"
        for header in ('"other"', "garbage", etag.strip('"'), f'{etag[:-2]}"'):
            assert client.get(url, headers={"If-None-Match": header}).status_code == 200
        assert client.get(url).json() == first.json()
    missing = client.get("/v1/articles/nope", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "etag" not in missing.headers


def test_cached_reads_document_their_headers(client: TestClient) -> None:
    """If-None-Match is read from the request, not declared: the docs must still show it,
    and the ETag and 304 it leads to, on every GET of /v1 but the streamed exports."""
    paths = client.get("/openapi.json").json()["paths"]
    documented = {
        path
        for path, item in paths.items()
        if "get" in item
        and "If-None-Match" in [p["name"] for p in item["get"].get("parameters", [])]
        and "ETag" in item["get"]["responses"]["200"].get("headers", {})
        and "304" in item["get"]["responses"]
    }
    expected = {url.split("?")[0].replace(SEED_ID, "{article_id}") for url in CACHED_URLS}
    expected = {u.replace(SPEAKER, "{speaker_id}").replace("/7", "/{position}") for u in expected}
    assert documented == expected
    json_gets = {p for p, item in paths.items() if "get" in item and p.startswith("/v1")}
    assert json_gets - documented == {"/v1/quotes/export", "/v1/articles/export"}


def test_etag_follows_the_resource(client: TestClient, seeds_dir: Path) -> None:
    from app.ingest import ingest_dir

    before = {url: client.get(url).headers["etag"] for url in CACHED_URLS}
    again = {url: client.get(url).headers["etag"] for url in CACHED_URLS}
    assert again == before  # stable while nothing changes
    path = seeds_dir / f"{SEED_ID}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = "بشار اسد گفت: " + lines[0]  # a new first quote, every page shifts
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest_dir(client.app.state.db, seeds_dir, 2_000_000)  # type: ignore[attr-defined]
    assert summary.replaced == [SEED_ID]
    after = {url: client.get(url).headers["etag"] for url in CACHED_URLS}
    changed = [url for url in CACHED_URLS if after[url] != before[url]]
    assert f"/v1/articles/{SEED_ID}" in changed and f"/v1/speakers/{SPEAKER}" in changed
    old = client.get(f"/v1/articles/{SEED_ID}", headers={"If-None-Match": before[CACHED_URLS[0]]})
    assert old.status_code == 200


@pytest.mark.parametrize(
    ("header", "sent"),
    [
        (None, True),
        ('"abc"', False),
        ('W/"abc"', False),
        (' "x" , W/"abc" ', False),
        ("*", False),
        ('"abcd"', True),
        ("abc", True),  # not quoted: not an entity tag
        ('"x", junk, "abc"', True),  # unparsable list: send the body
        ('"a,bc"', True),
        ("", True),
    ],
)
def test_if_none_match_parsing(header: str | None, sent: bool) -> None:
    assert none_match(header, '"abc"') is sent


def _sqlite_error(code: int) -> OperationalError:
    import sqlite3

    orig = sqlite3.OperationalError("…")
    orig.sqlite_errorcode = code  # type: ignore[attr-defined]
    return OperationalError("SELECT 1", {}, orig)


def _pg_error(cls: type[Exception]) -> DBAPIError:
    return DBAPIError("SELECT 1", {}, cls("…"))


@pytest.mark.parametrize(
    ("exc", "condition"),
    [
        (_sqlite_error(8), "read-only"),
        (_sqlite_error(8 | 1 << 8), "read-only"),  # SQLITE_READONLY_RECOVERY: extended code
        (_sqlite_error(13), "full"),
        (_sqlite_error(5), "busy"),
        (_sqlite_error(6), "busy"),
        (_sqlite_error(14), "unavailable"),  # SQLITE_CANTOPEN
        (_sqlite_error(1), None),  # a bad statement is a bug: 500
        (_sqlite_error(19), None),  # a constraint
        (_pg_error(psycopg.errors.ReadOnlySqlTransaction), "read-only"),
        (_pg_error(psycopg.errors.DiskFull), "full"),
        (_pg_error(psycopg.errors.LockNotAvailable), "busy"),
        (_pg_error(psycopg.errors.AdminShutdown), "unavailable"),
        (_pg_error(psycopg.errors.ConnectionFailure), "unavailable"),
        (_pg_error(psycopg.OperationalError), "unavailable"),  # client side: no SQLSTATE
        (_pg_error(psycopg.errors.UniqueViolation), None),
        (_pg_error(psycopg.errors.UndefinedTable), None),
        (RuntimeError("not a database error"), None),
    ],
)
def test_storage_condition(exc: BaseException, condition: str | None) -> None:
    assert storage_condition(exc) == condition


def test_postgresql_down_is_503(seeds_dir: Path) -> None:
    """A server that is gone (nothing listens on the port): reads are 503, not 500."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free now, and nothing will listen there
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/goftar"
    app = create_app(Settings(database_url=url, seeds_dir=seeds_dir, startup_tasks=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"/v1/articles/{SEED_ID}")
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "unavailable" in response.json()["detail"]
        assert str(port) not in response.text
        assert client.get("/readyz").json()["database"] is False
    app.state.db.dispose()
