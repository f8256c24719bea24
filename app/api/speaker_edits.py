"""Editors' corrections of the speakers: merge, split, edit, the list of them, and undo.

Each correction is an override (``app/store/overrides.py``), stored apart from the annotator's
rows and applied again whenever an article is stored, so it survives re-ingest and
re-annotation. Every write needs the API key (the write routes' guard); a correction that
can't be made (a speaker that does not exist or was merged away, a merge into itself or one
that would make a loop) is a problem, and nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel

from app.api.auth import WriterDep, require_writer
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
from app.api.errors import PROBLEM_JSON, ApiError, NotFound, responses
from app.api.write_body import JSON, read_limited, validated
from app.edit_schemas import MergeIn, SpeakerEdit, SpeakerOverride, SplitIn
from app.schemas import Page
from app.store import overrides
from app.store.rows import dumps

router = APIRouter(tags=["speakers"])
MAX_BODY = 16_384
OverrideId = Annotated[
    int,
    Path(
        ge=1,
        le=2**31 - 1,
        description="An override's id, as the list of overrides gives it.",
        openapi_examples={"first": {"summary": "The first correction", "value": 1}},
    ),
]
_SPEAKER_409 = {
    "detail": "target 'sp_3c0f6a1e2b4d' was merged into 'sp_2412c587a234'",
    "merged_into": "sp_2412c587a234",
}
_DETAILS = {
    400: "body is not JSON: unexpected character at line 1",
    404: "no speaker with id 'sp_000000000000'",
    413: f"the body is larger than {MAX_BODY:,} bytes",
    415: "send the correction as application/json (got 'text/plain')",
    422: "speaker 'sp_2412c587a234' can't be merged into itself",
}


def _documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The routes' error responses, a 409 worded for speakers rather than articles."""
    documented = responses(*statuses, details=_DETAILS)
    if 409 in documented:
        example = documented[409]["content"][PROBLEM_JSON]["example"]
        example.pop("article_id", None)
        example.update(_SPEAKER_409)
    return documented


def _request_body(model: type[BaseModel], examples_: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                JSON: {
                    "schema": {"$ref": f"#/components/schemas/{model.__name__}"},
                    "examples": {k: {"value": v} for k, v in examples_.items()},
                }
            },
        }
    }


async def _body[M: BaseModel](request: Request, model: type[M]) -> M:
    """The JSON body, read within a limit after the key was checked (as the article writes)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != JSON:
        raise ApiError(415, f"send the correction as {JSON} (got {kind or 'no Content-Type'!r})")
    raw = await read_limited(request, MAX_BODY)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, f"body is not JSON: {exc.msg} at line {exc.lineno}") from None
    if _has_nul(data):  # valid JSON, but no text a database column holds (PostgreSQL refuses)
        raise ApiError(422, "body holds a NUL character (\\u0000)")
    return validated(model, data)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


async def _correct(request: Request, fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run a store correction in the write lane; its Conflict becomes the problem."""
    try:
        return await db_of(request).write(fn, *args, **kwargs)  # type: ignore[no-any-return]
    except overrides.Conflict as exc:
        raise ApiError(exc.status, exc.detail, **exc.extra) from None


def _created(made: dict[str, Any], status: int = 201) -> Response:
    return Response(dumps(made), status_code=status, media_type=JSON)


_WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422, 507)


@router.post(
    "/v1/speakers/{speaker_id}/merge",
    summary="Merge a speaker into another",
    description=(
        "Every mention of this speaker goes to `into`, in every article, now and after every "
        "later ingest. The merged id stays known: its URLs answer 308 to `into`. Undo with "
        "`DELETE /v1/speaker-overrides/{id}`. Needs `Authorization: Bearer <API_KEY>`."
    ),
    status_code=201,
    response_model=SpeakerOverride,
    responses={201: {"description": "Merged."}, **_documented(*_WRITE_ERRORS)},
    openapi_extra=_request_body(MergeIn, {"into Bashar Assad": {"into": "sp_2412c587a234"}}),
)
async def merge_speaker(request: Request, speaker_id: SpeakerId, _: WriterDep) -> Response:
    body = await _body(request, MergeIn)
    return _created(await _correct(request, overrides.merge, speaker_id, body.into))


