"""The OpenAPI document as client generators and linters read it: named operations, one
component per shared shape, and reads that say they need no key.

FastAPI builds the document from the routes; this module adds what it can't infer:

- ``operationId``: the route function's name (``get_article``), not FastAPI's default of name,
  path and method (``get_article_v1_articles__article_id__get``), which generators turn into
  function names nobody would type. A route may still set its own ``operation_id=``.
- ``components.schemas``: shapes routes name by ``$ref`` only (``Problem`` in every error
  response, ``ArticleIn`` in the write bodies), which FastAPI does not see through a ``$ref``.
- ``security: []`` on every GET: reads are open, writes declare the bearer scheme.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from app.edit_schemas import MergeIn, SpeakerEdit, SplitIn
from app.schemas import ArticleIn, Problem

COMPONENTS: list[type[BaseModel]] = [Problem, ArticleIn, MergeIn, SplitIn, SpeakerEdit]
# The licence of the API as the document states it. PLACEHOLDER: the project has not declared
# one (pyproject.toml names none); the owner must choose it and replace this.
LICENSE = {"name": "UNLICENSED (placeholder: no licence has been chosen yet)"}
SERVERS = [{"url": "/", "description": "This server"}]


def operation_id(route: Any) -> str:
    """``generate_unique_id_function`` of the app: the route function's name."""
    return str(route.name)


def _refine(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in COMPONENTS:
        schemas.setdefault(model.__name__, model.model_json_schema())
    for item in document.get("paths", {}).values():
        read = item.get("get")
        if read is not None:
            read.setdefault("security", [])


def install(app: FastAPI) -> None:
    """Have ``app.openapi()`` return the refined document (built once, then cached)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            _refine(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
