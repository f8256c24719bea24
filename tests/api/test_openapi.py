"""The OpenAPI document as client generators, linters and Swagger UI read it (issue 17)."""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

PROBLEM = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PERSIAN = re.compile("[\u0600-\u06ff]")
METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The document itself needs no database: built once for the module."""
    folder = tmp_path_factory.mktemp("spec")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'db'}", log_level="WARNING"))
    return app.openapi()


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def _example(param: dict[str, Any]) -> Any:
    examples = param.get("examples") or {}
    return next(iter(examples.values()))["value"] if examples else None


def example_url(path: str, op: dict[str, Any]) -> str:
    """The operation's URL with each parameter set to its first documented example."""
    query = []
    for param in op.get("parameters", []):
        value = _example(param)
        if value is None:
            continue
        if param["in"] == "path":
            path = path.replace("{" + param["name"] + "}", quote(str(value), safe=""))
        elif param["in"] == "query":
            query.append(f"{param['name']}={quote(str(value), safe='')}")
    return path + ("?" + "&".join(query) if query else "")


def test_operation_ids_are_the_route_names(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in _operations(spec)]
    assert len(ids) == len(set(ids)), ids
    for op_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", op_id), op_id
        assert "v1" not in op_id and not op_id.endswith(tuple(f"_{m}" for m in METHODS)), op_id
    assert spec["paths"]["/v1/articles/{article_id}"]["get"]["operationId"] == "get_article"
    assert spec["paths"]["/v1/search"]["get"]["operationId"] == "search"


def test_every_error_response_names_the_one_problem_component(spec: dict[str, Any]) -> None:
    problem = spec["components"]["schemas"]["Problem"]
    assert {"title", "status", "detail"} <= set(problem["required"])
    details: dict[int, set[str]] = {}
    for method, path, op in _operations(spec):
        for status, response in op["responses"].items():
            if int(status) < 400 or (path, status) == ("/readyz", "503"):  # a Ready body
                continue
            where = (method, path, status)
            assert set(response["content"]) == {PROBLEM}, where
            content = response["content"][PROBLEM]
            assert content["schema"] == PROBLEM_REF, where
            example = content["example"]
            assert example["status"] == int(status), where
            assert example["title"] == HTTPStatus(int(status)).phrase, where
            assert example["detail"], where
            details.setdefault(int(status), set()).add(example["detail"])
    assert set(details) >= {400, 401, 403, 404, 409, 413, 415, 422, 503, 507}
    assert len({d for ds in details.values() for d in ds}) >= len(details)  # not one body
    # No copy of the schema inlined anywhere else.
    assert json.dumps(spec["paths"]).count('"title": "Problem"') == 0


def test_every_parameter_is_described_and_ids_and_words_have_examples(
    spec: dict[str, Any],
) -> None:
    for method, path, op in _operations(spec):
        for param in op.get("parameters", []):
            where = (method, path, param["name"])
            assert param.get("description"), where
            if param["in"] == "path" or param["name"] in ("q", "speaker", "article", "kind"):
                assert _example(param) is not None, where
    for path in ("/v1/search", "/v1/speakers"):
        q = next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "q")
        assert all(PERSIAN.search(e["value"]) for e in q["examples"].values()), path
    body = spec["paths"]["/v1/articles"]["post"]["requestBody"]["content"]
    for example in body["application/json"]["examples"].values():
        assert PERSIAN.search(example["value"]["text"])
    assert PERSIAN.search(body["text/plain"]["example"])


def test_reads_need_no_key_and_the_document_names_servers_and_a_licence(
    spec: dict[str, Any],
) -> None:
    for method, path, op in _operations(spec):
        if method == "get":
            assert op["security"] == [], path
        else:
            assert op["security"] == [{"bearer": []}], (method, path)
    assert spec["servers"] and spec["servers"][0]["url"] == "/"
    assert spec["info"]["license"]["name"]


def test_the_documented_examples_answer(client: TestClient) -> None:
    """Swagger UI's "Try it out" sends the examples: each read answers with data."""
    spec = client.get("/openapi.json").json()
    for method, path, op in _operations(spec):
        if method != "get":
            continue
        url = example_url(path, op)
        assert client.get(url).status_code == 200, url


_VARY = {"x-request-id"}


def test_head_answers_every_read_as_get_does_without_a_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    urls = [example_url(p, op) for m, p, op in _operations(spec) if m == "get"]
    urls += ["/v1/articles/nope", "/openapi.json", "/docs", "/redoc"]
    for url in urls:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code, url
        assert head.content == b"", url
        same = {k: v for k, v in got.headers.items() if k not in _VARY}
        assert {k: v for k, v in head.headers.items() if k not in _VARY} == same, url
        if "etag" in got.headers:
            again = client.head(url, headers={"If-None-Match": got.headers["etag"]})
            assert again.status_code == 304, url
    assert client.head("/v1/articles/nope").headers["content-type"] == PROBLEM
