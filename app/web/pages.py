"""The reader: server-rendered pages for people, from the same store reads as the API.

``/`` (search box, latest articles, most quoted speakers), ``/articles/{id}`` (the article
with its quotes marked), ``/speakers/{id}`` (what a speaker said, and when, with the editors'
forms of ``app/web/edits.py``) and ``/search``
(the API's search, grouped by article). Every page's data comes from the store functions the
API's routes call (``app/store/read.py``; the search through ``app/api/search.py``'s
``search_results``), so a page shows what the JSON says. Errors are the API's problems,
rendered as pages by ``app/web/errors.py``.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Connection
from starlette.responses import Response

from app.api.deps import db_of, decode_cursor, encode_cursor
from app.api.errors import BadRequest, NotFound
from app.api.search import SearchFilters, search_results
from app.api.speakers import merged_or_missing
from app.nlp.lexicon import is_title
from app.store import lists, read
from app.store.lists import Filters
from app.web import errors
from app.web.chart import timeline_svg
from app.web.markup import paragraph_html
from app.web.templating import STATIC, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
STATIC_URL = "/static/reader"
LATEST, TOP_SPEAKERS, PER_PAGE = 20, 12, 20
_QUOTES_NEWEST = "-published_at"
Text = Annotated[str | None, Query(max_length=200)]


def _home(conn: Connection) -> tuple[read.Page, read.Page]:
    articles = read.article_page(conn, Filters(), _QUOTES_NEWEST, LATEST, None)
    speakers = read.speaker_page(conn, [], None, TOP_SPEAKERS, None)
    return articles, speakers


@router.get("/")
async def home(request: Request) -> HTMLResponse:
    articles, speakers = await db_of(request).read(_home)
    context = {"articles": articles.items, "speakers": speakers.items}
    return templates.TemplateResponse(request, "home.html", context)


def _article_context(body: dict[str, Any]) -> dict[str, Any]:
    """The article's stored JSON, with each paragraph's markup and each speaker's place in the
    legend (its colour and number)."""
    numbers = {s["id"]: n for n, s in enumerate(body["speakers"])}
    by_paragraph: dict[int, list[dict[str, Any]]] = {}
    for q in body["quotes"]:
        by_paragraph.setdefault(q["paragraph"], []).append(q)
    paragraphs = [
        {
            "position": p["position"],
            "html": paragraph_html(p["text"], by_paragraph.get(p["position"], []), numbers),
        }
        for p in body["paragraphs"]
    ]
    return {"article": body, "paragraphs": paragraphs, "numbers": numbers}


@router.get("/articles/{article_id}")
async def article_page(
    request: Request, article_id: Annotated[str, Path(max_length=200)]
) -> HTMLResponse:
    body = await db_of(request).read(read.article_body, article_id, lane="point")
    if body is None:
        raise NotFound(f"no article with id {article_id!r}")
    context = _article_context(orjson.loads(body))
    return templates.TemplateResponse(request, "article.html", context)


_QUOTE_KEY = lists.key_types(lists.QUOTES, _QUOTES_NEWEST)


def _is_role(alias: str) -> bool:
    """An alias that names a post («رئیس\u200cجمهوری سوریه»): it opens with a role word."""
    words = alias.split()
    return bool(words) and is_title(words[0])


def _speaker(conn: Connection, speaker_id: str, after: Any) -> dict[str, Any] | None:
    """The speaker page's data; None when there is no such speaker."""
    speaker = read.speaker(conn, speaker_id)
    if speaker is None:
        return None
    page = read.speaker_quotes(conn, speaker_id, PER_PAGE, after, _QUOTES_NEWEST)
    quotes = [orjson.loads(q) for q in page.items] if page else []
    aliases = speaker["aliases"]
    return {
        "speaker": speaker,
        "roles": [a for a in aliases if _is_role(a)],
        "names": [a for a in aliases if not _is_role(a)],
        "quotes": quotes,
        "next_cursor": encode_cursor(page.after) if page else None,
        "articles": read.article_summaries(conn, [q["article_id"] for q in quotes]),
        "timeline": read.speaker_timeline(conn, speaker_id, "month"),
    }


async def render_speaker(
    request: Request,
    speaker_id: str,
    cursor: str | None = None,
    edit: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The speaker page (``edit``: an editor form's error and the values typed, shown in the
    form); a merged speaker's page answers 308 to the one it was merged into."""
    after = decode_cursor(cursor or None, *_QUOTE_KEY)
    context = await db_of(request).read(_speaker, speaker_id, after)
    if context is None:
        return await merged_or_missing(request, speaker_id)
    context["chart"] = timeline_svg(context["timeline"])
    context["first_page"] = cursor is None
    context["edit"] = edit or {}
    return templates.TemplateResponse(request, "speaker.html", context, status_code=status)


@router.get("/speakers/{speaker_id}")
async def speaker_page(
    request: Request,
    speaker_id: Annotated[str, Path(max_length=40)],
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    return await render_speaker(request, speaker_id, cursor)


def _grouped(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hits (one per paragraph, best first) grouped by article, articles in the order of their
    best hit."""
    groups: dict[str, dict[str, Any]] = {}
    for hit in hits:
        group = groups.setdefault(
            hit["article_id"], {"id": hit["article_id"], "article": hit["article"], "hits": []}
        )
        group["hits"].append(hit)
    return list(groups.values())


@router.get("/search")
async def search_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=1000)] = None,
    type: Text = None,
    speaker: Text = None,
    article: Text = None,
    outlet: Text = None,
    published_after: Text = None,
    published_before: Text = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    # A form sends its empty fields as empty values: they narrow nothing.
    narrow = SearchFilters(
        *(v or None for v in (type, speaker, article, outlet, published_after, published_before))
    )
    if narrow.type not in (None, "paragraph", "quote"):
        raise BadRequest("type is 'paragraph' or 'quote'")
    context: dict[str, Any] = {"q": q or "", "narrow": narrow, "groups": [], "next_cursor": None}
    if q and q.strip():
        hits, next_cursor, _ = await search_results(
            request, q, PER_PAGE, cursor or None, narrow, []
        )
        context.update(groups=_grouped(hits), next_cursor=next_cursor, count=len(hits))
    return templates.TemplateResponse(request, "search.html", context)


def install(app: FastAPI) -> None:
    """The pages, their static files, and error pages for them (after the API's handlers)."""
    app.mount(STATIC_URL, StaticFiles(directory=STATIC), name="reader-assets")
    from app.web import edits  # its forms answer with this module's speaker page

    app.include_router(router)
    app.include_router(edits.router)
    errors.install(app, templates)
