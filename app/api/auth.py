"""The write routes' guard: a bearer token equal to the ``API_KEY`` setting.

Reads stay open. Without a key configured the server is read-only (403 on every write), so
forgetting to set one never leaves writes open to anyone.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.errors import ApiError

bearer = HTTPBearer(
    auto_error=False,  # our own 401/403 problems instead of FastAPI's
    scheme_name="bearer",
    description="`Authorization: Bearer <API_KEY>`; only the write routes need it.",
)
CHALLENGE = 'Bearer realm="goftar"'


def _same(sent: str, key: str) -> bool:
    """Constant-time, so the time a wrong guess takes says nothing about the key. Header
    values arrive decoded as latin-1: encoding back gives the bytes the client sent."""
    return hmac.compare_digest(sent.encode("latin-1"), key.encode("utf-8"))


async def require_writer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> None:
    key = request.app.state.settings.api_key
    if key is None:
        raise ApiError(403, "writes are disabled on this server: no API_KEY is configured")
    if len(request.headers.getlist("authorization")) > 1:
        # Which one counts would depend on the proxy in front: refuse rather than guess.
        raise ApiError(400, "send one Authorization header, not several")
    if credentials is None:
        raise ApiError(
            401,
            "this route needs an 'Authorization: Bearer <API_KEY>' header",
            headers={"WWW-Authenticate": CHALLENGE},
        )
    if not _same(credentials.credentials, key.get_secret_value()):
        raise ApiError(
            401,
            "the bearer token is not this server's API_KEY",
            headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'},
        )


WriterDep = Annotated[None, Depends(require_writer)]
