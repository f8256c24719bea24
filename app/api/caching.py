"""ETag and Cache-Control: every GET's JSON goes out through :func:`json_response`.

The ETag is a hash of the serialized body, not of the rows behind it: an article's body
also holds its speakers' names and each speaker's body holds totals over other articles, so
any narrower key (content hash, ingest time, counts) would have to track every row the body
reads, and a new field in a response would silently make it stale. Hashing the bytes is
always right, and cheap next to the request itself (BLAKE2b over tens of kilobytes). The body
is serialized once, hashed, and sent as it is; a 304 saves the bytes on the wire, not the
queries.

Because the tag names exact bytes it is a strong validator; ``If-None-Match`` compares weakly
as RFC 9110 §13.1.2 requires, so a ``W/`` tag a proxy made from ours still matches.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from fastapi import Request, Response

# Short enough for a reader's own cache to help, and an article changes only when re-ingested
# or written; shared caches may keep it as long.
CACHE_CONTROL = "public, max-age=60"
_TAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*(?:,|$)')

_HEADERS = {
    "ETag": {"description": "Strong validator of this body.", "schema": {"type": "string"}},
    "Cache-Control": {"description": CACHE_CONTROL, "schema": {"type": "string"}},
}
# The ``responses=`` entries of a cached read: the 200's headers, and the 304.
CACHED: dict[int | str, dict[str, Any]] = {
    200: {"headers": _HEADERS},
    304: {"description": "Not Modified: `If-None-Match` names the current ETag; no body."},
}


# ``openapi_extra`` of a cached read. The header is documented rather than declared as a
# parameter: FastAPI validates each declared parameter on every request (a tenth of a quick
# route's time), and this one needs no validation (a value that can't be parsed is ignored).
IF_NONE_MATCH: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": "ETags of copies the client holds (or `*`): a match answers 304.",
            "schema": {"type": "string"},
        }
    ]
}


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def none_match(header: str | None, etag: str) -> bool:
    """True when ``If-None-Match`` does not match ``etag`` (the full body must be sent).

    The header is ``*`` or a list of entity tags, each maybe ``W/``-prefixed; a list that
    can't be parsed is ignored, so the client gets the body rather than a wrong 304.
    """
    if header is None:
        return True
    header = header.strip()
    if header == "*":
        return False
    opaque = etag.strip('"')
    pos = 0
    while pos < len(header):
        match = _TAG.match(header, pos)
        if match is None:
            return True
        if match.group(1) == opaque:
            return False
        pos = match.end()
    return True


def json_response(request: Request, body: bytes, status: int = 200) -> Response:
    """JSON bytes with their ETag, or 304 when the request's ``If-None-Match`` names it: how
    every GET answers (the bytes are built by ``app/store/rows.py``)."""
    etag = etag_of(body)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if not none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type="application/json", headers=headers)