@router.post(
    "/v1/speakers/{speaker_id}/split",
    summary="Move one article's mentions out of a speaker",
    description=(
        "The mentions of this speaker in `article_id` go to `into`, or to a new speaker named "
        "`name` (of `kind`, or this speaker's kind). Needs `Authorization: Bearer <API_KEY>`."
    ),
    status_code=201,
    response_model=SpeakerOverride,
    responses={201: {"description": "Split."}, **_documented(*_WRITE_ERRORS)},
    openapi_extra=_request_body(
        SplitIn,
        {
            "to a new speaker": {
                "article_id": "000_d8346e28cf1fe79f",
                "name": "حسن روحانی (امام جمعه)",
                "kind": "person",
            },
            "to a speaker": {"article_id": "000_d8346e28cf1fe79f", "into": "sp_3c0f6a1e2b4d"},
        },
    ),
)
async def split_speaker(request: Request, speaker_id: SpeakerId, _: WriterDep) -> Response:
    body = await _body(request, SplitIn)
    if (body.into is None) == (body.name is None):
        raise ApiError(422, "give either into (a speaker) or name (a new speaker), not both")
    made = await _correct(
        request,
        overrides.split,
        speaker_id,
        body.article_id,
        into=body.into,
        name=body.name,
        kind=body.kind,
    )
    return _created(made)


@router.patch(
    "/v1/speakers/{speaker_id}",
    summary="Rename a speaker, set its kind or aliases",
    description=(
        "Sets what is given: the canonical `name` (the old one stays an alias), the `kind`, "
        "the `aliases` (replacing them all). Kept as an override, so it outlives re-ingest. "
        "Needs `Authorization: Bearer <API_KEY>`."
    ),
    response_model=SpeakerOverride,
    responses={200: {"description": "Edited."}, **_documented(*_WRITE_ERRORS)},
    openapi_extra=_request_body(
        SpeakerEdit,
        {
            "rename": {"name": "بشار حافظ اسد"},
            "aliases and kind": {"aliases": ["اسد", "رئیس\u200cجمهوری سوریه"], "kind": "person"},
        },
    ),
)
async def edit_speaker(request: Request, speaker_id: SpeakerId, _: WriterDep) -> Response:
    body = await _body(request, SpeakerEdit)
    if body.name is None and body.kind is None and body.aliases is None:
        raise ApiError(422, "give at least one of name, kind, aliases")
    made = await _correct(
        request, overrides.edit, speaker_id, name=body.name, kind=body.kind, aliases=body.aliases
    )
    return _created(made, status=200)


@router.get(
    "/v1/speaker-overrides",
    summary="List the editors' corrections",
    description="Every override in the order they apply (oldest first).",
    response_model=Page[SpeakerOverride],
    responses={**responses(400, 422), **CACHED},
    openapi_extra=IF_NONE_MATCH,
)
async def list_speaker_overrides(
    request: Request, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    after = decode_cursor(cursor, int)
    page = await db_of(request).read(overrides.override_page, limit, after)
    return json_response(request, page_body(page))


@router.delete(
    "/v1/speaker-overrides/{override_id}",
    summary="Undo a correction",
    description=(
        "Removes the override, and the speakers and articles it changed are derived again "
        "without it. Needs `Authorization: Bearer <API_KEY>`."
    ),
    status_code=204,
    response_class=Response,
    responses={
        204: {"description": "Undone."},
        **responses(401, 403, 404, 422, 507, details={404: "no speaker override with id 7"}),
    },
    dependencies=[Depends(require_writer)],
)
async def undo_speaker_override(request: Request, override_id: OverrideId) -> Response:
    if not await db_of(request).write(overrides.undo, override_id):
        raise NotFound(f"no speaker override with id {override_id}")
    return Response(status_code=204)
