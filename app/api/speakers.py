"""Speakers across all articles, and everything each one said."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import bindparam, select, tuple_

from app.api.caching import CACHED, IF_NONE_MATCH, cached_body, cached_json
from app.api.deps import (
    DEFAULT_LIMIT,
    Cursor,
    Limit,
    PageDep,
    PageParams,
    SessionDep,
    next_cursor,
)
from app.api.errors import NotFound, responses
from app.api.queries import page_json, quote_items, speaker_out
from app.api.reader import Reader, reader_of
from app.models import SPEAKER, ArticleSpeaker, Speaker
from app.nlp.search_keys import keys
from app.schemas import ArticleQuoteOut, Page, SpeakerDetail, SpeakerKind, SpeakerOut

router = APIRouter(prefix="/v1/speakers", tags=["speakers"])
SpeakerId = Annotated[str, Path(max_length=40, examples=["sp_3c0f6a1e2b4d"])]


def _speaker(session: SessionDep, speaker_id: str) -> Speaker:
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(f"no speaker with id {speaker_id!r}")
    return speaker


@router.get(
    "",
    summary="List speakers",
    description=(
        "Speakers ordered by how often they are quoted. `q` matches the name or any alias, "
        "whatever the spelling (Arabic or Persian ی/ک, ZWNJ or space, diacritics)."
    ),
    response_model=Page[SpeakerOut],
    responses=responses(400, 422),
)
def list_speakers(
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Part of a name or alias.", examples=["اسد"]),
    ] = None,
    kind: SpeakerKind | None = None,
) -> Page[SpeakerOut]:
    stmt = select(Speaker).order_by(Speaker.quote_count.desc(), Speaker.id).limit(page.limit + 1)  # type: ignore[attr-defined]
    for key in keys(q or ""):  # every word of q starts a word of the name or an alias
        pattern = "% " + key.key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(Speaker.search_text.like(pattern, escape="\\"))  # type: ignore[attr-defined]
    if kind is not None:
        stmt = stmt.where(Speaker.kind == kind)
    after = page.after(int, str)
    if after is not None:
        stmt = stmt.where(tuple_(-Speaker.quote_count, Speaker.id) > (-after[0], after[1]))
    rows = list(session.execute(stmt).scalars())
    return Page(
        items=[speaker_out(s) for s in rows[: page.limit]],
        next_cursor=next_cursor(rows, page.limit, lambda s: (s.quote_count, s.id)),
    )


@router.get(
    "/{speaker_id}",
    summary="One speaker",
    description="Name, kind, aliases over all articles, and the articles that quote them.",
    response_model=SpeakerDetail,
    responses={**responses(404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
def get_speaker(request: Request, session: SessionDep, speaker_id: SpeakerId) -> Response:
    speaker = _speaker(session, speaker_id)
    articles = session.execute(
        select(ArticleSpeaker.article_id)
        .where(ArticleSpeaker.speaker_id == speaker_id)
        .order_by(ArticleSpeaker.article_id)
    ).scalars()
    out = SpeakerDetail(
        id=speaker.id,
        name=speaker.name,
        kind=speaker.kind,
        aliases=json.loads(speaker.aliases),
        quote_count=speaker.quote_count,
        article_count=speaker.article_count,
        articles=list(articles),
    )
    return cached_json(out, request)


@router.get(
    "/{speaker_id}/quotes",
    summary="Everything a speaker said",
    description="Every quote by this speaker, across articles, with paragraph and spans.",
    response_model=Page[ArticleQuoteOut],
    responses={**responses(400, 404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def speaker_quotes(
    request: Request, speaker_id: SpeakerId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    page = PageParams(limit, cursor)
    body = await _speaker_quotes(reader_of(request), speaker_id, page)
    if body is None:
        raise NotFound(f"no speaker with id {speaker_id!r}")
    return cached_body(body, request)


async def _speaker_quotes(reader: Reader, speaker_id: str, page: PageParams) -> bytes | None:
    bodies, cursor = await quote_items(reader, {"speaker": speaker_id}, page)
    if not bodies and not await reader.rows(_EXISTS, {"s": speaker_id}):
        return None  # only an empty page asks whether the speaker exists
    return page_json(bodies, cursor)


_EXISTS = select(SPEAKER.c.id).where(SPEAKER.c.id == bindparam("s"))
