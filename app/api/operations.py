"""The API's operations as its OpenAPI document lists them: which methods a path takes, which
query parameters an operation reads.

The document is the one place every route of every router is described, parameters included,
so answers about "this path" come from it: a 405 names every method of the path (its routes
can sit in several routers), and a query parameter no operation reads is refused instead of
being ignored (``sortt=date`` must not quietly return the default order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class _Path:
    pattern: re.Pattern[str]
    queries: dict[str, frozenset[str]]  # method → the query parameters it reads
    params: int  # path parameters: a path with fewer is more specific


def _table(app: Any) -> list[_Path]:
    table = getattr(app.state, "operations", None)
    if table is None:
        table = []
        for path, item in app.openapi()["paths"].items():
            pattern = re.compile(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)))
            queries = {
                method.upper(): frozenset(
                    p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
                )
                for method, operation in item.items()
            }
            table.append(_Path(pattern, queries, path.count("{")))
        app.state.operations = table
    return table


def _matching(app: Any, path: str) -> list[_Path]:
    """The documented paths ``path`` is, the most specific first: ``/v1/articles/export`` is
    the export, not an article's id."""
    found = [entry for entry in _table(app) if entry.pattern.fullmatch(path)]
    return sorted(found, key=lambda entry: entry.params)


def allowed_methods(app: Any, path: str) -> list[str]:
    """Every method the API documents at ``path`` (its most specific documented paths)."""
    found = _matching(app, path)
    methods: set[str] = set()
    for entry in found:
        if entry.params == found[0].params:
            methods |= entry.queries.keys()
    if "GET" in methods:
        methods.add("HEAD")  # answered wherever GET is (app/api/head.py), and not documented
    return sorted(methods)


def unknown_query(app: Any, method: str, path: str, names: set[str]) -> list[str]:
    """The query parameters of a request that its operation does not read."""
    method = "GET" if method == "HEAD" else method
    for entry in _matching(app, path):
        if method in entry.queries:
            return sorted(names - entry.queries[method])
    return []
