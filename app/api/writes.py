"""Writing articles: POST, PUT and DELETE under /v1/articles, behind the bearer guard.

A written article goes through the seed ingester's path (``annotate`` then ``store_article``
in one transaction, which also writes the search index), so it is annotated and searchable
as soon as the response is sent. It is stored with ``source = "api"``: the seed ingester
never replaces or removes it.
"""

from __future__ import annotations

import hashlib
import re
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from sqlmodel import Session

from app.api.articles import ArticleId
from app.api.auth import require_writer
from app.api.deps import SessionDep
from app.api.errors import PROBLEM_JSON, ApiError, NotFound, responses
from app.api.queries import article_detail
from app.api.write_body import JSON, TEXT, ArticleBody
from app.ingest.lock import lock_article_writes
from app.ingest.store import delete_article, store_article
from app.models import Article
from app.nlp import ANNOTATOR_VERSION, Annotation, annotate
from app.nlp.normalize import normalize
from app.schemas import WRITE_ID_PATTERN, ArticleIn, ArticleOut

router = APIRouter(prefix="/v1/articles", tags=["articles"])
WriteId = Annotated[
    str,
    Path(
        pattern=WRITE_ID_PATTERN,
        max_length=200,
        description="1–200 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit.",
        examples=["budget-2026-press"],
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
                "schema": ArticleIn.model_json_schema(),
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
_PROBLEMS = {
    400: "Content-Length is not a number",
    401: "the bearer token is not this server's API_KEY",
    403: "writes are disabled on this server: no API_KEY is configured",
    404: "no article with id 'nope'",
    409: "an article with id 'budget-2026-press' already exists",
    413: "the body is larger than 2,000,000 bytes (MAX_ARTICLE_BYTES)",
    415: "send the article as application/json or text/plain; charset=utf-8",
    422: "body.text has no words after normalization",
    507: "the database has no space left; nothing was written",
}


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses()`` with an example problem for each status of a write route."""
    documented = responses(*statuses)
    for status in statuses:
        example = {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": _PROBLEMS[status],
        }
        documented[status]["content"][PROBLEM_JSON]["example"] = example
    if 401 in statuses:
        documented[401]["headers"] = {
            "WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}
        }
    return documented


_WORD = re.compile(r"[^\W_]")
_LOCATION = {"Location": {"description": "The article's URL.", "schema": {"type": "string"}}}


def _has_words(*texts: str) -> bool:
    """A letter or digit somewhere: a line of ZWNJ or dots survives normalization, but an
    article of nothing else has nothing to annotate, search or read."""
    return any(_WORD.search(t) for t in texts)


def _annotated(body: ArticleIn) -> Annotation:
    annotation = annotate(body.text)
    if not _has_words(*annotation.paragraphs):
        raise ApiError(422, "body.text has no words after normalization")
    if body.title is not None:
        annotation.title = normalize(" ".join(body.title.split()))
        if not _has_words(annotation.title):
            raise ApiError(422, "body.title has no words after normalization")
    return annotation


def derived_id(annotation: Annotation) -> str:
    """Stable: the same text (up to what normalization folds) always gets the same id."""
    text = "\n".join(annotation.paragraphs)
    return "api_" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _content_hash(annotation: Annotation) -> str:
    # "api" keeps it apart from any seed file's hash (sha256 of version and file bytes).
    parts = ("api", ANNOTATOR_VERSION, annotation.title, *annotation.paragraphs)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _write(session: Session, article_id: str, annotation: Annotation, replace: bool) -> bool:
    """Store the article in one transaction; True when it did not exist before."""
    with session.begin():
        lock_article_writes(session)
        existing = session.get(Article, article_id)
        if existing is not None and not replace:
            raise ApiError(
                409, f"an article with id {article_id!r} already exists", article_id=article_id
            )
        store_article(
            session,
            article_id,
            "",
            _content_hash(annotation),
            annotation,
            "api",
            replace=existing is not None,
        )
    return existing is None


def _answer(
    session: Session, request: Request, response: Response, article_id: str, created: bool
) -> ArticleOut:
    if created:
        response.status_code = 201
        response.headers["Location"] = str(request.url_for("get_article", article_id=article_id))
    article = session.get(Article, article_id)
    assert article is not None  # just committed, under the write lock
    return article_detail(session, article)


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
        **_problems(400, 401, 403, 409, 413, 415, 422, 507),
    },
    openapi_extra=REQUEST_BODY,
)
def create_article(
    request: Request, response: Response, session: SessionDep, body: ArticleBody
) -> ArticleOut:
    annotation = _annotated(body)
    article_id = body.id or derived_id(annotation)
    _write(session, article_id, annotation, replace=False)
    return _answer(session, request, response, article_id, created=True)


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
        **_problems(400, 401, 403, 413, 415, 422, 507),
    },
    openapi_extra=REQUEST_BODY,
)
def put_article(
    request: Request,
    response: Response,
    session: SessionDep,
    article_id: WriteId,
    body: ArticleBody,
) -> ArticleOut:
    if body.id is not None and body.id != article_id:
        raise ApiError(422, f"body.id {body.id!r} differs from the path's id {article_id!r}")
    annotation = _annotated(body)
    created = _write(session, article_id, annotation, replace=True)
    return _answer(session, request, response, article_id, created)


@router.delete(
    "/{article_id}",
    summary="Delete an article",
    description=(
        "Removes the article, its paragraphs, quotes and search entries, and updates the "
        "totals of the speakers it quoted (a speaker no other article quotes is removed). "
        "A seed article whose file is still in the seeds folder comes back at the next "
        "ingest. Needs `Authorization: Bearer <API_KEY>`."
    ),
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Deleted."}, **_problems(401, 403, 404, 422, 507)},
    dependencies=[Depends(require_writer)],
)
def remove_article(session: SessionDep, article_id: ArticleId) -> Response:
    with session.begin():
        lock_article_writes(session)
        if not delete_article(session, article_id):
            raise NotFound(f"no article with id {article_id!r}")
    return Response(status_code=204)
