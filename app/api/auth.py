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


def _same(sent: bytes, key: str) -> bool:
    """Constant-time, so the time a wrong guess takes says nothing about the key."""
    return hmac.compare_digest(sent, key.encode("utf-8"))


def check_key(request: Request, sent: bytes | None, *, where: str = "header") -> None:
    """The one check of a writer's key, however it came: the bearer token of the API, or the
    field of a reader's editor form (``where="form"``). Raises the 401 or 403 problem."""
    key = request.app.state.settings.api_key
    if key is None:
        raise ApiError(403, "writes are disabled on this server: no API_KEY is configured")
    asked = (
        "this route needs an 'Authorization: Bearer <API_KEY>' header"
        if where == "header"
        else "this form needs the API key"
    )
    challenge = {"WWW-Authenticate": CHALLENGE} if where == "header" else {}
    if not sent:
        raise ApiError(401, asked, headers=challenge)
    if not _same(sent, key.get_secret_value()):
        wrong = {"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'}
        raise ApiError(
            401,
            f"the {'bearer token' if where == 'header' else 'key'} is not this server's API_KEY",
            headers=wrong if where == "header" else {},
        )


async def require_writer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> None:
    if request.app.state.settings.api_key is not None and (
        len(request.headers.getlist("authorization")) > 1
    ):
        # Which one counts would depend on the proxy in front: refuse rather than guess.
        raise ApiError(400, "send one Authorization header, not several")
    # Header values arrive decoded as latin-1: encoding back gives the bytes the client sent.
    sent = None if credentials is None else credentials.credentials.encode("latin-1")
    check_key(request, sent)


WriterDep = Annotated[None, Depends(require_writer)]
