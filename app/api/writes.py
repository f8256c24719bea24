"""Writing articles: POST, PUT and DELETE under /v1/articles, behind the bearer guard.

A written article goes the seed ingester's way: annotated (in one of the server's annotator
processes, ``app/ingest/prepare.py``), then stored in one transaction with its search entries
(``app/store/write.py``), so it is searchable as soon as the response is sent. The answer is
the JSON that transaction stored, not a read after it, so a concurrent write can't mix into it.
It is stored with ``source = "api"``: the seed ingester never replaces or removes it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response

from app.api.articles import ArticleId
from app.api.auth import require_writer
from app.api.deps import annotators_of, db_of
from app.api.errors import ApiError, NotFound, responses
from app.api.write_body import JSON, TEXT, ArticleBody
from app.ids import RESERVED_IDS, WRITE_ID_PATTERN
from app.nlp import ANNOTATOR_VERSION
from app.schemas import ArticleIn, ArticleOut
from app.store import write
from app.store.rows import META_FIELDS, ArticleRows, Metadata

router = APIRouter(prefix="/v1/articles", tags=["articles"])
WriteId = Annotated[
    str,
    Path(
        pattern=WRITE_ID_PATTERN,
        max_length=200,
        description="1–200 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit.",
        openapi_examples={"new": {"summary": "A new id", "value": "budget-2026-press"}},
    ),
]

_EXAMPLE_TEXT = "سخنگوی دولت گفت: «بودجه فردا به مجلس می\u200cرود.»\nاین خبر را ایرنا داد."
REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "JSON, or the bare article text as `text/plain; charset=utf-8`. "
        "At most MAX_ARTICLE_BYTES bytes as sent.",
        "content": {
            JSON: {
                "schema": {"$ref": "#/components/schemas/ArticleIn"},  # app/api/openapi.py
                "examples": {
                    "text only": {"value": {"text": _EXAMPLE_TEXT}},
                    "with id and title": {
                        "value": {
                            "id": "budget-2026-press",
                            "title": "سخنگوی دولت از بودجه گفت",
                            "text": _EXAMPLE_TEXT,
                        }
                    },
                },
            },
            TEXT: {"schema": {"type": "string"}, "example": _EXAMPLE_TEXT},
        },
    }
}
# How a write route words the problems it shares with the reads (errors.EXAMPLES).
_DETAILS = {
    400: "Content-Length is not a number",
    422: "body.text has no words after normalization",
}


_WORD = re.compile(r"[^\W_]")
_LOCATION = {"Location": {"description": "The article's URL.", "schema": {"type": "string"}}}


def _has_words(*texts: str) -> bool:
    """A letter or digit somewhere: a line of ZWNJ or dots survives normalization, but an
    article of nothing else has nothing to annotate, search or read."""
    return any(_WORD.search(t) for t in texts)


async def _prepared(request: Request, body: ArticleIn, article_id: str | None) -> ArticleRows:
    if article_id in RESERVED_IDS:
        raise ApiError(422, f"{article_id!r} is a path of the API, not an id an article can have")
    meta = Metadata(
        title=" ".join(body.title.split()) if body.title is not None else None,
        published_at=body.published_at,
        url=body.url,
        outlet=body.outlet,
        authors=tuple(body.authors),
        category=body.category,
    )
    rows = await annotators_of(request).prepare(body.text, meta, article_id)
    if not _has_words(*rows.paragraphs):
        raise ApiError(422, "body.text has no words after normalization")
    if body.title is not None and not _has_words(rows.title):
        raise ApiError(422, "body.title has no words after normalization")
    return rows


def _content_hash(rows: ArticleRows) -> str:
    # "api" keeps it apart from any seed file's hash (sha256 of version and file bytes).
    meta = [str(getattr(rows.meta, name)) for name in META_FIELDS]
    parts = ("api", ANNOTATOR_VERSION, rows.title, *meta, *rows.paragraphs)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


async def _write(request: Request, rows: ArticleRows, replace: bool) -> Response:
    """Store the article in one transaction; answer with what it stored."""
    db = db_of(request)
    outcome, body = await db.write(
        write.write_api_article, rows, _content_hash(rows), replace=replace
    )
    article_id = rows.article_id
    if outcome == "exists":
        raise ApiError(
            409, f"an article with id {article_id!r} already exists", article_id=article_id
        )
    headers = {}
    if outcome == "created":
        headers["Location"] = str(request.url_for("get_article", article_id=article_id))
    status = 201 if outcome == "created" else 200
    return Response(body, status_code=status, media_type="application/json", headers=headers)


@router.post(
    "",
    summary="Write a new article",
    description=(
        "Annotates the text exactly as the seed ingester does and stores it in one "
        "transaction; it is searchable as soon as this answers. Without an `id`, the id is "
        "`api_` + 16 hex digits of the SHA-256 of the normalized paragraphs, so posting the "
        "same text twice is a 409 that names the existing id (`article_id`). Needs "
        "`Authorization: Bearer <API_KEY>`."
    ),
    status_code=201,
    response_model=ArticleOut,
    responses={
        201: {"description": "Created; `Location` is the article's URL.", "headers": _LOCATION},
        **responses(400, 401, 403, 409, 413, 415, 422, 507, details=_DETAILS),
    },
    openapi_extra=REQUEST_BODY,
)
async def create_article(request: Request, body: ArticleBody) -> Response:
    return await _write(request, await _prepared(request, body, body.id), replace=False)


@router.put(
    "/{article_id}",
    summary="Create or replace an article",
    description=(
        "201 with `Location` when the id is new, 200 when an article is replaced. Replacing a "
        "seed article is allowed: it becomes `source: api`, and the seed ingester leaves it "
        "alone (its file is skipped with a warning) until the article is deleted. A body `id`, "
        "if sent, must equal the path's. Needs `Authorization: Bearer <API_KEY>`."
    ),
    response_model=ArticleOut,
    responses={
        200: {"description": "Replaced."},
        201: {
            "model": ArticleOut,
            "description": "Created; `Location` is the article's URL.",
            "headers": _LOCATION,
        },
        **responses(400, 401, 403, 413, 415, 422, 507, details=_DETAILS),
    },
    openapi_extra=REQUEST_BODY,
)
async def put_article(request: Request, article_id: WriteId, body: ArticleBody) -> Response:
    if body.id is not None and body.id != article_id:
        raise ApiError(422, f"body.id {body.id!r} differs from the path's id {article_id!r}")
    return await _write(request, await _prepared(request, body, article_id), replace=True)


@router.delete(
    "/{article_id}",
    summary="Delete an article",
    operation_id="delete_article",
    description=(
        "Removes the article, its paragraphs, quotes and search entries, and updates the "
        "totals of the speakers it quoted (a speaker no other article quotes is removed). "
        "A seed article whose file is still in the seeds folder comes back at the next "
        "ingest. Needs `Authorization: Bearer <API_KEY>`."
    ),
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Deleted."}, **responses(401, 403, 404, 422, 507)},
    dependencies=[Depends(require_writer)],
)
async def remove_article(request: Request, article_id: ArticleId) -> Response:
    if not await db_of(request).write(write.remove_article, article_id):
        raise NotFound(f"no article with id {article_id!r}")
    return Response(status_code=204)
