"""Speakers across all articles, and everything each one said."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from app.api.caching import CACHED, IF_NONE_MATCH, json_response
from app.api.deps import (
    DEFAULT_LIMIT,
    Cursor,
    Limit,
    SpeakerId,
    db_of,
    decode_cursor,
    page_body,
)
from app.api.errors import NotFound, responses
from app.nlp.search_keys import keys
from app.schemas import (
    ArticleQuoteOut,
    Page,
    SpeakerDetail,
    SpeakerKind,
    SpeakerOut,
    SpeakerTimeline,
)
from app.store import overrides, read
from app.store.rows import dumps

router = APIRouter(prefix="/v1/speakers", tags=["speakers"])
_NOT_FOUND = {404: "no speaker with id 'sp_000000000000'"}
# A speaker an editor merged into another (app/store/overrides.py): its URLs lead there.
MOVED: dict[int | str, dict[str, Any]] = {
    308: {
        "description": "The speaker was merged into another: `Location` is the same URL of "
        "the speaker it was merged into.",
        "headers": {"Location": {"description": "That URL.", "schema": {"type": "string"}}},
    }
}


async def merged_or_missing(request: Request, speaker_id: str) -> Response:
    """For a speaker id with no speaker: 308 to the same URL of the speaker it was merged
    into (its query kept), or the 404 problem. The reader's pages answer the same way."""
    target = await db_of(request).read(overrides.merged_into, speaker_id, lane="point")
    if target is None:
        raise NotFound(f"no speaker with id {speaker_id!r}")
    path = request.url.path.replace(f"/{speaker_id}", f"/{target}", 1)
    location = path + (f"?{request.url.query}" if request.url.query else "")
    return Response(status_code=308, headers={"Location": location})


@router.get(
    "",
    summary="List speakers",
    description=(
        "Speakers ordered by how often they are quoted. `q` matches the name or any alias, "
        "whatever the spelling (Arabic or Persian ی/ک, ZWNJ or space, diacritics)."
    ),
    response_model=Page[SpeakerOut],
    responses={**responses(400, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def list_speakers(
    request: Request,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Words that begin words of the name or of an alias.",
            openapi_examples={
                "a name": {"summary": "اسد", "value": "اسد"},
                "another spelling": {
                    "summary": "رئيس جمهوري: Arabic ي, a space for the ZWNJ",
                    "value": "رئيس جمهوري",
                },
            },
        ),
    ] = None,
    kind: Annotated[
        SpeakerKind | None,
        Query(
            description="Only speakers of this kind.",
            openapi_examples={"organizations": {"summary": "سازمان ملل…", "value": "organization"}},
        ),
    ] = None,
) -> Response:
    after = decode_cursor(cursor, int, str)
    name_keys = [k.key for k in keys(q or "")]  # each starts a word of the name or an alias
    page = await db_of(request).read(read.speaker_page, name_keys, kind, limit, after)
    return json_response(request, page_body(page))


@router.get(
    "/{speaker_id}",
    summary="One speaker",
    description="Name, kind, aliases over all articles, and the articles that quote them.",
    response_model=SpeakerDetail,
    responses={**MOVED, **responses(404, 422, details=_NOT_FOUND), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def get_speaker(request: Request, speaker_id: SpeakerId) -> Response:
    found = await db_of(request).read(read.speaker, speaker_id)
    if found is None:
        return await merged_or_missing(request, speaker_id)
    return json_response(request, dumps(found))


@router.get(
    "/{speaker_id}/quotes",
    summary="Everything a speaker said",
    operation_id="list_speaker_quotes",
    description="Every quote by this speaker, across articles, with paragraph and spans.",
    response_model=Page[ArticleQuoteOut],
    responses={**MOVED, **responses(400, 404, 422, details=_NOT_FOUND), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def speaker_quotes(
    request: Request, speaker_id: SpeakerId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    after = decode_cursor(cursor, str, int, int)
    page = await db_of(request).read(read.speaker_quotes, speaker_id, limit, after, lane="point")
    if page is None:
        return await merged_or_missing(request, speaker_id)
    return json_response(request, page_body(page))


@router.get(
    "/{speaker_id}/timeline",
    summary="A speaker's quotes over time",
    description="How many of the speaker's quotes fall in each month, week (ISO, from Monday) "
    "or day (UTC) of their articles' dates; quotes of undated articles are counted apart.",
    response_model=SpeakerTimeline,
    responses={**MOVED, **responses(404, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def speaker_timeline(
    request: Request,
    speaker_id: SpeakerId,
    interval: Annotated[
        Literal["month", "week", "day"],
        Query(description="The length of a period: `month`, `week` (ISO, from Monday) or `day`."),
    ] = "month",
) -> Response:
    found = await db_of(request).read(read.speaker_timeline, speaker_id, interval)
    if found is None:
        return await merged_or_missing(request, speaker_id)
    return json_response(request, dumps(found))
