"""Reading a write request's body: a size limit that holds for chunked bodies too, then JSON
or plain text into an :class:`ArticleIn`.

FastAPI would read the whole body before any dependency runs; this is a dependency that runs
after the bearer check, so an unauthenticated or oversized request is refused before (or
while) its body is read, never after buffering it.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from app.api.auth import WriterDep
from app.api.errors import ApiError
from app.ingest.files import BadFile, check_text, decode
from app.schemas import ArticleIn

JSON = "application/json"
TEXT = "text/plain"
_UTF8 = {None, "utf-8", "utf8"}


def _media_type(request: Request) -> str:
    """The body's media type; 415 unless it is JSON or UTF-8 plain text."""
    header = request.headers.get("content-type", "")
    kind, *params = (part.strip() for part in header.split(";"))
    kind = kind.lower()
    charset = next(
        (v.strip('"').lower() for k, _, v in (p.partition("=") for p in params) if k == "charset"),
        None,
    )
    if kind not in (JSON, TEXT) or charset not in _UTF8:
        raise ApiError(
            415,
            f"send the article as {JSON} or {TEXT}; charset=utf-8"
            f" (got {header or 'no Content-Type'!r})",
        )
    return kind


def _too_large(limit: int, setting: str | None) -> ApiError:
    named = f" ({setting})" if setting else ""
    return ApiError(413, f"the body is larger than {limit:,} bytes{named}")


async def read_limited(request: Request, limit: int, setting: str | None = None) -> bytes:
    """The body, refused as soon as it is known to exceed ``limit``: by its Content-Length
    before reading, and by the bytes received while reading (a chunked body has no length,
    and a length can lie)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise _too_large(limit, setting)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit, setting)
        chunks.append(chunk)
    return b"".join(chunks)


def _invalid(detail: str) -> ApiError:
    return ApiError(422, detail)


def _from_json(raw: bytes) -> dict[str, Any]:
    """orjson refuses what Python's json would choke on: nesting past 1,024 levels (a
    RecursionError there), integers past 64 bits (a ValueError past 4,300 digits), lone
    surrogates."""
    try:
        data = orjson.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _invalid(f"body is not UTF-8 (invalid byte at offset {exc.start})") from None
    except orjson.JSONDecodeError as exc:
        raise _invalid(f"body is not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise _invalid('body must be a JSON object such as {"text": "…"}')
    return data


def _from_text(raw: bytes) -> dict[str, Any]:
    try:
        return {"text": decode(raw)}
    except BadFile as exc:
        raise _invalid(f"body is not article text: {exc}") from None


def validated[M: BaseModel](model: type[M], data: Any) -> M:
    """``data`` as ``model``, or the 422 FastAPI gives a body that does not fit (its errors
    located in ``body``): for bodies read by hand, after the key was checked."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


def _checked(data: dict[str, Any]) -> ArticleIn:
    article = validated(ArticleIn, data)
    for name in ("text", "title"):
        value = getattr(article, name)
        if value is None:
            continue
        try:
            value.encode("utf-8")  # a lone surrogate ("\ud800") is valid JSON, not text
            check_text(value)
        except (UnicodeEncodeError, BadFile) as exc:
            reason = "not valid Unicode" if isinstance(exc, UnicodeEncodeError) else exc
            raise _invalid(f"body.{name} is not article text: {reason}") from None
    return article


async def article_body(request: Request, _: WriterDep) -> ArticleIn:
    """The article a POST or PUT sends; depends on the bearer check so that runs first."""
    kind = _media_type(request)
    raw = await read_limited(
        request, request.app.state.settings.max_article_bytes, "MAX_ARTICLE_BYTES"
    )
    return _checked(_from_json(raw) if kind == JSON else _from_text(raw))


ArticleBody = Annotated[ArticleIn, Depends(article_body)]
