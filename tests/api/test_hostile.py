"""Hostile clients: floods, crafted cursors and bodies, odd headers, writes racing writes.

Each case is a fault an outside attack found (issue 12); each test failed on the code before
its fix. Concurrency goes through TestClient from many threads: each request runs on the
app's event loop as a real server would run it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.ingest import prepare
from app.main import create_app
from app.store import search_query, search_time
from tests.conftest import SEED_ID

API_KEY = "hostile-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
SPEAKER = "sp_2412c587a234"  # بشار اسد, in the seed


def _settings(db_url: str, seeds_dir: Path, **extra: Any) -> Settings:
    return Settings(
        database_url=db_url, seeds_dir=seeds_dir, log_level="WARNING", api_key=API_KEY, **extra
    )


@pytest.fixture
def app_client(db_url: str, seeds_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(db_url, seeds_dir)), raise_server_exceptions=False) as c:
        yield c


def _flood(client: TestClient, paths: list[str], connections: int) -> list[int]:
    """Every path requested at once by ``connections`` clients; the status codes."""
    with ThreadPoolExecutor(connections) as pool:
        return list(pool.map(lambda p: client.get(p).status_code, paths))


@pytest.mark.parametrize("connections", [64, 256])
def test_a_flood_of_reads_never_locks_the_pool(app_client: TestClient, connections: int) -> None:
    """On PostgreSQL, 48 concurrent requests to a sync route used to deadlock: every route
    thread waited for a pooled connection that a finished request held until a thread came
    free to close it. Every request is answered, and the probe right after."""
    paths = [f"/v1/speakers/{SPEAKER}", f"/v1/articles/{SEED_ID}/paragraphs", "/v1/speakers"]
    started = time.monotonic()
    codes = _flood(app_client, paths * (connections // 3 + 1), connections)
    assert set(codes) == {200}, sorted(set(codes))
    assert app_client.get("/readyz").status_code == 200
    assert time.monotonic() - started < 120  # a deadlock would only end by the pool timeout


def test_the_pool_never_waits_beyond_its_timeout(db_url: str, seeds_dir: Path) -> None:
    """A pool truly exhausted (its connections held outside the lanes) answers 503 with
    Retry-After after POOL_TIMEOUT, never a 500 or an endless wait."""
    app = create_app(_settings(db_url, seeds_dir, pool_timeout=0.2))
    with TestClient(app, raise_server_exceptions=False) as client:
        engine = app.state.db.engine
        held = [engine.connect() for _ in range(engine.pool.size())]
        try:
            response = client.get(f"/v1/articles/{SEED_ID}")
        finally:
            for conn in held:
                conn.close()
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] and "busy" in response.json()["detail"]
        assert client.get(f"/v1/articles/{SEED_ID}").status_code == 200


# ---- writes racing writes -------------------------------------------------------------------


def _self_consistent(article: dict[str, Any], sent: str) -> None:
    """The answer is one article: its paragraphs are the text this request sent, and every
    span slices its paragraph to its text."""
    texts = [p["text"] for p in article["paragraphs"]]
    assert len(texts) == len([line for line in sent.split("\n") if line.strip()]), article
    for q in article["quotes"]:
        paragraph = texts[q["paragraph"] - 1]
        for name in ("mention", "cue", "content", "addressee"):
            span = q[name]
            if span is not None:
                assert paragraph[span["start"] : span["end"]] == span["text"], (q, paragraph)


def test_a_storm_of_writes_deletes_and_reads(app_client: TestClient) -> None:
    """Writers PUT the same ids with texts of different lengths while others delete them and
    read them: no 5xx, and every write's answer is what that write stored (it was read after
    the commit, and could mix another writer's rows with its own, or fail on a delete)."""
    ids = [f"storm-{n}" for n in range(3)]
    texts = [
        "\n".join(f"سخنگوی شماره {m} گفت: جلسه {n} فردا برگزار می\u200cشود." for m in range(n))
        for n in range(1, 6)
    ]
    stop = time.monotonic() + 6
    failures: list[str] = []
    counts = {"writes": 0}

    def writer(k: int) -> None:
        n = k
        while time.monotonic() < stop:
            text = texts[n % len(texts)]
            r = app_client.put(f"/v1/articles/{ids[n % 3]}", json={"text": text}, headers=AUTH)
            n += 1
            if r.status_code >= 500 and r.status_code != 503:
                failures.append(f"PUT {r.status_code}: {r.text[:200]}")
            elif r.status_code in (200, 201):
                counts["writes"] += 1
                try:
                    _self_consistent(r.json(), text)
                except AssertionError as exc:
                    failures.append(f"PUT answer: {exc}"[:300])

    def deleter(k: int) -> None:
        while time.monotonic() < stop:
            r = app_client.delete(f"/v1/articles/{ids[k % 3]}", headers=AUTH)
            if r.status_code not in (204, 404, 503):
                failures.append(f"DELETE {r.status_code}: {r.text[:200]}")
            k += 1

    def reader(k: int) -> None:
        while time.monotonic() < stop:
            r = app_client.get(f"/v1/articles/{ids[k % 3]}")
            if r.status_code not in (200, 404):
                failures.append(f"GET {r.status_code}: {r.text[:200]}")
            k += 1

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(16)]
    threads += [threading.Thread(target=f, args=(k,)) for f in (deleter, reader) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures[:5]
    assert counts["writes"] > 16


# ---- crafted input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cursor",
    [
        "WyJcdWQ4MDAiLCAxLCAxXQ",  # ["\ud800", 1, 1]: a lone surrogate
        "WyJhXHUwMDAwYiIsMSwxXQ",  # ["a\u0000b", 1, 1]: NUL
        "W1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1tbW1td",  # nesting
    ],
)
def test_crafted_cursors_are_400(app_client: TestClient, cursor: str) -> None:
    for path in (f"/v1/speakers/{SPEAKER}/quotes", "/v1/quotes"):
        response = app_client.get(path, params={"cursor": cursor})
        assert response.status_code == 400, response.text
        assert response.json()["detail"] == "cursor is not one this API gave out"


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,  # RecursionError in json.loads
        b'{"text": ' + b"1" * 5_000 + b"}",  # ValueError: more than 4,300 digits
        b'{"text": "a", "title": ' + b"9" * 400 + b"}",
    ],
    ids=["nested", "long-integer", "long-integer-title"],
)
def test_crafted_json_bodies_are_422(app_client: TestClient, raw: bytes) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    response = app_client.post("/v1/articles", content=raw, headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_405_names_every_method_of_the_resource(app_client: TestClient) -> None:
    """Reads and writes of an article are routes of two routers: Allow names them all, and
    HEAD wherever GET is (app/api/head.py answers it)."""
    response = app_client.request("PATCH", f"/v1/articles/{SEED_ID}")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, HEAD, PUT"
    assert "PATCH" in response.json()["detail"]
    assert app_client.request("PATCH", "/v1/articles").headers["allow"] == "GET, HEAD, POST"
    assert app_client.request("PUT", "/healthz").headers["allow"] == "GET, HEAD"


def test_two_authorization_headers_are_refused(app_client: TestClient) -> None:
    headers = [("Authorization", "Bearer wrong"), ("Authorization", f"Bearer {API_KEY}")]
    response = app_client.put(
        "/v1/articles/two-keys", json={"text": "وزیر گفت: بله."}, headers=headers
    )
    assert response.status_code == 400, response.text
    assert "one Authorization header" in response.json()["detail"]
    assert app_client.get("/v1/articles/two-keys").status_code == 404


def test_allowed_hosts(db_url: str, seeds_dir: Path) -> None:
    body = {"text": "وزیر گفت: بله."}
    with TestClient(create_app(_settings(db_url, seeds_dir))) as client:  # off by default
        r = client.put("/v1/articles/h1", json=body, headers={**AUTH, "Host": "evil.example"})
        assert r.headers["location"] == "http://evil.example/v1/articles/h1"
    app = create_app(_settings(db_url, seeds_dir, allowed_hosts="api.example.org,*.goftar.ir"))
    with TestClient(app, base_url="http://api.example.org") as client:
        r = client.put("/v1/articles/h2", json=body, headers=AUTH)
        assert r.headers["location"] == "http://api.example.org/v1/articles/h2"
        assert client.get("/healthz", headers={"Host": "a.goftar.ir:8000"}).status_code == 200
        refused = client.get("/healthz", headers={"Host": "evil.example"})
        assert refused.status_code == 400
        assert refused.headers["content-type"] == "application/problem+json"
        assert "Host" in refused.json()["detail"] and refused.headers["x-request-id"]


def test_a_client_that_leaves_mid_body_is_an_info_line(
    app_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Starlette raises ClientDisconnect while the body is read: nothing happened, so it is
    logged as such, not as an unhandled 500."""
    app = app_client.app
    sent: list[dict[str, Any]] = []
    body = iter([
        {"type": "http.request", "body": b'{"text": "', "more_body": True},
        {"type": "http.disconnect"},
    ])  # fmt: skip

    async def receive() -> dict[str, Any]:
        return next(body)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT",
        "scheme": "http", "path": "/v1/articles/gone", "raw_path": b"/v1/articles/gone",
        "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1), "server": ("t", 80),
        "headers": [(b"authorization", f"Bearer {API_KEY}".encode()),
                    (b"content-type", b"application/json"), (b"host", b"t")],
    }  # fmt: skip
    with caplog.at_level(logging.INFO):
        app_client.portal.call(app, scope, receive, send)  # type: ignore[union-attr]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    assert any("disconnected" in r.getMessage() for r in caplog.records)
    assert app_client.get("/v1/articles/gone").status_code == 404


# ---- slow work never takes what reads need ----------------------------------------------------


def test_the_annotators_are_ready_when_the_server_is(app_client: TestClient) -> None:
    """Built at startup: the first write does not wait for hazm's objects to be made."""
    annotators = app_client.app.state.annotators  # type: ignore[attr-defined]
    executor = prepare.Annotators._shared[annotators.processes]
    processes = getattr(executor, "_processes", None) or {}
    assert annotators.processes == 0 or len(processes) == annotators.processes
    assert all(p.is_alive() for p in processes.values())


def test_slow_writes_leave_reads_their_threads(app_client: TestClient, monkeypatch) -> None:
    """While every annotator is busy with a long article (here: held until released), reads
    answer at once, and a write beyond the annotators' queue is a 503 with Retry-After."""
    import anyio

    release = threading.Event()

    async def held(self, fn, *args):  # type: ignore[no-untyped-def]
        while not release.is_set():
            await anyio.sleep(0.01)
        return fn(*args)

    monkeypatch.setattr(prepare.Annotators, "_run", held)
    annotators = app_client.app.state.annotators  # type: ignore[attr-defined]
    body = {"text": "وزیر گفت: بله."}
    with ThreadPoolExecutor(annotators._slots) as pool:
        writes = [
            pool.submit(app_client.put, f"/v1/articles/slow-{n}", json=body, headers=AUTH)
            for n in range(annotators._slots)
        ]
        deadline = time.monotonic() + 30
        while annotators._in_flight < annotators._slots and time.monotonic() < deadline:
            time.sleep(0.01)
        assert annotators._in_flight == annotators._slots
        for path in (f"/v1/articles/{SEED_ID}", "/v1/quotes", "/readyz", "/v1/search?q=اسد"):
            assert app_client.get(path).status_code == 200, path
        refused = app_client.put("/v1/articles/one-more", json=body, headers=AUTH)
        assert refused.status_code == 503 and refused.headers["retry-after"]
        release.set()
        assert sorted(w.result().status_code for w in writes) == [201] * annotators._slots


def test_slow_searches_leave_reads_their_threads(app_client: TestClient, monkeypatch) -> None:
    """Searches run in a lane of their own: while each of its threads is held by a costly
    search, the other routes answer at once."""
    release = threading.Event()
    search = search_query.ranked

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(30)
        return search(*args, **kwargs)

    monkeypatch.setattr(search_query, "ranked", held)
    lanes = app_client.app.state.db._sizes  # type: ignore[attr-defined]
    with ThreadPoolExecutor(lanes["search"] + lanes["read"]) as pool:
        searches = [
            pool.submit(app_client.get, "/v1/search", params={"q": "سوریه"})
            for _ in range(lanes["search"] + lanes["read"])
        ]
        time.sleep(0.5)  # every search thread is held now, and searches wait for them
        for path in (f"/v1/articles/{SEED_ID}", f"/v1/speakers/{SPEAKER}/quotes", "/readyz"):
            assert app_client.get(path).status_code == 200, path
        release.set()
        assert {s.result().status_code for s in searches} == {200}


# ---- costly searches ----------------------------------------------------------------------------


def test_repeated_terms_count_once(app_client: TestClient) -> None:
    one = app_client.get("/v1/search", params={"q": "سوریه"}).json()
    repeated = app_client.get("/v1/search", params={"q": " OR ".join(["سوریه"] * 110)})
    assert repeated.status_code == 200
    assert repeated.json() == one


@pytest.mark.parametrize(
    ("q", "words"),
    [
        (" OR ".join(f"واژه{n}" for n in range(17)), "at most 16"),
        ("سور* اسد* ایر*", "at most 2"),
        ("س* اسد", "at least 2 letters"),
    ],
)
def test_costly_queries_are_400_naming_the_limit(
    app_client: TestClient, q: str, words: str
) -> None:
    response = app_client.get("/v1/search", params={"q": q})
    assert response.status_code == 400, response.text
    assert words in response.json()["detail"]


def test_a_search_past_its_time_limit_is_stopped(db: Any) -> None:
    """A statement under the search's time limit is stopped there (SQLite's progress handler,
    PostgreSQL's statement_timeout); the connection is left as it was."""
    slow = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
        "SELECT count(*) FROM n"
        if db.dialect == "sqlite"
        else "SELECT pg_sleep(10)"
    )
    with db.connect() as conn:
        started = time.monotonic()
        with pytest.raises(search_time.SearchTimeout), search_time.time_limit(conn, 100):
            conn.exec_driver_sql(slow)
        assert time.monotonic() - started < 5
        conn.rollback()
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1


def test_a_stopped_search_is_503(app_client: TestClient, monkeypatch) -> None:
    def too_slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise search_time.SearchTimeout("the search took longer than 2000 ms")

    monkeypatch.setattr(search_query, "ranked", too_slow)
    response = app_client.get("/v1/search", params={"q": "سوریه"})
    assert response.status_code == 503 and response.headers["retry-after"]
    assert "longer than" in response.json()["detail"]
    assert json.loads(response.text)["status"] == 503


def test_connections_killed_under_load_still_get_answers(
    app_client: TestClient, db_url: str
) -> None:
    """The app's connections end again and again while reads and writes run (PostgreSQL:
    their backends terminated, as by a restart or an administrator; SQLite, whose connections
    nobody else can end: the pool emptied and closed): every request gets an answer, a
    success or a 503 problem; none is dropped, none is a 500, and a write answered 201 is
    stored."""
    from tests.api.test_data_path import _kill_connections

    engine = app_client.app.state.db.engine  # type: ignore[attr-defined]

    stop = time.monotonic() + 5
    answers: list[tuple[str, int, str]] = []

    def load(k: int) -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            if k % 2:
                r = app_client.put(
                    f"/v1/articles/kill-{k}-{n}", json={"text": "وزیر گفت: بله."}, headers=AUTH
                )
                answers.append((f"kill-{k}-{n}", r.status_code, r.text[:200]))
            else:
                r = app_client.get(f"/v1/speakers/{SPEAKER}/quotes")
                answers.append(("", r.status_code, r.text[:200]))

    threads = [threading.Thread(target=load, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    while time.monotonic() < stop:
        if db_url.startswith("sqlite"):
            engine.pool.dispose()  # closing a connection in use would crash SQLite itself
        else:
            _kill_connections(app_client, db_url)
        time.sleep(0.2)
    for t in threads:
        t.join()
    bad = [a for a in answers if a[1] not in (200, 201, 503)]
    assert not bad, bad[:5]
    assert any(a[1] == 200 for a in answers)
    for article_id, status, _ in answers:
        if status == 201:
            assert app_client.get(f"/v1/articles/{article_id}").status_code == 200, article_id
